"""Names that more than one feature uses: intents, slots, entities, actions and
button payloads, as declared in domain.yml (tests/actions/test_names.py checks that
every name here is declared there, and that every intent of domain.yml is sorted
into COMMAND_INTENTS or CONTENT_INTENTS).

A name only one feature uses stays in that feature's package. Names the report
reads too (the feedback slots, the retrieval intent) live in vidensassistent.knowledge,
which may not import `actions`; they are re-exported here.
"""

from __future__ import annotations

import json
from typing import Any, Text

# re-exported (`X as X`): the feedback slots and the retrieval intent `faq`
from vidensassistent.knowledge import COMMENT_SLOT as COMMENT_SLOT
from vidensassistent.knowledge import FEEDBACK_SLOT as FEEDBACK_SLOT
from vidensassistent.knowledge import RETRIEVAL_INTENT as RETRIEVAL_INTENT

# --- intents -------------------------------------------------------------------
# faq (RETRIEVAL_INTENT is `faq`); choose_* and something_else are only sent by buttons
OUT_OF_SCOPE = "out_of_scope"
CHOOSE_TOPIC = "choose_topic"
CHOOSE_AREA = "choose_area"
SOMETHING_ELSE = "something_else"
# Rasa's FallbackClassifier (config.yml; not declared in domain.yml)
NLU_FALLBACK = "nlu_fallback"
# conversation
GREET = "greet"
GOODBYE = "goodbye"
THANK = "thank"
HELP = "help"
BOT_CHALLENGE = "bot_challenge"
# safety: set by the NLU's CueDetector for a minor or a person forced by others
SAFETY_CONCERN = "safety_concern"
# feedback
FEEDBACK_HELPFUL = "feedback_helpful"
FEEDBACK_NOT_HELPFUL = "feedback_not_helpful"
FEEDBACK_SKIP = "feedback_skip"
# trainer
QUIZ_START = "quiz_start"
QUIZ_ANSWER = "quiz_answer"
TOUR_START = "tour_start"
TOUR_NEXT = "tour_next"
TOUR_BACK = "tour_back"
TOUR_JUMP = "tour_jump"
TOUR_RESUME = "tour_resume"
# "stop" / "afbryd": ends the quiz, the tour and the referral questions
STOP = "stop"
# referral
DESCRIBE_SITUATION = "describe_situation"
INFORM_SITUATION = "inform_situation"
ASK_FOLLOWUP = "ask_followup"
RESTART_REFERRAL = "restart_referral"

FAQ_BUTTON_INTENTS = (CHOOSE_TOPIC, CHOOSE_AREA, SOMETHING_ELSE)
CONVERSATION_INTENTS = (GREET, GOODBYE, THANK, HELP, BOT_CHALLENGE)
FEEDBACK_INTENTS = (FEEDBACK_HELPFUL, FEEDBACK_NOT_HELPFUL, FEEDBACK_SKIP)
TRAINER_COMMAND_INTENTS = (QUIZ_START, TOUR_START, TOUR_NEXT, TOUR_BACK, TOUR_JUMP, TOUR_RESUME)
REFERRAL_COMMAND_INTENTS = (STOP, RESTART_REFERRAL, ASK_FOLLOWUP)
# A message with one of these intents is a command, a click or small talk: its text
# never answers a question a form asked (the referral's questions).
COMMAND_INTENTS = frozenset(
    FAQ_BUTTON_INTENTS
    + CONVERSATION_INTENTS
    + FEEDBACK_INTENTS
    + TRAINER_COMMAND_INTENTS
    + REFERRAL_COMMAND_INTENTS
)
# Every other intent of domain.yml: its text may be a question, a description of a
# citizen or an answer.
CONTENT_INTENTS = frozenset(
    {RETRIEVAL_INTENT, OUT_OF_SCOPE, SAFETY_CONCERN, QUIZ_ANSWER, DESCRIBE_SITUATION, INFORM_SITUATION}
)

# --- slots -----------------------------------------------------------------------
# Topic of the latest knowledge answer (faq), for short follow-ups ("og mænd?").
FAQ_TOPIC_SLOT = "faq_topic"
# Rasa's own: the slot a form asks for now.
REQUESTED_SLOT = "requested_slot"

# --- entities --------------------------------------------------------------------
TOPIC_ENTITY = "topic"
AREA_ENTITY = "area"

# --- actions ---------------------------------------------------------------------
ANSWER_FAQ_ACTION = "action_answer_faq"
OUT_OF_SCOPE_ACTION = "action_out_of_scope"
# Actions that give knowledge answers (a follow-up leans on their topic).
KNOWLEDGE_ANSWER_ACTIONS = frozenset({ANSWER_FAQ_ACTION, OUT_OF_SCOPE_ACTION})


# --- payloads --------------------------------------------------------------------
def payload(intent: Text, **entities: Any) -> Text:
    """A button's payload: the intent sent directly (bypassing NLU), with entities
    as JSON (`/choose_topic{"topic": "reden"}`)."""
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"


def topic_payload(topic_id: Text) -> Text:
    """Opens the knowledge answer about a topic (topic buttons, the referral's offers)."""
    return payload(CHOOSE_TOPIC, **{TOPIC_ENTITY: topic_id})
