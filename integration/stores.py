"""Tracker and lock store chosen by environment, so one endpoints.yml serves all.

endpoints.yml:

    tracker_store:
      type: integration.stores.EnvTrackerStore
      db: build/tracker.db          # the SQLite file used when DB_URL is unset
    lock_store:
      type: integration.stores.EnvLockStore

- DB_URL unset: conversations in an SQLite file (no set-up); set, e.g.
  `postgresql://rasa:secret@db.internal:5432/rasa`: PostgreSQL.
- REDIS_URL unset: locks in memory (one server); set, e.g.
  `redis://localhost:6379/1`: Rasa's RedisLockStore, needed as soon as more
  than one Rasa server shares the tracker store.

Rasa falls back to an in-memory tracker store *silently* when a custom store
class fails to import; a missing database driver is therefore raised as a
RuntimeError here, so the server refuses to start instead of forgetting.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Optional, Text
from urllib.parse import unquote, urlsplit

from rasa.core.lock_store import InMemoryLockStore, RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore

from integration import action_errors
from integration.db import DEFAULT_SQLITE_FILE, normalise_url

logger = logging.getLogger(__name__)

# The Rasa server imports this module (endpoints.yml); see integration.channels.
action_errors.install()


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
        url = os.environ.get("DB_URL") or host
        try:
            if url:
                url = normalise_url(url)
                logger.info("Tracker store: %s", _without_password(url))
                super().__init__(domain, host=url, event_broker=event_broker, **kwargs)
            else:
                Path(db).parent.mkdir(parents=True, exist_ok=True)
                logger.info("Tracker store: SQLite file %s", db)
                super().__init__(domain, dialect="sqlite", db=db, event_broker=event_broker, **kwargs)
        except ImportError as error:
            raise RuntimeError(f"Tracker store driver missing: {error}") from error


class EnvLockStore:
    """Factory Rasa instantiates as a lock store: Redis if REDIS_URL is set."""

    def __new__(cls, endpoint_config: Any = None) -> Any:  # type: ignore[misc]
        url = os.environ.get("REDIS_URL")
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


def _without_password(url: Text) -> Text:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url
