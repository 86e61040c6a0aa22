"""Send the shared secret ACTION_SERVER_TOKEN with every call to the action server.

The action server (vidensassistent.integration.serve) refuses calls without it, so nothing but
this Rasa server can run actions, even on a shared host. The secret comes from
the environment at call time, never from endpoints.yml or a command line.
"""
from __future__ import annotations

from typing import Any

from vidensassistent.integration.serve import ACTION_TOKEN_HEADER
from vidensassistent.settings import env


def install() -> None:
    """Wrap RemoteAction.__init__ once per process (idempotent)."""
    from rasa.core.actions import action as rasa_action

    remote = rasa_action.RemoteAction
    if getattr(remote.__init__, "_vidensassistent_token", False):
        return
    original_init = remote.__init__

    def __init__(self: Any, name: str, action_endpoint: Any) -> None:
        original_init(self, name, action_endpoint)
        token = env("ACTION_SERVER_TOKEN")
        if token and self.action_endpoint is not None:
            self.action_endpoint.headers = {**(self.action_endpoint.headers or {}),
                                            ACTION_TOKEN_HEADER: token}

    __init__._vidensassistent_token = True  # type: ignore[attr-defined]
    remote.__init__ = __init__  # type: ignore[method-assign]
