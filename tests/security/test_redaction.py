"""Findings 1-4 of the security review (issue 12) at the level of the redaction
itself (no servers): spellings of CPR/phone/e-mail, names and addresses with
their recall and precision, sender ids, metadata depth."""

import glob
import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from vidensassistent.integration.guard import metadata_too_deep, valid_sender
from vidensassistent.integration.privacy import ADDRESS, CPR, EMAIL, NAME, PHONE, redact, redact_value

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NAME_SET = yaml.safe_load((HERE / "names_addresses.yml").read_text(encoding="utf-8"))["messages"]


# --- finding 2: spellings that used to pass ------------------------------------------

SPELLINGS = [
    ("cpr 0101 90 1234", CPR),  # 4-2-4
    ("født 01.01.1990-1234", CPR),  # DD.MM.ÅÅÅÅ-SSSS
    ("cpr 010190_1234", CPR),  # underscore
    ("0 1 0 1 9 0 1 2 3 4", CPR),  # every digit spaced
    ("cpr: 01-01-90-1234", CPR),
    ("ring 1234-5678", PHONE),  # 4-4 with a dash
    ("tlf 123 45 678", PHONE),  # 3-2-3
    ("tlf 12 34 56 789", PHONE),  # 2-2-2-3
    ("tlf 12.34.56.78", PHONE),  # dotted pairs
    ("mobil 1 2 3 4 5 6 7 8", PHONE),
    ("tlf. (+45) 1234 5678", PHONE),
    ("skriv til jens.hansen (at) aarhus.dk", EMAIL),
    ("skriv til jens.hansen [at] aarhus.dk", EMAIL),
    ("skriv til jens.hansen @ aarhus.dk", EMAIL),
    ("jens.hansen snabel-a aarhus.dk", EMAIL),
    ("jens (at) aarhus (dot) dk", EMAIL),
]


@pytest.mark.parametrize("text,kind", SPELLINGS, ids=[s[0] for s in SPELLINGS])
def test_cpr_phone_and_email_spellings_from_the_review_are_replaced(text, kind):
    redacted, found = redact(text)
    assert found[kind] == 1, (redacted, found)
    assert sum(ch.isdigit() for ch in redacted) < 4 and "aarhus" not in redacted.lower(), redacted


@pytest.mark.parametrize(
    "text",
    [
        "i perioden 2013-2014",
        "fra den 01.01.2013",
        "åbent kl. 10.30-12.30",
        "1.000.000 kr.",
        "tal fra 2009 2010 og 2011",
        "den 2013-01-01",
        "3.483 eller 3.131 personer",
        "§ 10 og § 85",
        "hvor mange var der i 2010",
        "hun er 24 år og har 2 børn",
    ],
)
def test_years_dates_amounts_and_times_are_left_alone(text):
    assert redact(text) == (text, Counter())


# --- finding 1: names and addresses -------------------------------------------------


def _recall(items):
    total = removed = 0
    for item in items:
        redacted, _ = redact(item["text"])
        total += len(item["personal"])
        removed += sum(str(part) not in redacted for part in item["personal"])
    return removed / total


def test_the_name_and_address_set_is_realistic_and_large_enough():
    assert len(NAME_SET) >= 150
    assert sum(bool(item.get("fresh")) for item in NAME_SET) >= 40


def test_names_and_addresses_are_redacted_with_at_least_95_percent_recall():
    assert _recall(NAME_SET) >= 0.95
    # Also on the messages written after the rules were tuned.
    assert _recall([item for item in NAME_SET if item.get("fresh")]) >= 0.95


def test_the_notes_names_and_the_referral_towns_are_never_redacted():
    for item in NAME_SET:
        redacted, _ = redact(item["text"])
        for kept in item.get("keep", []):
            assert kept in redacted, (item["text"], redacted)


@pytest.mark.parametrize(
    "text",
    [
        "Hvad tilbyder Hanne Mariehjemmet?",
        "Hvem står bag Reden KFUK?",
        "Hvad har Socialstyrelsen og SFI skrevet?",
        "Hvad er Exit Prostitution?",
        "Hvad laver Kompetencecenter Prostitution?",
        "Findes Reden i Aalborg, Odense, Århus og København?",
        "hvad er Big Bang strategien",
        "Hans mor sælger sex, hvad gør jeg?",
        "Per måned, hvor meget?",
        "kan hun bo på herberg i Kbh",
        "hvad betyder § 10 i serviceloven",
        # an English function word opening a sentence, before a word that is also a surname
        "Our foster child has been meeting men for money at weekends.",
    ],
)
def test_questions_about_the_note_are_not_changed(text):
    assert redact(text) == (text, Counter())


def _questions(pattern):
    texts = []
    for path in sorted(glob.glob(str(ROOT / pattern))):
        for items in (yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}).values():
            texts += [item["text"] for item in items]
    return texts


def test_at_most_one_percent_of_the_judged_questions_change():
    # held-out and realistic questions have no personal data: any change is a false hit
    questions = _questions("tests/heldout/*.yml") + _questions("tests/realistic/*.yml")
    assert len(questions) > 900
    changed = [q for q in questions if redact(q)[1]]
    assert len(changed) <= 0.01 * len(questions), changed


def test_full_names_addresses_and_their_counts():
    redacted, found = redact("Borgeren Mette Hansen bor på Vestergade 12, 2. tv., 8000 Aarhus C")
    assert redacted == "Borgeren [navn] bor på [adresse] Aarhus C"
    assert found == Counter({NAME: 1, ADDRESS: 1})


def test_metadata_names_are_redacted_too():
    found = Counter()
    value = redact_value({"case": {"borger": "Jens Erik Mortensen", "adresse": "Algade 18"}}, found)
    assert json.dumps(value, ensure_ascii=False) == ('{"case": {"borger": "[navn]", "adresse": "[adresse]"}}')
    assert found == Counter({NAME: 1, ADDRESS: 1})


# --- finding 3: personal data as sender ---------------------------------------------


@pytest.mark.parametrize(
    "sender",
    ["0101901234", "010190-1234", "sag-0101901234", "jens.hansen@aarhus.dk", "a@kommune.dk", "12345678"],
)
def test_cpr_numbers_phone_numbers_and_email_addresses_are_refused_as_sender(sender):
    assert not valid_sender(sender)


@pytest.mark.parametrize(
    "sender",
    [
        "3f2a9c0e8b7d4e6f3f2a9c0e8b7d4e6f",
        "widget-1b2c",
        "load-1a2b3c4d-0001",
        "12345678-1234-4abc-8def-123456789012",
    ],
)
def test_random_ids_are_still_valid_senders(sender):
    assert valid_sender(sender)


# --- finding 4: deep metadata ----------------------------------------------------------


def test_deep_metadata_is_detected_without_recursion():
    deep = current = {}
    for _ in range(100_000):
        current["a"] = {}
        current = current["a"]
    assert metadata_too_deep(deep)
    assert not metadata_too_deep({"a": {"b": [1, {"c": 2}]}})


# --- finding 8: a typed place name is validated before the answer repeats it --------------


def test_a_typed_city_must_look_like_a_place_name():
    from actions.referral.catalog import CITY, load_catalog
    from actions.referral.logic import free_text_answer

    catalog = load_catalog()
    assert free_text_answer(CITY, "www.evil.dk", catalog) is None
    assert free_text_answer(CITY, "hun bor i evil.example", catalog) is None
    assert free_text_answer(CITY, "St. Heddinge", catalog) == "St. Heddinge"
    assert free_text_answer(CITY, "Skørping", catalog) == "Skørping"
