"""socket.io: which origins may connect, and which socket may join which conversation.

Used by the socket.io channel (vidensassistent.integration.channels.SocketIOInput).
"""

from __future__ import annotations

import hashlib
import hmac
from collections import OrderedDict
from typing import Any, Dict, Optional, Text

from vidensassistent.settings import env


def cors_origins(app: Any) -> Any:
    """The origins Rasa's HTTP CORS allows (`rasa run --cors`), for socket.io.

    None (no --cors): engine.io allows the server's own origin only.
    """
    try:
        resources = app.ctx.sanic_cors._options["resources"]
        origins = next(iter(resources.values()))["origins"]
    except (AttributeError, KeyError, StopIteration, TypeError):
        origins = (env("CORS_ORIGINS") or "").split()
    if origins == "*" or origins == ["*"]:
        return "*"
    if isinstance(origins, str):
        origins = [origins] if origins else []
    return list(origins) or None


def origin_allowed(environ: Dict, origins: Any) -> bool:
    """A browser's Origin must be one of `origins` (None: the server's own)."""
    origin = environ.get("HTTP_ORIGIN")
    if not origin or origins == "*":
        return True  # not a browser (no Origin header), or every origin allowed
    if origins is None:
        scheme = environ.get("wsgi.url_scheme", "http")
        return origin == f"{scheme}://{environ.get('HTTP_HOST', '')}"
    return origin in origins


class SessionRegistry:
    """Which socket is in which conversation, and who may join a conversation.

    A client may send a random `session_key` with its first session_request; the
    conversation then belongs to that key, and a socket that asks for the same
    session id without the key gets a new conversation instead of someone
    else's. Kept in memory (per server; after a restart the first claim wins).
    """

    MAX_SESSIONS = 100_000

    def __init__(self) -> None:
        self._keys: "OrderedDict[Text, Optional[bytes]]" = OrderedDict()
        self._by_socket: Dict[Text, Text] = {}

    def claim(self, session_id: Text, key: Any) -> bool:
        given = _key_digest(key)
        if session_id in self._keys:
            expected = self._keys[session_id]
            self._keys.move_to_end(session_id)
            if expected is None:
                # Claimed without a key (API clients, tests): open to the same id, and a
                # key given now protects it from here on.
                self._keys[session_id] = given
                return True
            return given is not None and hmac.compare_digest(given, expected)
        self._keys[session_id] = given
        while len(self._keys) > self.MAX_SESSIONS:
            self._keys.popitem(last=False)
        return True

    def bind(self, sid: Text, session_id: Text) -> Optional[Text]:
        previous = self._by_socket.get(sid)
        self._by_socket[sid] = session_id
        return previous

    def bound(self, sid: Text) -> Optional[Text]:
        return self._by_socket.get(sid)

    def unbind(self, sid: Text) -> None:
        self._by_socket.pop(sid, None)


def _key_digest(key: Any) -> Optional[bytes]:
    if not isinstance(key, str) or not 16 <= len(key) <= 128:
        return None
    return hashlib.sha256(key.encode("utf-8")).digest()
