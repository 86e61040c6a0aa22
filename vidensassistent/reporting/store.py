"""Read conversation events from the tracker store Rasa writes (SQLTrackerStore).

The store is found the way the server finds it (vidensassistent.integration.db): DB_URL if set,
else the SQLite file in endpoints.yml; `--db-url` overrides both. Only reads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text

from vidensassistent.integration.db import engine


@dataclass(frozen=True)
class StoredEvent:
    sender_id: Text
    timestamp: float
    data: Dict[Text, Any]

    @property
    def kind(self) -> Text:
        return self.data.get("event", "")


def load_conversations(db_url: Text, since: Optional[float] = None) -> Dict[Text, List[StoredEvent]]:
    """Events per conversation (sender id), in the order Rasa stored them."""
    import sqlalchemy as sa

    db = engine(db_url)
    try:
        if not sa.inspect(db).has_table("events"):
            return {}
        query = "SELECT sender_id, timestamp, data FROM events"
        params: Dict[Text, Any] = {}
        if since is not None:
            query += " WHERE timestamp >= :since"
            params["since"] = since
        query += " ORDER BY id"
        conversations: Dict[Text, List[StoredEvent]] = {}
        with db.connect() as connection:
            for sender_id, timestamp, data in connection.execute(sa.text(query), params):
                try:
                    event = json.loads(data) if data else {}
                except ValueError:
                    continue
                conversations.setdefault(sender_id, []).append(
                    StoredEvent(sender_id, float(timestamp or 0.0), event)
                )
        return conversations
    finally:
        db.dispose()
