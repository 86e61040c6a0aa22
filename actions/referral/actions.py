"""Actions of the guided referral (issue 3): thin wrappers. The data is read by
actions.referral.catalog, the matching is in actions.referral.logic, the wording in
actions.referral.text and the follow-ups in actions.referral.followup.

After a knowledge answer about one of the four initiatives, the referral keeps it in
context (registered in actions.hooks as AFTER_ANSWER); a follow-up with nothing in
context goes to whoever registered for FOLLOWUP (the faq feature)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import hooks
from actions.faq.logic import ANSWER, Decision
from actions.names import (
    COMMAND_INTENTS,
    REQUESTED_SLOT,
    RESTART_REFERRAL,
    SAFETY_CONCERN,
    TOPIC_ENTITY,
    payload,
    topic_payload,
)
from actions.referral.catalog import (
    AGE,
    ASKABLE_FACTS,
    CITY,
    COERCION_FACT,
    DRUG_USE,
    FORM,
    GENDER,
    Catalog,
    Initiative,
    load_catalog,
)
from actions.referral.facts import changed_facts, facts_from_entities
from actions.referral.followup import START_QUESTIONS, reply_to_followup
from actions.referral.logic import (
    Situation,
    free_text_answer,
    missing_facts,
    refer,
    safety_situation,
    situation_from_slots,
)
from actions.referral.text import render_referral, without_repeats

FORM_NAME = "referral_form"
# The initiative the conversation is about, for follow-ups ("hvor findes det?").
CONTEXT_SLOT = "referral_initiative"
# Intents whose text is never a free-text answer to one of the form's questions:
# commands, clicks and small talk of every feature (actions.names).
NOT_AN_ANSWER = COMMAND_INTENTS
MAX_MORE_BUTTONS = 3


def _initiative_button(initiative: Initiative, title: Optional[Text] = None) -> Dict[Text, Text]:
    """Opens the knowledge answer about the initiative (same payload as the topic buttons)."""
    return {
        "title": title or initiative.name,
        "payload": topic_payload(initiative.faq_topic),
    }


def _more_button(initiative: Initiative, catalog: Catalog) -> Dict[Text, Text]:
    return _initiative_button(initiative, catalog.texts["more_button"].format(name=initiative.name))


def _restart_button(catalog: Catalog) -> Dict[Text, Text]:
    return {"title": catalog.texts["restart_button"], "payload": payload(RESTART_REFERRAL)}


def _reset_events(tracker: Tracker, catalog: Catalog) -> List[EventType]:
    """Forget the citizen: every fact slot and the initiative in context."""
    slots = list(catalog.fact_slots.values()) + [CONTEXT_SLOT]
    return [SlotSet(slot, None) for slot in slots if tracker.get_slot(slot) not in (None, [])]


def utter_all(
    dispatcher: CollectingDispatcher, messages: List[Text], buttons: List[Dict[Text, Text]]
) -> None:
    for text in messages[:-1]:
        dispatcher.utter_message(text=text)
    dispatcher.utter_message(text=messages[-1], buttons=buttons)


def _bot_texts(tracker: Tracker) -> List[Text]:
    """What the bot has said so far in this conversation."""
    return [e.get("text") or "" for e in tracker.events if e.get("event") == "bot"]


def _user_spoke_last(tracker: Tracker) -> bool:
    """True on the turn right after the user's message, not when the form asks again
    after a detour (an answered question, "Det forstod jeg ikke")."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return False
        if event.get("event") == "user":
            return True
    return False


def _safety_message(tracker: Tracker) -> bool:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") == SAFETY_CONCERN


@hooks.register(hooks.AFTER_ANSWER)
def faq_context_events(decision: Decision, tracker: Tracker) -> List[EventType]:
    """After a knowledge answer: an answer about one of the four initiatives puts it in
    context for follow-ups (and, outside the referral questions, replaces the citizen
    in context); any other answer takes the initiative out of context."""
    if decision.kind != ANSWER or not decision.topics:
        return []
    catalog = load_catalog()
    initiative = catalog.by_faq_topic(decision.topics[0].id)
    if initiative is None:
        return [SlotSet(CONTEXT_SLOT, None)] if tracker.get_slot(CONTEXT_SLOT) else []
    events: List[EventType] = []
    if not (tracker.active_loop or {}).get("name"):
        events += _reset_events(tracker, catalog)
    return [e for e in events if e["name"] != CONTEXT_SLOT] + [SlotSet(CONTEXT_SLOT, initiative.id)]


class ActionResetReferral(Action):
    """Forget the previous citizen before a new description is read."""

    def name(self) -> Text:
        return "action_reset_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return _reset_events(tracker, load_catalog())


class ActionStopReferral(Action):
    """ "stop": say so and forget the citizen."""

    def name(self) -> Text:
        return "action_stop_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_referral_stopped")
        return _reset_events(tracker, load_catalog()) + [SlotSet(REQUESTED_SLOT, None)]


def _citizens_own_facts(tracker: Tracker) -> List[EventType]:
    """Rasa fills the age, coercion and drug-use slots from any such entity in the message;
    "mor til en 15-årig søn" gives the child's age, "tvunget til at flytte" a coercion the
    safety cues do not confirm (facts_from_entities leaves both out), "tager ikke stoffer"
    a drug use that is denied (facts_from_entities reads it as "no"). Corrects the slots
    (in `tracker` too, so the form goes on with them)."""
    message = tracker.latest_message or {}
    entities = message.get("entities") or []
    catalog = load_catalog()
    facts = facts_from_entities(entities, message.get("text") or "")
    events: List[EventType] = []
    for fact in (AGE, COERCION_FACT, DRUG_USE):
        slot = catalog.fact_slots[fact]
        found = any(e.get("entity") == fact for e in entities)
        if found and facts.get(fact) != tracker.get_slot(slot):
            tracker.slots[slot] = facts.get(fact)
            events.append(SlotSet(slot, facts.get(fact)))
    return events


class ValidateReferralForm(FormValidationAction):
    """Asks only for the facts that decide the answer, in the order of
    actions.referral.catalog.ASKABLE_FACTS; reads "ved ikke" and unknown place names."""

    def name(self) -> Text:
        return "validate_referral_form"

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        # The facts still to ask for plus those already given (so that a value typed
        # this turn is kept); the form asks for the first one without a value.
        catalog = load_catalog()
        if _safety_message(tracker):
            # a minor or a coerced citizen: nothing more to ask (see run)
            return []
        situation = situation_from_slots(tracker.slots, catalog)
        asked = set(missing_facts(situation, catalog))
        return [
            catalog.fact_slots[fact]
            for fact in ASKABLE_FACTS
            if fact in asked or situation.value(fact) not in (None, ())
        ]

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if _safety_message(tracker):
            # "hun er i øvrigt kun 16" in the middle of the questions: the form ends and
            # the referral answer says it is not prostitution but a criminal matter.
            catalog = load_catalog()
            situation = safety_situation(tracker.latest_message.get("text") or "")
            facts = {"age": situation.age, "coercion": situation.coercion}
            return [SlotSet(catalog.fact_slots[fact], value) for fact, value in facts.items() if value] + [
                SlotSet(REQUESTED_SLOT, None)
            ]
        own_facts = _citizens_own_facts(tracker)
        asked = tracker.get_slot(REQUESTED_SLOT)
        events = own_facts + await super().run(dispatcher, tracker, domain)
        next_slot = next((e["value"] for e in events if e.get("name") == REQUESTED_SLOT), None)
        if asked and next_slot == asked and _user_spoke_last(tracker):
            # Something was taken from the message, but not the answer to the question:
            # say so before the question comes again. (If nothing was taken, the form
            # is rejected and a rule answers instead; this message is then dropped.)
            dispatcher.utter_message(response="utter_referral_still_missing")
        return events

    def _free_text(self, fact: Text, tracker: Tracker) -> Dict[Text, Any]:
        catalog = load_catalog()
        slot = catalog.fact_slots[fact]
        message = tracker.latest_message or {}
        if tracker.get_slot(REQUESTED_SLOT) != slot or tracker.get_slot(slot) is not None:
            return {}
        if (message.get("intent") or {}).get("name") in NOT_AN_ANSWER:
            return {}
        # A recognised fact other than a pronoun means the message answered something
        # else ("på gaden" to the city question); the entity mappings take it.
        if any(e.get("entity") not in (None, GENDER, TOPIC_ENTITY) for e in message.get("entities") or []):
            return {}
        value = free_text_answer(fact, message.get("text") or "", catalog)
        return {slot: value} if value else {}

    async def extract_referral_city(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._free_text(CITY, tracker)

    async def extract_referral_gender(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._free_text(GENDER, tracker)

    async def extract_referral_prostitution_form(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._free_text(FORM, tracker)


class ActionReferralAnswer(Action):
    """The fitting initiatives, best first, and the municipality's own duty."""

    def name(self) -> Text:
        return "action_referral_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        catalog = load_catalog()
        situation = situation_from_slots(tracker.slots, catalog)
        referral = refer(situation, catalog)
        buttons = [_more_button(c.initiative, catalog) for c in referral.matches[:MAX_MORE_BUTTONS]]
        messages = render_referral(referral, situation, catalog)
        messages = without_repeats(messages, _bot_texts(tracker), catalog)
        utter_all(dispatcher, messages, buttons + [_restart_button(catalog)])
        return [SlotSet(CONTEXT_SLOT, referral.best.id if referral.best else None)]


class ActionReferralFollowup(Action):
    """A follow-up on the citizen or initiative in context ("og i Odense?")."""

    def name(self) -> Text:
        return "action_referral_followup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        catalog = load_catalog()
        message = tracker.latest_message or {}
        context: Optional[Initiative] = catalog.initiatives.get(tracker.get_slot(CONTEXT_SLOT) or "")
        text = message.get("text") or ""
        situation = situation_from_slots(tracker.slots, catalog)
        if context is None and situation == Situation():
            # No citizen or offer in context: "hvad med klinik?" right after a knowledge
            # answer asks about that answer's topic (the faq feature answers it).
            for answer in hooks.handlers(hooks.FOLLOWUP):
                events = await answer(dispatcher, tracker, domain)
                if events is not None:
                    return events
        new_facts = facts_from_entities(message.get("entities") or [], text, catalog.pronouns)
        asks_for_offer = bool((message.get("cues") or {}).get("referral"))
        reply = reply_to_followup(
            text, changed_facts(new_facts, situation), situation, context, catalog, asks_for_offer
        )
        if reply.kind == START_QUESTIONS:
            return _reset_events(tracker, catalog) + [FollowupAction(FORM_NAME)]
        if not reply.messages:
            return []
        if reply.initiative is None and reply.situation is None:
            buttons = [_initiative_button(i) for i in catalog.initiatives.values()]
        elif reply.initiative is not None:
            buttons = [_more_button(reply.initiative, catalog)]
        else:
            buttons = []
        messages = without_repeats(reply.messages, _bot_texts(tracker), catalog)
        utter_all(dispatcher, messages, buttons + [_restart_button(catalog)])
        events: List[EventType] = [
            SlotSet(catalog.fact_slots[fact], value) for fact, value in reply.facts.items()
        ]
        if reply.situation is not None or reply.initiative is not None:
            events.append(SlotSet(CONTEXT_SLOT, reply.initiative.id if reply.initiative else None))
        return events
