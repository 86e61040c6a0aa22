"""Privacy, bad input, API token, purge, action server down, restart: with the real
Rasa server and action server (tests/ops/conftest.py). Tests that stop a server
start it again. Each test sets up what it checks, so any one runs alone (`-k`) or in any order."""

import asyncio
import json
import re
import sqlite3
import subprocess
import sys

import pytest

from vidensassistent.integration import messages
from vidensassistent.tooling.load import LoadConfig, delete_conversations, run_load, verify
from vidensassistent.tooling.sio import SocketIOClient

CPR_NUMBERS = ["010190-1234", "0202921234", "030393 1234", "04.04.94-1234", "05 05 95 1234"]
PHONES = ["12345678", "+45 87 65 43 21"]
EMAILS = ["jens.hansen@aarhus.dk"]
CPR_LIKE = re.compile(r"\d{2}[ .\-/]?\d{2}[ .\-/]?\d{2}\s*[-\u2010-\u2015\u2212]?\s*\d{4}")
QUESTION = "hvor mange mennesker prostituerer sig i Danmark?"


def texts(reply):
    return [m.get("text") or "" for m in reply]


def user_events(bot, sender):
    status, tracker = bot.get(f"/conversations/{sender}/tracker?include_events=ALL", token=bot.auth_token)
    assert status == 200, tracker
    return [e for e in tracker["events"] if e["event"] == "user"]


def stored_texts(bot):
    """Everything a person wrote or read, as stored: texts, parsed texts, entities, metadata.

    (Timestamps, confidences and ids are long digit runs too, so the CPR-shaped
    search is limited to these fields; the exact numbers are searched everywhere.)
    """
    with sqlite3.connect(bot.tracker_db) as db:
        rows = [json.loads(row[0]) for row in db.execute("SELECT data FROM events")]
    found = []
    for event in rows:
        parse_data = event.get("parse_data") or {}
        # Rasa's model_id is a random hex uuid that may start with ten digits.
        metadata = {k: v for k, v in (event.get("metadata") or {}).items() if k != "model_id"}
        found += [
            event.get("text") or "",
            parse_data.get("text") or "",
            json.dumps(metadata, ensure_ascii=False),
            json.dumps(parse_data.get("entities") or [], ensure_ascii=False),
        ]
    return "\n".join(found)


def assert_no_personal_data_stored(bot):
    stored = stored_texts(bot)
    assert not CPR_LIKE.search(stored), CPR_LIKE.search(stored).group(0)
    with sqlite3.connect(bot.tracker_db) as db:
        rows = "\n".join(row[0] for row in db.execute("SELECT data FROM events"))
    raw = bot.tracker_bytes()  # also pages SQLite has freed but not overwritten
    logs = "".join(p.read_text(errors="replace") for p in bot.workdir.glob("*.log"))
    for secret in CPR_NUMBERS + PHONES + EMAILS:
        assert secret not in rows and secret.encode() not in raw and secret not in logs, secret


# --- privacy -----------------------------------------------------------------------


def test_rest_conversation_with_cpr_numbers_stores_none_and_reminds(ops_bot):
    sender = "ops-privacy-rest"
    for number in CPR_NUMBERS:
        reply = ops_bot.send(sender, f"min borger har cpr {number}, hvad gør jeg?")
        assert texts(reply)[0].startswith("Jeg har fjernet et CPR-nummer fra din besked")
        assert "Skriv venligst ikke CPR-numre" in texts(reply)[0]
        assert len(reply) >= 2  # and the assistant still answers
    reply = ops_bot.send(sender, f"ring til {PHONES[0]} eller {PHONES[1]} eller skriv til {EMAILS[0]}")
    assert "2 telefonnumre og en e-mailadresse" in texts(reply)[0]
    body = json.dumps(
        {
            "sender": sender,
            "message": "hej",
            "metadata": {"case": f"sag om {CPR_NUMBERS[0]}", "mail": EMAILS[0]},
        }
    ).encode()
    status, reply = ops_bot.post("/webhooks/rest/webhook", body)
    assert status == 200 and "et CPR-nummer og en e-mailadresse" in texts(reply)[0]

    stored = [e["text"] for e in user_events(ops_bot, sender)]
    assert stored[0] == "min borger har cpr [CPR-nummer], hvad gør jeg?"
    assert len(stored) == len(CPR_NUMBERS) + 2
    assert_no_personal_data_stored(ops_bot)


def test_socketio_conversation_with_cpr_numbers_stores_none_and_reminds(ops_bot):
    session = "ops-privacy-socketio"

    async def talk():
        client = SocketIOClient(ops_bot.url)
        await client.connect()
        try:
            assert await client.session_request(session) == session
            for number in CPR_NUMBERS:
                await client.say(f"cpr {number}", session, metadata={"note": number})
                reminder, answer = await client.replies(2)
                assert reminder["text"].startswith("Jeg har fjernet 2 CPR-numre fra din besked")
                assert answer["text"]
        finally:
            await client.close()

    asyncio.run(talk())
    stored = [e["text"] for e in user_events(ops_bot, session)]
    assert stored == ["cpr [CPR-nummer]"] * len(CPR_NUMBERS)
    assert_no_personal_data_stored(ops_bot)


# --- bad input -----------------------------------------------------------------------

LONG = ("hvad er rufferi " * 70).strip()  # 1,119 characters


BAD_ID = messages.BAD_MESSAGE_ID


def _body(**fields):
    return json.dumps({"sender": "ops-bad-input", **fields}).encode()


# (name, raw body, content type, expected status, expected text in the reply or error)
BAD_REQUESTS = [
    ("malformed JSON", b'{"sender": "x", "message": ', "application/json", 400, messages.BAD_JSON),
    ("binary junk", bytes(range(256)) * 4, "application/json", 400, messages.BAD_JSON),
    ("binary junk, no type", b"\x89PNG\r\n\x1a\n\x00\x00", None, 415, messages.BAD_CONTENT_TYPE),
    ("text/plain", _body(message="hej"), "text/plain", 415, messages.BAD_CONTENT_TYPE),
    (
        "form encoded",
        b"sender=x&message=hej",
        "application/x-www-form-urlencoded",
        415,
        messages.BAD_CONTENT_TYPE,
    ),
    ("JSON array", b'["hej"]', "application/json", 400, messages.NOT_AN_OBJECT),
    ("JSON string", b'"hej"', "application/json", 400, messages.NOT_AN_OBJECT),
    ("deeply nested", b"[" * 100000 + b"]" * 100000, "application/json", 413, messages.BODY_TOO_LARGE),
    (
        "nested under limit",
        b'{"a":' * 10000 + b"1" + b"}" * 10000,
        "application/json",
        400,
        messages.BAD_JSON,
    ),
    (
        "missing sender",
        json.dumps({"message": "hej"}).encode(),
        "application/json",
        400,
        messages.MISSING_SENDER,
    ),
    (
        "empty sender",
        json.dumps({"sender": "", "message": "hej"}).encode(),
        "application/json",
        400,
        messages.MISSING_SENDER,
    ),
    (
        "null sender",
        json.dumps({"sender": None, "message": "hej"}).encode(),
        "application/json",
        400,
        messages.MISSING_SENDER,
    ),
    (
        "odd sender",
        json.dumps({"sender": "../../etc/passwd", "message": "hej"}).encode(),
        "application/json",
        400,
        messages.BAD_SENDER,
    ),
    (
        "sender object",
        json.dumps({"sender": {"id": 1}, "message": "hej"}).encode(),
        "application/json",
        400,
        messages.BAD_SENDER,
    ),
    ("missing message", _body(), "application/json", 400, messages.MISSING_MESSAGE),
    ("null message", _body(message=None), "application/json", 400, messages.MISSING_MESSAGE),
    ("number message", _body(message=42), "application/json", 400, messages.MISSING_MESSAGE),
    ("list message", _body(message=["hej"]), "application/json", 400, messages.MISSING_MESSAGE),
    (
        "metadata not an object",
        _body(message="hej", metadata="x"),
        "application/json",
        400,
        messages.BAD_METADATA,
    ),
    *(
        (f"message_id {name}", _body(message="hej", message_id=value), "application/json", 400, BAD_ID)
        for name, value in (("a number", 7), ("with spaces", "a b"), ("too long", "a" * 65))
    ),
    ("body over 64 kB", _body(message="a" * 70000), "application/json", 413, messages.BODY_TOO_LARGE),
    ("empty message", _body(message=""), "application/json", 200, messages.EMPTY),
    ("whitespace only", _body(message=" \n\t\r  "), "application/json", 200, messages.EMPTY),
    ("control characters only", _body(message="\x00\x01\x02\x1b"), "application/json", 200, messages.EMPTY),
    ("very long", _body(message=LONG), "application/json", 200, "Din besked er for lang (1.119 tegn)"),
]


@pytest.mark.parametrize(
    "name,body,content_type,status,expected", BAD_REQUESTS, ids=[r[0] for r in BAD_REQUESTS]
)
def test_unreadable_requests_get_a_4xx_or_a_danish_reply(ops_bot, name, body, content_type, status, expected):
    got_status, reply = ops_bot.post("/webhooks/rest/webhook", body, content_type=content_type)
    assert got_status == status, reply
    if status == 200:
        assert any(t.startswith(expected) for t in texts(reply)), reply
    else:
        assert reply == {"error": expected}


# Readable but odd messages: the assistant answers in Danish, nothing breaks.
ODD_MESSAGES = [
    ("control characters", "hvad er\x00 rufferi\x07?", "hvad er rufferi?"),
    ("lone surrogate", "hvad er rufferi\ud800?", "hvad er rufferi?"),
    ("emoji", "🙂👍🏽🎉", "🙂👍🏽🎉"),
    ("html/script", "<script>alert('hej')</script><b>fed</b>", "<script>alert('hej')</script><b>fed</b>"),
    ("sql", "'; DROP TABLE events; --", "'; DROP TABLE events; --"),
    ("sql 2", "1' OR '1'='1", "1' OR '1'='1"),
    ("exactly 1000 characters", ("rufferi " * 125)[:1000], ("rufferi " * 125)[:1000].strip()),
    ("broken intent payload", '/choose_topic{"topic": ', '/choose_topic{"topic":'),
    ("unknown topic payload", '/choose_topic{"topic": "x"}', '/choose_topic{"topic": "x"}'),
    ("unknown intent payload", "/findes_ikke", "/findes_ikke"),
    ("right-to-left text", "مرحبا كيف حالك", "مرحبا كيف حالك"),
]


@pytest.mark.parametrize("name,text,stored", ODD_MESSAGES, ids=[m[0] for m in ODD_MESSAGES])
def test_odd_messages_get_a_danish_answer_and_are_stored_clean(ops_bot, name, text, stored):
    sender = f"ops-odd-{ODD_MESSAGES.index((name, text, stored))}"
    body = json.dumps({"sender": sender, "message": text}).encode("utf-8", "surrogatepass")
    status, reply = ops_bot.post("/webhooks/rest/webhook", body)
    assert status == 200 and reply and all(texts(reply)), reply
    assert messages.TECHNICAL_ERROR not in texts(reply)
    assert "<script>" not in json.dumps(reply)
    assert user_events(ops_bot, sender)[-1]["text"] == stored


def test_socketio_bad_events_get_a_danish_reply(ops_bot):
    async def talk():
        client = SocketIOClient(ops_bot.url)
        await client.connect()
        try:
            session = await client.session_request("ops-sio-bad")
            await client.emit("user_uttered", "ikke et objekt")
            assert (await client.replies(1))[0]["text"] == messages.SOCKETIO_NOT_AN_OBJECT
            await client.emit("user_uttered", {"message": "hej"})
            assert (await client.replies(1))[0]["text"] == messages.MISSING_SESSION
            await client.say(None, session)
            assert (await client.replies(1))[0]["text"] == messages.MISSING_MESSAGE
            await client.say("  ", session)
            assert (await client.replies(1))[0]["text"] == messages.EMPTY
            await client.say("x" * 5000, session)
            assert (await client.replies(1))[0]["text"].startswith("Din besked er for lang")
            await client.say("hej", session)
            assert (await client.replies(1))[0]["text"].startswith("Hej!")
        finally:
            await client.close()

    asyncio.run(talk())


def _send_with_id(bot, sender, text, message_id):
    body = json.dumps({"sender": sender, "message": text, "message_id": message_id}).encode()
    status, reply = bot.post("/webhooks/rest/webhook", body)
    assert status == 200, reply
    return reply


def test_a_message_sent_again_with_its_id_gets_the_same_answer_and_is_stored_once(ops_bot):
    # A client that lost the reply (server stopped after saving the turn) sends the message
    # again with the same message_id: it gets the first answer, buttons included, once.
    sender = "ops-retry"
    first = _send_with_id(ops_bot, sender, "hvad er definitionen af prostitution?", "turn-1")
    assert any("prostitution" in t.lower() for t in texts(first)), first
    again = _send_with_id(ops_bot, sender, "hvad er definitionen af prostitution?", "turn-1")
    assert again == first
    # A new id is a new turn, even with the same words; a retry of an older turn still
    # gets that turn's own answer.
    second = _send_with_id(ops_bot, sender, "hvor mange mennesker prostituerer sig i Danmark?", "turn-2")
    assert second and second != first
    assert _send_with_id(ops_bot, sender, "hvad er definitionen af prostitution?", "turn-1") == first
    stored = [(e["text"], e.get("message_id")) for e in user_events(ops_bot, sender)]
    assert stored == [
        ("hvad er definitionen af prostitution?", "turn-1"),
        ("hvor mange mennesker prostituerer sig i Danmark?", "turn-2"),
    ]


def test_after_odd_messages_the_server_still_answers(ops_bot):
    for i, (_, text, _) in enumerate(ODD_MESSAGES):
        body = json.dumps({"sender": f"ops-odd-then-fine-{i}", "message": text})
        ops_bot.post("/webhooks/rest/webhook", body.encode("utf-8", "surrogatepass"))
    assert ops_bot.rasa.running and ops_bot.actions.running
    assert "3.483" in " ".join(texts(ops_bot.send("ops-still-fine", QUESTION)))


# --- HTTP API token ------------------------------------------------------------------


def test_http_api_requires_the_token_but_webhooks_stay_open(ops_bot):
    assert ops_bot.get("/conversations/ops-privacy-rest/tracker")[0] == 401
    assert ops_bot.get("/conversations/ops-privacy-rest/tracker", token="forkert")[0] == 401
    assert ops_bot.get("/conversations/ops-privacy-rest/tracker", token=ops_bot.auth_token)[0] == 200
    assert ops_bot.get("/status")[0] == 401
    assert ops_bot.get("/webhooks/rest/")[0] == 200
    assert ops_bot.send("ops-open-webhook", "hej")


# --- retention purge -----------------------------------------------------------------


def test_purge_deletes_conversations_older_than_the_retention(ops_bot):
    ops_bot.send("ops-purge-old", "hej")
    ops_bot.send("ops-purge-new", "hej")
    forty_days = 40 * 86400
    with sqlite3.connect(ops_bot.tracker_db) as db:
        db.execute(
            "UPDATE events SET timestamp = timestamp - ? WHERE sender_id = 'ops-purge-old'", (forty_days,)
        )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "vidensassistent.cli.purge",
            "--days",
            "30",
            "--db-url",
            f"sqlite:///{ops_bot.tracker_db}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "samtaler er dermed slettet helt" in result.stdout
    with sqlite3.connect(ops_bot.tracker_db) as db:
        senders = {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}
    assert "ops-purge-old" not in senders and "ops-purge-new" in senders
    # The server carries on; the purged conversation simply starts afresh.
    assert ops_bot.send("ops-purge-new", QUESTION)
    assert len(user_events(ops_bot, "ops-purge-old")) == 0


# --- action server down or slow ------------------------------------------------------


def test_action_server_down_gives_the_danish_technical_error_and_recovers(ops_bot):
    ops_bot.stop_actions()
    try:
        assert texts(ops_bot.send("ops-actions-down", QUESTION)) == [messages.TECHNICAL_ERROR]
    finally:
        ops_bot.start_actions()
    assert "3.483" in " ".join(texts(ops_bot.send("ops-actions-down", QUESTION)))
    events = user_events(ops_bot, "ops-actions-down")
    assert len(events) == 2  # both turns recorded


def test_hung_action_server_gives_the_technical_error_after_the_timeout(ops_bot):
    ops_bot.actions.pause()  # SIGSTOP: connections are accepted, nothing answers
    try:
        reply = ops_bot.send("ops-actions-slow", QUESTION, timeout=120)
        assert texts(reply) == [messages.TECHNICAL_ERROR]
    finally:
        ops_bot.actions.resume()
    assert "3.483" in " ".join(texts(ops_bot.send("ops-actions-slow", QUESTION)))


# --- load test ---------------------------------------------------------------------


def test_load_test_checks_every_turn_in_the_store_and_notices_a_lost_one(ops_bot):
    config = LoadConfig(ops_bot.url, conversations=5, turns=3)
    result = asyncio.run(run_load(config))
    store = f"sqlite:///{ops_bot.tracker_db}"
    verify(result, store)
    assert (result.ok_turns, result.failed_turns, result.lost, result.duplicates) == (15, 0, 0, 0)

    with sqlite3.connect(ops_bot.tracker_db) as db:  # lose one turn behind the server's back
        db.execute(
            "DELETE FROM events WHERE id = (SELECT MAX(id) FROM events "
            "WHERE sender_id = ? AND type_name = 'user')",
            (config.sender(0),),
        )
    assert verify(result, store).lost == 1
    assert delete_conversations(result, store) > 0
    assert verify(result, store).lost == 15


# --- restart persistence (restarts the Rasa server) ----------------------------------------


def test_restarted_server_continues_the_conversation(ops_bot):
    sender = "ops-restart-menu"
    menu = ops_bot.send(sender, "hvad kan du?")
    area = next(b for b in menu[-1]["buttons"] if b["title"] == "Tilbud og initiativer")
    topics = ops_bot.send(sender, area["payload"])
    before = len(user_events(ops_bot, sender))

    ops_bot.restart_rasa()

    assert len(user_events(ops_bot, sender)) == before
    reden = next(b for b in topics[-1]["buttons"] if b["title"] == "Reden KFUK")
    assert "Kilde: Vidensnotatet" in " ".join(texts(ops_bot.send(sender, reden["payload"])))
    assert len(user_events(ops_bot, sender)) == before + 1


def test_killed_server_resumes_an_open_referral_form_where_it_was(ops_bot):
    status, domain = ops_bot.get("/domain", token=ops_bot.auth_token)
    assert status == 200 and "referral_form" in (domain.get("forms") or {}), (
        "the trained model has no referral_form: retrain (make train) before the ops tests"
    )
    sender = "ops-restart-referral"
    assert "Hvad har borgeren mest brug for?" in " ".join(
        texts(ops_bot.send(sender, "jeg har en borger, der sælger sex"))
    )
    reply = ops_bot.send(sender, "hun vil gerne ud af prostitution")
    assert "Hvor i landet er borgeren?" in " ".join(texts(reply))

    ops_bot.restart_rasa(kill=True)  # a crash, not a clean shutdown

    status, tracker = ops_bot.get(f"/conversations/{sender}/tracker", token=ops_bot.auth_token)
    assert tracker["active_loop"].get("name") == "referral_form"
    answer = " ".join(texts(ops_bot.send(sender, "hun bor i Aalborg")))
    assert "Exit Prostitution" in answer


def test_killed_server_keeps_every_stored_conversation(ops_bot):
    first = ["hej", QUESTION, f"min borger har cpr {CPR_NUMBERS[0]}"]
    for sender, turns in (("ops-kept-a", first), ("ops-kept-b", ["hvad kan du?"])):
        for text in turns:
            assert ops_bot.send(sender, text)
    before = {s: [e["text"] for e in user_events(ops_bot, s)] for s in ("ops-kept-a", "ops-kept-b")}
    assert [len(v) for v in before.values()] == [3, 1]

    ops_bot.restart_rasa(kill=True)

    assert {s: [e["text"] for e in user_events(ops_bot, s)] for s in before} == before
