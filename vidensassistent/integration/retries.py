"""A message sent again with the same `message_id` is answered once.

A REST client that loses a reply (the server was stopped after it had saved the turn, a
proxy gave up waiting) cannot know whether its message arrived. If it sends the message
again with the same `message_id` (`{"sender": …, "message": …, "message_id": …}`), the
replies stored after the first attempt are sent back: the conversation is neither answered
nor stored twice. Without a `message_id` every message is new, as in Rasa.

The check runs inside the conversation's lock (MessageProcessor.handle_message, replaced in
rasa_patches), so a retry that arrives while the first attempt is still being answered
waits for it and then gets its replies.
"""

from __future__ import annotations

import re
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.events import BotUttered, UserUttered

# What a client may use as id: short, no spaces or markup (it is stored in every event).
MESSAGE_ID_RE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class ClientMessage(UserMessage):
    """A UserMessage whose `message_id` the client chose, so a retry can be recognised.

    (Rasa gives every other message a fresh random id; looking those up would only cost time.)
    """


def replies_after(events: Iterable[Any], message_id: Text) -> Optional[List[Dict[Text, Any]]]:
    """The bot messages that answered the user message `message_id`, as Rasa sends them
    (`text` plus buttons, custom, …); None if no user message with that id is stored."""
    replies: Optional[List[Dict[Text, Any]]] = None
    for event in events:
        if isinstance(event, UserUttered):
            if replies is not None:
                break
            if event.message_id == message_id:
                replies = []
        elif replies is not None and isinstance(event, BotUttered):
            message = {key: value for key, value in (event.data or {}).items() if value is not None}
            if event.text is not None:
                message["text"] = event.text
            replies.append(message)
    return replies


HandleMessage = Callable[[Any, UserMessage], Awaitable[Optional[List[Dict[Text, Any]]]]]


def answer_retries_once(rasa_handle_message: HandleMessage) -> HandleMessage:
    """Wrap MessageProcessor.handle_message: a ClientMessage whose id is already stored
    gets the stored replies again; every other message is Rasa's."""

    async def handle_message(self: Any, message: UserMessage) -> Optional[List[Dict[Text, Any]]]:
        if isinstance(message, ClientMessage):
            tracker = await self.tracker_store.retrieve(message.sender_id)
            replies = replies_after(tracker.events, message.message_id) if tracker else None
            if replies is not None:
                for reply in replies:
                    await message.output_channel.send_response(message.sender_id, reply)
                if isinstance(message.output_channel, CollectingOutputChannel):
                    return message.output_channel.messages
                return None
        return await rasa_handle_message(self, message)

    return handle_message


def install() -> None:
    from rasa.core.processor import MessageProcessor

    from vidensassistent.integration.rasa_patches import replace

    replace(MessageProcessor, "handle_message", answer_retries_once)
