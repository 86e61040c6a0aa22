"""Every fact of the note is held by the answer of the topic meant to answer it (issue 11, item 8).

data/knowledge/coverage.yml lists the note's facts section by section; a fact is
held when all its evidence strings occur in utter_faq/<topic> (case-insensitive,
whitespace folded). A user asking about any fact of the note then gets it from
that topic's answer, and removing it from the answer fails here.
"""

import pytest

from vidensassistent.tooling.coverage import (
    Fact,
    check,
    load_answers,
    load_coverage,
    missing_evidence,
    note_headings,
    problems,
    topic_ids,
)

SECTIONS = load_coverage()
FACTS = [fact for section in SECTIONS for fact in section.facts]
ANSWERS = load_answers()
HEADINGS = note_headings()
TOPICS = topic_ids()


def test_matching_ignores_case_and_folds_whitespace():
    answer = "Der er ingen opgørelse over,\n  hvor mange MÆND der prostituerer sig."
    assert missing_evidence(answer, ["ingen opgørelse over, hvor mange mænd"]) == ()
    assert missing_evidence(answer, ["mænd", "3.483"]) == ("3.483",)


def test_a_fact_missing_from_its_answer_is_reported_with_the_topic_that_holds_it():
    fact = Fact("Prostitutionens omfang", "SFI anslog 3.131", "gender_ethnicity", ("3.131",))
    result = check(fact, ANSWERS)
    assert not result.held
    assert result.missing == ("3.131",)
    assert result.held_elsewhere == ("extent_numbers",)


def test_every_section_of_the_note_is_covered_in_order_and_every_topic_exists():
    assert problems(SECTIONS, HEADINGS, TOPICS) == []
    assert [section.heading for section in SECTIONS] == HEADINGS


def test_a_missing_section_or_unknown_topic_is_a_problem():
    fact = Fact("Økonomi", "x", "no_such_topic", ("x",))
    found = problems([type(SECTIONS[0])("Økonomi", (fact,))], ["Indledning", "Økonomi"], TOPICS)
    assert any("Indledning" in p for p in found)
    assert any("no_such_topic" in p for p in found)


def test_every_topic_answers_at_least_one_fact_of_the_note():
    # A topic with no fact here means coverage.yml skipped part of the note.
    assert sorted(set(TOPICS) - {fact.topic for fact in FACTS}) == []


@pytest.mark.parametrize("fact", FACTS, ids=lambda f: f"{f.topic}: {f.text[:50]}")
def test_every_fact_is_held_by_its_topics_answer(fact):
    assert fact.evidence, "a fact needs at least one evidence string"
    assert fact.topic in ANSWERS, f"no answer utter_faq/{fact.topic}"
    assert check(fact, ANSWERS).missing == ()
