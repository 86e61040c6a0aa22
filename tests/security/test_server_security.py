"""Findings 1-8 and 12 of the security review (issue 12), against the real Rasa
server and action server (tests/security/conftest.py)."""

import asyncio
import json
import re
import socket
import sqlite3
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from vidensassistent.integration import messages
from vidensassistent.tooling.sio import SocketIOClient

HERE = Path(__file__).resolve().parent
NAME_SET = yaml.safe_load((HERE / "names_addresses.yml").read_text(encoding="utf-8"))["messages"]
CPR_SPELLINGS = ["0101 90 1234", "01.01.1990-1234", "010190_1234", "0 1 0 1 9 0 1 2 3 4"]
PHONE_SPELLINGS = ["1234-5678", "123 45 678", "12 34 56 789", "12.34.56.78"]
EMAIL_SPELLINGS = ["jens.hansen (at) aarhus.dk", "jens.hansen @ aarhus.dk"]


def texts(reply):
    return [m.get("text") or "" for m in reply]


def everything_stored(bot):
    """All events as stored, and the logs: where personal data must not be."""
    with sqlite3.connect(bot.tracker_db) as db:
        rows = "\n".join(row[0] for row in db.execute("SELECT data FROM events"))
    # JSON escapes æ/ø/å; compare on the decoded text.
    decoded = "\n".join(
        json.dumps(json.loads(line), ensure_ascii=False) for line in rows.splitlines() if line
    )
    logs = "".join(p.read_text(errors="replace") for p in bot.workdir.glob("*.log"))
    return decoded, logs


def log_text(bot, name="rasa.log"):
    return (bot.workdir / name).read_text(errors="replace")


# --- finding 1 (and 2): nothing personal is stored, over REST and socket.io --------------


def test_names_and_addresses_are_not_stored_anywhere(sec_bot):
    reminded = 0
    for index, item in enumerate(NAME_SET):
        body = json.dumps(
            {"sender": f"sec-names-{index}", "message": item["text"], "metadata": {"note": item["text"]}}
        ).encode()
        status, reply = sec_bot.post("/webhooks/rest/webhook", body)
        assert status == 200, reply
        reminded += texts(reply)[0].startswith("Jeg har fjernet")
    assert reminded >= 0.95 * len(NAME_SET)
    stored, logs = everything_stored(sec_bot)
    missed = [
        (item["text"], part)
        for item in NAME_SET
        for part in item["personal"]
        if re.search(rf"(?<!\w){re.escape(str(part))}(?!\w)", stored)
    ]
    # The recall goal is 95 % (test_redaction); here: what was missed is counted, not hidden.
    total = sum(len(item["personal"]) for item in NAME_SET)
    assert len(missed) <= 0.05 * total, missed
    for item in NAME_SET:
        for kept in item.get("keep", []):
            assert kept in stored
    assert "Vestergade 12" not in logs and "Mette Hansen" not in logs


def test_the_session_metadata_slot_gets_no_names_or_addresses(sec_bot):
    async def talk():
        client = SocketIOClient(sec_bot.url)
        await client.connect()
        try:
            session = await client.session_request("sec-sio-names")
            await client.say(
                "borgeren hedder Lise-Lotte Pedersen og bor på Algade 18, 9000 Aalborg",
                session,
                metadata={"borger": "Lise-Lotte Pedersen", "adresse": "Algade 18"},
            )
            reminder, answer = await client.replies(2)
            assert reminder["text"].startswith("Jeg har fjernet") and answer["text"]
            await asyncio.sleep(1)  # the turn is stored after the last reply is sent
        finally:
            await client.close()

    asyncio.run(talk())
    stored, logs = everything_stored(sec_bot)
    for secret in ("Lise-Lotte", "Pedersen", "Algade 18", "9000 Aalborg"):
        assert secret not in stored and secret not in logs, secret
    assert "Aalborg" in stored  # the town the referral needs stays


@pytest.mark.parametrize("secret", CPR_SPELLINGS + PHONE_SPELLINGS + EMAIL_SPELLINGS)
def test_cpr_phone_and_email_spellings_are_not_stored(sec_bot, secret):
    sender = f"sec-spelling-{(CPR_SPELLINGS + PHONE_SPELLINGS + EMAIL_SPELLINGS).index(secret)}"
    reply = sec_bot.send(sender, f"borgeren har {secret}, hvad gør jeg?")
    assert texts(reply)[0].startswith("Jeg har fjernet")
    stored, logs = everything_stored(sec_bot)
    assert secret not in stored and secret not in logs


# --- finding 3: a CPR number or e-mail address as sender ---------------------------------


@pytest.mark.parametrize("sender", ["0101901234", "010190-1234", "jens.hansen@aarhus.dk"])
def test_personal_data_as_sender_is_refused_and_not_stored(sec_bot, sender):
    body = json.dumps({"sender": sender, "message": "hej"}).encode()
    status, reply = sec_bot.post("/webhooks/rest/webhook", body)
    assert status == 400 and reply == {"error": messages.SENDER_PERSONAL_DATA}
    with sqlite3.connect(sec_bot.tracker_db) as db:
        assert not db.execute("SELECT 1 FROM events WHERE sender_id = ?", (sender,)).fetchall()


def test_personal_data_as_socketio_session_id_gets_a_random_id_instead(sec_bot):
    async def talk():
        client = SocketIOClient(sec_bot.url)
        await client.connect()
        try:
            return await client.session_request("0101901234")
        finally:
            await client.close()

    session = asyncio.run(talk())
    assert session != "0101901234" and re.fullmatch(r"[0-9a-f]{32}", session)


# --- finding 4: deep metadata ------------------------------------------------------------


def _deep(levels):
    value = current = {}
    for _ in range(levels):
        current["a"] = {}
        current = current["a"]
    return value


def test_deeply_nested_metadata_gets_a_400_and_no_traceback(sec_bot):
    before = len(log_text(sec_bot))
    body = json.dumps({"sender": "sec-deep", "message": "hej", "metadata": _deep(700)}).encode()
    status, reply = sec_bot.post("/webhooks/rest/webhook", body)
    assert status == 400 and reply == {"error": messages.METADATA_TOO_DEEP}

    async def talk():
        client = SocketIOClient(sec_bot.url)
        await client.connect()
        try:
            session = await client.session_request("sec-deep-sio")
            await client.say("hej", session, metadata=_deep(700))
            return (await client.replies(1))[0]["text"]
        finally:
            await client.close()

    assert asyncio.run(talk()) == messages.METADATA_TOO_DEEP
    assert "Traceback" not in log_text(sec_bot)[before:]
    assert sec_bot.send("sec-deep", "hej")


# --- finding 5: the body limit applies while the body is read ------------------------------


def test_an_oversized_body_is_refused_before_it_is_read(sec_bot):
    head = (
        "POST /webhooks/rest/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/json\r\nContent-Length: 52428800\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", sec_bot.rasa_port), timeout=15) as conn:
        conn.sendall(head + b'{"sender": "sec-big", "message": "')
        # Nothing more is sent: a server that waits for the 50 MB never answers in time.
        answer = conn.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


# --- finding 6: loopback, action server only for Rasa, nothing echoed ----------------------


def _listening_addresses(port):
    addresses = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, state = fields[1], fields[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                addresses.add(address)
    return addresses


def test_both_servers_listen_on_loopback_only(sec_bot):
    for port in (sec_bot.rasa_port, sec_bot.actions_port):
        assert _listening_addresses(port) == {"0100007F"}, port  # 127.0.0.1, nothing else


def _call_actions(bot, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["X-Action-Token"] = token
    request = urllib.request.Request(f"http://127.0.0.1:{bot.actions_port}{path}", data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_action_server_answers_only_the_rasa_server(sec_bot):
    call = json.dumps(
        {
            "next_action": "action_answer_faq",
            "sender_id": "x",
            "tracker": {},
            "domain": {},
            "version": "3.6.2",
        }
    ).encode()
    assert _call_actions(sec_bot, "/webhook", call)[0] == 401
    assert _call_actions(sec_bot, "/webhook", call, token="forkert")[0] == 401
    assert _call_actions(sec_bot, "/actions")[0] == 401
    assert _call_actions(sec_bot, "/health")[0] == 200
    # The Rasa server itself gets through: a question is answered by a custom action.
    assert "3.483" in " ".join(texts(sec_bot.send("sec-actions", "hvor mange prostituerer sig i Danmark?")))


def test_action_server_errors_echo_nothing_and_log_no_traceback(sec_bot):
    import os

    token = os.environ.get("ACTION_SERVER_TOKEN") or sec_bot.actions.env["ACTION_SERVER_TOKEN"]
    before = len(log_text(sec_bot, "actions.log"))
    marker = "Mette Hansen 0101901234"
    body = json.dumps({"next_action": "action_answer_faq", "tracker": marker, "version": "3.6.2"}).encode()
    status, reply = _call_actions(sec_bot, "/webhook", body, token=token)
    assert status == 500 and marker not in reply and "Error" not in reply, reply
    status, reply = _call_actions(sec_bot, "/findes-ikke", token=token)
    assert status == 404 and "findes-ikke" not in reply
    time.sleep(0.5)
    log = log_text(sec_bot, "actions.log")[before:]
    assert "Traceback" not in log and marker not in log


def test_rest_errors_echo_nothing(sec_bot):
    body = b'{"sender": "sec-echo", "message": "Mette Hansen 0101901234", "metadata": 5}'
    status, reply = sec_bot.post("/webhooks/rest/webhook", body)
    assert status == 400 and "Mette" not in json.dumps(reply) and "0101901234" not in json.dumps(reply)


# --- finding 12: quiet logs for normal turns ---------------------------------------------------


def test_a_referral_conversation_writes_no_error_lines(sec_bot):
    before = len(log_text(sec_bot))
    sender = "sec-quiet"
    sec_bot.send(sender, "jeg har en borger, der sælger sex")
    reply = sec_bot.send(sender, "hun har brug for et sted at sove")
    for message in reply:
        for button in message.get("buttons") or []:
            if "København" in button["title"]:
                sec_bot.send(sender, button["payload"])
                break
    time.sleep(0.5)
    new = log_text(sec_bot)[before:]
    assert " ERROR " not in new, [line for line in new.splitlines() if " ERROR " in line][:3]


# --- goal: no 5xx on hostile input --------------------------------------------------------------

HOSTILE_MESSAGES = [
    "",
    " ",
    "\x00" * 50,
    "a" * 1001,
    "<script>alert(1)</script>",
    "'; DROP TABLE events; --",
    "/restart",
    "/session_start",
    "/action_listen",
    '/inform_situation{"city": ',
    '/choose_topic{"topic": 1}',
    '/inform_situation{"need": ["exit", {"x": 1}]}',
    "/" * 500,
    "{" * 500,
    "${jndi:ldap://x}",
    "%s%s%s%n",
    "../../../../etc/passwd",
    "\ud800",
    "🙂" * 300,
    "\u202e\u202dtest",
    "ﷺ" * 100,
    "0101901234 " * 50,
    "Mette Hansen " * 60,
    "Vestergade 12, " * 60,
    "\\u0000",
    "null",
    "[]",
    "{{7*7}}",
    "{slot}",
    "{0[__class__]}",
    "Hans {referral_city}",
]
HOSTILE_BODIES = [
    b"",
    b"{}",
    b"[]",
    b"null",
    b'{"sender": "x"}',
    b'{"message": "x"}',
    b'{"sender": [], "message": "x"}',
    b'{"sender": "x", "message": {}}',
    b'{"sender": "x", "message": "x", "metadata": []}',
    b'{"sender": "x", "message": "x", "metadata": {"a": ' + b"[" * 5000 + b"]" * 5000 + b"}}",
    b'{"sender": "' + b"a" * 200 + b'", "message": "x"}',
    b'{"sender": "x", "message": "x", "stream": true}',
    b"\xff\xfe\x00",
    b'{"sender": "x", "message": "\\ud800"}',
    b'{"sender": "x\\u0000", "message": "x"}',
    b'{"sender": 1e309, "message": "x"}',
    b'{"sender": true, "message": "x"}',
    b'{"sender": "x", "message": "x", "metadata": {"session_started_metadata": {"cpr": "0101901234"}}}',
    b'{"sender": "x", "message": "x"' + b" " * 70000 + b"}",
]


def test_hostile_input_never_gives_a_5xx(sec_bot):
    statuses = []
    for index, message in enumerate(HOSTILE_MESSAGES):
        body = json.dumps({"sender": f"sec-hostile-{index}", "message": message}).encode(
            "utf-8", "surrogatepass"
        )
        statuses.append(sec_bot.post("/webhooks/rest/webhook", body)[0])
    for body in HOSTILE_BODIES:
        statuses.append(sec_bot.post("/webhooks/rest/webhook", body)[0])
    statuses.append(
        sec_bot.post(
            "/webhooks/rest/webhook?stream=true",
            json.dumps({"sender": "sec-hostile-s", "message": "hej"}).encode(),
        )[0]
    )
    assert len(statuses) >= 50
    assert all(status < 500 for status in statuses), statuses

    async def talk():
        client = SocketIOClient(sec_bot.url)
        await client.connect()
        try:
            session = await client.session_request("sec-hostile-sio")
            for message in HOSTILE_MESSAGES[:20]:
                await client.say(message, session, metadata={"a": message})
                assert (await client.replies(1))[0]["text"]
                await asyncio.sleep(0.2)
                while not client.events.empty():
                    client.events.get_nowait()
        finally:
            await client.close()

    asyncio.run(talk())
    assert sec_bot.rasa.running and sec_bot.actions.running
    assert "Traceback" not in log_text(sec_bot)
