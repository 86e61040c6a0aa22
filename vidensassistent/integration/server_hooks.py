"""Everything this project changes inside the Rasa server process, in one call.

The Rasa server imports vidensassistent.integration.stores (endpoints.yml) and
vidensassistent.integration.channels (credentials.yml); both call `install()`, so the hooks are
in place whichever way Rasa is started (`rasa run`, `rasa shell`, tests).
"""
from __future__ import annotations

from vidensassistent.integration import action_auth, action_errors, action_validation, payloads
from vidensassistent.integration import keepalive, payload_fastpath


def install() -> None:
    action_auth.install()
    action_errors.install()
    action_validation.install()
    payloads.install()
    keepalive.install()
    payload_fastpath.install()
