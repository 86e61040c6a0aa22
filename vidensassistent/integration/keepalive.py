"""Keep the connection to the action server open between calls (issue 17).

Rasa 3.6's EndpointConfig.request opens a new aiohttp ClientSession, and with it a
new TCP connection, for every call to the action server and closes it afterwards:
1-3 of every reply's milliseconds went to setting up and tearing down a session.
`install()` gives each endpoint one session per event loop that is reused (HTTP
keep-alive). Headers, auth, timeout, SSL and error handling stay Rasa's: the
request itself is Rasa's own code, only `self.session()` hands out the kept session.
An idle connection is closed by us after KEEPALIVE_S, before the action server
(Sanic, 5 s) would close it, so a call never goes out on a connection the server is
closing at that moment.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

# Below Sanic's KEEP_ALIVE_TIMEOUT (5 s) on the action server.
KEEPALIVE_S = 2.0


class _KeptSession:
    """Wraps a ClientSession so `async with` does not close it."""

    def __init__(self, session: Any) -> None:
        self._session = session

    async def __aenter__(self) -> Any:
        return self._session

    async def __aexit__(self, *exc: Any) -> None:
        return None


def _new_session(endpoint: Any) -> Any:
    """Rasa's EndpointConfig.session(), with a connector that keeps connections KEEPALIVE_S."""
    import aiohttp
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT

    auth = None
    if endpoint.basic_auth:
        auth = aiohttp.BasicAuth(endpoint.basic_auth["username"], endpoint.basic_auth["password"])
    return aiohttp.ClientSession(
        headers=endpoint.headers,
        auth=auth,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_S),
    )


def install() -> None:
    """Patch EndpointConfig.session (installed by rasa_patches, which guards the Rasa version)."""
    from rasa.utils.endpoints import EndpointConfig

    from vidensassistent.integration.rasa_patches import replace

    def make(original_session: Any) -> Any:
        @functools.wraps(original_session)
        def session(self: Any) -> Any:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return original_session(self)  # not in a coroutine: Rasa's behaviour
            kept = getattr(self, "_vidensassistent_session", None)
            if kept is None or kept.closed or kept._loop is not loop:
                kept = _new_session(self)
                self._vidensassistent_session = kept
            return _KeptSession(kept)

        return session

    replace(EndpointConfig, "session", make)
