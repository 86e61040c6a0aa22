"""The quiz and tour data are complete, consistent with the FAQ data, and taken from the note."""

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from actions.trainer.quiz import load_quiz, looks_like_question
from actions.trainer.tour import load_tour
from vidensassistent.knowledge import load_knowledge
from vidensassistent.settings import ROOT, env

# The note itself: VIDEN_NOTE, else shared/ beside the work tree (as in CI), else /work/shared.
# Without it the checks against the note fail (never skip): a silent skip would hide a quiz or
# tour fact that is not in the note.
_NOTE_NAME = Path("shared", "source", "vidensnotat-prostitution.txt")
NOTE = Path(
    env("VIDEN_NOTE")
    or next((p for p in (ROOT.parent / _NOTE_NAME, Path("/work") / _NOTE_NAME) if p.exists()), "/nonexistent")
)
KNOWLEDGE = load_knowledge()
BANK = load_quiz()
TOUR = load_tour()
QUESTIONS = list(BANK.questions.values())


def test_at_least_seventy_questions_spread_over_every_area():
    assert len(QUESTIONS) >= 70
    per_area = Counter(question.area for question in QUESTIONS)
    assert set(per_area) == set(KNOWLEDGE.areas)
    assert min(per_area.values()) >= 5


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_question_is_well_formed(question):
    assert question.text.endswith("?")
    assert 3 <= len(question.options) <= 4
    assert len(set(question.options)) == len(question.options)
    # A bare letter or number would clash with answering by letter or number.
    assert not any(re.fullmatch(r"[A-Da-d1-4]", option) for option in question.options)
    assert question.section in TOUR.headings
    assert "\n" not in question.explanation and len(question.explanation) <= 250


def _share_where_the_right_option_is(extreme):
    """Share of questions whose right option is the longest (max) or shortest (min); a tie counts."""
    hits = [q.id for q in QUESTIONS if len(q.correct_option) == extreme(len(option) for option in q.options)]
    return len(hits) / len(QUESTIONS), hits


def test_the_right_option_is_the_longest_in_at_most_a_third_of_the_questions():
    # Otherwise "pick the longest, most specific option" scores well without knowing the note.
    share, hits = _share_where_the_right_option_is(max)
    assert share <= 1 / 3, hits


def test_the_right_option_is_the_shortest_in_at_most_a_third_of_the_questions():
    # ... and shortening the right options must not make "pick the shortest" the trick instead.
    share, hits = _share_where_the_right_option_is(min)
    assert share <= 1 / 3, hits


def test_no_option_opens_with_a_question_word():
    # A message opening with a question word is answered as a question mid-quiz (actions/trainer/actions.py),
    # so typing an option's text must never look like one.
    opening = [(q.id, option) for q in QUESTIONS for option in q.options if looks_like_question(option, BANK)]
    assert opening == []


def test_every_faq_section_is_a_section_of_the_tour():
    assert {topic.section for topic in KNOWLEDGE.topics.values()} <= set(TOUR.headings)


def test_every_quiz_area_has_words_to_choose_it():
    assert set(BANK.area_keywords) == set(KNOWLEDGE.areas)


@pytest.mark.parametrize("section", TOUR.sections, ids=lambda s: s.id)
def test_tour_summary_is_short(section):
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", section.summary) if s]
    assert 2 <= len(sentences) <= 6
    assert len(section.summary) <= 900


def _note_text():
    if not NOTE.exists():
        pytest.fail(
            f"the knowledge note is needed to check the quiz and tour facts but is not at {NOTE}:"
            f" put it at {ROOT.parent / _NOTE_NAME} or set VIDEN_NOTE=/path/to/it",
            pytrace=False,
        )
    # The text is hyphenated across lines ("prostitue-\n\nrer"); join it back.
    text = NOTE.read_text(encoding="utf-8")
    return " ".join(re.sub(r"-\s*\n\s*\n?", "", text).split())


def _numbers(text):
    return set(re.findall(r"\d+(?:\.\d{3})*", text))


def test_tour_follows_the_headings_of_the_note_in_order():
    _note_text()
    lines = [line.strip() for line in NOTE.read_text(encoding="utf-8").splitlines()]
    previous = -1
    for heading in TOUR.headings:
        # the heading as a line of its own, after the one before it
        found = next((i for i in range(previous + 1, len(lines)) if lines[i] == heading), None)
        assert found is not None, f"{heading!r} is not a heading after line {previous} of the note"
        previous = found


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_numbers_in_the_right_answer_and_explanation_are_in_the_note(question):
    note_numbers = _numbers(_note_text())
    claimed = _numbers(question.correct_option + " " + question.explanation)
    assert claimed <= note_numbers


@pytest.mark.parametrize("section", TOUR.sections, ids=lambda s: s.id)
def test_numbers_in_tour_summaries_are_in_the_note(section):
    assert _numbers(section.summary) <= _numbers(_note_text())


def test_every_trainer_response_is_in_the_domain():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    code = "\n".join(path.read_text() for path in (ROOT / "actions" / "trainer").glob("*.py"))
    used = set(re.findall(r'"(utter_(?:quiz|tour|trainer)_\w+)"', code))
    assert used and used <= set(domain["responses"])
