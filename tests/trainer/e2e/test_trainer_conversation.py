"""A quiz and a guided tour with the real servers over REST, as a trainee has them."""

import re

from actions.trainer.quiz import load_quiz
from actions.trainer.tour import load_tour

BANK = load_quiz()
TOUR = load_tour()
QUESTION = re.compile(r"^Spørgsmål (\d+) af (\d+): (.+?)\n\n", re.S)


def texts(messages):
    # The REST channel sends each paragraph of a response as a message of its own.
    return [m.get("text", "") for m in messages]


def joined(messages):
    return "\n\n".join(texts(messages))


def asked(messages):
    """(number, total, question) of the quiz question among the bot's messages."""
    for text in texts(messages):
        match = QUESTION.match(text)
        if match:
            number, total, wording = match.groups()
            question = next(q for q in BANK.questions.values() if q.text == wording)
            return int(number), int(total), question
    return None


def test_a_whole_quiz_by_buttons_letters_numbers_and_text(bot):
    sender = "trainer-quiz"
    reply = bot.send(sender, "quiz mig")
    assert "10 spørgsmål" in texts(reply)[0]
    assert len(reply) == 2  # the introduction and the first question, nothing else
    number, total, question = asked(reply)
    assert (number, total) == (1, 10)
    assert [b["title"] for b in reply[-1]["buttons"]][-1] == "Stop quizzen"

    # A question typed during the quiz gets the normal answer, then the same quiz question again.
    reply = bot.send(sender, "hvor mange prostituerer sig i danmark?")
    assert "3.483" in texts(reply)[0]
    assert not any(t.startswith("Det kan jeg ikke genkende") for t in texts(reply))
    assert "Tilbage til quizzen – her er spørgsmålet igen:" in texts(reply)
    assert asked(reply)[:3] == (1, 10, question)
    assert [b["title"] for b in reply[-1]["buttons"]][-1] == "Stop quizzen"

    seen, wrong_sections = [], set()
    for n in range(1, 11):
        seen.append(question.id)
        letter = question.letter(question.correct)
        if n in (1, 4):  # wrong, by button payload
            wrong = next(i for i in range(len(question.options)) if i != question.correct)
            reply = bot.send(sender, question.letter(wrong))
            expected = f"Forkert. Det rigtige svar er {letter}: {question.correct_option}"
            assert texts(reply)[0].startswith(expected)
            wrong_sections.add(question.section)
        elif n % 2:  # right, by number
            reply = bot.send(sender, str(question.correct + 1))
            assert texts(reply)[0].startswith("Rigtigt!")
        else:  # right, by the option's text
            reply = bot.send(sender, question.correct_option.lower())
            assert texts(reply)[0].startswith("Rigtigt!")
        assert question.explanation in joined(reply)
        assert f"afsnittet '{TOUR.title_of(question.section)}'" in joined(reply)
        if n < 10:
            number, total, question = asked(reply)
            assert number == n + 1

    assert len(set(seen)) == 10
    assert "Quizzen er slut. Du svarede rigtigt på 8 af 10 spørgsmål." in texts(reply)
    # The sections to re-read are buttons, in the note's order, that open the tour there.
    reread = next(m for m in reply if m.get("text", "").startswith("Afsnit i notatet, der er værd at læse"))
    order = [heading for heading in TOUR.headings if heading in wrong_sections]
    assert [b["title"] for b in reread["buttons"]] == [TOUR.title_of(heading) for heading in order]
    assert [b["title"] for b in reply[-1]["buttons"]] == ["Ny quiz", "Gennemgå notatet"]

    reply = bot.send(sender, reread["buttons"][-1]["payload"])
    number = TOUR.headings.index(order[-1]) + 1
    assert texts(reply)[0].startswith(f"Afsnit {number} af {len(TOUR.sections)}: {TOUR.title_of(order[-1])}")
    bot.send(sender, "/stop")

    # After the quiz, questions are answered again.
    reply = bot.send(sender, "hvor mange prostituerer sig i danmark?")
    assert "3.483" in joined(reply)


def test_an_area_quiz_stopped_halfway(bot):
    sender = "trainer-stop"
    reply = bot.send(sender, "quiz om økonomi")
    assert 'Quiz om "Økonomi"' in texts(reply)[0]
    _, total, question = asked(reply)
    assert question.area == "oekonomi"
    # A question without a question word is answered too when the note answers it surely.
    reply = bot.send(sender, "er det lovligt at købe sex i danmark?")
    assert any("afkriminaliseret" in t for t in texts(reply))
    assert asked(reply)[2] == question
    reply = bot.send(sender, question.letter(question.correct))
    assert asked(reply)[2].area == "oekonomi"
    reply = bot.send(sender, "stop")
    assert texts(reply)[0] == f"Quizzen er stoppet. Du nåede 1 af {total} spørgsmål og svarede rigtigt på 1."


def test_a_tour_interrupted_by_a_question_and_resumed(bot):
    sender = "trainer-tour"
    reply = bot.send(sender, "gennemgå notatet")
    assert texts(reply)[1].startswith(f"Afsnit 1 af {len(TOUR.sections)}: Forord: Viden til gavn")
    reply = bot.send(sender, "/tour_next")
    assert texts(reply)[0].startswith("Afsnit 2 af")
    assert [b["title"] for b in reply[-1]["buttons"]] == ["Tilbage", "Næste", "Spring til …", "Stop"]

    reply = bot.send(sender, "er det lovligt at købe sex i danmark?")
    assert any("afkriminaliseret" in t for t in texts(reply))
    assert texts(reply)[-1].startswith("Du er midt i gennemgangen af notatet (afsnit 2 af")

    reply = bot.send(sender, "fortsæt")
    assert texts(reply)[1].startswith("Afsnit 2 af")
    reply = bot.send(sender, "spring til økonomi")
    assert texts(reply)[0].startswith(f"Afsnit {TOUR.index_of('oekonomi') + 1} af")
    reply = bot.send(sender, "/stop")
    assert texts(reply)[0].startswith("Gennemgangen er stoppet")

    # No resume offer once the tour is stopped.
    reply = bot.send(sender, "er det lovligt at købe sex i danmark?")
    assert not any(t.startswith("Du er midt i gennemgangen") for t in texts(reply))
