"""The referral actions on rasa_sdk Trackers: what the caseworker is shown and
which facts are kept for the next turn."""

import asyncio
import json
from typing import Any, Dict, List, Optional

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq.actions import ActionAnswerFaq
from actions.faq.logic import ANSWER, CLARIFY, Decision
from actions.referral.actions import (
    CONTEXT_SLOT,
    ActionReferralAnswer,
    ActionReferralFollowup,
    ActionResetReferral,
    ActionStopReferral,
    ValidateReferralForm,
    faq_context_events,
)
from actions.referral.catalog import load_catalog
from vidensassistent.knowledge import load_knowledge
from vidensassistent.settings import ROOT

FORM_SLOTS = [
    "referral_need",
    "referral_city",
    "referral_gender",
    "referral_prostitution_form",
    "referral_age",
    "referral_coercion",
    "referral_drug_use",
    "referral_background",
]
DOMAIN = {"forms": {"referral_form": {"required_slots": FORM_SLOTS}}}


def tracker(
    slots: Optional[Dict[str, Any]] = None,
    text: str = "",
    intent: str = "inform_situation",
    entities: Optional[List[Dict[str, Any]]] = None,
    active_loop: Optional[str] = None,
) -> Tracker:
    return Tracker(
        sender_id="referral-test",
        slots=dict(slots or {}),
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 1.0},
            "entities": entities or [],
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def run(action, t: Tracker, domain=None):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, domain or DOMAIN))
    return dispatcher.messages, events


def slot_events(events) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def texts(messages) -> str:
    return "\n\n".join(m.get("text") or "" for m in messages)


# --- the form asks one deciding question at a time --------------------------------------


def test_form_asks_for_the_city_first_when_a_woman_needs_somewhere_to_sleep():
    t = tracker(
        {"referral_need": ["overnight_food"], "requested_slot": None}, text="hun har brug for et sted at sove"
    )
    _, events = run(ValidateReferralForm(), t)
    assert slot_events(events)["requested_slot"] == "referral_city"


def test_form_finishes_when_the_description_is_complete():
    slots = {
        "referral_need": ["overnight_food"],
        "referral_gender": "female",
        "referral_prostitution_form": "street",
        "referral_city": "Århus",
    }
    _, events = run(ValidateReferralForm(), tracker(slots))
    assert slot_events(events)["requested_slot"] is None


def test_form_takes_a_typed_place_name_it_has_no_lookup_for():
    t = tracker(
        {"referral_need": ["exit"], "requested_slot": "referral_city"}, text="Tarm", intent="nlu_fallback"
    )
    _, events = run(ValidateReferralForm(), t)
    assert slot_events(events) == {"referral_city": "Tarm", "requested_slot": None}


def test_form_takes_ved_ikke_for_the_gender_and_goes_on():
    slots = {
        "referral_need": ["overnight_food"],
        "referral_city": "Odense",
        "requested_slot": "referral_gender",
    }
    _, events = run(ValidateReferralForm(), tracker(slots, text="ved ikke"))
    assert slot_events(events) == {
        "referral_gender": "unknown",
        "requested_slot": "referral_prostitution_form",
    }


def test_form_does_not_take_stop_or_a_question_as_a_city():
    slots = {"referral_need": ["exit"], "requested_slot": "referral_city"}
    for text, intent in [("stop", "stop"), ("hvad er Reden?", "faq")]:
        _, events = run(ValidateReferralForm(), tracker(slots, text=text, intent=intent))
        assert "referral_city" not in slot_events(events)


def test_form_does_not_take_another_features_button_or_small_talk_as_a_city():
    # the intents come from actions.names (COMMAND_INTENTS), not a copied list
    slots = {"referral_need": ["exit"], "requested_slot": "referral_city"}
    clicks = [
        ("Svaret hjalp", "feedback_helpful"),
        ("Quiz", "quiz_start"),
        ("Gennemgå notatet", "tour_start"),
        ("Noget andet", "something_else"),
        ("Tak", "thank"),
    ]
    for text, intent in clicks:
        _, events = run(ValidateReferralForm(), tracker(slots, text=text, intent=intent))
        assert "referral_city" not in slot_events(events), text
    # the same words as an unrecognised message would be read as a place name
    _, events = run(ValidateReferralForm(), tracker(slots, text="Quiz", intent="nlu_fallback"))
    assert slot_events(events)["referral_city"] == "Quiz"


def test_form_stops_asking_when_the_citizen_is_under_18():
    slots = {"referral_need": ["overnight_food"], "referral_age": "16 år"}
    _, events = run(ValidateReferralForm(), tracker(slots))
    assert slot_events(events)["requested_slot"] is None


def test_form_does_not_take_the_age_of_the_citizens_child_as_hers():
    text = "45-årig mor til en 15-årig søn sælger sex og vil gerne have hjælp til noget andet"
    entities = [
        {"entity": "age", "value": "45", "start": 0, "end": 8},
        {"entity": "age", "value": "15", "start": 19, "end": 26},
    ]
    # Rasa filled the slot from the message's last age entity
    t = tracker({"referral_age": "15", "referral_need": ["exit"]}, text=text, entities=entities)
    _, events = run(ValidateReferralForm(), t)
    assert slot_events(events)["referral_age"] == "45"
    assert slot_events(events)["requested_slot"] is not None  # the questions go on


# --- the answer ------------------------------------------------------------------------------


def test_answer_names_the_best_offer_first_with_buttons_and_puts_it_in_context():
    slots = {
        "referral_need": ["overnight_food"],
        "referral_gender": "female",
        "referral_prostitution_form": "street",
        "referral_city": "Århus",
    }
    messages, events = run(ActionReferralAnswer(), tracker(slots))
    text = texts(messages)
    assert "1. Reden KFUK (permanent bevilling)" in text
    assert "servicelovens § 10" in text and "2013" in text
    titles = [b["title"] for b in messages[-1]["buttons"]]
    assert titles == ["Mere om Reden KFUK", "Ny borger"]
    assert messages[-1]["buttons"][0]["payload"] == '/choose_topic{"topic": "reden"}'
    assert slot_events(events) == {CONTEXT_SLOT: "reden"}


def test_answer_for_aalborg_says_reden_is_not_there_and_keeps_no_offer_in_context():
    slots = {
        "referral_need": ["overnight_food"],
        "referral_gender": "female",
        "referral_prostitution_form": "street",
        "referral_city": "Aalborg",
    }
    messages, events = run(ActionReferralAnswer(), tracker(slots))
    assert "ikke i Aalborg" in texts(messages) and "Exit Prostitution" in texts(messages)
    assert slot_events(events) == {CONTEXT_SLOT: None}


# --- follow-ups ------------------------------------------------------------------------------


def test_follow_up_where_is_it_answers_for_the_initiative_in_context():
    t = tracker({CONTEXT_SLOT: "reden"}, text="hvor findes det?", intent="ask_followup")
    messages, events = run(ActionReferralFollowup(), t)
    assert "Reden KFUK findes ifølge notatet i København, Odense og Århus." in texts(messages)
    assert events == [SlotSetLike(CONTEXT_SLOT, "reden")]


def test_follow_up_with_another_city_answers_the_citizen_again():
    slots = {"referral_need": ["exit"], "referral_city": "Århus", CONTEXT_SLOT: "exit_prostitution"}
    t = tracker(
        slots, text="og i Esbjerg?", intent="ask_followup", entities=[{"entity": "city", "value": "Esbjerg"}]
    )
    messages, events = run(ActionReferralFollowup(), t)
    assert "ikke i Esbjerg" in texts(messages)
    assert slot_events(events) == {"referral_city": "Esbjerg", CONTEXT_SLOT: "kompetencecenter"}


def test_follow_up_without_context_offers_the_four_initiatives():
    messages, _ = run(
        ActionReferralFollowup(), tracker({}, text="hvem kan bruge det?", intent="ask_followup")
    )
    assert [b["title"] for b in messages[-1]["buttons"]][:4] == [
        "Kompetencecenter Prostitution",
        "Exit Prostitution",
        "Reden KFUK",
        "Hanne Mariehjemmet",
    ]


def test_facts_without_context_start_the_questions():
    t = tracker({}, text="hun står på gaden i Odense", entities=[{"entity": "city", "value": "Odense"}])
    messages, events = run(ActionReferralFollowup(), t)
    assert messages == [] and events[-1] == {"event": "followup", "name": "referral_form", "timestamp": None}


# --- stop and start over -------------------------------------------------------------------


def test_stop_says_so_and_forgets_the_citizen():
    slots = {"referral_need": ["exit"], "referral_city": "Odense", CONTEXT_SLOT: "exit_prostitution"}
    messages, events = run(ActionStopReferral(), tracker(slots, text="stop", intent="stop"))
    assert messages[0]["response"] == "utter_referral_stopped"
    assert slot_events(events) == {
        "referral_need": None,
        "referral_city": None,
        CONTEXT_SLOT: None,
        "requested_slot": None,
    }


def test_reset_forgets_only_what_was_set():
    _, events = run(ActionResetReferral(), tracker({"referral_gender": "male"}))
    assert slot_events(events) == {"referral_gender": None}


# --- knowledge answers put the initiative in context -------------------------------------------


def test_a_knowledge_answer_about_reden_puts_reden_in_context_and_forgets_the_old_citizen():
    topic = load_knowledge().topics["reden"]
    t = tracker({"referral_need": ["exit"], "referral_city": "Odense"})
    events = slot_events(faq_context_events(Decision(ANSWER, [topic]), t))
    assert events == {"referral_need": None, "referral_city": None, CONTEXT_SLOT: "reden"}


def test_a_knowledge_answer_during_the_questions_keeps_the_citizen():
    topic = load_knowledge().topics["hanne_mariehjemmet"]
    t = tracker({"referral_need": ["exit"]}, active_loop="referral_form")
    assert slot_events(faq_context_events(Decision(ANSWER, [topic]), t)) == {
        CONTEXT_SLOT: "hanne_mariehjemmet"
    }


def test_other_answers_take_the_initiative_out_of_context():
    knowledge = load_knowledge()
    t = tracker({CONTEXT_SLOT: "reden"})
    assert slot_events(faq_context_events(Decision(ANSWER, [knowledge.topics["definition"]]), t)) == {
        CONTEXT_SLOT: None
    }
    assert faq_context_events(Decision(CLARIFY, [knowledge.topics["reden"]]), t) == []


def test_the_faq_action_returns_the_context_event():
    t = tracker(
        {},
        text="/choose_topic",
        intent="choose_topic",
        entities=[{"entity": "topic", "value": "exit_prostitution"}],
    )
    _, events = run(ActionAnswerFaq(), t, domain={})
    assert slot_events(events) == {CONTEXT_SLOT: "exit_prostitution", "faq_topic": "exit_prostitution"}


class SlotSetLike(dict):
    def __init__(self, name, value):
        super().__init__(event="slot", name=name, value=value, timestamp=None)


def test_the_questions_buttons_send_the_values_the_logic_knows():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    catalog = load_catalog()
    cities = {c for i in catalog.initiatives.values() for c in i.cities}
    for fact in ("need", "city", "gender", "prostitution_form"):
        buttons = domain["responses"][f"utter_ask_referral_{fact}"][0]["buttons"]
        for button in buttons:
            assert button["payload"].startswith("/inform_situation{")
            value = json.loads(button["payload"][len("/inform_situation") :])[fact]
            known = cities | {catalog.other_city_value} if fact == "city" else set(catalog.labels[fact])
            assert value in known | {catalog.unknown_value}, (fact, value)


def test_form_says_the_question_is_still_open_when_the_message_answered_something_else():
    slots = {
        "referral_need": ["overnight_food"],
        "referral_gender": "female",
        "requested_slot": "referral_city",
    }
    t = tracker(
        slots,
        text="hun står på gaden",
        entities=[
            {"entity": "gender", "value": "female"},
            {"entity": "prostitution_form", "value": "street"},
        ],
    )
    t.events = [{"event": "user", "text": "hun står på gaden"}]
    messages, events = run(ValidateReferralForm(), t)
    assert slot_events(events)["requested_slot"] == "referral_city"
    assert [m["response"] for m in messages] == ["utter_referral_still_missing"]


def test_form_asks_again_without_comment_after_a_detour():
    slots = {"referral_need": ["overnight_food"], "requested_slot": "referral_city"}
    t = tracker(slots, text="hvad er Reden?", intent="faq")
    t.events = [{"event": "user", "text": "hvad er Reden?"}, {"event": "bot", "text": "Reden KFUK ..."}]
    messages, _ = run(ValidateReferralForm(), t)
    assert messages == []


def test_a_pronoun_in_a_follow_up_refers_back_and_is_not_a_new_fact():
    slots = {
        "referral_need": ["drug_break"],
        "referral_gender": "female",
        "referral_city": "København",
        CONTEXT_SLOT: "hanne_mariehjemmet",
    }
    text = "hvor længe kan hun være der?"
    t = tracker(
        slots,
        text=text,
        intent="ask_followup",
        entities=[{"entity": "gender", "value": "female", "start": 18, "end": 21}],
    )
    messages, _ = run(ActionReferralFollowup(), t)
    assert texts(messages).startswith("Hanne Mariehjemmet giver ifølge notatet ophold af maksimalt 14 dages")


def test_a_fact_that_is_already_known_does_not_repeat_the_answer():
    slots = {"referral_need": ["exit"], "referral_city": "Aalborg", CONTEXT_SLOT: "exit_prostitution"}
    t = tracker(
        slots,
        text="hvem kontakter man i Aalborg?",
        intent="ask_followup",
        entities=[{"entity": "city", "value": "Aalborg", "start": 23, "end": 30}],
    )
    messages, _ = run(ActionReferralFollowup(), t)
    assert texts(messages).startswith(
        "Kontakten er ifølge notatet: Exit Prostitution, Socialstyrelsens Voksenenhed."
    )


def test_a_complete_new_citizen_in_a_follow_up_replaces_what_was_left_of_the_old_one():
    slots = {"referral_gender": "male", CONTEXT_SLOT: "reden"}
    entities = [
        {"entity": "need", "value": "counselling"},
        {"entity": "prostitution_form", "value": "clinic"},
    ]
    t = tracker(slots, text="hun skal have en bisidder, hun er på klinik", entities=entities)
    messages, events = run(ActionReferralFollowup(), t)
    assert "1. Kompetencecenter Prostitution" in texts(messages)
    set_slots = slot_events(events)
    assert set_slots["referral_gender"] is None and set_slots["referral_need"] == ["counselling"]
    assert set_slots[CONTEXT_SLOT] == "kompetencecenter"
