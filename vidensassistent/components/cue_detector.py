"""NLU component: deterministic cues that overrule the statistical intent.

A message that says the person is under 18 or forced by others gets the intent
`safety_concern` whatever the classifier picked: by the note's definition that is
not prostitution but a criminal matter, and a caseworker must never get a refusal
or the needs form instead (issue 11). A request to find an offer for a citizen
("hvor kan jeg henvise hende?") gets `describe_situation`, which starts the guided
referral, unless the classifier already chose the referral or a confident answer
about one of the offers. A referral the classifier guessed without such a request
gives way to the decline of a kind the note never covers (data/knowledge/not_covered.yml).
The cues themselves (vidensassistent.components.cues) are added to the
parse data as `cues` for the actions' scope decision.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Text, Tuple

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from vidensassistent.components.cues import Cues, detect, focus_question, load_patterns, strip_placeholders
from vidensassistent.knowledge import KNOWLEDGE_DIR, load_knowledge

CUES_PROPERTY = "cues"
SAFETY_INTENT = "safety_concern"
REFERRAL_INTENT = "describe_situation"
OUT_OF_SCOPE_INTENT = "out_of_scope"
# Intents a referral cue never overrules: the referral itself, the form's answers
# and control words.
KEEP_FOR_REFERRAL = {
    "describe_situation",
    "inform_situation",
    "ask_followup",
    "stop",
    "restart_referral",
    "quiz_start",
    "tour_start",
}
# Knowledge answers a referral request may get directly: the offers themselves.
OFFER_TOPICS = {
    "faq/initiatives_overview",
    "faq/kompetencecenter",
    "faq/exit_prostitution",
    "faq/reden",
    "faq/hanne_mariehjemmet",
}
OFFER_MIN_CONFIDENCE = 0.3
CITY_ENTITY = "city"
# The overview of all four offers answers "hvilke tilbud findes der?"; a request that
# names who the citizen is ("til mænd", "der tager stoffer") needs the offers that fit.
OVERVIEW_TOPIC = "faq/initiatives_overview"
CITIZEN_ENTITIES = {"gender", "need", "drug_use", "background", "prostitution_form"}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CueDetector(GraphComponent):
    """Overrules the intent on safety and referral cues (see module doc)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CueDetector":
        load_patterns()  # fail at start-up, not on the first message, if the file is broken
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text:
                self._process_one(message, text)
        return messages

    def _process_one(self, message: Message, text: Text) -> None:
        cues = detect(text)
        message.set(CUES_PROPERTY, cues.as_dict(), add_to_output=True)
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        clean = strip_placeholders(text)
        if cues.safety:
            self._overrule(message, SAFETY_INTENT)
        elif intent == REFERRAL_INTENT and (
            _asks_not_covered(clean, cues)
            or (not (cues.referral or cues.eligibility) and load_knowledge().not_covered_rule(clean))
        ):
            # also the classifier's referral guess without a request for an offer ("skal
            # jeg fraråde hende det?") with a decline's words anywhere in the message
            self._overrule(message, OUT_OF_SCOPE_INTENT)
        elif (
            intent not in KEEP_FOR_REFERRAL
            # "hvordan henviser man til psykiatrisk udredning?" is no request for the
            # note's offers: outside the domain the classifier's out_of_scope stands
            and (cues.domain or intent != "out_of_scope")
            and (cues.eligibility or (cues.referral and not self._offer_answer(message)))
            and not _asks_not_covered(clean, cues)
        ):
            self._overrule(message, REFERRAL_INTENT)

    @staticmethod
    def _offer_answer(message: Message) -> bool:
        intent = message.get(INTENT) or {}
        if intent.get(INTENT_NAME_KEY) != "faq":
            return False
        if any(entity.get("entity") == CITY_ENTITY for entity in message.get(ENTITIES) or []):
            # "hvem tilbyder en seng til kvinder på gaden i Aalborg?": whether an offer works
            # in that city is the referral's check, not the offer's description
            return False
        ranking = ((message.get("response_selector") or {}).get("faq") or {}).get("ranking") or []
        top = ranking[0] if ranking else {}
        key = top.get("intent_response_key")
        entities = message.get(ENTITIES) or []
        if key == OVERVIEW_TOPIC and any(entity.get("entity") in CITIZEN_ENTITIES for entity in entities):
            return False
        if _offer_excludes(key, entities):
            # "Mand 35 med heroinmisbrug … Hvor kan han få en pause fra miljøet?": the
            # classifier's best offer (Hanne Mariehjemmet) is for women; the referral
            # gives the offers that fit him
            return False
        return key in OFFER_TOPICS and top.get(PREDICTED_CONFIDENCE_KEY, 0.0) >= OFFER_MIN_CONFIDENCE

    @staticmethod
    def _overrule(message: Message, intent_name: Text) -> None:
        ranking = [
            entry
            for entry in message.get(INTENT_RANKING_KEY) or []
            if entry.get(INTENT_NAME_KEY) != intent_name
        ]
        top = {INTENT_NAME_KEY: intent_name, PREDICTED_CONFIDENCE_KEY: 1.0}
        message.set(INTENT, dict(top), add_to_output=True)
        message.set(INTENT_RANKING_KEY, [top] + ranking, add_to_output=True)


@lru_cache(maxsize=1)
def _offer_genders() -> Dict[Text, Tuple[Text, ...]]:
    """faq key -> the genders an offer is for (data/knowledge/initiatives.yml, `match.genders`)."""
    with open(KNOWLEDGE_DIR / "initiatives.yml", encoding="utf-8") as handle:
        initiatives = yaml.safe_load(handle)["initiatives"]
    return {
        f"faq/{entry['faq_topic']}": tuple(entry["match"]["genders"])
        for entry in initiatives.values()
        if (entry.get("match") or {}).get("genders")
    }


def _offer_excludes(key: Text, entities: List[Dict[Text, Any]]) -> bool:
    """The message says the citizen is of a gender the offer `key` is not for."""
    genders = _offer_genders().get(key or "")
    return bool(genders) and any(
        entity.get("entity") == "gender" and entity.get("value") not in genders for entity in entities
    )


def _asks_not_covered(clean: Text, cues: Cues) -> bool:
    """A kind the note never covers, asked in the final question of a case description
    ("… brug for et sted at sove. Hvad er telefonnummeret til …?"): that is what is asked,
    not an offer, so the referral gives way to the decline. Whether the note's offers take
    the person ("kan Reden tage mænd?") is never such a question. Only called where it
    decides something: the rules are scanned once per such message, not for every message."""
    focus = focus_question(clean)
    return bool(focus) and not cues.eligibility and bool(load_knowledge().not_covered_rule(focus))
