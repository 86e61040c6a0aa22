"""The socket.io channel as the web chat widget uses it (session_persistence: true).

python-socketio 5.x made `enter_room` a coroutine; if it is not awaited the client
never joins its session's room and silently gets no replies (Rasa 3.6's own channel
has this bug; integration/channels.py replaces the handler).
"""
import asyncio

import socketio


async def _ask(url: str, session_id: str, text: str, timeout: float = 30) -> list:
    client = socketio.AsyncClient()
    confirmed, replies, answered = asyncio.Event(), [], asyncio.Event()

    @client.on("session_confirm")
    async def _confirm(_data):
        confirmed.set()

    @client.on("bot_uttered")
    async def _reply(data):
        replies.append(data)
        if data.get("quick_replies") or "Kilde:" in data.get("text", ""):
            answered.set()

    # Polling: the python client's websocket transport needs a newer aiohttp.
    await client.connect(url, transports=["polling"], socketio_path="/socket.io")
    try:
        await client.emit("session_request", {"session_id": session_id})
        await asyncio.wait_for(confirmed.wait(), timeout)
        await client.emit("user_uttered", {"message": text, "session_id": session_id})
        await asyncio.wait_for(answered.wait(), timeout)
    finally:
        await client.disconnect()
    return replies


def test_socketio_session_gets_the_answer_with_source_and_buttons(bot):
    replies = asyncio.run(_ask(bot.url, "socketio-e2e-1", "Hvad er Reden KFUK?"))
    text = "\n\n".join(r.get("text", "") for r in replies)
    assert "Reden KFUK" in text and "Kilde: Vidensnotatet" in text
    # Up to three related topics, then the two rating buttons.
    related = [q for q in replies[-1]["quick_replies"] if q["payload"].startswith("/choose_topic")]
    assert 1 <= len(related) <= 3
