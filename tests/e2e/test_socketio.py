"""The socket.io channel as the web chat widget uses it (session_persistence: true).

python-socketio 5.x made `enter_room` a coroutine; if it is not awaited the client
never joins its session's room and silently gets no replies (Rasa 3.6's own channel
has this bug; vidensassistent/integration/channels.py replaces the handler).
"""

import asyncio

from vidensassistent.tooling.sio import ask


def test_socketio_session_gets_the_answer_with_source_and_buttons(bot):
    replies = asyncio.run(ask(bot.url, "socketio-e2e-1", "Hvad er Reden KFUK?"))
    text = "\n\n".join(r.get("text", "") for r in replies)
    assert "Reden KFUK" in text and "Kilde: Vidensnotatet" in text
    # Up to three related topics, then the two rating buttons.
    related = [q for q in replies[-1]["quick_replies"] if q["payload"].startswith("/choose_topic")]
    assert 1 <= len(related) <= 3
