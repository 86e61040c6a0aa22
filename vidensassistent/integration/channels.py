"""REST and socket.io input channels: Rasa's own, screening every message first.

Referenced from credentials.yml as `vidensassistent.integration.channels.RestInput` and
`vidensassistent.integration.channels.SocketIOInput`. They keep Rasa's names ("rest",
"socketio"), so the webhook URLs stay /webhooks/rest/webhook and /socket.io.

REST requests that cannot be read get a 4xx with a Danish `error`
(vidensassistent.integration.rest_requests); readable requests always get a JSON list
of bot messages, in Danish, never silence. Who may use a socket.io conversation:
vidensassistent.integration.socketio_sessions.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text, Union

import rasa.utils.endpoints
from rasa.core.channels import rest as rasa_rest
from rasa.core.channels import socketio as rasa_socketio
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from vidensassistent.integration import messages, names, rasa_patches
from vidensassistent.integration.deletion import delete_reply
from vidensassistent.integration.guard import OnNewMessage, guarded, valid_sender
from vidensassistent.integration.rest_requests import (
    BadRequest,
    limit_request_size,
    parse_delete_body,
    parse_rest_body,
)
from vidensassistent.integration.retries import ClientMessage
from vidensassistent.integration.socketio_sessions import SessionRegistry, cors_origins, origin_allowed

logger = logging.getLogger(__name__)

# Build the name lists now (a few seconds), not while the first user waits.
names.lexicon()


class RestInput(rasa_rest.RestInput):
    """Rasa's REST channel with request validation, limits and redaction."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Rasa builds its channels before it handles a message, however it was started.
        rasa_patches.install()
        super().__init__(*args, **kwargs)

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        handle = guarded(on_new_message)
        webhook = Blueprint("vidensassistent_rest_webhook", __name__)
        limit_request_size(webhook)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> Union[ResponseStream, HTTPResponse]:
            return await self._receive(handle, request)

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

    async def _receive(self, handle: OnNewMessage, request: Request) -> Union[ResponseStream, HTTPResponse]:
        try:
            sender, text, metadata, message_id = parse_rest_body(request)
        except BadRequest as bad:
            return response.json({"error": bad.message}, status=bad.status)

        if rasa.utils.endpoints.bool_arg(request, "stream", default=False):
            return response.stream(
                self.stream_response(handle, text, sender, self.name(), metadata),
                content_type="text/event-stream",
            )
        collector = CollectingOutputChannel()
        # With the client's own id, a retry is answered once (vidensassistent.integration.retries).
        kind = UserMessage if message_id is None else ClientMessage
        message = kind(
            text, collector, sender, input_channel=self.name(), message_id=message_id, metadata=metadata
        )
        try:
            await handle(message)
        except Exception as error:  # one line in the log, no traceback, nothing echoed
            logger.error("REST message could not be handled: %s", type(error).__name__)
            return response.json({"error": messages.TECHNICAL_ERROR}, status=500)
        return response.json(collector.messages)


def _metadata_object(metadata: Any) -> Dict[Text, Any]:
    """socket.io metadata as a dict: a JSON string is read, anything else dropped."""
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except (ValueError, RecursionError):
            metadata = {}
    return metadata if isinstance(metadata, dict) else {}


class SocketIOInput(rasa_socketio.SocketIOInput):
    """Rasa's socket.io channel with the same screening as REST.

    Malformed events get a Danish bot message instead of being dropped silently.
    Registering an event again replaces Rasa's handler for it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        rasa_patches.install()  # as RestInput
        super().__init__(*args, **kwargs)
        self.sessions = SessionRegistry()

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = guarded(on_new_message)
        webhook = super().blueprint(handle)
        assert self.sio is not None
        self._check_origins(webhook)
        self._on_session_request()
        self._on_user_message(handle)
        self._on_delete_conversation()
        return webhook

    def _output(self) -> rasa_socketio.SocketIOOutput:
        return rasa_socketio.SocketIOOutput(self.sio, self.bot_message_evt)

    def _check_origins(self, webhook: Blueprint) -> None:
        """Browsers apply CORS to HTTP only, not to websockets. Rasa turns engine.io's
        own Origin check off (cors_allowed_origins=[]) because engine.io would then add
        a second set of CORS headers next to Sanic-CORS's, which browsers reject; so
        the Origin is checked here, when a client connects."""
        sio = self.sio
        allowed: Dict[Text, Any] = {"origins": None}

        @webhook.listener("before_server_start")
        async def same_origins_as_cors(app: Any, _loop: Any) -> None:
            allowed["origins"] = cors_origins(app)

        rasa_connect = sio.handlers[self.namespace or "/"]["connect"]

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict] = None) -> bool:
            if not origin_allowed(environ, allowed["origins"]):
                logger.info("socket.io connection from a foreign origin refused.")
                return False
            return await rasa_connect(sid, environ, auth)

    def _on_session_request(self) -> None:
        sio, sessions = self.sio, self.sessions

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

    def _on_user_message(self, handle: OnNewMessage) -> None:
        @self.sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any) -> None:
            if not isinstance(data, dict):
                await self._output().send_text_message(sid, messages.SOCKETIO_NOT_AN_OBJECT)
                return
            sender_id = self._sender_of(sid, data)
            if sender_id is None:
                await self._output().send_text_message(sid, messages.MISSING_SESSION)
                return
            text = data.get("message", "")
            if not isinstance(text, str):
                await self._output().send_text_message(sender_id, messages.MISSING_MESSAGE)
                return
            metadata = _metadata_object(data.get(self.metadata_key) or {})
            await handle(
                UserMessage(text, self._output(), sender_id, input_channel=self.name(), metadata=metadata)
            )

    def _sender_of(self, sid: Text, data: Dict[Text, Any]) -> Optional[Text]:
        """The conversation a message goes to: only the one this socket was confirmed for."""
        if not self.session_persistence:
            return sid
        sender_id = data.get("session_id")
        if not valid_sender(sender_id) or self.sessions.bound(sid) != sender_id:
            return None
        return sender_id

    def _on_delete_conversation(self) -> None:
        """ "Slet samtalen": emit("delete_conversation", {session_id}, ack). Only a socket
        that joined the conversation (session_request) may delete it; the reply goes
        back as the event's acknowledgement, with a Danish `text`."""
        sio = self.sio

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
