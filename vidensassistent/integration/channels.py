"""REST and socket.io input channels: Rasa's own, screening every message first.

Referenced from credentials.yml as `vidensassistent.integration.channels.RestInput` and
`vidensassistent.integration.channels.SocketIOInput`. They keep Rasa's names ("rest",
"socketio"), so the webhook URLs stay /webhooks/rest/webhook and /socket.io.

REST requests that cannot be read get a 4xx with a Danish `error`; readable
requests always get a JSON list of bot messages, in Danish, never silence.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import uuid
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict, Optional, Text, Tuple, Union

import rasa.utils.endpoints
from rasa.core.channels import rest as rasa_rest
from rasa.core.channels import socketio as rasa_socketio
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from vidensassistent.integration import deletion, messages, names, server_hooks
from vidensassistent.integration.guard import SENDER_RE, guarded, metadata_too_deep, valid_sender
from vidensassistent.settings import env

logger = logging.getLogger(__name__)

# Bodies larger than this are refused before parsing (a 1,000-character message
# with metadata is a few kB).
MAX_BODY_BYTES = 64 * 1024

# The Rasa server imports this module (credentials.yml); see vidensassistent.integration.server_hooks.
server_hooks.install()
# Build the name lists now (a few seconds), not while the first user waits.
names.lexicon()


class BadRequest(Exception):
    def __init__(self, status: int, message: Text) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def parse_rest_body(request: Request) -> Tuple[Text, Any, Optional[Dict[Text, Any]]]:
    """Return (sender, message, metadata) or raise BadRequest with a Danish text."""
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

    sender = payload.get("sender")
    if isinstance(sender, int) and not isinstance(sender, bool):
        sender = str(sender)
    if sender is None or sender == "":
        raise BadRequest(400, messages.MISSING_SENDER)
    if not isinstance(sender, str) or not SENDER_RE.match(sender):
        raise BadRequest(400, messages.BAD_SENDER)
    if not valid_sender(sender):
        raise BadRequest(400, messages.SENDER_PERSONAL_DATA)

    if "message" not in payload or not isinstance(payload["message"], str):
        raise BadRequest(400, messages.MISSING_MESSAGE)

    metadata = payload.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest(400, messages.BAD_METADATA)
    if metadata and metadata_too_deep(metadata):
        raise BadRequest(400, messages.METADATA_TOO_DEEP)
    return sender, payload["message"], metadata


def parse_delete_body(request: Request) -> Text:
    """The `sender` of a deletion request ({"sender": "…"}), or BadRequest."""
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/json" and not content_type.endswith("+json"):
        raise BadRequest(415, messages.BAD_CONTENT_TYPE)
    if len(request.body or b"") > MAX_BODY_BYTES:
        raise BadRequest(413, messages.BODY_TOO_LARGE)
    try:
        payload = json.loads((request.body or b"").decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest(400, messages.BAD_JSON) from None
    if not isinstance(payload, dict):
        raise BadRequest(400, messages.NOT_AN_OBJECT)
    sender = payload.get("sender")
    if sender is None or sender == "":
        raise BadRequest(400, messages.MISSING_SENDER)
    if not valid_sender(sender):
        raise BadRequest(400, messages.BAD_SENDER)
    return sender


async def delete_reply(agent: Any, sender_id: Text) -> Tuple[int, Dict[Text, Any]]:
    """Delete a conversation; (HTTP status, reply) with a Danish `text` either way."""
    try:
        count = await deletion.delete_conversation(agent, sender_id)
    except Exception:  # the user must hear that it failed, never silence
        logger.exception("Deleting a conversation failed")
        return 500, {"deleted": False, "text": messages.DELETE_FAILED}
    return 200, {"deleted": True, "events": count, "text": messages.CONVERSATION_DELETED}


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


class RestInput(rasa_rest.RestInput):
    """Rasa's REST channel with request validation, limits and redaction."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[None]]
    ) -> Blueprint:
        handle = guarded(on_new_message)
        webhook = Blueprint("vidensassistent_rest_webhook", __name__)
        limit_request_size(webhook)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> Union[ResponseStream, HTTPResponse]:
            try:
                sender, text, metadata = parse_rest_body(request)
            except BadRequest as bad:
                return response.json({"error": bad.message}, status=bad.status)

            if rasa.utils.endpoints.bool_arg(request, "stream", default=False):
                return response.stream(
                    self.stream_response(handle, text, sender, self.name(), metadata),
                    content_type="text/event-stream",
                )
            collector = CollectingOutputChannel()
            try:
                await handle(
                    UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata)
                )
            except Exception as error:  # one line in the log, no traceback, nothing echoed
                logger.error("REST message could not be handled: %s", type(error).__name__)
                return response.json({"error": messages.TECHNICAL_ERROR}, status=500)
            return response.json(collector.messages)

        # "Slet samtalen": POST {"sender": "…"} deletes that conversation's stored events.
        @webhook.route("/delete", methods=["POST"])
        async def delete(request: Request) -> HTTPResponse:
            try:
                sender = parse_delete_body(request)
            except BadRequest as bad:
                return response.json({"error": bad.message}, status=bad.status)
            status, reply = await delete_reply(request.app.ctx.agent, sender)
            return response.json(reply, status=status)

        return webhook


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


class SocketIOInput(rasa_socketio.SocketIOInput):
    """Rasa's socket.io channel with the same screening as REST.

    Malformed events get a Danish bot message instead of being dropped silently.
    """

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        handle = guarded(on_new_message)
        webhook = super().blueprint(handle)
        sio = self.sio
        assert sio is not None

        def output() -> rasa_socketio.SocketIOOutput:
            return rasa_socketio.SocketIOOutput(sio, self.bot_message_evt)

        sessions = SessionRegistry()

        allowed: Dict[Text, Any] = {"origins": None}

        @webhook.listener("before_server_start")
        async def same_origins_as_cors(app: Any, _loop: Any) -> None:
            allowed["origins"] = cors_origins(app)

        # Browsers apply CORS to HTTP only, not to websockets. Rasa turns engine.io's
        # own Origin check off (cors_allowed_origins=[]) because engine.io would then add
        # a second set of CORS headers next to Sanic-CORS's, which browsers reject; so
        # the Origin is checked here, when a client connects.
        rasa_connect = sio.handlers[self.namespace or "/"]["connect"]

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict] = None) -> bool:
            if not origin_allowed(environ, allowed["origins"]):
                logger.info("socket.io connection from a foreign origin refused.")
                return False
            return await rasa_connect(sid, environ, auth)

        # Registering an event again replaces Rasa's handler for it.
        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id")
            key = data.get("session_key")
            if not valid_sender(session_id) or not sessions.claim(session_id, key):
                # Unknown, malformed, or someone else's conversation: a new one.
                session_id = uuid.uuid4().hex
                sessions.claim(session_id, key)
            previous = sessions.bind(sid, session_id)
            if self.session_persistence:
                if previous and previous != session_id:
                    await sio.leave_room(sid, previous)
                # python-socketio 5.x: a coroutine (unawaited, the client never joins
                # the room and gets no bot replies; Rasa 3.6 has the same bug).
                await sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: Text) -> None:
            sessions.unbind(sid)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any) -> None:
            if not isinstance(data, dict):
                await output().send_text_message(sid, messages.SOCKETIO_NOT_AN_OBJECT)
                return
            if self.session_persistence:
                sender_id = data.get("session_id")
                # Only into the conversation this socket was confirmed for.
                if not valid_sender(sender_id) or sessions.bound(sid) != sender_id:
                    await output().send_text_message(sid, messages.MISSING_SESSION)
                    return
            else:
                sender_id = sid
            text = data.get("message", "")
            if not isinstance(text, str):
                await output().send_text_message(sender_id, messages.MISSING_MESSAGE)
                return
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except (ValueError, RecursionError):
                    metadata = {}
            if not isinstance(metadata, dict):
                metadata = {}
            await handle(
                UserMessage(text, output(), sender_id, input_channel=self.name(), metadata=metadata)
            )

        # "Slet samtalen": emit("delete_conversation", {session_id}, ack). Only a socket
        # that joined the conversation (session_request) may delete it; the reply
        # goes back as the event's acknowledgement, with a Danish `text`.
        @sio.on("delete_conversation", namespace=self.namespace)
        async def delete_conversation(sid: Text, data: Any) -> Dict[Text, Any]:
            data = data if isinstance(data, dict) else {}
            if self.session_persistence:
                sender_id = data.get("session_id")
                if not valid_sender(sender_id) or sender_id not in sio.rooms(sid, self.namespace):
                    return {"deleted": False, "text": messages.DELETE_NOT_ALLOWED}
            else:
                sender_id = sid
            agent = sio.get_environ(sid, self.namespace)["sanic.request"].app.ctx.agent
            _, reply = await delete_reply(agent, sender_id)
            return reply

        return webhook
