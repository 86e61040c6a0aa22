"""Delete one conversation's stored events at the user's request ("Slet samtalen").

Called by both input channels (vidensassistent.integration.channels): the widget over socket.io,
other clients over REST. Whoever holds a conversation's id can write to it, so
the same id is enough to delete it; the token-protected HTTP API is not needed.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, Text, Tuple

from vidensassistent.integration import messages

logger = logging.getLogger(__name__)


def _innermost(store: Any) -> Any:
    # Rasa wraps the configured store: FailSafeTrackerStore(AwaitableTrackerStore(store)).
    while hasattr(store, "_tracker_store"):
        store = store._tracker_store
    return store


async def delete_conversation(agent: Any, sender_id: Text) -> int:
    """Delete every stored event of `sender_id` now; returns how many were deleted.

    Holds the conversation's lock, so a message being answered at the same
    moment is either stored before the deletion or after it, never half.
    """
    store = _innermost(agent.tracker_store)
    async with agent.lock_store.lock(sender_id):
        if hasattr(store, "delete_conversation"):
            deleted = store.delete_conversation(sender_id)
        elif isinstance(getattr(store, "store", None), dict):  # Rasa's in-memory store
            # It keeps one serialised tracker per conversation: count it as one.
            deleted = int(store.store.pop(sender_id, None) is not None)
        else:
            raise RuntimeError(f"{type(store).__name__} cannot delete a conversation")
    logger.info("Deleted a conversation on the user's request (%d events)", deleted)
    return deleted


async def delete_reply(agent: Any, sender_id: Text) -> Tuple[int, Dict[Text, Any]]:
    """Delete a conversation; (HTTP status, reply) with a Danish `text` either way."""
    try:
        count = await delete_conversation(agent, sender_id)
    except Exception:  # the user must hear that it failed, never silence
        logger.exception("Deleting a conversation failed")
        return 500, {"deleted": False, "text": messages.DELETE_FAILED}
    return 200, {"deleted": True, "events": count, "text": messages.CONVERSATION_DELETED}
