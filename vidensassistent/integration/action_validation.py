"""Validate the action server's replies with a schema validator built once.

Rasa 3.6 checks every custom action's reply with `jsonschema.validate(result,
schema)` (`RemoteAction._validate_action_result`). That function first checks
the schema itself against the JSON Schema meta-schema, on every call: for
Rasa's large events schema this took 10-15 ms per answer here, about a third
of the server's time for a typical question. vidensassistent.integration.rasa_patches
replaces the method with `validate`, one that validates against the same schema with a validator compiled once
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


def validate(result: Dict[Text, Any], schema: Dict[Text, Any]) -> bool:
    """What Rasa's `_validate_action_result` does, with the validator compiled once.

    The schema is the same for every remote action (it is a static spec).
    """
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    error = best_match(_compiled(schema).iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        "For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error
