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


def tracker_store_location(host: Optional[Text], db: Text) -> Dict[Text, Text]:
    """SQLTrackerStore arguments for where conversations are stored.

    DB_URL (or a `url` in endpoints.yml) wins: `{"host": url}`; otherwise the SQLite
    file `db`: `{"dialect": "sqlite", "db": db}`.
    """
    url = env("DB_URL") or host
    if url:
        return {"host": normalise_url(url)}
    return {"dialect": "sqlite", "db": db}
