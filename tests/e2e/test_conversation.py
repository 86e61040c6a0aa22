"""What a caseworker sees when talking to the real servers over REST."""

import itertools

import pytest

_ids = itertools.count()


def ask(bot, text, sender=None):
    return bot.send(sender or f"e2e-{next(_ids)}", text)


def joined(messages):
    return "\n".join(m.get("text", "") for m in messages)


@pytest.mark.parametrize(
    "question,facts,section",
    [
        ("hvor mange mennesker prostituerer sig i Danmark?", ["3.483", "3.131"], "Prostitutionens omfang"),
        ("rufferi?", ["rufferi", "ansat"], "Definition af prostitution"),
        ("skal de betale skat af indtægten", ["50.000 kr"], "Definition af prostitution"),
        ("hvad står der i formaalsvejledningen", ["prostitutionsophør"], "Sociale indsatser, der virker"),
        ("hvad er Big Bang strategien", ["Big Bang"], "Implementeringsstrategier"),
        ("hvor længe kan man bo på Hanne Mariehjemmet", ["14 dage"], "Initiativer på prostitutionsområdet"),
    ],
)
def test_question_gets_the_notes_facts_and_its_source(bot, question, facts, section):
    messages = ask(bot, question)
    text = joined(messages)
    for fact in facts:
        assert fact in text
    assert f"Kilde: Vidensnotatet, afsnittet '{section}'" in text
    # Up to three related topics as follow-up buttons, then the two rating buttons (feedback).
    buttons = messages[-1].get("buttons", [])
    related = [b for b in buttons if b["payload"].startswith("/choose_topic")]
    assert 1 <= len(related) <= 3
    assert [b["title"] for b in buttons[len(related) :]] == ["Svaret hjalp", "Ikke det jeg søgte"]


def test_dated_figures_are_flagged_in_the_answer(bot):
    text = joined(ask(bot, "Hvor stor en andel af dem på gaden har været udsat for vold fra kunder?"))
    assert "41 %" in text and "Bemærk:" in text


def test_greeting_explains_what_the_bot_is(bot):
    text = joined(ask(bot, "hej"))
    assert "Mennesker, der prostituerer sig" in text


def test_menu_offers_every_area_as_buttons(bot):
    messages = ask(bot, "hvad kan du?")
    titles = [b["title"] for b in messages[-1]["buttons"]]
    assert "Tilbud og initiativer" in titles and len(titles) == 7 + 2
    assert titles[-2:] == ["Quiz", "Gennemgå notatet"]  # trainer mode (tests/trainer)


def test_area_and_topic_buttons_lead_to_an_answer(bot):
    sender = "e2e-buttons"
    menu = ask(bot, "hvad kan du?", sender)
    area = next(b for b in menu[-1]["buttons"] if b["title"] == "Tilbud og initiativer")
    topics = ask(bot, area["payload"], sender)
    reden = next(b for b in topics[-1]["buttons"] if b["title"] == "Reden KFUK")
    answer = joined(ask(bot, reden["payload"], sender))
    assert "overnatning" in answer and "Kilde: Vidensnotatet" in answer


@pytest.mark.parametrize(
    "question",
    [
        "hvordan nulstiller jeg min adgangskode til outlook",
        "hvem vandt superligaen sidste år",
    ],
)
def test_out_of_scope_is_said_plainly_with_the_menu(bot, question):
    messages = ask(bot, question)
    assert messages[0]["text"].startswith("Det ligger uden for, hvad jeg ved.")
    assert len(messages[0]["buttons"]) == 7


def test_other_paragraphs_get_a_specific_decline_pointing_to_section_10(bot):
    messages = ask(bot, "hvad siger serviceloven § 85 om bostøtte?")
    assert messages[0]["text"].startswith("Det ligger uden for, hvad jeg ved.")
    assert "§ 10" in messages[0]["text"]
    assert [b["title"] for b in messages[0]["buttons"]][0] == "Serviceloven § 10"


def test_bot_challenge(bot):
    assert "chatbot" in joined(ask(bot, "er du en robot?"))
