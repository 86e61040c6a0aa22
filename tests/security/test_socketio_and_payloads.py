"""Findings 7 and 8 of the security review (issue 12), with the real servers
(tests/security/conftest.py): socket.io only from the CORS origins and only into one's own
conversation; typed "/intent{…}" payloads count only when the assistant offered them."""

import asyncio
import json
import re

import pytest
import websockets

from tests.security.conftest import ALLOWED_ORIGIN
from vidensassistent.integration import messages
from vidensassistent.settings import ROOT
from vidensassistent.tooling.sio import SocketIOClient


def texts(reply):
    return [m.get("text") or "" for m in reply]


# --- finding 7: socket.io origins and sessions ---------------------------------------------


def _ws_uri(bot):
    return f"ws://127.0.0.1:{bot.rasa_port}/socket.io/?EIO=4&transport=websocket"


async def _open_with_origin(bot, origin):
    """True if a socket.io client from `origin` gets connected to the namespace."""
    try:
        ws = await websockets.connect(_ws_uri(bot), origin=origin)
    except Exception:  # refused during the handshake
        return False
    try:
        if not (await asyncio.wait_for(ws.recv(), 10)).startswith("0"):
            return False
        await ws.send("40")
        return (await asyncio.wait_for(ws.recv(), 10)).startswith("40")
    except Exception:
        return False
    finally:
        await ws.close()


def test_socketio_accepts_only_the_cors_origins(sec_bot):
    assert asyncio.run(_open_with_origin(sec_bot, ALLOWED_ORIGIN))
    assert not asyncio.run(_open_with_origin(sec_bot, "http://evil.example"))


def test_a_known_session_id_does_not_open_someone_elses_conversation(sec_bot):
    async def talk():
        owner, intruder = SocketIOClient(sec_bot.url), SocketIOClient(sec_bot.url)
        await owner.connect()
        await intruder.connect()
        try:
            await owner.emit("session_request", {"session_id": "sec-owned-session", "session_key": "k" * 32})
            assert (await owner.next_event("session_confirm"))[1] == "sec-owned-session"
            # Same id, no key or a wrong one: a new conversation, not the owner's.
            assert await intruder.session_request("sec-owned-session") != "sec-owned-session"
            await intruder.emit(
                "session_request", {"session_id": "sec-owned-session", "session_key": "x" * 32}
            )
            assert (await intruder.next_event("session_confirm"))[1] != "sec-owned-session"
            # Writing into it by naming the id is refused.
            await intruder.say("hvor mange prostituerer sig?", "sec-owned-session")
            assert (await intruder.replies(1))[0]["text"] == messages.MISSING_SESSION
            # The owner still talks, and reconnects with its key.
            await owner.say("hej", "sec-owned-session")
            assert (await owner.replies(1))[0]["text"]
            again = SocketIOClient(sec_bot.url)
            await again.connect()
            await again.emit("session_request", {"session_id": "sec-owned-session", "session_key": "k" * 32})
            assert (await again.next_event("session_confirm"))[1] == "sec-owned-session"
            await again.close()
            with pytest.raises(asyncio.TimeoutError):
                await intruder.next_event("bot_uttered", timeout=3)
        finally:
            await owner.close()
            await intruder.close()

    asyncio.run(talk())
    status, tracker = sec_bot.get("/conversations/sec-owned-session/tracker", token=sec_bot.auth_token)
    users = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert users == ["hej"]


# --- finding 8: typed intent payloads --------------------------------------------------------


def test_a_typed_payload_that_was_not_offered_sets_no_slot_and_is_not_repeated(sec_bot):
    sender = "sec-payload"
    sec_bot.send(sender, "jeg har en borger, der sælger sex")
    sec_bot.send(sender, "hun vil gerne ud af prostitution")
    reply = sec_bot.send(sender, '/inform_situation{"city": "http://evil.example/x"}')
    assert "evil.example" not in json.dumps(reply)
    status, tracker = sec_bot.get(f"/conversations/{sender}/tracker", token=sec_bot.auth_token)
    assert "evil" not in json.dumps(tracker["slots"])


def test_an_offered_button_payload_still_works(sec_bot):
    sender = "sec-payload-offered"
    sec_bot.send(sender, "jeg har en borger, der sælger sex")
    reply = sec_bot.send(sender, "hun vil gerne ud af prostitution")
    button = next(b for m in reply for b in m.get("buttons") or [] if "Aalborg" in b["payload"])
    answer = " ".join(texts(sec_bot.send(sender, button["payload"])))
    assert "Aalborg" in answer and "Exit Prostitution" in answer


def test_the_widgets_welcome_buttons_need_no_offer(sec_bot):
    # the widget's welcome buttons ("/quiz_start") are not sent by the server
    answer = " ".join(texts(sec_bot.send("sec-payload-starter", "/quiz_start")))
    assert "Spørgsmål 1" in answer


def test_the_server_knows_exactly_the_widgets_welcome_buttons():
    from vidensassistent.integration.payloads import WIDGET_STARTERS

    widget = (ROOT / "web" / "src" / "widget.js").read_text(encoding="utf-8")
    starters = widget[widget.index("const STARTERS") : widget.index("];", widget.index("const STARTERS"))]
    assert set(re.findall(r'payload: "([^"]+)"', starters)) == WIDGET_STARTERS
