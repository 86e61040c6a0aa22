"""Everything this project changes inside the Rasa server process, in one call.

The Rasa server imports integration.stores (endpoints.yml) and
integration.channels (credentials.yml); both call `install()`, so the hooks are
in place whichever way Rasa is started (`rasa run`, `rasa shell`, tests).
"""
from __future__ import annotations

from integration import action_errors, action_validation


def install() -> None:
    action_errors.install()
    action_validation.install()
