"""The CPR/phone/e-mail patterns and the Danish reminder (no servers)."""

import re
from collections import Counter

import pytest

from vidensassistent.integration.messages import privacy_reminder
from vidensassistent.integration.privacy import CPR, EMAIL, PHONE, redact, redact_value

# Any 6+4 digits, with or without separators: what must never be stored.
CPR_LIKE = re.compile(r"\d{2}[ .\-/]?\d{2}[ .\-/]?\d{2}\s*[-\u2010-\u2015\u2212]?\s*\d{4}")


@pytest.mark.parametrize(
    "text,count",
    [
        ("cpr 010190-1234", 1),
        ("cpr 0101901234", 1),
        ("cpr 010190 1234", 1),
        ("cpr 010190 - 1234", 1),
        ("cpr 01.01.90-1234", 1),
        ("cpr 01 01 90 1234", 1),
        ("cpr 311299–9999", 1),  # en dash
        ("cpr ０１０１９０－１２３４", 1),  # full-width
        ("cpr 999999-9999", 1),  # no date check, no modulus 11
        ("borgeren (010190-1234) og søsteren (020291-4321)", 2),
    ],
)
def test_cpr_numbers_in_every_format_are_replaced(text, count):
    redacted, found = redact(text)
    assert not CPR_LIKE.search(redacted), redacted
    assert redacted.count("[CPR-nummer]") == count
    assert found == Counter({CPR: count})


@pytest.mark.parametrize(
    "text,kind",
    [
        ("ring på 12345678", PHONE),
        ("tlf. 12 34 56 78", PHONE),
        ("tlf. 12-34-56-78", PHONE),
        ("tlf. 1234 5678", PHONE),
        ("+45 12345678", PHONE),
        ("0045 12 34 56 78", PHONE),
        ("+46 70 123 45 67", PHONE),
        ("skriv til jens.hansen@aarhus.dk", EMAIL),
        ("mail: sagsbehandler+test@kk.kommune.dk.", EMAIL),
        ("søren.ørsted@københavn.dk", EMAIL),
    ],
)
def test_phone_numbers_and_email_addresses_are_replaced(text, kind):
    redacted, found = redact(text)
    assert found == Counter({kind: 1}), redacted
    assert not re.search(r"\d{4}", redacted) and "@" not in redacted


@pytest.mark.parametrize(
    "text",
    [
        "hvor mange mennesker prostituerer sig? 3.483 eller 3.131",
        "skal de betale skat af 50.000 kr",
        "tal fra 2009 2010 og 2011",
        "i perioden 2013-2014",
        "åbent kl. 10.30-12.30",
        "serviceloven § 85 og § 10",
        "fra den 01.01.2013",
        "1.000.000 kr. om året",
        "op til 14 dage på Hanne Mariehjemmet",
        '/choose_topic{"topic": "extent_numbers"}',
    ],
)
def test_figures_dates_and_button_payloads_are_left_alone(text):
    assert redact(text) == (text, Counter())


def test_metadata_is_redacted_recursively():
    found = Counter()
    value = redact_value({"note": "cpr 0101901234", "list": ["a@b.dk", 5, None]}, found)
    assert value == {"note": "cpr [CPR-nummer]", "list": ["[e-mailadresse]", 5, None]}
    assert found == Counter({CPR: 1, EMAIL: 1})


def test_the_reminder_says_what_was_removed_in_danish():
    assert privacy_reminder(Counter({CPR: 1})).startswith("Jeg har fjernet et CPR-nummer fra din besked")
    text = privacy_reminder(Counter({CPR: 2, PHONE: 1, EMAIL: 1}))
    assert "2 CPR-numre, et telefonnummer og en e-mailadresse" in text
    assert "Skriv venligst ikke CPR-numre" in text
