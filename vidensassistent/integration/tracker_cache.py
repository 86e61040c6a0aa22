"""Trackers of recently active conversations, kept in memory while they are still true.

Rasa rebuilds every tracker from all its stored events on every message, which made
the reply time grow with the length of the conversation (about 25 ms of JSON decoding
at 50 turns here). The tracker store (vidensassistent.integration.stores) therefore
remembers the tracker it just saved, with a stamp of what the database held right after
(newest event id, number of events), and hands it out again only while the database
still has that stamp: a write by another server, `make purge`, a deletion or the HTTP
API changes the stamp, and the tracker is read from the database as Rasa does.

Light: no Rasa or database import; the store supplies the stamps.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable, Hashable, Optional, Text, Tuple

# How many conversations' trackers are kept (least recently saved go first).
RECENT_TRACKERS = 1000


class TrackerCache:
    """sender_id -> (stamp, tracker), bounded, least recently remembered out first."""

    def __init__(self, size: int = RECENT_TRACKERS) -> None:
        if size < 1:
            raise ValueError("a tracker cache holds at least one tracker")
        self.size = size
        self._recent: "OrderedDict[Text, Tuple[Hashable, Any]]" = OrderedDict()

    def __len__(self) -> int:
        return len(self._recent)

    def __contains__(self, sender_id: object) -> bool:
        return sender_id in self._recent

    def take(self, sender_id: Text, current_stamp: Callable[[Text], Hashable]) -> Optional[Any]:
        """The remembered tracker if the store's stamp is unchanged, else None.

        A tracker is handed out once: the caller changes it, and it is only valid
        again once it has been saved (and remembered) anew.
        `current_stamp` is asked only when a tracker is remembered.
        """
        recent = self._recent.pop(sender_id, None)
        if recent is None:
            return None
        stamp, tracker = recent
        return tracker if current_stamp(sender_id) == stamp else None

    def remember(self, sender_id: Text, stamp: Hashable, tracker: Any) -> None:
        self._recent.pop(sender_id, None)
        self._recent[sender_id] = (stamp, tracker)
        while len(self._recent) > self.size:
            self._recent.popitem(last=False)

    def forget(self, sender_id: Text) -> None:
        self._recent.pop(sender_id, None)
