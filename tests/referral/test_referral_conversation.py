"""Referral conversations with the real Rasa and action servers over REST: what a
caseworker sees when describing a citizen, answering the questions, stopping,
starting over and following up."""

import itertools

import pytest

_ids = itertools.count()


class Chat:
    def __init__(self, bot):
        self.bot = bot
        self.sender = f"referral-e2e-{next(_ids)}"
        self.last = []

    def say(self, text):
        self.last = self.bot.send(self.sender, text)
        return self.text

    def press(self, title):
        button = next(b for b in self.last[-1]["buttons"] if b["title"] == title)
        return self.say(button["payload"])

    @property
    def text(self):
        return "\n\n".join(m.get("text") or "" for m in self.last)

    @property
    def buttons(self):
        return [b["title"] for b in (self.last[-1].get("buttons") or [])] if self.last else []


@pytest.fixture
def chat(bot):
    return Chat(bot)


NEED_QUESTION = "Hvad har borgeren mest brug for?"
CITY_QUESTION = "Hvor i landet er borgeren?"


@pytest.mark.parametrize(
    "description,first,also",
    [
        ("en kvinde fra gaden i Aarhus har brug for et sted at sove i nat", "1. Reden KFUK", "Århus"),
        (
            "borgeren arbejder på klinik og skal have en bisidder med til jobcentret",
            "1. Kompetencecenter Prostitution",
            "klinikprostitution",
        ),
        ("han vil gerne ud af prostitution, bor i Aalborg", "1. Exit Prostitution", "formålsvejledningen"),
        (
            "en kvinde med stofmisbrug sælger sex og har brug for en pause fra miljøet",
            "1. Hanne Mariehjemmet",
            "14 dage",
        ),
    ],
)
def test_a_complete_description_goes_straight_to_the_answer(chat, description, first, also):
    text = chat.say(description)
    assert first in text and also in text
    assert "Efter servicelovens § 10" in text and "fra 2013" in text
    assert "Ny borger" in chat.buttons


def test_reden_is_not_in_aalborg_and_the_answer_shows_what_is(chat):
    text = chat.say("en kvinde på gaden i Aalborg mangler et sted at sove")
    assert "Reden KFUK findes ifølge notatet kun i København, Odense og Århus – ikke i Aalborg." in text
    assert "I Aalborg nævner notatet: Exit Prostitution" in text


def test_step_by_step_one_question_at_a_time_with_buttons_and_free_text(chat):
    assert NEED_QUESTION in chat.say("jeg har en borger, der sælger sex")
    assert "At komme ud af prostitution" in chat.buttons
    assert CITY_QUESTION in chat.press("At komme ud af prostitution")
    assert chat.buttons == ["København", "Odense", "Århus", "Aalborg", "Et andet sted", "Ved ikke"]
    text = chat.say("hun bor i Aalborg")
    assert "1. Exit Prostitution" in text and "2. Kompetencecenter Prostitution" in text


def test_step_by_step_for_somewhere_to_sleep_asks_city_gender_and_form(chat):
    assert NEED_QUESTION in chat.say("hvad kan jeg tilbyde en borger, der prostituerer sig")
    assert CITY_QUESTION in chat.say("et sted at sove og mad")
    assert "kvinde eller mand" in chat.say("Odense")
    assert "Hvor prostituerer borgeren sig?" in chat.press("Kvinde")
    assert "1. Reden KFUK" in chat.say("på gaden")


def test_a_place_the_note_does_not_name(chat):
    chat.say("borgeren vil gerne stoppe med at sælge sex")
    text = chat.say("Tarm")
    assert "ikke i Tarm" in text and "1. Kompetencecenter Prostitution" in text


def test_stop_in_the_middle_ends_the_questions_and_questions_work_again(chat):
    chat.say("jeg har en borger, der sælger sex")
    assert "jeg stopper spørgsmålene" in chat.say("stop")
    text = chat.say("hvor mange prostituerer sig i Danmark?")
    assert "3.483" in text and NEED_QUESTION not in text


def test_forfra_in_the_middle_starts_over_with_a_new_citizen(chat):
    chat.say("borgeren vil gerne ud af prostitution")
    text = chat.say("forfra")
    assert "Vi starter forfra" in text and NEED_QUESTION in text
    assert "1. Kompetencecenter Prostitution" in chat.press("Rådgivning eller bisidder")


def test_a_knowledge_question_in_the_middle_is_answered_and_the_question_asked_again(chat):
    chat.say("en kvinde har brug for et sted at sove")
    text = chat.say("hvad er Hanne Mariehjemmet?")
    assert "14 dages varighed" in text and CITY_QUESTION in text


@pytest.mark.parametrize(
    "description,expected",
    [
        ("en 16-årig pige sælger sex på gaden i Odense", "under 18 år"),
        ("borgeren bliver tvunget af sin kæreste til at sælge sex", "tvinges af andre"),
    ],
)
def test_not_prostitution_under_the_definition(chat, description, expected):
    text = chat.say(description)
    assert expected in text and "straffeloven" in text
    assert "Notatet beskriver ikke, hvordan den slags sager skal håndteres." in text
    assert "Reden KFUK" not in text and "Exit Prostitution" not in text


def test_follow_ups_about_an_initiative_asked_directly(chat):
    assert "Reden KFUK i København, Odense og Århus" in chat.say("hvad er Reden?")
    assert "Reden KFUK findes ifølge notatet i København, Odense og Århus." in chat.say("hvor findes det?")
    assert "Kvinder, primært med dansk etnisk baggrund" in chat.say("hvem kan bruge det?")
    text = chat.say("og i Aalborg?")
    assert "Nej, Reden KFUK findes ifølge notatet kun i" in text and "Exit Prostitution" in text


def test_how_long_at_hanne_mariehjemmet_and_a_follow_up(chat):
    assert "14 dages varighed" in chat.say("hvor længe kan man bo på Hanne Mariehjemmet?")
    assert "Kvinder fra stofmisbrugsmiljøet i hele Danmark" in chat.say("hvem kan bruge det?")


def test_another_city_for_the_citizen_in_context(chat):
    assert "1. Reden KFUK" in chat.say("en kvinde fra gaden i Aarhus har brug for et sted at sove i nat")
    assert "ikke i Aalborg" in chat.say("og i Aalborg?")
    text = chat.say("og i Odense?")
    assert "1. Reden KFUK" in text and "Odense" in text


def test_more_about_the_best_offer_gives_the_full_answer(chat):
    chat.say("han vil gerne ud af prostitution, bor i Aalborg")
    text = chat.press("Mere om Exit Prostitution")
    assert "Kilde: Vidensnotatet, afsnittet 'Initiativer på prostitutionsområdet'" in text
    assert "prostitutionsfrekvens" in text


def test_the_referral_works_over_socketio_with_quick_replies(bot):
    """The web widget's channel: the answer and its buttons arrive as quick replies."""
    import asyncio

    from vidensassistent.tooling.sio import ask

    replies = asyncio.run(
        ask(bot.url, "referral-socketio-1", "han vil gerne ud af prostitution, bor i Aalborg")
    )
    text = "\n\n".join(r.get("text", "") for r in replies)
    assert "1. Exit Prostitution" in text and "Efter servicelovens § 10" in text
    titles = [q["title"] for q in replies[-1]["quick_replies"]]
    assert titles[0] == "Mere om Exit Prostitution" and titles[-1] == "Ny borger"


def test_the_duties_and_the_2013_caveat_are_said_once_then_referred_to(chat):
    """Issue 13: a second citizen in the same conversation gets the offers without the
    § 10 paragraph again (it is above in the chat), but still a short 2013 caveat."""
    first = chat.say("en kvinde fra gaden i Aarhus har brug for et sted at sove i nat")
    assert "Efter servicelovens § 10" in first and "Gengivelsen af serviceloven er også fra 2013" in first
    chat.press("Ny borger")
    second = chat.say("han vil gerne ud af prostitution, bor i Aalborg")
    assert "1. Exit Prostitution" in second
    assert "Efter servicelovens § 10" not in second, "the § 10 paragraph is not repeated"
    assert "servicelovens § 10 står i det første svar ovenfor" in second
    # A duty not said before is still given in full, and every answer keeps its caveat and source.
    assert "formålsvejledningen" in second
    assert "Som nævnt ovenfor er oplysningerne fra notatet fra 2013" in second
    assert "Kilde: Vidensnotatet" in second
