"""Trainer mode: quiz ("quiz mig") and guided tour ("gennemgå notatet").

Thin wrappers: the quiz rules are in actions.trainer.quiz, the tour in
actions.trainer.tour, the Danish texts in domain.yml (`utter_quiz_*`, `utter_tour_*`).
The quiz runs as the form `quiz_form`, whose only slot `quiz_answer` takes the
whole text of each message. The form's validation decides what a message is: an
answer to the current question, "stop", or a question about the note, which gets
the normal knowledge answer before the same quiz question is asked again.
"""

from __future__ import annotations

import logging
import random
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.faq.buttons import topic_buttons
from actions.faq.logic import ANSWER, NOT_COVERED, decide, with_second_question
from actions.names import (
    AREA_ENTITY,
    CHOOSE_TOPIC,
    OUT_OF_SCOPE,
    QUIZ_ANSWER,
    RETRIEVAL_INTENT,
    STOP,
    TOPIC_ENTITY,
    TOUR_BACK,
    TOUR_JUMP,
    TOUR_NEXT,
    TOUR_RESUME,
    TOUR_START,
)
from actions.trainer import quiz as quiz_logic
from actions.trainer import tour as tour_logic
from actions.trainer.buttons import (
    TOUR_SECTION_ENTITY,
    after_quiz_buttons,
    after_tour_buttons,
    answer_buttons,
    reread_buttons,
    resume_buttons,
    section_buttons,
    tour_buttons,
    trainer_menu_buttons,
)
from vidensassistent.knowledge import load_knowledge

logger = logging.getLogger(__name__)

# Slots (declared in domain.yml under "# --- trainer ---").
QUIZ_QUESTIONS = "quiz_questions"
QUIZ_RESULTS = "quiz_results"
QUIZ_SEEN = "quiz_seen"
TOUR_ACTIVE = "tour_active"
TOUR_POSITION = "tour_position"

# Intents whose message may be a question about the note rather than an answer.
QUESTION_INTENTS = {RETRIEVAL_INTENT, CHOOSE_TOPIC, OUT_OF_SCOPE}

TOUR_COMMANDS = {
    TOUR_START: tour_logic.START,
    TOUR_NEXT: tour_logic.NEXT,
    TOUR_BACK: tour_logic.BACK,
    TOUR_JUMP: tour_logic.JUMP,
    TOUR_RESUME: tour_logic.RESUME,
    STOP: tour_logic.STOP,
}


def _intent(tracker: Tracker) -> Optional[Text]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _entity(tracker: Tracker, name: Text) -> Any:
    return next(tracker.get_latest_entity_values(name), None)


def _quiz_state(tracker: Tracker) -> quiz_logic.QuizState:
    return quiz_logic.QuizState.from_slots(tracker.get_slot(QUIZ_QUESTIONS), tracker.get_slot(QUIZ_RESULTS))


def _tour_position(tracker: Tracker) -> Optional[int]:
    position = tracker.get_slot(TOUR_POSITION)
    return int(position) if tracker.get_slot(TOUR_ACTIVE) and position is not None else None


class ActionQuizStart(Action):
    """Pick the questions (whole note or one area) and explain how to answer."""

    def name(self) -> Text:
        return "action_quiz_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        bank, areas = quiz_logic.load_quiz(), load_knowledge().areas
        area = _entity(tracker, AREA_ENTITY)
        if area not in areas:
            area = quiz_logic.area_from_text(tracker.latest_message.get("text", ""), bank)
        seen = list(tracker.get_slot(QUIZ_SEEN) or [])
        # Seeded per conversation and quiz, and logged, so the quiz a test or a user got can
        # be drawn again (quiz.quiz_seed, select_questions with the same `seen`).
        quiz_number = sum(
            1
            for event in tracker.events
            if event.get("event") == "action" and event.get("name") == self.name()
        )
        seed = quiz_logic.quiz_seed(tracker.sender_id, quiz_number)
        question_ids = quiz_logic.select_questions(bank, area=area, seen=seen, rng=random.Random(seed))
        logger.info(
            "quiz: seed %d (conversation %s, quiz %d, %d questions seen before), area %s, questions %s",
            seed,
            tracker.sender_id,
            quiz_number + 1,
            len(seen),
            area or "all",
            ",".join(question_ids),
        )
        if area:
            dispatcher.utter_message(
                response="utter_quiz_intro_area", area_title=areas[area], count=len(question_ids)
            )
        else:
            dispatcher.utter_message(response="utter_quiz_intro", count=len(question_ids))
        return [SlotSet(QUIZ_QUESTIONS, question_ids), SlotSet(QUIZ_RESULTS, [])]


class ActionAskQuizAnswer(Action):
    """Ask the current question with its options (the form's ask action)."""

    def name(self) -> Text:
        return "action_ask_quiz_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        bank = quiz_logic.load_quiz()
        state = _quiz_state(tracker)
        question = state.current(bank)
        if question is not None:
            dispatcher.utter_message(
                response="utter_quiz_question",
                number=state.position + 1,
                total=len(state.question_ids),
                question=question.text,
                options=quiz_logic.options_text(question),
                buttons=answer_buttons(question, bank),
            )
        return []


class ValidateQuizForm(FormValidationAction):
    """Mark each typed answer, say right or wrong, and end the form after the last one or "stop"."""

    def name(self) -> Text:
        return "validate_quiz_form"

    async def validate_quiz_answer(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if slot_value is None:  # reset by another action, not typed
            return {QUIZ_ANSWER: None}
        bank = quiz_logic.load_quiz()
        state = _quiz_state(tracker)
        question = state.current(bank)
        if question is None:
            return {QUIZ_ANSWER: slot_value}
        answer = quiz_logic.interpret_answer(str(slot_value), question, bank)
        if answer.kind == quiz_logic.STOP:
            return {QUIZ_ANSWER: slot_value}
        if answer.kind in (quiz_logic.INVALID, quiz_logic.QUESTION):
            asked = answer.kind == quiz_logic.QUESTION
            if answer_question_mid_quiz(dispatcher, tracker, question, asked=asked):
                return {QUIZ_ANSWER: None}  # the form asks the same quiz question again
            dispatcher.utter_message(
                response="utter_quiz_invalid", last_letter=question.letters[-1], count=len(question.options)
            )
            return {QUIZ_ANSWER: None}

        correct = state.record(question, answer.index)
        dispatcher.utter_message(
            response="utter_quiz_correct" if correct else "utter_quiz_wrong",
            letter=question.letter(question.correct),
            option=question.correct_option,
            explanation=question.explanation,
            section=tour_logic.load_tour().title_of(question.section),
        )
        seen = list(tracker.get_slot(QUIZ_SEEN) or []) + [question.id]
        return {
            QUIZ_RESULTS: state.results,
            QUIZ_SEEN: seen,
            QUIZ_ANSWER: slot_value if state.finished else None,
        }


def answer_question_mid_quiz(
    dispatcher: CollectingDispatcher, tracker: Tracker, question: quiz_logic.Question, asked: bool
) -> bool:
    """Answer a question about the note typed instead of a quiz answer; False if it is none.

    A text the NLU confidently answers from one topic is a question, unless it looks
    like a garbled option (its answer could give the option away). A text that opens
    with a question word is a question in any case: if the note does not answer it
    surely, the user hears so instead of "not one of the answers".
    Answers come without their feedback and related-topic buttons: the quiz question's
    buttons follow right after.
    """
    if _intent(tracker) not in QUESTION_INTENTS:
        return False
    knowledge = load_knowledge()
    latest = tracker.latest_message
    decision = decide(latest, knowledge, _entity(tracker, TOPIC_ENTITY))
    decision = with_second_question(latest, knowledge, decision)
    text = latest.get("text") or ""
    if decision.kind == ANSWER and (asked or not quiz_logic.resembles_option(text, question)):
        for topic in decision.topics:
            dispatcher.utter_message(response=topic.utter_action)
    elif not asked:
        return False
    elif decision.kind == NOT_COVERED:
        # Its topic buttons work mid-quiz too: a chosen topic is answered like a question.
        dispatcher.utter_message(response=decision.response, buttons=topic_buttons(decision.topics))
    else:
        dispatcher.utter_message(response="utter_quiz_question_unsure")
    dispatcher.utter_message(response="utter_quiz_back")
    return True


class ActionQuizSummary(Action):
    """Score, sections worth re-reading, and what to do next."""

    def name(self) -> Text:
        return "action_quiz_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        bank, tour = quiz_logic.load_quiz(), tour_logic.load_tour()
        summary = quiz_logic.summarize(_quiz_state(tracker), bank, tour.headings)
        if summary.answered == 0:
            dispatcher.utter_message(response="utter_quiz_stopped_early")
        elif summary.stopped:
            dispatcher.utter_message(
                response="utter_quiz_stopped",
                answered=summary.answered,
                total=summary.total,
                score=summary.score,
            )
        else:
            dispatcher.utter_message(response="utter_quiz_score", score=summary.score, total=summary.total)
        if summary.sections_to_reread:
            # One button per section: it opens the guided tour at that section.
            dispatcher.utter_message(
                response="utter_quiz_reread", buttons=reread_buttons(tour, summary.sections_to_reread)
            )
        elif summary.answered and not summary.stopped:
            dispatcher.utter_message(response="utter_quiz_all_correct")
        dispatcher.utter_message(response="utter_quiz_next", buttons=after_quiz_buttons(bank, tour))
        return [SlotSet(QUIZ_QUESTIONS, None), SlotSet(QUIZ_RESULTS, None), SlotSet(QUIZ_ANSWER, None)]


class ActionTour(Action):
    """Start, page through, jump in, resume or stop the guided tour of the note."""

    def name(self) -> Text:
        return "action_tour"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        tour = tour_logic.load_tour()
        command = TOUR_COMMANDS.get(_intent(tracker) or "", tour_logic.RESUME)
        step = tour_logic.move(
            tour,
            command,
            _tour_position(tracker),
            target=_entity(tracker, TOUR_SECTION_ENTITY),
            text=tracker.latest_message.get("text", ""),
        )
        if step.not_running:
            dispatcher.utter_message(response="utter_trainer_idle", buttons=trainer_menu_buttons())
            return []
        if step.stopped or step.finished:
            if step.finished:
                dispatcher.utter_message(
                    response="utter_tour_finished", buttons=after_tour_buttons(quiz_logic.load_quiz(), tour)
                )
            else:
                dispatcher.utter_message(response="utter_tour_stopped")
            return [SlotSet(TOUR_ACTIVE, False), SlotSet(TOUR_POSITION, None)]
        if step.choose:
            dispatcher.utter_message(response="utter_tour_choose_section", buttons=section_buttons(tour))
            return []

        if command == tour_logic.START:
            dispatcher.utter_message(response="utter_tour_intro", total=len(tour.sections))
        elif command == tour_logic.RESUME:
            dispatcher.utter_message(response="utter_tour_resume")
        section = tour.sections[step.position]
        dispatcher.utter_message(
            response="utter_tour_section",
            number=step.position + 1,
            total=len(tour.sections),
            title=section.title,
            summary=section.summary,
            buttons=tour_buttons(tour, step.position),
        )
        return [SlotSet(TOUR_ACTIVE, True), SlotSet(TOUR_POSITION, step.position)]


def _offer_tour_resume(dispatcher: CollectingDispatcher, position: int) -> None:
    tour = tour_logic.load_tour()
    dispatcher.utter_message(
        response="utter_tour_offer_resume",
        number=position + 1,
        total=len(tour.sections),
        title=tour.sections[position].title,
        buttons=resume_buttons(tour),
    )


class ActionOfferTourResume(Action):
    """After an answer given during the tour: offer to go back to where the tour was."""

    def name(self) -> Text:
        return "action_offer_tour_resume"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        position = _tour_position(tracker)
        if position is not None:
            _offer_tour_resume(dispatcher, position)
        else:
            self.no_tour(dispatcher)
        return []

    def no_tour(self, dispatcher: CollectingDispatcher) -> None:
        """Nothing to resume: say nothing."""


class ActionTrainerIdle(ActionOfferTourResume):
    """A quiz answer ("B") when no quiz is running: offer the quiz, or the tour in progress."""

    def name(self) -> Text:
        return "action_trainer_idle"

    def no_tour(self, dispatcher: CollectingDispatcher) -> None:
        dispatcher.utter_message(response="utter_trainer_idle", buttons=trainer_menu_buttons())
