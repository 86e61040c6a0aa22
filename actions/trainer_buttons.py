"""Buttons of trainer mode (quiz and guided tour); labels come from quiz.yml and tour.yml.

Quiz answers are sent as plain text ("A", "stop") because the quiz form reads
the text of the message; everything else sends an intent directly.
"""
from __future__ import annotations

import json
from typing import Dict, List, Text

from actions.quiz_logic import Question, QuizBank, load_quiz
from actions.tour_logic import Tour, load_tour

Button = Dict[Text, Text]

QUIZ_START = "/quiz_start"
TOUR_START = "/tour_start"


def trainer_menu_buttons(bank: QuizBank | None = None, tour: Tour | None = None) -> List[Button]:
    """The "Quiz" and "Gennemgå notatet" entries of the "hvad kan du?" menu."""
    bank, tour = bank or load_quiz(), tour or load_tour()
    return [
        {"title": bank.labels["menu"], "payload": QUIZ_START},
        {"title": tour.labels["menu"], "payload": TOUR_START},
    ]


def answer_buttons(question: Question, bank: QuizBank) -> List[Button]:
    letters = [{"title": letter, "payload": letter} for letter in question.letters]
    return letters + [{"title": bank.labels["stop"], "payload": "stop"}]


def after_quiz_buttons(bank: QuizBank, tour: Tour) -> List[Button]:
    return [
        {"title": bank.labels["again"], "payload": QUIZ_START},
        {"title": tour.labels["menu"], "payload": TOUR_START},
    ]


def tour_buttons(tour: Tour, position: int) -> List[Button]:
    """Næste / Tilbage / Spring til … / Stop under a section of the tour."""
    last = position >= len(tour.sections) - 1
    buttons = []
    if position > 0:
        buttons.append({"title": tour.labels["back"], "payload": "/tour_back"})
    buttons.append({"title": tour.labels["finish" if last else "next"], "payload": "/tour_next"})
    buttons.append({"title": tour.labels["jump"], "payload": "/tour_jump"})
    buttons.append({"title": tour.labels["stop"], "payload": "/stop"})
    return buttons


def _jump_payload(section_id: Text) -> Text:
    return f"/tour_jump{json.dumps({'tour_section': section_id})}"


def section_buttons(tour: Tour) -> List[Button]:
    """The "Spring til …" list: every section of the tour, numbered."""
    return [
        {"title": f"{number}. {section.title}", "payload": _jump_payload(section.id)}
        for number, section in enumerate(tour.sections, start=1)
    ]


def reread_buttons(tour: Tour, headings: List[Text]) -> List[Button]:
    """After a quiz: the sections worth re-reading, each opening the tour at that section."""
    by_heading = {section.heading: section for section in tour.sections}
    return [
        {"title": by_heading[heading].title, "payload": _jump_payload(by_heading[heading].id)}
        for heading in headings
        if heading in by_heading
    ]


def resume_buttons(tour: Tour) -> List[Button]:
    return [
        {"title": tour.labels["resume"], "payload": "/tour_resume"},
        {"title": tour.labels["stop"], "payload": "/stop"},
    ]


def after_tour_buttons(bank: QuizBank, tour: Tour) -> List[Button]:
    return [
        {"title": bank.labels["menu"], "payload": QUIZ_START},
        {"title": tour.labels["restart"], "payload": TOUR_START},
    ]
