"""A short Danish "teknisk fejl" reply when the action server is down or slow.

Rasa 3.6 has no hook for this: when a custom action cannot be run, the
processor logs the exception, drops the action's events and the user hears
nothing; a hung action server is waited on for five minutes
(`DEFAULT_REQUEST_TIMEOUT`). vidensassistent.integration.rasa_patches wraps
`RemoteAction.run` (the class Rasa uses for every custom action) with
`run_or_technical_error`, so that

- the call is given up after ACTION_TIMEOUT seconds (default 20; wall-clock time,
  which includes time the Rasa server spends on other conversations);
- on any failure except a deliberate rejection by the action (HTTP 400,
  `ActionExecutionRejection`), the action's result is the domain response
  `utter_technical_error` (a BotUttered event, so it is sent to the user and
  recorded in the tracker like any other reply).

The next message calls the action server again, so the assistant recovers by
itself when the action server is back.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, List

from vidensassistent.integration.messages import TECHNICAL_ERROR
from vidensassistent.settings import env

logger = logging.getLogger(__name__)

RESPONSE = "utter_technical_error"
DEFAULT_TIMEOUT_SECONDS = 20.0


def action_timeout() -> float:
    try:
        return float(env("ACTION_TIMEOUT") or DEFAULT_TIMEOUT_SECONDS)
    except ValueError:
        return DEFAULT_TIMEOUT_SECONDS


async def run_or_technical_error(
    running: Awaitable[List], action_name: str, output_channel: Any, nlg: Any, tracker: Any
) -> List:
    """Await Rasa's own `RemoteAction.run` (`running`) for at most ACTION_TIMEOUT seconds;
    on any failure but a deliberate rejection, the events of the technical-error reply."""
    from rasa.core.actions import action as rasa_action

    try:
        return await asyncio.wait_for(running, timeout=action_timeout())
    except rasa_action.ActionExecutionRejection:
        raise
    except Exception as error:
        reason = "timed out" if isinstance(error, asyncio.TimeoutError) else str(error)
        logger.error("Custom action '%s' failed (%s); replying %s.", action_name, reason, RESPONSE)
        message = None
        try:
            message = await nlg.generate(RESPONSE, tracker, output_channel.name())
        except Exception:  # the reply must not depend on anything that can fail
            logger.exception("Could not render %s.", RESPONSE)
        if not message or not message.get("text"):
            message = {"text": TECHNICAL_ERROR}
        return [rasa_action.create_bot_utterance(message)]
