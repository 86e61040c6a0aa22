"""Action classes: thin wrappers around actions.faq_logic and vidensassistent.knowledge."""
from __future__ import annotations

from typing import Any, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.buttons import area_buttons, something_else_button, topic_buttons
from actions.faq_logic import (
    ANSWER,
    CLARIFY,
    NOT_COVERED,
    NOT_IN_NOTE,
    TOPIC_SLOT,
    Decision,
    decide,
    with_focus,
    with_second_question,
)
from actions.feedback_logic import with_feedback_buttons
from actions.referral import faq_context_events
from actions.trainer_buttons import trainer_menu_buttons
from vidensassistent.components.cues import is_english
from vidensassistent.knowledge import Knowledge, load_knowledge

# Actions that give knowledge answers (a follow-up leans on their topic).
FAQ_ACTIONS = {"action_answer_faq", "action_out_of_scope"}


def _latest_entity(tracker: Tracker, name: Text) -> Any:
    return next(tracker.get_latest_entity_values(name), None)


def utter_decision(dispatcher: CollectingDispatcher, decision: Decision, knowledge: Knowledge) -> None:
    if decision.kind == ANSWER:
        # Two questions in one message: each answer with its own source, buttons last.
        for earlier in decision.topics[:-1]:
            dispatcher.utter_message(response=earlier.utter_action)
        topic = decision.topics[-1]
        related = [knowledge.topics[r] for r in topic.related if r in knowledge.topics]
        # Related topics first, then "Svaret hjalp" / "Ikke det jeg søgte" (at most 5 buttons).
        buttons = with_feedback_buttons(topic_buttons(related[:3]), topic)
        dispatcher.utter_message(response=topic.utter_action, buttons=buttons)
    elif decision.kind == CLARIFY:
        dispatcher.utter_message(
            response="utter_did_you_mean",
            buttons=topic_buttons(decision.topics) + [something_else_button()],
        )
    elif decision.kind == NOT_COVERED:
        dispatcher.utter_message(response=decision.response, buttons=topic_buttons(decision.topics))
    elif decision.kind == NOT_IN_NOTE:
        dispatcher.utter_message(response="utter_not_in_note", buttons=topic_buttons(decision.topics))
    else:
        dispatcher.utter_message(response="utter_out_of_scope", buttons=area_buttons(knowledge))


class ActionAnswerFaq(Action):
    """Answer from the note, ask "Mente du …?", or say the note does not cover it."""

    def name(self) -> Text:
        return "action_answer_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        knowledge = load_knowledge()
        parse_data = tracker.latest_message
        decision = decide(
            parse_data,
            knowledge,
            chosen_topic=_latest_entity(tracker, "topic"),
            context_topic=previous_answer_topic(tracker),
        )
        decision = with_second_question(parse_data, knowledge, with_focus(parse_data, knowledge, decision))
        if is_english(tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(response="utter_answers_in_danish")
        utter_decision(dispatcher, decision, knowledge)
        answered = decision.topics[-1].id if decision.kind == ANSWER else None
        events = [SlotSet(TOPIC_SLOT, answered)] if tracker.get_slot(TOPIC_SLOT) != answered else []
        # An answer about one of the four initiatives puts it in context for
        # follow-ups such as "hvor findes det?" (guided referral).
        return events + faq_context_events(decision, tracker)


def previous_answer_topic(tracker: Tracker) -> Any:
    """The topic answered in the turn just before the latest message, if that turn
    was a knowledge answer."""
    events = list(tracker.events)
    users = [i for i, event in enumerate(events) if event.get("event") == "user"]
    if not users:
        return None
    # the last action of the turn before the latest user message
    for event in reversed(events[: users[-1]]):
        if event.get("event") == "user":
            return None
        if event.get("event") == "action" and event.get("name") != "action_listen":
            return tracker.get_slot(TOPIC_SLOT) if event.get("name") in FAQ_ACTIONS else None
    return None


class ActionOutOfScope(ActionAnswerFaq):
    """Same decision as action_answer_faq; the NLU intent `out_of_scope` makes it decline,
    with a specific explanation when the question is of a kind the note never covers."""

    def name(self) -> Text:
        return "action_out_of_scope"


class ActionShowMenu(Action):
    """The "hvad kan du?" menu: one button per area of the note."""

    def name(self) -> Text:
        return "action_show_menu"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        intent = tracker.latest_message.get("intent", {}).get("name")
        response = "utter_rephrase" if intent == "something_else" else "utter_menu"
        buttons = area_buttons(load_knowledge())
        if response == "utter_menu":
            buttons += trainer_menu_buttons()  # "Quiz", "Gennemgå notatet" (trainer mode)
        dispatcher.utter_message(response=response, buttons=buttons)
        return []


class ActionShowArea(Action):
    """List the topics of one area as buttons."""

    def name(self) -> Text:
        return "action_show_area"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        knowledge = load_knowledge()
        area = _latest_entity(tracker, "area")
        if area not in knowledge.areas:
            dispatcher.utter_message(response="utter_menu", buttons=area_buttons(knowledge))
            return []
        dispatcher.utter_message(
            response="utter_area_topics",
            area_title=knowledge.areas[area],
            buttons=topic_buttons(knowledge.topics_in_area(area)),
        )
        return []
