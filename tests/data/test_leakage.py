"""The leak check treats re-spelled and re-worded copies of a question as the same question."""

import pytest

from vidensassistent.tooling.leakage import Line, exact_key, exact_matches, near_duplicates, normalise


@pytest.mark.parametrize(
    "a,b",
    [
        ("reden kfuk", "RedenKFUK"),
        ("Hvor stort er mørketallet?", "hvor stort er moerketallet"),
        ("hvor stort er mørketallet", "hvor stort er morketallet"),
        ("små skridt", "smaa skridt"),
        ("Århus", "aarhus"),
        ("hvad er formålet med notatet", "Hvad er formalet med notatet ??"),
        ("kvinde fra [Aarhus](city)", "kvinde fra Aarhus"),
    ],
)
def test_spellings_of_one_question_share_a_key(a, b):
    assert exact_key(a) == exact_key(b)


def test_different_questions_keep_different_keys():
    assert exact_key("hvad er reden") != exact_key("hvad er rederiet")
    assert normalise("Hvem  er du?") == "hvem er du"


def _line(text):
    return Line(text, "t", "x.yml")


def test_a_reworded_copy_is_a_near_duplicate_and_another_question_is_not():
    training = [_line("faktorer der paavirker implementeringen"), _line("hvad koster en indsats")]
    copy = _line("Hvilke faktorer påvirker implementeringen?")
    other = _line("hvilke faktorer påvirker prisen")
    assert [hit[0] for hit in near_duplicates([copy, other], training)] == [copy]
    assert exact_matches([_line("Hvad koster en  indsats?")], training) != []
