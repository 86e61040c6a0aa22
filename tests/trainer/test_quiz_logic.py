"""The quiz a trainee takes: which questions come, how typed answers are read, the score."""

import random
from collections import Counter

import pytest

from actions.trainer.quiz import (
    CHOICE,
    INVALID,
    STOP,
    QuizState,
    area_from_text,
    interpret_answer,
    load_quiz,
    options_text,
    resembles_option,
    select_questions,
    summarize,
)
from actions.trainer.quiz import QUESTION as QUESTION_KIND
from actions.trainer.tour import load_tour
from vidensassistent.knowledge import load_knowledge

BANK = load_quiz()
AREAS = load_knowledge().areas
HEADINGS = load_tour().headings


def q(question_id):
    return BANK.questions[question_id]


@pytest.mark.parametrize("seed", range(20))
def test_a_quiz_has_ten_different_questions_from_every_area(seed):
    ids = select_questions(BANK, rng=random.Random(seed))
    assert len(ids) == 10
    assert len(set(ids)) == 10
    # Ten questions dealt round-robin over seven areas: every area comes up.
    assert {BANK.questions[i].area for i in ids} == set(AREAS)


def test_quizzes_differ_between_runs():
    quizzes = {tuple(select_questions(BANK, rng=random.Random(seed))) for seed in range(5)}
    assert len(quizzes) == 5


@pytest.mark.parametrize("area", sorted(AREAS))
def test_an_area_quiz_asks_only_that_area_without_repeats(area):
    ids = select_questions(BANK, area=area, rng=random.Random(1))
    assert len(ids) == min(10, len(BANK.in_area(area)))
    assert len(set(ids)) == len(ids)
    assert {BANK.questions[i].area for i in ids} == {area}


def test_a_second_quiz_asks_questions_not_seen_in_the_first():
    rng = random.Random(3)
    first = select_questions(BANK, rng=rng)
    second = select_questions(BANK, seen=first, rng=rng)
    assert not set(first) & set(second)


def test_seen_questions_come_back_only_when_the_area_runs_out():
    area = "oekonomi"
    everything = [question.id for question in BANK.in_area(area)]
    ids = select_questions(BANK, area=area, seen=everything[:-1], rng=random.Random(0))
    assert ids[0] == everything[-1]
    assert sorted(ids) == sorted(everything)


@pytest.mark.parametrize(
    "text,area",
    [
        ("quiz om lovgivning", "definition"),
        ("Quiz mig i økonomi", "oekonomi"),
        ("quiz om oekonomi", "oekonomi"),
        ("test min viden om implementering", "implementering"),
        ("quiz om initiativerne", "initiativer"),
        ("quiz om målgruppen", "omfang"),
        ("quiz om maalgruppen", "omfang"),
        ("quiz om serviceloven", "indsats"),
        ("quiz om forordet og indledning", "om_notatet"),
        ("quiz mig", None),
        ("test min viden", None),
        ("/quiz_start", None),
    ],
)
def test_quiz_about_an_area_is_understood_from_the_request(text, area):
    assert area_from_text(text, BANK) == area


QUESTION = "def_tax_limit"  # A: 20.000 kr.  B: 50.000 kr. (correct)  C: 100.000 kr.  D: 250.000 kr.


@pytest.mark.parametrize(
    "typed,index",
    [
        ("B", 1),
        ("b", 1),
        ("b)", 1),
        ("B.", 1),
        (" svar b ", 1),
        ("svaret er d", 3),
        ("Det er A", 0),
        ("2", 1),
        ("nummer 3", 2),
        ("50.000 kr.", 1),
        ("50.000", 1),
        ("50000 kr", 1),
        ("250.000 kr", 3),
    ],
)
def test_typed_answers_by_letter_number_or_text(typed, index):
    assert interpret_answer(typed, q(QUESTION), BANK).kind == CHOICE
    assert interpret_answer(typed, q(QUESTION), BANK).index == index


@pytest.mark.parametrize(
    "typed,index",
    [
        ("klinikprostitution", 0),  # ext_largest_form: exact option text, any case
        ("Klinikprostitution!", 0),
        ("klinikprostitutoin", 0),  # a typo
        ("gadeprost", 1),  # a fragment found in one option only
    ],
)
def test_option_text_with_typos_and_fragments(typed, index):
    answer = interpret_answer(typed, q("ext_largest_form"), BANK)
    assert (answer.kind, answer.index) == (CHOICE, index)


def test_percentages_can_be_typed_without_the_sign():
    # grp_violence: 3 %, 18 %, 41 % (correct), 100 %
    assert interpret_answer("41", q("grp_violence"), BANK).index == 2
    assert interpret_answer("41%", q("grp_violence"), BANK).index == 2


@pytest.mark.parametrize("typed", ["stop", "Stop!", "STOP", "afslut", "stop quizzen", "jeg gider ikke mere"])
def test_stop_ends_the_quiz(typed):
    assert interpret_answer(typed, q(QUESTION), BANK).kind == STOP


@pytest.mark.parametrize(
    "typed",
    [
        "E",  # no fifth option
        "5",
        "kr",  # too short and in every option
        "",
    ],
)
def test_anything_else_is_not_an_answer(typed):
    assert interpret_answer(typed, q(QUESTION), BANK).kind == INVALID


@pytest.mark.parametrize(
    "typed",
    [
        "hvor mange prostituerer sig i danmark?",
        "Hvad er klinikprostitution?",  # close to the option "Klinikprostitution", still a question
        "hvad er forskellen på klinik og escort",
        "fortæl om Reden",
        "hvad kan du?",
    ],
)
def test_a_text_opening_with_a_question_word_is_a_question_not_an_option(typed):
    assert interpret_answer(typed, q("ext_largest_form"), BANK).kind == QUESTION_KIND


@pytest.mark.parametrize(
    "typed,resembles",
    [
        ("ledelse og kompetencer", True),  # imp_three_drivers, a garbled right option
        ("borgerinddragelse og netværk", True),
        ("hvad siger serviceloven om rådgivning", False),
        ("er det lovligt at købe sex", False),
        ("ok", False),
    ],
)
def test_a_garbled_option_is_told_apart_from_a_question(typed, resembles):
    assert resembles_option(typed, q("imp_three_drivers")) is resembles


def test_letter_d_is_not_an_answer_when_there_are_three_options():
    three = next(question for question in BANK.questions.values() if len(question.options) == 3)
    assert interpret_answer("D", three, BANK).kind == INVALID
    assert interpret_answer("4", three, BANK).kind == INVALID
    assert interpret_answer("C", three, BANK).kind == CHOICE


def test_score_counts_right_answers_and_lists_sections_of_wrong_ones_in_note_order():
    ids = ["ini_hanne_stay", "def_wording", "grp_violence", "def_tax_limit"]
    state = QuizState(ids)
    assert state.current(BANK).id == "ini_hanne_stay"
    assert state.record(q("ini_hanne_stay"), 0) is False  # wrong
    assert state.record(q("def_wording"), q("def_wording").correct) is True
    assert state.record(q("grp_violence"), 0) is False  # wrong
    assert state.record(q("def_tax_limit"), 0) is False  # wrong, same section as def_wording
    assert state.finished and state.current(BANK) is None

    summary = summarize(state, BANK, HEADINGS)
    assert (summary.score, summary.answered, summary.total, summary.stopped) == (1, 4, 4, False)
    assert summary.sections_to_reread == [
        "Definition af prostitution",
        "Beskrivelse af målgruppen",
        "Initiativer på prostitutionsområdet",
    ]


def test_a_quiz_stopped_halfway_is_scored_on_what_was_answered():
    state = QuizState(["def_wording", "grp_violence", "ini_hanne_stay"])
    state.record(q("def_wording"), q("def_wording").correct)
    summary = summarize(state, BANK, HEADINGS)
    assert (summary.score, summary.answered, summary.total, summary.stopped) == (1, 1, 3, True)
    assert summary.sections_to_reread == []


def test_state_survives_the_round_trip_through_slots():
    state = QuizState.from_slots(["def_wording", "grp_violence"], [["def_wording", True]])
    assert state.position == 1
    assert state.current(BANK).id == "grp_violence"
    assert QuizState.from_slots(None, None).finished


def test_options_are_listed_with_letters_for_text_only_channels():
    assert options_text(q(QUESTION)) == "A: 20.000 kr.\nB: 50.000 kr.\nC: 100.000 kr.\nD: 250.000 kr."


def test_right_answers_are_not_all_in_the_same_place():
    places = Counter(question.correct for question in BANK.questions.values())
    assert len(places) == 4
    assert max(places.values()) <= 0.4 * len(BANK.questions)
