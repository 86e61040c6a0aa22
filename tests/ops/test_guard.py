"""Cleaning and limits applied to every message before Rasa sees it (no servers)."""

import pytest

from vidensassistent.integration import messages
from vidensassistent.integration.guard import clean_text, screen, valid_sender


@pytest.mark.parametrize("text", ["", "   ", "\n\t \r\n", "\x00\x01\x1b", "\u200b\u200e", None, 42])
def test_empty_messages_get_the_danish_empty_reply(text):
    assert screen(text).reply == messages.EMPTY


def test_the_limit_is_1000_characters_and_said_in_danish():
    assert screen("a" * messages.MAX_MESSAGE_CHARS).reply is None
    reply = screen("a" * 1234).reply
    assert reply.startswith("Din besked er for lang (1.234 tegn).")
    assert "højst tage imod 1.000 tegn" in reply


def test_control_format_and_surrogate_characters_are_dropped():
    assert clean_text("hvad\x00 er\x07 ruf\u200bferi\ud800?") == "hvad er rufferi?"
    assert clean_text("linje 1\nlinje 2\ttab") == "linje 1 linje 2 tab"


@pytest.mark.parametrize(
    "text", ["🙂👍🏽 tak", "<script>alert('x')</script>", "'; DROP TABLE events; --", "æøå ÆØÅ"]
)
def test_emoji_html_and_sql_pass_through_as_plain_text(text):
    screening = screen(text)
    assert screening.reply is None and screening.text == text


def test_a_zero_width_space_cannot_hide_a_cpr_number():
    assert screen("cpr 010190\u200b-1234").text == "cpr [CPR-nummer]"


@pytest.mark.parametrize("sender", ["abc", "3f2a9c0e8b7d4e6f", "widget-1b2c:3", "a" * 128])
def test_usual_sender_ids_are_valid(sender):
    assert valid_sender(sender)


@pytest.mark.parametrize("sender", ["", " ", "a b", "../etc/passwd", "a" * 129, None, 5, "<x>", "æ"])
def test_odd_sender_ids_are_refused(sender):
    assert not valid_sender(sender)
