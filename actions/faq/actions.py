"""Actions of the knowledge answers: thin wrappers around actions.faq.logic and
vidensassistent.knowledge. Other features add to a reply through actions.hooks
(buttons under an answer, menu entries, events after an answer)."""

from __future__ import annotations

import logging
from typing import Any, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import hooks
from actions.faq.buttons import Button, area_buttons, something_else_button, topic_buttons
from actions.faq.logic import (
    ANSWER,
    CLARIFY,
    NOT_COVERED,
    NOT_IN_NOTE,
    Decision,
    decide,
    with_focus,
    with_second_question,
)
from actions.names import (
    ANSWER_FAQ_ACTION,
    AREA_ENTITY,
    FAQ_TOPIC_SLOT,
    KNOWLEDGE_ANSWER_ACTIONS,
    OUT_OF_SCOPE_ACTION,
    SOMETHING_ELSE,
    TOPIC_ENTITY,
)
from vidensassistent.components.cues import is_english
from vidensassistent.knowledge import Knowledge, Topic, load_knowledge

logger = logging.getLogger(__name__)

# Related-topic buttons under an answer (other features' buttons follow them).
MAX_RELATED_BUTTONS = 3


def _latest_entity(tracker: Tracker, name: Text) -> Any:
    return next(tracker.get_latest_entity_values(name), None)


def answer_buttons(topic: Topic, knowledge: Knowledge) -> List[Button]:
    """Related topics first, then what other features add (feedback: the rating buttons)."""
    related = [knowledge.topics[r] for r in topic.related if r in knowledge.topics]
    buttons = topic_buttons(related[:MAX_RELATED_BUTTONS])
    for add in hooks.handlers(hooks.ANSWER_BUTTONS):
        buttons = add(buttons, topic)
    return buttons


def utter_decision(dispatcher: CollectingDispatcher, decision: Decision, knowledge: Knowledge) -> None:
    if decision.kind == ANSWER:
        # Two questions in one message: each answer with its own source, buttons last.
        for earlier in decision.topics[:-1]:
            dispatcher.utter_message(response=earlier.utter_action)
        topic = decision.topics[-1]
        dispatcher.utter_message(response=topic.utter_action, buttons=answer_buttons(topic, knowledge))
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
        return ANSWER_FAQ_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        knowledge = load_knowledge()
        parse_data = tracker.latest_message
        decision = decide(
            parse_data,
            knowledge,
            chosen_topic=_latest_entity(tracker, TOPIC_ENTITY),
            context_topic=previous_answer_topic(tracker),
        )
        decision = with_second_question(parse_data, knowledge, with_focus(parse_data, knowledge, decision))
        decision = known_response(decision, domain)
        if is_english(tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(response="utter_answers_in_danish")
        utter_decision(dispatcher, decision, knowledge)
        answered = decision.topics[-1].id if decision.kind == ANSWER else None
        events = [SlotSet(FAQ_TOPIC_SLOT, answered)] if tracker.get_slot(FAQ_TOPIC_SLOT) != answered else []
        # Other features react to the answer (the referral keeps an initiative
        # it names in context for follow-ups such as "hvor findes det?").
        for react in hooks.handlers(hooks.AFTER_ANSWER):
            events += react(decision, tracker)
        return events


def known_response(decision: Decision, domain: DomainDict) -> Decision:
    """A decline of data/knowledge/not_covered.yml is read at run time, its text is in the
    trained model's domain: a kind added since the last training would send nothing, so
    it gets the general "not in the note" decline with the kind's topics until retraining."""
    responses = domain.get("responses") if domain else None
    if decision.kind != NOT_COVERED or responses is None or decision.response in responses:
        return decision
    logger.warning("%s is not in the trained model's domain: retrain (make train)", decision.response)
    return Decision(NOT_IN_NOTE, decision.topics)


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
            return tracker.get_slot(FAQ_TOPIC_SLOT) if event.get("name") in KNOWLEDGE_ANSWER_ACTIONS else None
    return None


@hooks.register(hooks.FOLLOWUP)
async def answer_followup(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> Optional[List[EventType]]:
    """ "hvad med klinik?" right after a knowledge answer asks about that answer's topic."""
    if not previous_answer_topic(tracker):
        return None
    return await ActionAnswerFaq().run(dispatcher, tracker, domain)


class ActionOutOfScope(ActionAnswerFaq):
    """Same decision as action_answer_faq; the NLU intent `out_of_scope` makes it decline,
    with a specific explanation when the question is of a kind the note never covers."""

    def name(self) -> Text:
        return OUT_OF_SCOPE_ACTION


class ActionShowMenu(Action):
    """The "hvad kan du?" menu: one button per area of the note, then what other
    features offer (trainer: "Quiz", "Gennemgå notatet")."""

    def name(self) -> Text:
        return "action_show_menu"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        intent = tracker.latest_message.get("intent", {}).get("name")
        response = "utter_rephrase" if intent == SOMETHING_ELSE else "utter_menu"
        buttons = area_buttons(load_knowledge())
        if response == "utter_menu":
            for entries in hooks.handlers(hooks.MENU_BUTTONS):
                buttons += entries()
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
        area = _latest_entity(tracker, AREA_ENTITY)
        if area not in knowledge.areas:
            dispatcher.utter_message(response="utter_menu", buttons=area_buttons(knowledge))
            return []
        dispatcher.utter_message(
            response="utter_area_topics",
            area_title=knowledge.areas[area],
            buttons=topic_buttons(knowledge.topics_in_area(area)),
        )
        return []
