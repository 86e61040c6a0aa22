"""Validate the action server's replies with a schema validator built once.

Rasa 3.6 checks every custom action's reply with `jsonschema.validate(result,
schema)` (`RemoteAction._validate_action_result`). That function first checks
the schema itself against the JSON Schema meta-schema, on every call: for
Rasa's large events schema this took 10-15 ms per answer here, about a third
of the server's time for a typical question. `install()` replaces the method
with one that validates against the same schema with a validator compiled once
per process; replies are accepted and rejected exactly as before, with the
same error message.
"""
from __future__ import annotations

from typing import Any, Dict, Text

_validator: Any = None


def _compiled(schema: Dict[Text, Any]) -> Any:
    global _validator
    if _validator is None:
        from jsonschema.validators import validator_for

        cls = validator_for(schema)
        cls.check_schema(schema)
        _validator = cls(schema)
    return _validator


def install() -> None:
    """Replace RemoteAction._validate_action_result once per process (idempotent)."""
    from jsonschema.exceptions import best_match
    from rasa.core.actions import action as rasa_action
    from rasa.shared.constants import DOCS_BASE_URL

    remote = rasa_action.RemoteAction
    if getattr(remote._validate_action_result, "_vidensassistent_compiled", False):
        return

    def _validate_action_result(self: Any, result: Dict[Text, Any]) -> bool:
        # The schema is the same for every remote action (it is a static spec).
        error = best_match(_compiled(self.action_response_format_spec()).iter_errors(result))
        if error is None:
            return True
        error.message += (
            ". Failed to validate Action server response from API, "
            "make sure your response from the Action endpoint is valid. "
            "For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error

    _validate_action_result._vidensassistent_compiled = True  # type: ignore[attr-defined]
    remote._validate_action_result = _validate_action_result
