"""Buttons of trainer mode (quiz and guided tour); labels come from quiz.yml and tour.yml.

Quiz answers are sent as plain text ("A", "stop") because the quiz form reads
the text of the message; everything else sends an intent directly.
"""

from __future__ import annotations

from typing import Dict, List, Text

from actions import hooks
from actions.names import (
    QUIZ_START,
    STOP,
    TOUR_BACK,
    TOUR_JUMP,
    TOUR_NEXT,
    TOUR_RESUME,
    TOUR_START,
    payload,
)
from actions.trainer.quiz import Question, QuizBank, load_quiz
from actions.trainer.tour import Tour, load_tour

Button = Dict[Text, Text]

# Entity of the "Spring til …" buttons: the section to open.
TOUR_SECTION_ENTITY = "tour_section"
QUIZ_START_PAYLOAD = payload(QUIZ_START)
TOUR_START_PAYLOAD = payload(TOUR_START)
STOP_PAYLOAD = payload(STOP)


@hooks.register(hooks.MENU_BUTTONS)
def trainer_menu_buttons(bank: QuizBank | None = None, tour: Tour | None = None) -> List[Button]:
    """The "Quiz" and "Gennemgå notatet" entries of the "hvad kan du?" menu (the faq
    feature's menu asks actions.hooks for them)."""
    bank, tour = bank or load_quiz(), tour or load_tour()
    return [
        {"title": bank.labels["menu"], "payload": QUIZ_START_PAYLOAD},
        {"title": tour.labels["menu"], "payload": TOUR_START_PAYLOAD},
    ]


def answer_buttons(question: Question, bank: QuizBank) -> List[Button]:
    letters = [{"title": letter, "payload": letter} for letter in question.letters]
    # plain text, read by the quiz form like a typed "stop"
    return letters + [{"title": bank.labels["stop"], "payload": "stop"}]


def after_quiz_buttons(bank: QuizBank, tour: Tour) -> List[Button]:
    return [
        {"title": bank.labels["again"], "payload": QUIZ_START_PAYLOAD},
        {"title": tour.labels["menu"], "payload": TOUR_START_PAYLOAD},
    ]


def tour_buttons(tour: Tour, position: int) -> List[Button]:
    """Næste / Tilbage / Spring til … / Stop under a section of the tour."""
    last = position >= len(tour.sections) - 1
    buttons = []
    if position > 0:
        buttons.append({"title": tour.labels["back"], "payload": payload(TOUR_BACK)})
    buttons.append({"title": tour.labels["finish" if last else "next"], "payload": payload(TOUR_NEXT)})
    buttons.append({"title": tour.labels["jump"], "payload": payload(TOUR_JUMP)})
    buttons.append({"title": tour.labels["stop"], "payload": STOP_PAYLOAD})
    return buttons


def _jump_payload(section_id: Text) -> Text:
    return payload(TOUR_JUMP, **{TOUR_SECTION_ENTITY: section_id})


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
        {"title": tour.labels["resume"], "payload": payload(TOUR_RESUME)},
        {"title": tour.labels["stop"], "payload": STOP_PAYLOAD},
    ]


def after_tour_buttons(bank: QuizBank, tour: Tour) -> List[Button]:
    return [
        {"title": bank.labels["menu"], "payload": QUIZ_START_PAYLOAD},
        {"title": tour.labels["restart"], "payload": TOUR_START_PAYLOAD},
    ]
