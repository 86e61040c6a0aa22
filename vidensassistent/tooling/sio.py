"""A minimal socket.io client over a websocket, as the web widget talks to Rasa.

python-socketio's own client needs a newer aiohttp than Rasa 3.6 pins, so this
speaks the few Engine.IO 4 / Socket.IO 5 packets needed with `websockets`:
open, namespace connect, events (session_request, user_uttered, bot_uttered)
and ping/pong.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Dict, List, Optional
from urllib.parse import urlsplit

import websockets


class SocketIOClient:
    def __init__(self, url: str, path: str = "/socket.io/") -> None:
        parts = urlsplit(url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        self.uri = f"{scheme}://{parts.netloc}{path}?EIO=4&transport=websocket"
        self.ws: Any = None
        self.events: "asyncio.Queue[tuple]" = asyncio.Queue()
        self._reader: Optional[asyncio.Task] = None
        self._acks: Dict[int, "asyncio.Future[Any]"] = {}
        self._next_ack = 0

    async def connect(self, timeout: float = 10) -> None:
        self.ws = await asyncio.wait_for(websockets.connect(self.uri), timeout)
        opening = await asyncio.wait_for(self.ws.recv(), timeout)
        if not opening.startswith("0"):
            raise ConnectionError(f"unexpected Engine.IO open packet: {opening[:80]}")
        await self.ws.send("40")
        connected = await asyncio.wait_for(self.ws.recv(), timeout)
        if not connected.startswith("40"):
            raise ConnectionError(f"namespace connect refused: {connected[:80]}")
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for packet in self.ws:
                if packet == "2":  # ping
                    await self.ws.send("3")
                elif packet.startswith("42"):
                    name, *args = json.loads(packet[2:])
                    await self.events.put((name, args[0] if args else None))
                elif packet.startswith("43"):  # acknowledgement: 43<id>[data]
                    body = packet[2:]
                    digits = len(body) - len(body.lstrip("0123456789"))
                    args = json.loads(body[digits:])
                    future = self._acks.pop(int(body[:digits]), None)
                    if future is not None and not future.done():
                        future.set_result(args[0] if args else None)
        except websockets.ConnectionClosed:
            pass

    async def emit(self, event: str, data: Any) -> None:
        await self.ws.send("42" + json.dumps([event, data]))

    async def emit_with_ack(self, event: str, data: Any, timeout: float = 30) -> Any:
        """Emit an event and return the server's acknowledgement (the handler's return value)."""
        ack_id = self._next_ack
        self._next_ack += 1
        future: "asyncio.Future[Any]" = asyncio.get_running_loop().create_future()
        self._acks[ack_id] = future
        await self.ws.send(f"42{ack_id}" + json.dumps([event, data]))
        return await asyncio.wait_for(future, timeout)

    async def session_request(self, session_id: str, timeout: float = 10) -> str:
        await self.emit("session_request", {"session_id": session_id})
        name, data = await self.next_event("session_confirm", timeout)
        return data

    async def next_event(self, event: str, timeout: float = 30) -> tuple:
        while True:
            name, data = await asyncio.wait_for(self.events.get(), timeout)
            if name == event:
                return name, data

    async def say(self, message: Any, session_id: str, metadata: Optional[Dict] = None) -> None:
        payload: Dict[str, Any] = {"message": message, "session_id": session_id}
        if metadata is not None:
            payload["metadata"] = metadata
        await self.emit("user_uttered", payload)

    async def replies(self, count: int, timeout: float = 30) -> List[Dict]:
        """The next `count` bot messages."""
        return [(await self.next_event("bot_uttered", timeout))[1] for _ in range(count)]

    async def close(self) -> None:
        if self._reader:
            self._reader.cancel()
        if self.ws is not None:
            await self.ws.close()


async def ask(url: str, session_id: str, text: str, timeout: float = 30) -> List[Dict]:
    """One user turn over socket.io, as the widget sends it; the bot messages up to
    and including the first one that carries buttons (quick replies)."""
    client = SocketIOClient(url)
    await client.connect(timeout)
    try:
        await client.session_request(session_id, timeout)
        await client.say(text, session_id)
        replies: List[Dict] = []
        while not (replies and replies[-1].get("quick_replies")):
            replies += await client.replies(1, timeout)
        return replies
    finally:
        await client.close()
