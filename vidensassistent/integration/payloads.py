"""Typed "/intent{…}" messages count only when the assistant offered that button.

Rasa treats any message starting with "/" as an intent with entities, so a user
could type '/inform_situation{"city": "<anything>"}' and set slots to values the
assistant then repeats. `parse_offered_only` (installed in place of
MessageProcessor.parse_message by vidensassistent.integration.rasa_patches): a
message that starts with "/", carries entities and is not exactly the payload of a
button offered earlier in this conversation is understood as ordinary text (without
the "/"), so only the NLU's own, validated entity values reach the slots. The
widget's own welcome buttons (STARTERS in web/src/widget.js; the server never sent
them) carry no value and pass. The stored text stays what the user typed.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, Iterable, Optional, Set, Text

logger = logging.getLogger(__name__)
# The widget's welcome buttons (STARTERS in web/src/widget.js, kept equal by a test):
# bare intents that set no slot. "/restart" or "/session_start" are not among them.
WIDGET_STARTERS = frozenset({"/describe_situation", "/quiz_start", "/tour_start", "/help"})


def offered_payloads(events: Iterable[Any]) -> Set[Text]:
    """Payloads of every button and quick reply the assistant sent in `events`."""
    from rasa.shared.core.events import BotUttered

    payloads: Set[Text] = set()
    for event in events:
        if isinstance(event, BotUttered):
            data = event.data or {}
            for button in (data.get("buttons") or []) + (data.get("quick_replies") or []):
                if isinstance(button, dict) and isinstance(button.get("payload"), str):
                    payloads.add(button["payload"].strip())
    return payloads


def as_plain_text(text: Text) -> Text:
    """What an unoffered "/…" message is understood as: the text without the slash."""
    return text.strip().lstrip("/").strip()


def interpolate_without_payload(rasa_interpolate: Callable, response: Any, values: Dict[Text, Any]) -> Any:
    """Rasa's `interpolate`, leaving intent payloads of domain buttons out.

    Rasa fills "{slot}" placeholders in every string of a response, buttons
    included, so the JSON braces of '/inform_situation{"city": "Aalborg"}' were
    taken for a slot name: 5-11 ERROR lines per referral turn, hiding real errors.
    Rasa's function recurses through its module attribute, so nested buttons come
    here too once it is replaced (vidensassistent.integration.rasa_patches).
    """
    if isinstance(response, dict) and str(response.get("payload", "")).startswith("/"):
        payload = response.pop("payload")
        try:
            return rasa_interpolate(response, values)
        finally:
            response["payload"] = payload
    return rasa_interpolate(response, values)


Parse = Callable[[Any], Awaitable[Dict[Text, Any]]]


async def parse_offered_only(parse: Parse, message: Any, tracker: Optional[Any]) -> Dict[Text, Any]:
    """Parse `message` with Rasa's `parse` (MessageProcessor.parse_message), reading a
    typed "/…" as plain text unless it is a button offered in this conversation."""
    from rasa.core.channels.channel import UserMessage

    text = (message.text or "").strip()
    # Without a tracker (`rasa test`, the token-protected /model/parse) there is
    # no conversation to check against.
    if (
        tracker is None
        or not text.startswith("/")
        or text in WIDGET_STARTERS
        or text in offered_payloads(tracker.events)
    ):
        return await parse(message)
    logger.info("A typed intent payload was not offered in this conversation; read as text.")
    plain = UserMessage(
        as_plain_text(text) or "?",
        message.output_channel,
        message.sender_id,
        input_channel=message.input_channel,
        metadata=message.metadata,
    )
    parse_data = await parse(plain)
    parse_data["text"] = message.text
    return parse_data
