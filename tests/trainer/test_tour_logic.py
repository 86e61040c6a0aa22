"""Paging through the guided tour of the note."""

import pytest

from actions.trainer.tour import BACK, JUMP, NEXT, RESUME, START, STOP, load_tour, move

TOUR = load_tour()
LAST = len(TOUR.sections) - 1


def test_the_tour_starts_at_the_first_section_and_pages_forward_and_back():
    step = move(TOUR, START, None)
    assert step.position == 0
    assert move(TOUR, NEXT, 0).position == 1
    assert move(TOUR, BACK, 1).position == 0
    assert move(TOUR, BACK, 0).position == 0  # nothing before the first section


def test_next_after_the_last_section_finishes_the_tour():
    step = move(TOUR, NEXT, LAST)
    assert step.finished and step.position is None


def test_stop_ends_the_tour_and_resume_returns_to_the_same_section():
    assert move(TOUR, STOP, 4).stopped
    assert move(TOUR, RESUME, 4).position == 4


@pytest.mark.parametrize("command", [NEXT, BACK, RESUME, STOP])
def test_commands_need_a_tour_in_progress(command):
    assert move(TOUR, command, None).not_running


def test_jump_by_button_to_a_section():
    assert move(TOUR, JUMP, 2, target="oekonomi").position == TOUR.index_of("oekonomi")


@pytest.mark.parametrize(
    "text,section",
    [
        ("spring til økonomi", "oekonomi"),
        ("spring til oekonomi", "oekonomi"),
        ("hop til afsnittet om initiativer", "initiativer"),
        ("spring til implementering", "implementering"),
        ("gå til implementeringsstrategier", "strategier"),
        ("spring til definitionen", "definition"),
        ("spring til målgruppen", "maalgruppe"),
        ("spring til afsnit 5", "omfang"),
    ],
)
def test_jump_to_a_section_named_in_text(text, section):
    step = move(TOUR, JUMP, None, text=text)
    assert TOUR.sections[step.position].id == section


def test_jump_without_a_recognisable_section_offers_the_list():
    step = move(TOUR, JUMP, 3, text="spring til")
    assert step.choose and step.position == 3


def test_the_tour_follows_the_note_from_foreword_to_initiatives():
    assert TOUR.headings[0] == "Viden til gavn"
    assert TOUR.headings[-1] == "Initiativer på prostitutionsområdet"
    assert TOUR.headings.index("Definition af prostitution") < TOUR.headings.index("Økonomi")
