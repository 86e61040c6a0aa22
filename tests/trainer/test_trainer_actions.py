"""What a trainee sees from the trainer actions over a whole quiz and a tour.

The actions are run one after the other the way Rasa runs them, with the slot
events of each fed into the tracker of the next.
"""

import asyncio
import json
import logging
import random

from rasa_sdk.executor import CollectingDispatcher

from actions.faq.actions import ActionShowMenu
from actions.trainer.actions import (
    ActionAskQuizAnswer,
    ActionOfferTourResume,
    ActionQuizStart,
    ActionQuizSummary,
    ActionTour,
    ActionTrainerIdle,
    ValidateQuizForm,
)
from actions.trainer.quiz import load_quiz, quiz_seed, select_questions
from actions.trainer.tour import load_tour
from tests.actions.trackers import make_tracker

BANK = load_quiz()
TOUR = load_tour()


class Conversation:
    """Slots carried from action to action, as the Rasa server would."""

    def __init__(self):
        self.slots = {}

    def tracker(self, intent, text, entities=None, ranking=None):
        tracker = make_tracker(intent=intent, text=text, entities=entities, ranking=ranking)
        tracker.slots = dict(self.slots)
        return tracker

    def run(self, action, intent="faq", text="", entities=None):
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action.run(dispatcher, self.tracker(intent, text, entities), {}))
        self.apply(events)
        return dispatcher.messages

    def answer(self, text, intent="quiz_answer", ranking=None):
        """The quiz form got `text` (classified as `intent`, with the topic `ranking`):
        validate it, then ask again unless the form is done."""
        dispatcher = CollectingDispatcher()
        self.slots["quiz_answer"] = text
        tracker = self.tracker(intent, text, ranking=ranking)
        result = asyncio.run(ValidateQuizForm().validate_quiz_answer(text, dispatcher, tracker, {}))
        self.slots.update(result)
        messages = dispatcher.messages
        done = self.slots.get("quiz_answer") is not None
        if not done:
            messages += self.run(ActionAskQuizAnswer())
        return messages, done

    def apply(self, events):
        for event in events:
            if isinstance(event, dict) and event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]

    def current_question(self):
        ids, results = self.slots["quiz_questions"], self.slots.get("quiz_results") or []
        return BANK.questions[ids[len(results)]]


def titles(message):
    return [button["title"] for button in message.get("buttons") or []]


def test_menu_offers_quiz_and_tour():
    messages = Conversation().run(ActionShowMenu(), intent="help", text="hvad kan du?")
    assert titles(messages[0])[-2:] == ["Quiz", "Gennemgå notatet"]
    assert [b["payload"] for b in messages[0]["buttons"][-2:]] == ["/quiz_start", "/tour_start"]


def test_a_whole_quiz_right_and_wrong_answers_then_score_and_sections():
    chat = Conversation()
    messages = chat.run(ActionQuizStart(), intent="quiz_start", text="quiz mig")
    messages += chat.run(ActionAskQuizAnswer())
    assert messages[0]["response"] == "utter_quiz_intro" and messages[0]["count"] == 10
    first = messages[1]
    assert first["response"] == "utter_quiz_question"
    assert (first["number"], first["total"]) == (1, 10)
    assert titles(first)[-1] == "Stop quizzen"

    asked, wrong_sections = [], []
    for n in range(10):
        question = chat.current_question()
        asked.append(question.id)
        right = question.letter(question.correct)
        if n % 3 == 0:  # answer every third question wrong, by number
            wrong = next(i for i in range(len(question.options)) if i != question.correct)
            reply, done = chat.answer(str(wrong + 1))
            assert reply[0]["response"] == "utter_quiz_wrong"
            wrong_sections.append(question.section)
        elif n % 3 == 1:  # by letter
            reply, done = chat.answer(right.lower())
            assert reply[0]["response"] == "utter_quiz_correct"
        else:  # by typing the option
            reply, done = chat.answer(question.correct_option)
            assert reply[0]["response"] == "utter_quiz_correct"
        assert reply[0]["letter"] == right and reply[0]["option"] == question.correct_option
        assert reply[0]["section"] == TOUR.title_of(question.section) and reply[0]["explanation"]
        assert done == (n == 9)
        if not done:
            assert reply[1]["response"] == "utter_quiz_question" and reply[1]["number"] == n + 2

    assert len(set(asked)) == 10
    summary = chat.run(ActionQuizSummary())
    assert summary[0]["response"] == "utter_quiz_score"
    assert (summary[0]["score"], summary[0]["total"]) == (6, 10)
    assert summary[1]["response"] == "utter_quiz_reread"
    # The sections to re-read are buttons, in the note's order, that open the tour there.
    order = [heading for heading in TOUR.headings if heading in wrong_sections]
    assert titles(summary[1]) == [TOUR.title_of(heading) for heading in order]
    for button, heading in zip(summary[1]["buttons"], order):
        section_id = TOUR.sections[TOUR.headings.index(heading)].id
        assert button["payload"] == f'/tour_jump{{"tour_section": "{section_id}"}}'
    assert titles(summary[-1]) == ["Ny quiz", "Gennemgå notatet"]
    assert chat.slots["quiz_questions"] is None

    # A new quiz in the same conversation asks none of the ten again.
    chat.run(ActionQuizStart(), intent="quiz_start", text="ny quiz")
    assert not set(chat.slots["quiz_questions"]) & set(asked)


def test_starting_a_quiz_gives_no_verdict_on_the_empty_answer_slot():
    # Rasa runs the form's validation right after action_quiz_start; nothing was typed yet.
    chat = Conversation()
    chat.run(ActionQuizStart(), intent="quiz_start", text="quiz mig")
    dispatcher = CollectingDispatcher()
    result = asyncio.run(
        ValidateQuizForm().validate_quiz_answer(None, dispatcher, chat.tracker("quiz_start", "quiz mig"), {})
    )
    assert result == {"quiz_answer": None} and dispatcher.messages == []


def test_foreword_is_named_as_in_the_tour():
    assert TOUR.title_of("Viden til gavn") == "Forord: Viden til gavn"
    assert TOUR.title_of("Økonomi") == "Økonomi"


def _start_quiz_at(chat, question_id):
    """A quiz whose first question is `question_id` (the rest as dealt)."""
    chat.run(ActionQuizStart(), intent="quiz_start", text="quiz mig")
    ids = [question_id] + [i for i in chat.slots["quiz_questions"] if i != question_id][:9]
    chat.slots["quiz_questions"] = ids
    return BANK.questions[question_id]


def test_a_question_typed_during_the_quiz_is_answered_and_the_same_question_comes_back():
    chat = Conversation()
    question = _start_quiz_at(chat, "imp_three_drivers")
    ranking = [("extent_numbers", 0.92), ("forms", 0.03)]
    reply, done = chat.answer("hvor mange prostituerer sig i danmark?", intent="faq", ranking=ranking)
    assert not done
    assert [m["response"] for m in reply] == [
        "utter_faq/extent_numbers",  # the normal knowledge answer, without buttons
        "utter_quiz_back",
        "utter_quiz_question",
    ]
    assert "buttons" not in reply[0] or not reply[0]["buttons"]
    assert reply[2]["number"] == 1 and reply[2]["question"] == question.text
    assert chat.current_question() == question and chat.slots.get("quiz_results") == []

    # The quiz goes on where it was: the answer counts for the same question.
    reply, _ = chat.answer(question.letter(question.correct))
    assert reply[0]["response"] == "utter_quiz_correct"
    assert reply[1]["number"] == 2


def test_a_statement_the_note_answers_surely_is_also_answered_mid_quiz():
    chat = Conversation()
    _start_quiz_at(chat, "imp_three_drivers")
    reply, _ = chat.answer("er det lovligt at købe sex", intent="faq", ranking=[("legal_status", 0.8)])
    assert [m["response"] for m in reply][:2] == ["utter_faq/legal_status", "utter_quiz_back"]


def test_a_garbled_option_is_not_answered_as_a_question_that_would_give_the_answer_away():
    chat = Conversation()
    question = _start_quiz_at(chat, "imp_three_drivers")  # right: "Ledelse, kompetencer og organisering"
    reply, done = chat.answer("ledelse og kompetencer", intent="faq", ranking=[("drivers", 0.9)])
    assert not done
    assert reply[0]["response"] == "utter_quiz_invalid"
    assert chat.current_question() == question


def test_a_question_the_note_does_not_answer_surely_gets_a_plain_reply_not_a_verdict():
    chat = Conversation()
    question = _start_quiz_at(chat, "imp_three_drivers")
    unsure = [("drivers", 0.21), ("strategies", 0.2)]
    reply, _ = chat.answer("hvad betyder det så?", intent="faq", ranking=unsure)
    responses = [m["response"] for m in reply]
    assert responses == ["utter_quiz_question_unsure", "utter_quiz_back", "utter_quiz_question"]
    assert chat.current_question() == question


def test_a_question_of_a_kind_the_note_never_answers_gets_its_explanation_mid_quiz():
    chat = Conversation()
    question = _start_quiz_at(chat, "imp_three_drivers")
    reply, _ = chat.answer("hvad synes du om prostitution?", intent="faq", ranking=[("definition", 0.5)])
    assert reply[0]["response"] == "utter_not_covered_opinion"
    # its topic buttons are answered mid-quiz as well
    topic = reply[0]["buttons"][0]["payload"]
    assert topic.startswith("/choose_topic")
    entities = [{"entity": "topic", "value": json.loads(topic[len("/choose_topic") :])["topic"]}]
    chat.slots["quiz_answer"] = topic
    dispatcher = CollectingDispatcher()
    asyncio.run(
        ValidateQuizForm().validate_quiz_answer(
            topic, dispatcher, chat.tracker("choose_topic", topic, entities=entities), {}
        )
    )
    assert dispatcher.messages[0]["response"] == f"utter_faq/{entities[0]['value']}"
    assert dispatcher.messages[1]["response"] == "utter_quiz_back"
    assert chat.current_question() == question


def test_a_non_question_that_is_no_option_is_still_not_an_answer():
    chat = Conversation()
    question = _start_quiz_at(chat, "imp_three_drivers")
    reply, _ = chat.answer("øh", intent="quiz_answer")
    assert reply[0]["response"] == "utter_quiz_invalid"
    assert reply[1]["response"] == "utter_quiz_question" and reply[1]["number"] == 1
    assert chat.current_question() == question


def test_a_section_button_after_the_quiz_opens_the_tour_at_that_section():
    chat = Conversation()
    _start_quiz_at(chat, "ini_hanne_stay")
    question = chat.current_question()
    wrong = next(i for i in range(len(question.options)) if i != question.correct)
    chat.answer(question.letter(wrong))
    chat.answer("stop")
    summary = chat.run(ActionQuizSummary())
    button = next(m for m in summary if m["response"] == "utter_quiz_reread")["buttons"][0]
    assert button["title"] == "Initiativer på prostitutionsområdet"
    section = [{"entity": "tour_section", "value": "initiativer"}]
    assert button["payload"] == '/tour_jump{"tour_section": "initiativer"}'
    opened = chat.run(ActionTour(), intent="tour_jump", text=button["payload"], entities=section)
    assert opened[0]["response"] == "utter_tour_section"
    assert opened[0]["title"] == "Initiativer på prostitutionsområdet"
    assert chat.slots["tour_active"] is True


def test_stop_ends_the_quiz_with_the_score_so_far():
    chat = Conversation()
    chat.run(ActionQuizStart(), intent="quiz_start", text="quiz om økonomi")
    question = chat.current_question()
    assert question.area == "oekonomi"
    chat.answer(question.letter(question.correct))
    reply, done = chat.answer("stop")
    assert done and reply == []
    summary = chat.run(ActionQuizSummary())
    assert summary[0]["response"] == "utter_quiz_stopped"
    assert (summary[0]["answered"], summary[0]["score"]) == (1, 1)


def test_stop_before_any_answer():
    chat = Conversation()
    chat.run(ActionQuizStart(), intent="quiz_start", text="quiz mig")
    chat.answer("afslut")
    assert chat.run(ActionQuizSummary())[0]["response"] == "utter_quiz_stopped_early"


def test_area_button_starts_an_area_quiz():
    chat = Conversation()
    area = [{"entity": "area", "value": "initiativer"}]
    messages = chat.run(ActionQuizStart(), intent="quiz_start", text="/quiz_start", entities=area)
    assert messages[0]["response"] == "utter_quiz_intro_area"
    assert messages[0]["area_title"] == "Tilbud og initiativer"
    assert {BANK.questions[i].area for i in chat.slots["quiz_questions"]} == {"initiativer"}


def test_tour_pages_jumps_is_interrupted_and_resumed_and_stops():
    chat = Conversation()
    messages = chat.run(ActionTour(), intent="tour_start", text="gennemgå notatet")
    assert [m["response"] for m in messages] == ["utter_tour_intro", "utter_tour_section"]
    assert messages[1]["title"] == "Forord: Viden til gavn"
    assert titles(messages[1]) == ["Næste", "Spring til …", "Stop"]

    messages = chat.run(ActionTour(), intent="tour_next", text="/tour_next")
    assert messages[0]["number"] == 2
    assert titles(messages[0]) == ["Tilbage", "Næste", "Spring til …", "Stop"]

    # A question during the tour is answered by action_answer_faq; then the offer to resume.
    offer = chat.run(ActionOfferTourResume())
    assert offer[0]["response"] == "utter_tour_offer_resume" and offer[0]["number"] == 2
    assert titles(offer[0]) == ["Fortsæt gennemgangen", "Stop"]
    resumed = chat.run(ActionTour(), intent="tour_resume", text="fortsæt")
    assert [m["response"] for m in resumed] == ["utter_tour_resume", "utter_tour_section"]
    assert resumed[1]["number"] == 2

    chooser = chat.run(ActionTour(), intent="tour_jump", text="/tour_jump")
    assert chooser[0]["response"] == "utter_tour_choose_section"
    assert len(chooser[0]["buttons"]) == len(TOUR.sections)
    section = [{"entity": "tour_section", "value": "initiativer"}]
    jumped = chat.run(ActionTour(), intent="tour_jump", text="/tour_jump", entities=section)
    assert jumped[0]["title"] == "Initiativer på prostitutionsområdet"
    assert titles(jumped[0]) == ["Tilbage", "Afslut gennemgangen", "Spring til …", "Stop"]

    finished = chat.run(ActionTour(), intent="tour_next", text="/tour_next")
    assert finished[0]["response"] == "utter_tour_finished"
    assert chat.slots["tour_active"] is False
    assert chat.run(ActionOfferTourResume()) == []


def test_stop_ends_the_tour():
    chat = Conversation()
    chat.run(ActionTour(), intent="tour_start", text="gennemgå notatet")
    assert chat.run(ActionTour(), intent="stop", text="stop")[0]["response"] == "utter_tour_stopped"
    assert chat.slots["tour_active"] is False
    again = chat.run(ActionTour(), intent="tour_next", text="næste")
    assert again[0]["response"] == "utter_trainer_idle"


def test_an_answer_letter_without_a_quiz_offers_the_quiz_or_the_tour_in_progress():
    chat = Conversation()
    idle = chat.run(ActionTrainerIdle(), intent="quiz_answer", text="B")
    assert idle[0]["response"] == "utter_trainer_idle"
    assert titles(idle[0]) == ["Quiz", "Gennemgå notatet"]
    chat.run(ActionTour(), intent="tour_start", text="gennemgå notatet")
    offer = chat.run(ActionTrainerIdle(), intent="quiz_answer", text="B")
    assert offer[0]["response"] == "utter_tour_offer_resume"


def test_the_quiz_is_seeded_per_conversation_and_the_seed_is_logged(caplog):
    def quiz(sender, earlier_quizzes=0):
        tracker = make_tracker(intent="quiz_start", text="quiz mig")
        tracker.sender_id = sender
        tracker.events = [{"event": "action", "name": "action_quiz_start"}] * earlier_quizzes
        events = asyncio.run(ActionQuizStart().run(CollectingDispatcher(), tracker, {}))
        return next(e["value"] for e in events if e["name"] == "quiz_questions")

    with caplog.at_level(logging.INFO, logger="actions.trainer"):
        first = quiz("samtale-1")
    seed = quiz_seed("samtale-1", 0)
    assert f"quiz: seed {seed} (conversation samtale-1, quiz 1" in caplog.text
    # Reproducible: the same conversation draws the same quiz, also from the logged seed.
    assert quiz("samtale-1") == first
    assert select_questions(BANK, rng=random.Random(seed)) == first
    # Other conversations and the next quiz in this one are other draws.
    others = {tuple(quiz(f"samtale-{i}")) for i in range(2, 7)} | {tuple(quiz("samtale-1", 1))}
    assert tuple(first) not in others and len(others) > 1
