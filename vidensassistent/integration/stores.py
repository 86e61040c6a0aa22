"""Tracker and lock store chosen by environment, so one endpoints.yml serves all.

endpoints.yml:

    tracker_store:
      type: vidensassistent.integration.stores.EnvTrackerStore
      db: build/tracker.db          # the SQLite file used when DB_URL is unset
    lock_store:
      type: vidensassistent.integration.stores.EnvLockStore

- DB_URL unset: conversations in an SQLite file (no set-up); set, e.g.
  `postgresql://rasa:secret@db.internal:5432/rasa`: PostgreSQL.
- REDIS_URL unset: locks in memory (one server); set, e.g.
  `redis://localhost:6379/1`: Rasa's RedisLockStore, needed as soon as more
  than one Rasa server shares the tracker store.

The tracker store keeps the trackers of recently active conversations in memory
and reuses one only while the database still holds exactly the events it was
saved with (see `EnvTrackerStore.retrieve`); otherwise it reads the database as
Rasa does. Rasa rebuilds every tracker from all its stored events on every
message, which made the reply time grow with the length of the conversation
(about 25 ms of JSON decoding at 50 turns here).

Rasa falls back to an in-memory tracker store *silently* when a custom store
class fails to import; a missing database driver is therefore raised as a
RuntimeError here, so the server refuses to start instead of forgetting.
"""
from __future__ import annotations

import itertools
import logging
from collections import OrderedDict
from pathlib import Path
from typing import Any, Iterator, Optional, Text, Tuple
from urllib.parse import unquote, urlsplit

from rasa.core.lock_store import InMemoryLockStore, RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

from vidensassistent.integration import server_hooks
from vidensassistent.integration.db import DEFAULT_SQLITE_FILE, normalise_url
from vidensassistent.settings import env

logger = logging.getLogger(__name__)

# The Rasa server imports this module (endpoints.yml); see vidensassistent.integration.server_hooks.
server_hooks.install()


# How many conversations' trackers are kept in memory (least recently used go first).
RECENT_TRACKERS = 1000


class EnvTrackerStore(SQLTrackerStore):
    """SQLTrackerStore on DB_URL if set, else on the SQLite file `db`."""

    def __init__(
        self,
        domain: Any = None,
        host: Optional[Text] = None,
        db: Text = DEFAULT_SQLITE_FILE,
        event_broker: Any = None,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("dialect", None)
        url = env("DB_URL") or host
        try:
            if url:
                url = normalise_url(url)
                logger.info("Tracker store: %s", _without_password(url))
                super().__init__(domain, host=url, event_broker=event_broker, **kwargs)
            else:
                Path(db).parent.mkdir(parents=True, exist_ok=True)
                logger.info("Tracker store: SQLite file %s", db)
                super().__init__(domain, dialect="sqlite", db=db, event_broker=event_broker, **kwargs)
                _owner_only(Path(db))
        except ImportError as error:
            raise RuntimeError(f"Tracker store driver missing: {error}") from error
        # sender_id -> (newest event id, number of events, tracker) as last saved here
        self._recent: "OrderedDict[Text, Tuple[Any, int, DialogueStateTracker]]" = OrderedDict()
        self._stored_before = 0

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        # Rasa counts the events already stored for this session here; keep the count.
        self._stored_before = self._event_query(session, tracker.sender_id, False).count()
        return itertools.islice(tracker.events, self._stored_before, len(tracker.events))

    def _stored_state(self, sender_id: Text) -> Tuple[Any, int]:
        """Newest event id and event count of a conversation: one indexed query."""
        import sqlalchemy as sa

        with self.session_scope() as session:
            newest, count = session.query(
                sa.func.max(self.SQLEvent.id), sa.func.count(self.SQLEvent.id)
            ).filter(self.SQLEvent.sender_id == sender_id).one()
        return newest, int(count)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        # A remembered tracker is handed out once (the processor changes it) and
        # only if no other server, purge or API call has written since we saved it.
        recent = self._recent.pop(sender_id, None)
        if recent is not None:
            newest, count, tracker = recent
            if self._stored_state(sender_id) == (newest, count):
                return tracker
        return await super().retrieve(sender_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        self._recent.pop(tracker.sender_id, None)
        # Only remember trackers equal to what `retrieve` would read back: events of
        # the latest session only. Right after a new session has started, the tracker
        # still holds the previous session's events; the next message reads the store.
        if any(isinstance(event, SessionStarted) for event in itertools.islice(tracker.events, 1, None)):
            return
        if self._stored_before > len(tracker.events):
            return  # the store already held more than this tracker knows of
        newest, count = self._stored_state(tracker.sender_id)
        self._recent[tracker.sender_id] = (newest, count, tracker)
        while len(self._recent) > RECENT_TRACKERS:
            self._recent.popitem(last=False)


    def delete_conversation(self, sender_id: Text) -> int:
        """Delete all stored events of one conversation; returns how many.

        SQLite overwrites the deleted rows in the file (secure_delete), so the text
        is gone from the disk at once, not only marked free; PostgreSQL frees the
        rows at its next VACUUM (autovacuum, or `make purge` every night).
        """
        import sqlalchemy as sa

        with self.session_scope() as session:
            if self.engine.dialect.name == "sqlite":
                session.execute(sa.text("PRAGMA secure_delete = ON"))
            deleted = (
                session.query(self.SQLEvent)
                .filter(self.SQLEvent.sender_id == sender_id)
                .delete(synchronize_session=False)
            )
            session.commit()
        self._recent.pop(sender_id, None)
        return int(deleted)


class EnvLockStore:
    """Factory Rasa instantiates as a lock store: Redis if REDIS_URL is set."""

    def __new__(cls, endpoint_config: Any = None) -> Any:  # type: ignore[misc]
        url = env("REDIS_URL")
        if not url:
            return InMemoryLockStore()
        parts = urlsplit(url)
        if parts.scheme not in ("redis", "rediss"):
            raise RuntimeError(f"REDIS_URL must start with redis:// or rediss://, not {parts.scheme}://")
        db = parts.path.lstrip("/") or "1"
        logger.info("Lock store: Redis at %s:%s/%s", parts.hostname, parts.port or 6379, db)
        return RedisLockStore(
            host=parts.hostname or "localhost",
            port=parts.port or 6379,
            db=int(db),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            use_ssl=parts.scheme == "rediss",
            key_prefix=(endpoint_config.kwargs.get("key_prefix") if endpoint_config else None),
        )


def _owner_only(db: Path) -> None:
    """The conversations are personal data: no other user of the host may read them."""
    for path in [db, *db.parent.glob(db.name + "-*")]:  # -journal, -wal, -shm
        try:
            path.chmod(0o600)
        except OSError as error:
            logger.warning("Could not restrict %s to its owner: %s", path, type(error).__name__)


def _without_password(url: Text) -> Text:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url
