"""What happens to what a caseworker types, checked in the tracker store of the real servers.

The "Om Vidensassistenten" page and the README ("Databeskyttelse") say: the typed text
is stored with CPR numbers, phone numbers and e-mail addresses replaced; feedback
comments too; no IP address; the server log holds no message text; content editors
read the questions and comments in the report; "Slet samtalen" deletes the
conversation's stored events at once, through the channel (REST and socket.io),
and only for a connection that belongs to the conversation. Checked for the default
SQLite store and for PostgreSQL (a throwaway server, as `make test-scale` starts it).
"""

import asyncio
import json
import subprocess
import sys
import uuid

import pytest
import sqlalchemy as sa

from tests.conftest import trained_model
from vidensassistent.integration import messages
from vidensassistent.tooling.servers import running_servers
from vidensassistent.tooling.sio import SocketIOClient

QUESTION = "hvor mange sælger sex i danmark"
# Words that occur nowhere else, to find a comment in the database, report, file and logs.
MARKER = "zebrafinkeregister"
DELETED_MARKER = "kolibrikartotek"


class Store:
    """The servers' tracker store, read directly with SQL."""

    def __init__(self, url):
        self.url = url
        self.engine = sa.create_engine(url)

    def events(self, sender):
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
            )
            return [json.loads(row[0]) for row in rows]

    def all_data(self):
        with self.engine.connect() as connection:
            return "\n".join(row[0] for row in connection.execute(sa.text("SELECT data FROM events")))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def servers(request, tmp_path_factory):
    workdir = tmp_path_factory.mktemp(f"dataflow-{request.param}")
    infra = None
    extra_env = {}
    if request.param == "postgresql":
        from vidensassistent.tooling.scale_infra import Infrastructure

        infra = Infrastructure(workdir)
        try:
            infra.start_postgres()
        except RuntimeError as error:  # Debian's postgresql not installed
            infra.stop()
            pytest.skip(str(error))
        extra_env = {"DB_URL": infra.db_url}
    try:
        with running_servers(trained_model(), workdir, extra_env=extra_env) as bot:
            url = infra.db_url if infra else f"sqlite:///{bot.tracker_db}"
            yield request.param, bot, Store(url)
    finally:
        if infra:
            infra.stop()


def user_texts(events):
    return [e.get("text") for e in events if e.get("event") == "user"]


def converse_with_feedback(bot, sender, marker=MARKER):
    """A question, "Ikke det jeg søgte" and a comment with a phone and a CPR number."""
    reply = bot.send(sender, QUESTION)
    button = next(b for m in reply for b in m.get("buttons") or [] if b["title"] == "Ikke det jeg søgte")
    bot.send(sender, button["payload"])
    bot.send(sender, f"tal fra {marker}, ring 12 34 56 78, borgerens cpr er 010203-1234")


def delete_over_rest(bot, sender):
    body = json.dumps({"sender": sender}).encode()
    return bot.post("/webhooks/rest/delete", body)


def test_stored_text_is_redacted_and_editors_read_it_in_the_report(servers, tmp_path):
    kind, bot, store = servers
    sender = f"flow-{uuid.uuid4().hex}"
    converse_with_feedback(bot, sender)

    texts = user_texts(store.events(sender))
    assert any("[telefonnummer]" in t and "[CPR-nummer]" in t for t in texts), texts
    stored = store.all_data()
    assert "12 34 56 78" not in stored and "010203-1234" not in stored
    assert any(MARKER in t for t in texts), "the feedback comment is stored"
    assert "127.0.0.1" not in stored, "no IP address is stored with the conversation"

    # Who can read it: the content editors' report shows the question and the comment.
    subprocess.run(
        [sys.executable, "-m", "vidensassistent.cli.report", "--db-url", store.url, "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert MARKER in report and QUESTION in report

    # The server logs do not hold what was typed.
    for log in ("rasa.log", "actions.log"):
        assert MARKER not in (bot.workdir / log).read_text(errors="replace"), log


def test_slet_samtalen_over_rest_deletes_the_stored_conversation_at_once(servers, tmp_path):
    kind, bot, store = servers
    sender, other = f"flow-{uuid.uuid4().hex}", f"flow-{uuid.uuid4().hex}"
    converse_with_feedback(bot, sender, DELETED_MARKER)
    bot.send(other, QUESTION)
    stored_before = len(store.events(sender))
    assert stored_before > 5
    if kind == "sqlite":
        assert DELETED_MARKER.encode() in bot.tracker_bytes()

    status, reply = delete_over_rest(bot, sender)
    assert status == 200
    assert reply == {"deleted": True, "events": stored_before, "text": messages.CONVERSATION_DELETED}
    assert store.events(sender) == []
    assert store.events(other), "other conversations are untouched"
    if kind == "sqlite":
        # Overwritten in the file and gone from its write-ahead log, not only marked free.
        assert DELETED_MARKER.encode() not in bot.tracker_bytes()

    subprocess.run(
        [sys.executable, "-m", "vidensassistent.cli.report", "--db-url", store.url, "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert DELETED_MARKER not in report and QUESTION in report

    # The same id afterwards is a new, empty conversation that works.
    answer = bot.send(sender, QUESTION)
    assert "Kilde: Vidensnotatet" in " ".join(m.get("text", "") for m in answer)
    assert [t for t in user_texts(store.events(sender))] == [QUESTION]


def test_deleting_twice_or_an_unknown_conversation_is_not_an_error(servers):
    _, bot, store = servers
    status, reply = delete_over_rest(bot, f"flow-{uuid.uuid4().hex}")
    assert (status, reply["deleted"], reply["events"]) == (200, True, 0)
    assert reply["text"] == messages.CONVERSATION_DELETED


def test_bad_deletion_requests_get_a_danish_4xx(servers):
    _, bot, _ = servers
    assert bot.post("/webhooks/rest/delete", b"sender=x", content_type="text/plain")[0] == 415
    status, reply = bot.post("/webhooks/rest/delete", b"{not json")
    assert status == 400 and "JSON" in reply["error"]
    status, reply = bot.post("/webhooks/rest/delete", json.dumps({"sender": "a b/../c"}).encode())
    assert status == 400 and "afsender" in reply["error"]


async def _socketio_deletion(url, sender, store):
    owner, stranger = SocketIOClient(url), SocketIOClient(url)
    await owner.connect()
    await stranger.connect()
    try:
        await owner.session_request(sender)
        await owner.say(QUESTION, sender)
        await owner.replies(1)
        for _ in range(50):  # the bot message is emitted before the tracker is saved
            if store.events(sender):
                break
            await asyncio.sleep(0.1)
        stored = len(store.events(sender))
        assert stored > 0

        # A connection that never joined the conversation cannot delete it.
        refused = await stranger.emit_with_ack("delete_conversation", {"session_id": sender})
        assert refused == {"deleted": False, "text": messages.DELETE_NOT_ALLOWED}
        assert len(store.events(sender)) == stored

        done = await owner.emit_with_ack("delete_conversation", {"session_id": sender})
        assert done["deleted"] is True and done["text"] == messages.CONVERSATION_DELETED
        assert done["events"] >= stored
        assert store.events(sender) == []
    finally:
        await owner.close()
        await stranger.close()


def test_slet_samtalen_over_socketio_deletes_only_for_the_conversations_own_connection(servers):
    _, bot, store = servers
    asyncio.run(_socketio_deletion(bot.url, f"widget-{uuid.uuid4().hex}", store))
