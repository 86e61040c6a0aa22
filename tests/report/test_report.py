"""`make report` on a tracker store filled by a scripted conversation with the real servers.

The conversation has a rated answer with a comment, a typed "tak, det hjalp", a
plain "tak", a question outside the note, "Mente du …?" questions and answers
given with low confidence; the report must show each of them where an editor
looks for it, with redacted and escaped text.
"""

import csv
import re
import subprocess
import sys

import pytest

from vidensassistent.knowledge import DEFAULT_THRESHOLDS, load_settings
from vidensassistent.settings import ROOT

QUESTION = "hvor mange mennesker prostituerer sig i Danmark?"
COMMENT = "jeg ledte efter hvor mange mænd der sælger sex. Ring evt. på 12 34 56 78"
OUTSIDE = "<b>hvem</b> vandt superligaen sidste år?"
# Vague questions in the note's domain that the current model answers with "Mente du …?";
# one is enough. Each is asked in a conversation of its own: after an answer, a short
# question would be read as a follow-up on that answer instead.
CLARIFY_CANDIDATES = ["prostitution", "hvad ved du om prostituerede", "hvad med dem der sælger sex"]
# Questions the current model answers, but with a topic probability in the low band.
LOW_CANDIDATES = ["forandring i organisationen", "faktorer", "hvordan rekrutterer forskere deltagere"]


def texts(messages):
    return "\n".join(m.get("text") or "" for m in messages)


def button(messages, title):
    return next(b for m in messages for b in m.get("buttons") or [] if b["title"] == title)


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


@pytest.fixture(scope="module")
def session(servers, tmp_path_factory):
    """Run the scripted conversation, then `vidensassistent/cli/report.py` on its tracker store."""
    seen = {}
    a = "report-a"
    seen["answer"] = servers.send(a, QUESTION)
    seen["asked"] = servers.send(a, button(seen["answer"], "Ikke det jeg søgte")["payload"])
    seen["commented"] = servers.send(a, COMMENT)
    seen["second_answer"] = servers.send(a, "hvad er big bang strategien")
    seen["helped"] = servers.send(a, "tak, det hjalp")
    seen["thanks"] = servers.send(a, "tak")

    b = "report-b"
    seen["outside"] = servers.send(b, OUTSIDE)
    clarified = []
    for number, question in enumerate(CLARIFY_CANDIDATES):
        sender = f"report-clarify-{number}"
        reply = servers.send(sender, question)
        if texts(reply).startswith("Jeg er ikke helt sikker"):
            clarified.append(question)
            chosen = reply[-1]["buttons"][0]
            seen.setdefault("chosen", (question, chosen["title"]))
            servers.send(sender, chosen["payload"])
    seen["clarified"] = clarified

    c = "report-c"
    for question in LOW_CANDIDATES:
        servers.send(c, question)

    out = tmp_path_factory.mktemp("report")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "vidensassistent.cli.report",
            "--db-url",
            f"sqlite:///{servers.tracker_db}",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    seen["stdout"] = run.stdout
    seen["out"] = out
    return seen


def test_an_answer_ends_with_the_two_rating_buttons(session):
    buttons = session["answer"][-1]["buttons"]
    assert [b["title"] for b in buttons[-2:]] == ["Svaret hjalp", "Ikke det jeg søgte"]
    assert 3 <= len(buttons) <= 5


def test_not_helpful_asks_what_the_user_looked_for_and_thanks_for_the_comment(session):
    assert "Hvad ledte du efter?" in texts(session["asked"])
    assert [b["title"] for b in session["asked"][-1]["buttons"]] == ["Spring over"]
    assert "Din kommentar er gemt" in texts(session["commented"])


def test_typed_thanks_that_it_helped_is_acknowledged_and_plain_thanks_gets_selv_tak(session):
    assert texts(session["helped"]).startswith("Godt at høre")
    assert texts(session["thanks"]).startswith("Selv tak")


def test_the_not_helpful_answer_is_listed_with_question_topic_and_redacted_comment(session):
    rows = read_csv(session["out"] / "feedback.csv")
    not_helpful = [r for r in rows if r["Vurdering"] == "Ikke det jeg søgte"]
    assert len(not_helpful) == 1
    row = not_helpful[0]
    assert row["Spørgsmål"] == QUESTION
    assert row["Emne id"] == "extent_numbers"
    assert row["Svar"] == "Hvor mange prostituerer sig?"
    assert row["Brugerens kommentar"].startswith("jeg ledte efter hvor mange mænd der sælger sex")
    assert "[telefonnummer]" in row["Brugerens kommentar"]


def test_only_the_typed_it_helped_counts_as_helpful_not_the_plain_thanks(session):
    helpful = [r for r in read_csv(session["out"] / "feedback.csv") if r["Vurdering"] == "Svaret hjalp"]
    assert [(r["Spørgsmål"], r["Emne id"]) for r in helpful] == [
        ("hvad er big bang strategien", "strategy_big_bang")
    ]
    assert "1 'Svaret hjalp', 1 'Ikke det jeg søgte' (1 med kommentar)" in session["stdout"]


def test_questions_without_an_answer_are_listed_with_their_closest_topic(session):
    rows = {r["Spørgsmål"]: r for r in read_csv(session["out"] / "unanswered.csv")}
    assert rows[OUTSIDE]["Udfald"] == "Uden for notatet"
    assert rows[OUTSIDE]["Nærmeste emne id"]  # a topic to compare with, even if it does not fit
    assert session["clarified"], f"none of {CLARIFY_CANDIDATES} got 'Mente du …?' any more; pick others"
    question, chosen_title = session["chosen"]
    assert rows[question]["Udfald"] == "Mente du …?"
    assert rows[question]["Nærmeste emne"]
    assert rows[question]["Brugeren valgte"] == chosen_title
    for question in session["clarified"]:
        assert question in rows
    # Answered questions are not "unanswered".
    assert QUESTION not in rows and "forandring i organisationen" not in rows


def test_answers_given_with_low_confidence_are_listed(session):
    rows = read_csv(session["out"] / "low_confidence.csv")
    listed = {r["Spørgsmål"] for r in rows}
    assert listed & set(LOW_CANDIDATES), f"none of {LOW_CANDIDATES} is a low-confidence answer any more"
    settings = load_settings()
    below = DEFAULT_THRESHOLDS.answer_min_confidence + settings.low_confidence_band
    margin_below = DEFAULT_THRESHOLDS.answer_min_margin + settings.low_margin_band
    for row in rows:
        confidence = float(row["Sandsynlighed"].replace(",", "."))
        margin = float(row["Forspring"].replace(",", "."))
        assert confidence < below + 0.005 or margin < margin_below + 0.005, row
    assert QUESTION not in listed  # a clear question is answered with high confidence


def test_topic_frequencies_count_every_answer_given(session):
    rows = read_csv(session["out"] / "topics_over_time.csv")
    counts = {}
    for row in rows:
        counts[row["Emne id"]] = counts.get(row["Emne id"], 0) + int(row["Antal svar"])
    assert counts["extent_numbers"] == 1 and counts["strategy_big_bang"] == 1
    # every answer: 2 in conversation A, the topics picked after "Mente du …?", the low-band answers
    low = len({r["Spørgsmål"] for r in read_csv(session["out"] / "low_confidence.csv")})
    assert sum(counts.values()) >= 2 + len(session["clarified"]) + low


def test_the_html_report_is_self_contained_escaped_and_redacted(session):
    html = (session["out"] / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "<rect" in html  # the chart of topics over time
    assert not re.search(r"<(script|link|img|iframe)\b", html, re.IGNORECASE)
    assert not re.search(r"(src|href)\s*=\s*[\"']?https?:", html, re.IGNORECASE)
    assert "&lt;b&gt;hvem&lt;/b&gt; vandt superligaen" in html
    assert "<b>hvem</b>" not in html
    assert "12 34 56 78" not in html and "[telefonnummer]" in html
    for heading in ("Ubesvarede spørgsmål", "Svar givet med lav sikkerhed", "Emner over tid"):
        assert heading in html


def test_personal_data_never_reaches_the_tracker_store(session, servers):
    import sqlite3

    with sqlite3.connect(servers.tracker_db) as db:
        stored = "\n".join(row[0] for row in db.execute("SELECT data FROM events"))
    assert "12 34 56 78" not in stored and "12345678" not in stored
