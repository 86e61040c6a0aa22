"""What the caseworker gets from each action, for typical NLU results."""

import asyncio

import pytest

from actions.faq.actions import ActionAnswerFaq, ActionOutOfScope, ActionShowArea, ActionShowMenu
from tests.actions.trackers import make_tracker
from vidensassistent.knowledge import load_knowledge

KNOWLEDGE = load_knowledge()


def titles(message):
    return [button["title"] for button in message["buttons"]]


def run(action, dispatcher, tracker, domain):
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return events, dispatcher.messages


def test_confident_topic_gets_its_answer_and_related_buttons(dispatcher, domain):
    tracker = make_tracker(ranking=[("definition", 0.91), ("not_prostitution", 0.03)])
    events, messages = run(ActionAnswerFaq(), dispatcher, tracker, domain)
    # the answered topic is kept for short follow-ups ("og mænd?")
    assert events == [{"event": "slot", "timestamp": None, "name": "faq_topic", "value": "definition"}]
    assert len(messages) == 1
    assert messages[0]["response"] == "utter_faq/definition"
    assert titles(messages[0]) == [
        "Hvad er ikke prostitution?",
        "Er prostitution lovligt?",
        "Prostitutionsformer",
        # rating buttons (feedback, tests/feedback)
        "Svaret hjalp",
        "Ikke det jeg søgte",
    ]


def test_high_intent_confidence_with_flat_topics_asks_did_you_mean(dispatcher, domain):
    # rasa#9723: intent `faq` at 0.99 says nothing about which answer is right.
    tracker = make_tracker(
        confidence=0.99, ranking=[("tax", 0.36), ("legal_status", 0.33), ("pimping_employment", 0.2)]
    )
    _, messages = run(ActionAnswerFaq(), dispatcher, tracker, domain)
    assert messages[0]["response"] == "utter_did_you_mean"
    assert titles(messages[0]) == [
        "Skat og moms",
        "Er prostitution lovligt?",
        "Ansættelse og rufferi",
        "Noget andet",
    ]
    assert messages[0]["buttons"][-1]["payload"] == "/something_else"


def test_did_you_mean_leaves_out_unlikely_candidates(dispatcher, domain):
    tracker = make_tracker(ranking=[("violence", 0.29), ("forms", 0.27), ("drugs", 0.01)])
    _, messages = run(ActionAnswerFaq(), dispatcher, tracker, domain)
    assert titles(messages[0]) == ["Vold fra kunder", "Prostitutionsformer", "Noget andet"]


def test_low_confidence_everywhere_is_out_of_scope_with_menu(dispatcher, domain):
    tracker = make_tracker(ranking=[("tax", 0.12), ("forms", 0.08)])
    _, messages = run(ActionAnswerFaq(), dispatcher, tracker, domain)
    assert messages[0]["response"] == "utter_out_of_scope"
    assert titles(messages[0]) == list(KNOWLEDGE.areas.values())


def test_nlu_fallback_with_a_likely_topic_offers_it(dispatcher, domain):
    tracker = make_tracker(intent="nlu_fallback", confidence=0.25, ranking=[("reden", 0.24)])
    _, messages = run(ActionAnswerFaq(), dispatcher, tracker, domain)
    assert messages[0]["response"] == "utter_did_you_mean"
    assert titles(messages[0]) == ["Reden KFUK", "Noget andet"]


def test_topic_chosen_on_a_button_is_answered(dispatcher, domain):
    tracker = make_tracker(
        intent="choose_topic", entities=[{"entity": "topic", "value": "hanne_mariehjemmet"}]
    )
    _, messages = run(ActionAnswerFaq(), dispatcher, tracker, domain)
    assert messages[0]["response"] == "utter_faq/hanne_mariehjemmet"


def test_unknown_topic_on_a_forged_button_is_out_of_scope(dispatcher, domain):
    tracker = make_tracker(intent="choose_topic", entities=[{"entity": "topic", "value": "nope"}])
    _, messages = run(ActionAnswerFaq(), dispatcher, tracker, domain)
    assert messages[0]["response"] == "utter_out_of_scope"


def test_out_of_scope_intent_declines_even_with_topic_ranking(dispatcher, domain):
    tracker = make_tracker(intent="out_of_scope", ranking=[("tax", 0.2)])
    _, messages = run(ActionAnswerFaq(), dispatcher, tracker, domain)
    assert messages[0]["response"] == "utter_out_of_scope"


@pytest.mark.parametrize(
    "responses,sent",
    [
        ({"utter_not_covered_politicians": [{"text": "..."}]}, "utter_not_covered_politicians"),
        # a kind added to not_covered.yml after the model was trained: no empty reply
        ({"utter_not_in_note": [{"text": "..."}]}, "utter_not_in_note"),
    ],
)
def test_a_decline_the_trained_model_lacks_falls_back_to_not_in_note(dispatcher, responses, sent):
    tracker = make_tracker(intent="faq", ranking=[("about_note", 0.9)], text="Hvem var minister dengang?")
    _, messages = run(ActionAnswerFaq(), dispatcher, tracker, {"responses": responses})
    assert messages[0]["response"] == sent
    assert titles(messages[0])[0] == KNOWLEDGE.topics["about_note"].title


def test_out_of_scope_action_shows_areas(dispatcher, domain):
    events, messages = run(ActionOutOfScope(), dispatcher, make_tracker("out_of_scope"), domain)
    assert events == []
    assert messages[0]["response"] == "utter_out_of_scope"
    assert messages[0]["buttons"][0]["payload"] == '/choose_area{"area": "om_notatet"}'


@pytest.mark.parametrize(
    "intent,response,trainer",
    [
        # "hvad kan du?" also offers trainer mode (quiz, guided tour; tests/trainer)
        ("help", "utter_menu", ["Quiz", "Gennemgå notatet"]),
        ("something_else", "utter_rephrase", []),
    ],
)
def test_menu(dispatcher, domain, intent, response, trainer):
    _, messages = run(ActionShowMenu(), dispatcher, make_tracker(intent), domain)
    assert messages[0]["response"] == response
    assert titles(messages[0]) == list(KNOWLEDGE.areas.values()) + trainer


def test_area_lists_its_topics(dispatcher, domain):
    tracker = make_tracker("choose_area", entities=[{"entity": "area", "value": "initiativer"}])
    _, messages = run(ActionShowArea(), dispatcher, tracker, domain)
    assert messages[0]["response"] == "utter_area_topics"
    assert messages[0]["area_title"] == "Tilbud og initiativer"
    assert titles(messages[0]) == [
        "De fire initiativer",
        "Kompetencecenter Prostitution",
        "Exit Prostitution",
        "Reden KFUK",
        "Hanne Mariehjemmet",
    ]


def test_unknown_area_falls_back_to_menu(dispatcher, domain):
    tracker = make_tracker("choose_area", entities=[{"entity": "area", "value": "<script>"}])
    _, messages = run(ActionShowArea(), dispatcher, tracker, domain)
    assert messages[0]["response"] == "utter_menu"


@pytest.mark.parametrize(
    "text,response",
    [
        ("Hvad er telefonnummeret til Reden?", "utter_not_covered_contact"),
        ("hvornår har kompetencecentret åbent", "utter_not_covered_contact"),
        ("hvad siger § 85 om bostøtte", "utter_not_covered_paragraph"),
        ("gælder paragraf 107 her?", "utter_not_covered_paragraph"),
        ("hvor mange prostituerede var der i 2023", "utter_not_covered_later_years"),
        ("hvad er strafferammen for rufferi", "utter_not_covered_penalties"),
        ("hvor mange års fængsel giver menneskehandel", "utter_not_covered_penalties"),
        ("synes du, at køb af sex bør forbydes?", "utter_not_covered_opinion"),
        ("hvad er din holdning til prostitution", "utter_not_covered_opinion"),
    ],
)
def test_questions_the_note_never_answers_get_a_specific_decline(dispatcher, domain, text, response):
    # The classifier is sure of a topic, but the question asks for something the note lacks.
    tracker = make_tracker(ranking=[("reden", 0.95)], text=text)
    _, messages = run(ActionAnswerFaq(), dispatcher, tracker, domain)
    assert messages[0]["response"] == response
    assert 1 <= len(messages[0]["buttons"]) <= 3


@pytest.mark.parametrize(
    "text",
    [
        "hvad siger serviceloven § 10",
        "hvornår slutter Exit Prostitution 2012-2015",
        "Reden i Odense",
        "hvad er straffen for at prostituere sig",
        "hun fik betalt sin telefonregning for sex, er det prostitution",
    ],
)
def test_in_scope_wording_is_not_mistaken_for_uncovered(dispatcher, domain, text):
    tracker = make_tracker(ranking=[("reden", 0.95)], text=text)
    _, messages = run(ActionAnswerFaq(), dispatcher, tracker, domain)
    assert messages[0]["response"] == "utter_faq/reden"


def test_question_far_from_everything_trained_is_out_of_scope(dispatcher, domain):
    tracker = make_tracker(ranking=[("reden", 0.95)], text="hvad er opskriften på æblekage")
    tracker.latest_message["scope"] = {"similarity": 0.70}
    _, messages = run(ActionAnswerFaq(), dispatcher, tracker, domain)
    assert messages[0]["response"] == "utter_out_of_scope"


def test_out_of_scope_action_explains_uncovered_kinds_too(dispatcher, domain):
    tracker = make_tracker("out_of_scope", text="Hvad er adressen på Hanne Mariehjemmet?")
    _, messages = run(ActionOutOfScope(), dispatcher, tracker, domain)
    assert messages[0]["response"] == "utter_not_covered_contact"


def test_rasa_default_response_selector_output_is_understood(dispatcher, domain):
    # Rasa's ResponseSelector without `retrieval_intent` files its result under "default".
    tracker = make_tracker(ranking=[("reden", 0.9)])
    selector = tracker.latest_message["response_selector"]
    selector["default"] = selector.pop("faq")
    _, messages = run(ActionAnswerFaq(), dispatcher, tracker, domain)
    assert messages[0]["response"] == "utter_faq/reden"
