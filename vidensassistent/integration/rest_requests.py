"""Reading REST requests: JSON bodies checked before Rasa sees them, with Danish errors.

Used by the REST channel (vidensassistent.integration.channels.RestInput).
"""

from __future__ import annotations

import json
from typing import Any, Dict, Optional, Text, Tuple

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from vidensassistent.integration import messages
from vidensassistent.integration.guard import SENDER_RE, metadata_too_deep, valid_sender
from vidensassistent.integration.retries import MESSAGE_ID_RE

# Bodies larger than this are refused before parsing (a 1,000-character message
# with metadata is a few kB).
MAX_BODY_BYTES = 64 * 1024


class BadRequest(Exception):
    def __init__(self, status: int, message: Text) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def json_object(request: Request) -> Dict[Text, Any]:
    """The request's body as a JSON object, or BadRequest (415, 413, 400)."""
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/json" and not content_type.endswith("+json"):
        raise BadRequest(415, messages.BAD_CONTENT_TYPE)
    body = request.body or b""
    if len(body) > MAX_BODY_BYTES:
        raise BadRequest(413, messages.BODY_TOO_LARGE)
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest(400, messages.BAD_JSON) from None
    if not isinstance(payload, dict):
        raise BadRequest(400, messages.NOT_AN_OBJECT)
    return payload


def _message_sender(payload: Dict[Text, Any]) -> Text:
    sender = payload.get("sender")
    if isinstance(sender, int) and not isinstance(sender, bool):
        sender = str(sender)
    if sender is None or sender == "":
        raise BadRequest(400, messages.MISSING_SENDER)
    if not isinstance(sender, str) or not SENDER_RE.match(sender):
        raise BadRequest(400, messages.BAD_SENDER)
    if not valid_sender(sender):
        raise BadRequest(400, messages.SENDER_PERSONAL_DATA)
    return sender


def _metadata(payload: Dict[Text, Any]) -> Optional[Dict[Text, Any]]:
    metadata = payload.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest(400, messages.BAD_METADATA)
    if metadata and metadata_too_deep(metadata):
        raise BadRequest(400, messages.METADATA_TOO_DEEP)
    return metadata


def _message_id(payload: Dict[Text, Any]) -> Optional[Text]:
    """The client's own id for the message (optional; a retry sends the same id)."""
    message_id = payload.get("message_id")
    if message_id is None:
        return None
    if not isinstance(message_id, str) or not MESSAGE_ID_RE.match(message_id):
        raise BadRequest(400, messages.BAD_MESSAGE_ID)
    return message_id


def parse_rest_body(request: Request) -> Tuple[Text, Any, Optional[Dict[Text, Any]], Optional[Text]]:
    """Return (sender, message, metadata, message_id) or raise BadRequest with a Danish text."""
    payload = json_object(request)
    sender = _message_sender(payload)
    if "message" not in payload or not isinstance(payload["message"], str):
        raise BadRequest(400, messages.MISSING_MESSAGE)
    return sender, payload["message"], _metadata(payload), _message_id(payload)


def parse_delete_body(request: Request) -> Text:
    """The `sender` of a deletion request ({"sender": "…"}), or BadRequest."""
    sender = json_object(request).get("sender")
    if sender is None or sender == "":
        raise BadRequest(400, messages.MISSING_SENDER)
    if not valid_sender(sender):
        raise BadRequest(400, messages.BAD_SENDER)
    return sender


def limit_request_size(blueprint: Blueprint) -> None:
    """Make Sanic refuse bodies over MAX_BODY_BYTES while reading them.

    Sanic's own limit (REQUEST_MAX_SIZE, 100 MB) applies to every route,
    including the token-protected HTTP API; our check in `parse_rest_body`
    comes only after Sanic has read the whole body into memory.
    """

    @blueprint.listener("before_server_start")
    async def set_limit(app: Any, _loop: Any) -> None:
        from sanic.exceptions import PayloadTooLarge

        app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES

        def too_large(_request: Request, _exception: Exception) -> HTTPResponse:
            return response.json({"error": messages.BODY_TOO_LARGE}, status=413)

        app.error_handler.add(PayloadTooLarge, too_large)
