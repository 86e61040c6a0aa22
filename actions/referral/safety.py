"""The safety answer: the person who sells sex is under 18 or forced by others.

By the note's definition that is not prostitution but a matter for the criminal
code, and the note describes no procedure. The NLU component
vidensassistent.components.cue_detector gives such messages the intent `safety_concern`; this
action answers it with the same texts as the guided referral
(data/knowledge/referral.yml, `not_prostitution`), whatever else was asked; it lives
in the referral package because it is the referral's answer for such a citizen.
"""

from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.faq.buttons import topic_buttons
from actions.names import FAQ_TOPIC_SLOT
from actions.referral.actions import utter_all
from actions.referral.catalog import load_catalog
from actions.referral.logic import COERCED_VALUE, MINOR_VALUE, Situation, refer, safety_situation
from actions.referral.text import render_referral
from vidensassistent.knowledge import load_knowledge

# Topics offered after the safety answer: the definition's exclusions and the law.
SAFETY_TOPICS = ["not_prostitution", "legal_status"]


class ActionSafetyAnswer(Action):
    """Under 18 or forced by others: not prostitution by the definition; criminal code."""

    def name(self) -> Text:
        return "action_safety_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        catalog = load_catalog()
        situation = safety_situation(tracker.latest_message.get("text") or "")
        if not (situation.is_minor or situation.is_coerced):
            # Only reached through the intent; be safe and name both cases.
            situation = Situation(age=MINOR_VALUE, coercion=COERCED_VALUE)
        knowledge = load_knowledge()
        buttons = topic_buttons([knowledge.topics[t] for t in SAFETY_TOPICS if t in knowledge.topics])
        utter_all(dispatcher, render_referral(refer(situation, catalog), situation, catalog), buttons)
        return [SlotSet(FAQ_TOPIC_SLOT, None)]
