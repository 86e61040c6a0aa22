"""What a caseworker gets when rating an answer, and what is stored."""

import asyncio

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.faq.actions import ActionAnswerFaq
from actions.feedback.actions import ActionFeedback, ActionFeedbackComment
from actions.feedback.logic import with_feedback_buttons
from tests.actions.trackers import make_tracker
from vidensassistent.knowledge import load_knowledge, load_settings

KNOWLEDGE = load_knowledge()


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return events, dispatcher.messages


def conversation(*replies):
    """Events of a conversation: (user text, response name of the bot's reply) pairs."""
    events = []
    for text, response in replies:
        events.append({"event": "user", "text": text})
        events.append({"event": "bot", "text": "…", "metadata": {"utter_action": response}})
    return events


def feedback_tracker(intent, text, events, topic=None, slots=None):
    entities = [{"entity": "feedback_topic", "value": topic}] if topic else []
    tracker = make_tracker(intent=intent, text=text, entities=entities)
    tracker.events = events + [{"event": "user", "text": text}]
    tracker.slots = dict(slots or {})
    return tracker


def test_an_answer_offers_related_topics_first_then_the_two_rating_buttons():
    tracker = make_tracker(ranking=[("definition", 0.91), ("not_prostitution", 0.03)])
    _, messages = run(ActionAnswerFaq(), tracker)
    buttons = messages[0]["buttons"]
    assert [b["title"] for b in buttons] == [
        "Hvad er ikke prostitution?",
        "Er prostitution lovligt?",
        "Prostitutionsformer",
        "Svaret hjalp",
        "Ikke det jeg søgte",
    ]
    assert buttons[3]["payload"] == '/feedback_helpful{"feedback_topic": "definition"}'
    assert buttons[4]["payload"] == '/feedback_not_helpful{"feedback_topic": "definition"}'


def test_no_answer_gets_more_than_five_buttons():
    topic = KNOWLEDGE.topics["reden"]
    others = [{"title": f"Emne {i}", "payload": f"/x{i}"} for i in range(4)]
    buttons = with_feedback_buttons(others, topic, load_settings())
    titles = [b["title"] for b in buttons]
    assert titles == ["Emne 0", "Emne 1", "Emne 2", "Svaret hjalp", "Ikke det jeg søgte"]


def test_only_factual_answers_get_rating_buttons():
    tracker = make_tracker(ranking=[("tax", 0.30), ("legal_status", 0.28), ("forms", 0.2)])
    _, messages = run(ActionAnswerFaq(), tracker)
    assert messages[0]["response"] == "utter_did_you_mean"
    assert "Svaret hjalp" not in [b["title"] for b in messages[0]["buttons"]]


def test_helpful_button_stores_the_rating_of_the_answer_it_sits_under():
    events = conversation(("hvad er reden", "utter_faq/reden"), ("skat?", "utter_faq/tax"))
    tracker = feedback_tracker(
        "feedback_helpful", '/feedback_helpful{"feedback_topic": "reden"}', events, topic="reden"
    )
    stored, messages = run(ActionFeedback(), tracker)
    assert stored == [
        SlotSet("feedback", {"rating": "helpful", "topic": "reden", "response": "utter_faq/reden"})
    ]
    assert messages[0]["response"] == "utter_feedback_helpful"


def test_typed_thanks_that_it_helped_rates_the_latest_answer():
    events = conversation(("hvad er reden", "utter_faq/reden"), ("skal de betale skat", "utter_faq/tax"))
    stored, messages = run(ActionFeedback(), feedback_tracker("feedback_helpful", "tak, det hjalp", events))
    assert stored == [SlotSet("feedback", {"rating": "helpful", "topic": "tax", "response": "utter_faq/tax"})]
    assert messages[0]["response"] == "utter_feedback_helpful"


def test_typed_feedback_rates_the_answer_even_when_another_message_followed_it():
    events = conversation(("hvad er reden", "utter_faq/reden"))
    events.append({"event": "bot", "text": "Vil du fortsætte gennemgangen?", "metadata": {}})
    stored, _ = run(ActionFeedback(), feedback_tracker("feedback_helpful", "det hjalp", events))
    assert stored[0].get("value")["topic"] == "reden"


def test_it_helped_after_a_decline_is_plain_thanks_and_not_stored():
    events = conversation(("hvad er reden", "utter_faq/reden"), ("kontanthjælp?", "utter_out_of_scope"))
    stored, messages = run(ActionFeedback(), feedback_tracker("feedback_helpful", "det hjalp", events))
    assert stored == []
    assert messages[0]["response"] == "utter_youre_welcome"


def test_not_helpful_is_stored_and_the_comment_emptied_for_the_question_that_follows():
    events = conversation(("hvor mange er der", "utter_faq/extent_numbers"))
    tracker = feedback_tracker(
        "feedback_not_helpful", "det var ikke svaret", events, slots={"feedback_comment": "x"}
    )
    stored, messages = run(ActionFeedback(), tracker)
    assert stored == [
        SlotSet(
            "feedback",
            {"rating": "not_helpful", "topic": "extent_numbers", "response": "utter_faq/extent_numbers"},
        ),
        SlotSet("feedback_comment", None),
    ]
    assert messages == []  # feedback_form asks "Hvad ledte du efter?"


def test_not_helpful_after_did_you_mean_is_stored_without_a_topic():
    events = conversation(("skat", "utter_did_you_mean"))
    stored, _ = run(ActionFeedback(), feedback_tracker("feedback_not_helpful", "det hjalp ikke", events))
    assert stored[0] == SlotSet(
        "feedback", {"rating": "not_helpful", "topic": None, "response": "utter_did_you_mean"}
    )


def test_a_forged_topic_on_a_button_rates_the_latest_answer_instead():
    events = conversation(("hvad er reden", "utter_faq/reden"))
    tracker = feedback_tracker(
        "feedback_helpful", '/feedback_helpful{"feedback_topic": "<b>"}', events, topic="<b>"
    )
    stored, _ = run(ActionFeedback(), tracker)
    assert stored[0].get("value")["topic"] == "reden"


NOT_HELPFUL = {"rating": "not_helpful", "topic": "extent_numbers", "response": "utter_faq/extent_numbers"}


def comment_tracker(text, intent="faq", ranking=None, entities=None):
    tracker = make_tracker(intent=intent, text=text, ranking=ranking, entities=entities)
    tracker.slots = {"feedback": NOT_HELPFUL, "feedback_comment": text}
    return tracker


def test_a_comment_is_kept_and_thanked_for():
    tracker = comment_tracker("jeg ledte efter tal for hele norden", intent="out_of_scope")
    stored, messages = run(ActionFeedbackComment(), tracker)
    assert stored == []  # the form already stored the text in feedback_comment
    assert messages[0]["response"] == "utter_feedback_comment_thanks"


def test_a_comment_that_points_to_another_topic_offers_it():
    tracker = comment_tracker(
        "jeg ville vide hvor mange mænd der er", ranking=[("gender_ethnicity", 0.8), ("extent_numbers", 0.1)]
    )
    _, messages = run(ActionFeedbackComment(), tracker)
    assert messages[0]["response"] == "utter_feedback_comment_suggestions"
    assert [b["title"] for b in messages[0]["buttons"]] == ["Køn og etnisk baggrund"]


def test_a_long_comment_is_cut_before_it_is_stored():
    text = "jeg ledte efter noget andet " * 40
    stored, _ = run(ActionFeedbackComment(), comment_tracker(text, intent="out_of_scope"))
    comment = stored[0].get("value")
    assert len(comment) == load_settings().comment_max_chars and comment.endswith("…")


def test_skip_button_stores_no_comment():
    stored, messages = run(ActionFeedbackComment(), comment_tracker("/feedback_skip", intent="feedback_skip"))
    assert stored == [SlotSet("feedback_comment", None)]
    assert messages[0]["response"] == "utter_feedback_skipped"


def test_plain_thanks_instead_of_a_comment_gets_thanks_back_and_stores_nothing():
    stored, messages = run(ActionFeedbackComment(), comment_tracker("tak", intent="thank"))
    assert stored == [SlotSet("feedback_comment", None)]
    assert messages[0]["response"] == "utter_youre_welcome"
