"""Make a user message safe to hand to Rasa: clean, limit, redact.

Used by both input channels (`vidensassistent.integration.channels`), so REST and socket.io
behave the same. Nothing here logs message text.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Optional, Text

from vidensassistent.integration import messages
from vidensassistent.integration.privacy import CPR, redact, redact_value

logger = logging.getLogger(__name__)

# Sender ids as the widget and socket.io produce them (uuid hex, "widget-<uuid>").
SENDER_RE = re.compile(r"^[A-Za-z0-9_.:@\-]{1,128}$")

_WHITESPACE_CONTROLS = {"\t", "\n", "\r", "\v", "\f", "\x85", "\u2028", "\u2029"}


@dataclass
class Screening:
    """What to do with one incoming text."""

    text: Text = ""
    # A Danish reply to send instead of running the assistant (empty, too long).
    reply: Optional[Text] = None
    redacted: Counter = field(default_factory=Counter)


def clean_text(text: Any) -> Text:
    """Normalise to NFC; drop control, format and surrogate characters.

    Line breaks and tabs become spaces; NUL bytes, zero-width characters, bidi
    marks and lone surrogates (which PostgreSQL and UTF-8 encoders reject) go.
    """
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFC", text)
    kept = []
    for char in text:
        if char in _WHITESPACE_CONTROLS:
            kept.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co"):
            continue
        else:
            kept.append(char)
    return "".join(kept).strip()


def screen(text: Any) -> Screening:
    """Decide whether `text` goes on to the assistant, and in what form."""
    cleaned = clean_text(text)
    if not cleaned:
        return Screening(reply=messages.EMPTY)
    if len(cleaned) > messages.MAX_MESSAGE_CHARS:
        return Screening(reply=messages.too_long(len(cleaned)))
    redacted, found = redact(cleaned)
    return Screening(text=redacted, redacted=found)


def valid_sender(sender: Any) -> bool:
    return isinstance(sender, str) and bool(SENDER_RE.match(sender)) and not sender_is_personal_data(sender)


# Digit groups in a sender id, split at its separators, e.g. "0101901234" or "cpr-010190-1234".
_SENDER_DIGITS_RE = re.compile(r"(?<![A-Za-z0-9])\d[\d_.:\-]*\d(?![A-Za-z0-9])")


def sender_is_personal_data(sender: Text) -> bool:
    """True for a sender id that is (or holds) a CPR number, e-mail address or phone number.

    The conversation id is stored with every event and shown in logs and reports,
    so it must not identify a person. Random ids (hex uuids, "widget-<hex>") pass:
    digits next to letters do not count as a number.
    """
    if "@" in sender and redact(sender.replace("@", " @ "), names=False)[1]:
        return True
    if _SENDER_DIGITS_RE.fullmatch(sender) and redact(sender.replace(":", " "), names=False)[1]:
        return True  # the whole id is a number: a phone number too
    # Inside a longer id only a CPR number counts: a phone-shaped group of 8 digits
    # occurs by chance in about 8 % of dashed uuids.
    return any(
        redact(run.replace(":", " "), names=False)[1].get(CPR) for run in _SENDER_DIGITS_RE.findall(sender)
    )


# Metadata deeper than this is refused: the widget sends a flat object, and deep
# nesting only serves to exhaust the recursion limit of whatever reads it later.
MAX_METADATA_DEPTH = 10


def metadata_too_deep(value: Any, limit: int = MAX_METADATA_DEPTH) -> bool:
    """True if dicts/lists nest deeper than `limit` (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = list(item.values())
        elif isinstance(item, (list, tuple)):
            children = list(item)
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


async def send_privacy_notice(output: Any, recipient: Text, reminder: Text, redacted: Text) -> None:
    """The reminder, with the message as stored (`custom.redacted_text`), so the
    widget can show and keep that instead of what the user typed."""
    from rasa.core.channels.channel import CollectingOutputChannel
    from rasa.core.channels.socketio import SocketIOOutput

    custom = {"redacted_text": redacted}
    if isinstance(output, CollectingOutputChannel):  # REST (also its streaming variant)
        await output._persist_message(output._message(recipient, text=reminder, custom=custom))
    elif isinstance(output, SocketIOOutput):
        await output._send_message(recipient, {"text": reminder, "custom": custom})
    else:
        await output.send_text_message(recipient, reminder)


OnNewMessage = Callable[[Any], Awaitable[Any]]


def guarded(on_new_message: OnNewMessage) -> OnNewMessage:
    """Wrap Rasa's `on_new_message` so every UserMessage is screened first.

    - empty or too long: a Danish reply, Rasa never sees the message;
    - CPR/phone/e-mail in the text or metadata: replaced, and a reminder is sent;
    - an error inside Rasa (tracker store, lock store, ...): a Danish
      "teknisk fejl" reply instead of silence.
    """

    async def handle(message: Any) -> None:
        output = message.output_channel
        screening = screen(message.text)
        if screening.reply is not None:
            await output.send_text_message(message.sender_id, screening.reply)
            return
        message.text = screening.text
        found = screening.redacted
        if message.metadata:
            if metadata_too_deep(message.metadata):
                await output.send_text_message(message.sender_id, messages.METADATA_TOO_DEEP)
                return
            message.metadata = redact_value(message.metadata, found)
        if found:
            await send_privacy_notice(
                output, message.sender_id, messages.privacy_reminder(found), message.text
            )
        try:
            await on_new_message(message)
        except Exception as error:  # never let a failure end in silence
            logger.error(
                "Handling a message for conversation %s failed: %s",
                message.sender_id,
                type(error).__name__,
            )
            await output.send_text_message(message.sender_id, messages.TECHNICAL_ERROR)

    return handle
