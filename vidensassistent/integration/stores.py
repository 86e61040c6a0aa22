"""Tracker and lock store chosen by environment, so one endpoints.yml serves all.

endpoints.yml:

    tracker_store:
      type: vidensassistent.integration.stores.EnvTrackerStore
      db: build/tracker.db          # the SQLite file used when DB_URL is unset
    lock_store:
      type: vidensassistent.integration.stores.EnvLockStore

- DB_URL unset: conversations in an SQLite file (no set-up); set, e.g.
  `postgresql://rasa:secret@db.internal:5432/rasa`: PostgreSQL
  (the choice: vidensassistent.integration.db.tracker_store_location).
- REDIS_URL unset: locks in memory (one server); set, e.g.
  `redis://localhost:6379/1`: Rasa's RedisLockStore, needed as soon as more
  than one Rasa server shares the tracker store.

The tracker store reuses the tracker of a recently active conversation while the
database still holds exactly the events it was saved with
(vidensassistent.integration.tracker_cache); otherwise it reads the database as Rasa does.

Rasa falls back to an in-memory tracker store *silently* when a custom store
class fails to import; a missing database driver is therefore raised as a
RuntimeError here, so the server refuses to start instead of forgetting.
"""

from __future__ import annotations

import itertools
import logging
from pathlib import Path
from typing import Any, Optional, Text, Tuple
from urllib.parse import unquote, urlsplit

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

from vidensassistent.integration import rasa_patches
from vidensassistent.integration.db import (
    DEFAULT_SQLITE_FILE,
    checkpoint,
    sqlite_server_engine,
    tracker_store_location,
)
from vidensassistent.integration.tracker_cache import TrackerCache
from vidensassistent.settings import env

logger = logging.getLogger(__name__)


class EnvTrackerStore(rasa_patches.CountingSQLTrackerStore):
    """SQLTrackerStore on DB_URL if set, else on the SQLite file `db`, with a tracker cache."""

    def __init__(
        self,
        domain: Any = None,
        host: Optional[Text] = None,
        db: Text = DEFAULT_SQLITE_FILE,
        event_broker: Any = None,
        **kwargs: Any,
    ) -> None:
        # Rasa builds the tracker store before it handles a message, however it was started.
        rasa_patches.install()
        kwargs.pop("dialect", None)
        location = tracker_store_location(host, db)
        if "host" in location:
            logger.info("Tracker store: %s", _without_password(location["host"]))
        else:
            Path(db).parent.mkdir(parents=True, exist_ok=True)
            logger.info("Tracker store: SQLite file %s", db)
        try:
            super().__init__(domain, event_broker=event_broker, **location, **kwargs)
        except ImportError as error:
            raise RuntimeError(f"Tracker store driver missing: {error}") from error
        if "host" not in location:
            from sqlalchemy.orm import sessionmaker

            self.engine.dispose()
            self.engine = sqlite_server_engine(self.engine.url)
            self.sessionmaker = sessionmaker(bind=self.engine)
            _owner_only(Path(db))
        self.cache = TrackerCache()

    def _stored_state(self, sender_id: Text) -> Tuple[Any, int]:
        """Newest event id and event count of a conversation: one indexed query."""
        import sqlalchemy as sa

        with self.session_scope() as session:
            newest, count = (
                session.query(sa.func.max(self.SQLEvent.id), sa.func.count(self.SQLEvent.id))
                .filter(self.SQLEvent.sender_id == sender_id)
                .one()
            )
        return newest, int(count)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        tracker = self.cache.take(sender_id, self._stored_state)
        if tracker is not None:
            return tracker
        return await super().retrieve(sender_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        self.cache.forget(tracker.sender_id)
        if self._reads_back_as_saved(tracker):
            self.cache.remember(tracker.sender_id, self._stored_state(tracker.sender_id), tracker)

    def _reads_back_as_saved(self, tracker: DialogueStateTracker) -> bool:
        """Whether `retrieve` would now read back exactly `tracker`: events of the latest
        session only, and nothing stored that this tracker does not know of."""
        # Right after a new session has started, the tracker still holds the previous
        # session's events; the next message reads the store.
        if any(isinstance(event, SessionStarted) for event in itertools.islice(tracker.events, 1, None)):
            return False
        return self.stored_before <= len(tracker.events)

    def delete_conversation(self, sender_id: Text) -> int:
        """Delete all stored events of one conversation; returns how many.

        SQLite overwrites the deleted rows in the file (secure_delete) and empties its
        write-ahead log, so the text is gone from the disk at once, not only marked free;
        PostgreSQL frees the
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
        if self.engine.dialect.name == "sqlite":
            checkpoint(self.engine)
        self.cache.forget(sender_id)
        return int(deleted)


def lock_backend(endpoint_config: Any = None) -> LockStore:
    """Rasa's RedisLockStore on REDIS_URL if set, else its InMemoryLockStore."""
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


class EnvLockStore(LockStore):
    """The lock store endpoints.yml names: Rasa builds it as `EnvLockStore(endpoint_config=…)`.

    Rasa's ticket locking (LockStore) runs as usual; it keeps its locks in the
    backend chosen by `lock_backend` (Redis or memory).
    """

    def __init__(self, endpoint_config: Any = None) -> None:
        self.backend = lock_backend(endpoint_config)
        super().__init__()

    def get_lock(self, conversation_id: Text) -> Any:
        return self.backend.get_lock(conversation_id)

    def delete_lock(self, conversation_id: Text) -> None:
        self.backend.delete_lock(conversation_id)

    def save_lock(self, lock: Any) -> None:
        self.backend.save_lock(lock)


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
