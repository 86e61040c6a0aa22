"""Send the shared secret ACTION_SERVER_TOKEN with every call to the action server.

The action server (vidensassistent.integration.serve) refuses calls without it, so nothing but
this Rasa server can run actions, even on a shared host. The secret comes from
the environment at call time, never from endpoints.yml or a command line.
Installed in Rasa's RemoteAction by vidensassistent.integration.rasa_patches.
"""

from __future__ import annotations

from typing import Any

from vidensassistent.integration.serve import ACTION_TOKEN_HEADER
from vidensassistent.settings import env


def add_token(action_endpoint: Any) -> None:
    """Add the X-Action-Token header to a custom action's endpoint (if both exist)."""
    token = env("ACTION_SERVER_TOKEN")
    if token and action_endpoint is not None:
        action_endpoint.headers = {**(action_endpoint.headers or {}), ACTION_TOKEN_HEADER: token}
