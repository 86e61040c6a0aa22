"""Where the tracker store lives: DB_URL if set, else the SQLite file in endpoints.yml.

Shared by the tracker store class (vidensassistent.integration.stores), `make purge` and the
load test's check that every turn was stored. Light: no Rasa import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Optional, Text

import yaml

from vidensassistent.settings import ROOT, env

DEFAULT_SQLITE_FILE = "build/tracker.db"


def tracker_store_config(endpoints: Optional[Path] = None) -> Dict[Text, Any]:
    path = Path(endpoints) if endpoints else ROOT / "endpoints.yml"
    with open(path, encoding="utf-8") as handle:
        config = yaml.safe_load(handle) or {}
    return config.get("tracker_store") or {}


def sqlite_url(db_file: Text) -> Text:
    path = Path(db_file)
    if not path.is_absolute():
        path = Path.cwd() / path
    return f"sqlite:///{path}"


def database_url(endpoints: Optional[Path] = None, db_url: Optional[Text] = None) -> Text:
    """SQLAlchemy URL of the tracker store the server uses with the same settings."""
    url = db_url or env("DB_URL")
    if url:
        return normalise_url(url)
    return sqlite_url(tracker_store_config(endpoints).get("db") or DEFAULT_SQLITE_FILE)


def normalise_url(url: Text) -> Text:
    # SQLAlchemy 1.4 no longer accepts the "postgres://" spelling many tools print.
    if url.startswith("postgres://"):
        return "postgresql://" + url[len("postgres://") :]
    return url


def engine(url: Text) -> Any:
    import sqlalchemy

    return sqlalchemy.create_engine(url)


def sqlite_server_engine(url: Any) -> Any:
    """The SQLite engine of a running server.

    - A pool of connections: SQLAlchemy 1.4 opens a new connection for every query
      of a file database (NullPool), and three queries per reply each re-read the
      schema. (SQLAlchemy 2.0's default for files is the same pool.)
    - The write-ahead log with synchronous=NORMAL: a reply's commit appends to the log
      without waiting for the disk; SQLite syncs at checkpoints. A killed process loses
      nothing committed (the scale test SIGKILLs servers); a power cut may lose the
      last replies' history, never the file. PostgreSQL is not affected.
    """
    import sqlalchemy
    from sqlalchemy.pool import QueuePool

    engine = sqlalchemy.create_engine(url, poolclass=QueuePool, connect_args={"check_same_thread": False})

    @sqlalchemy.event.listens_for(engine, "connect")
    def _write_ahead(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    with engine.connect():
        pass  # creates the -wal and -shm files now, so the store can restrict them
    return engine


def checkpoint(engine: Any) -> None:
    """Copy SQLite's write-ahead log into the file and empty it: deleted text must not
    linger in the log. A no-op for a database without a log."""
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def tracker_store_location(host: Optional[Text], db: Text) -> Dict[Text, Text]:
    """SQLTrackerStore arguments for where conversations are stored.

    DB_URL (or a `url` in endpoints.yml) wins: `{"host": url}`; otherwise the SQLite
    file `db`: `{"dialect": "sqlite", "db": db}`.
    """
    url = env("DB_URL") or host
    if url:
        return {"host": normalise_url(url)}
    return {"dialect": "sqlite", "db": db}
