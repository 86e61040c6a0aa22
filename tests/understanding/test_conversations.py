"""Issue 11 with the real servers: safety first, referral from everyday words,
follow-ups, English, and redaction that does not derail the question."""

from vidensassistent.tooling.realistic import REFERRAL, SAFETY, ReplyReader

READER = ReplyReader()


def texts(messages):
    return " ".join(m.get("text") or "" for m in messages)


def test_a_pimp_who_takes_the_money_gets_the_criminal_code_answer_not_the_needs_form(bot):
    got = READER.read(bot.send("u-pimp", "hun har en alfons der tager alle pengene, hvor kan hun få hjælp?"))
    assert got.first == SAFETY


def test_a_minor_in_the_middle_of_the_referral_questions_stops_them_with_the_safety_answer(bot):
    bot.send("u-form", "jeg har en borger der har brug for hjælp til at komme ud af prostitution")
    got = READER.read(bot.send("u-form", "hun er i øvrigt kun 16"))
    assert got.first == SAFETY


def test_where_do_i_refer_her_without_a_city_starts_the_referral(bot):
    text = "hvor kan jeg henvise en borger, der gerne vil ud af prostitution?"
    got = READER.read(bot.send("u-refer", text))
    assert got.kind == REFERRAL


def test_a_short_follow_up_after_an_answer_stays_on_its_topic(bot):
    first = READER.read(bot.send("u-follow", "hvor mange af dem på gaden har misbrug af hash eller kokain?"))
    assert first.topic == "drugs"
    got = READER.read(bot.send("u-follow", "og heroin?"))
    assert got.topic == "drugs"


def test_an_english_question_gets_the_danish_answer_and_says_so(bot):
    messages = bot.send("u-english", "Is it legal to sell sex in Denmark?")
    assert "I answer in Danish" in texts(messages)
    assert READER.read(messages).topic == "legal_status"


def test_a_cpr_number_is_removed_and_the_question_still_answered(bot):
    messages = bot.send(
        "u-cpr", "Borgeren 010203-1234 tjener penge på at sælge sex, skal hun betale skat af det?"
    )
    assert READER.read(messages).topic == "tax"


def test_a_phone_number_does_not_turn_the_question_into_a_contact_question(bot):
    messages = bot.send(
        "u-phone", "hun ringede fra 22 33 44 55 og spurgte om det er lovligt at sælge sex i Danmark"
    )
    assert READER.read(messages).topic == "legal_status"


def test_two_questions_get_two_answers_each_with_its_source(bot):
    messages = bot.send("u-two", "Er det lovligt at sælge sex i Danmark? Og hvad er rufferi egentlig?")
    answers = [READER.kind_of(m.get("text") or "") for m in messages]
    topics = [a.topic for a in answers if a is not None and a.topic]
    assert topics == ["legal_status", "pimping_employment"]
    assert texts(messages).count("Kilde:") >= 2  # each answer names its section
