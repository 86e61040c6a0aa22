"""Actions for feedback on answers; the logic is in actions.feedback.logic.

The rating buttons go under every knowledge answer: this feature adds them through
actions.hooks (ANSWER_BUTTONS), so the faq feature does not know of it."""

from __future__ import annotations

from typing import Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import hooks
from actions.faq.buttons import topic_buttons
from actions.faq.logic import ANSWER, CLARIFY, decide
from actions.feedback.logic import (
    CHITCHAT,
    COMMENT,
    TOPIC_ENTITY,
    feedback_record,
    rated_reply,
    read_comment_turn,
    suggestions,
    with_feedback_buttons,
)
from actions.names import COMMENT_SLOT, FEEDBACK_HELPFUL, FEEDBACK_SLOT
from vidensassistent.knowledge import HELPFUL, NOT_HELPFUL, Topic, load_knowledge, load_settings


@hooks.register(hooks.ANSWER_BUTTONS)
def add_rating_buttons(buttons: List[Dict[Text, Text]], topic: Topic) -> List[Dict[Text, Text]]:
    """ "Svaret hjalp" / "Ikke det jeg søgte" after the related topics (at most 5 buttons)."""
    return with_feedback_buttons(buttons, topic)


class ActionFeedback(Action):
    """Store a rating of the latest answer (or of the answer whose button was clicked).

    "Svaret hjalp" is acknowledged here; after "Ikke det jeg søgte" the rule runs
    feedback_form, which asks what the user was looking for.
    """

    def name(self) -> Text:
        return "action_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        knowledge = load_knowledge()
        helpful = (tracker.latest_message.get("intent") or {}).get("name") == FEEDBACK_HELPFUL
        payload_topic = next(tracker.get_latest_entity_values(TOPIC_ENTITY), None)
        rated = rated_reply(tracker.events, payload_topic, knowledge)
        if helpful:
            if rated.topic is None:
                # "tak, det hjalp" after anything but an answer: plain thanks.
                dispatcher.utter_message(response="utter_youre_welcome")
                return []
            dispatcher.utter_message(response="utter_feedback_helpful")
            return [SlotSet(FEEDBACK_SLOT, feedback_record(HELPFUL, rated))]
        # Not helpful is stored for any reply, so a comment after a "Mente du …?"
        # reaches the editors too; the comment slot is emptied for the form.
        return [SlotSet(FEEDBACK_SLOT, feedback_record(NOT_HELPFUL, rated)), SlotSet(COMMENT_SLOT, None)]


class ActionFeedbackComment(Action):
    """After "Hvad ledte du efter?": thank for a comment, or answer a short "tak" or "farvel"."""

    def name(self) -> Text:
        return "action_feedback_comment"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        turn = read_comment_turn(tracker.latest_message, load_settings())
        if turn.kind == COMMENT:
            events: List[EventType] = []
            if turn.value != tracker.get_slot(COMMENT_SLOT):
                events.append(SlotSet(COMMENT_SLOT, turn.value))
            knowledge = load_knowledge()
            decision = decide(tracker.latest_message, knowledge)
            rated_topic = (tracker.get_slot(FEEDBACK_SLOT) or {}).get("topic")
            offered = suggestions(decision.topics, rated_topic) if decision.kind in (ANSWER, CLARIFY) else []
            if offered:
                dispatcher.utter_message(
                    response="utter_feedback_comment_suggestions", buttons=topic_buttons(offered)
                )
            else:
                dispatcher.utter_message(response="utter_feedback_comment_thanks")
            return events

        # Not a comment: withdraw what the form captured.
        if turn.kind == CHITCHAT:
            dispatcher.utter_message(response=turn.value)
        else:
            dispatcher.utter_message(response="utter_feedback_skipped")
        return [SlotSet(COMMENT_SLOT, None)]
