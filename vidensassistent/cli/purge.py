"""`make purge`: delete conversation data older than `retention_days` (data/about.yml).

Deletes every tracker store event older than the cut-off, so a conversation
with no activity for DAYS days disappears entirely, and a long-running one
loses its old sessions. Then VACUUMs, so the deleted text is gone from the
database file (SQLite) or table pages (PostgreSQL), not just marked free.

Finds the store the way the server does: DB_URL if set, else the SQLite file
in endpoints.yml. The number of days is `retention_days` in data/about.yml, the
number the widget and the "Om Vidensassistenten" page tell users; `--days`
(`make purge DAYS=…`) overrides it with a warning. Cron, every night at 03:15:
    15 3 * * * cd /srv/vidensassistent && make purge >> build/purge.log 2>&1
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path

from vidensassistent.integration.about import ABOUT_FILE, retention_days
from vidensassistent.integration.db import checkpoint, database_url, engine
from vidensassistent.settings import ROOT


def purge(db_url: str, days: float, now: float | None = None, dry_run: bool = False) -> dict:
    """Delete events older than `days`; returns counts."""
    import sqlalchemy as sa

    cutoff = (now if now is not None else time.time()) - days * 86400
    if db_url.startswith("sqlite:///") and not Path(db_url[len("sqlite:///") :]).exists():
        return {"cutoff": cutoff, "events": 0, "conversations": 0}  # no conversations yet
    db = engine(db_url)
    try:
        if not sa.inspect(db).has_table("events"):
            return {"cutoff": cutoff, "events": 0, "conversations": 0}
        with db.begin() as connection:
            events = connection.execute(
                sa.text("SELECT COUNT(*) FROM events WHERE timestamp < :cutoff"), {"cutoff": cutoff}
            ).scalar()
            conversations = connection.execute(
                sa.text(
                    "SELECT COUNT(*) FROM (SELECT sender_id FROM events GROUP BY sender_id "
                    "HAVING MAX(timestamp) < :cutoff) AS old"
                ),
                {"cutoff": cutoff},
            ).scalar()
            if not dry_run:
                connection.execute(
                    sa.text("DELETE FROM events WHERE timestamp < :cutoff"), {"cutoff": cutoff}
                )
        if events and not dry_run:
            try:
                with db.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                    connection.execute(sa.text("VACUUM" if db.dialect.name == "sqlite" else "VACUUM events"))
                if db.dialect.name == "sqlite":
                    checkpoint(db)  # the server's write-ahead log holds the old pages too
            except sa.exc.OperationalError as error:  # e.g. SQLite busy: next run vacuums
                print(f"Advarsel: VACUUM mislykkedes ({error.orig}); prøv igen senere.")
    finally:
        db.dispose()
    return {"cutoff": cutoff, "events": events, "conversations": conversations}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--days", type=float, help=f"default: retention_days in {ABOUT_FILE.relative_to(ROOT)}"
    )
    parser.add_argument("--db-url", help="default: DB_URL, else the SQLite file in endpoints.yml")
    parser.add_argument("--endpoints", type=Path, default=ROOT / "endpoints.yml")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    configured = retention_days()
    if args.days is None:
        args.days = configured
    elif args.days != configured:
        print(
            f"Bemærk: der slettes efter {args.days:g} dage, men widgetten og siden "
            f'"Om Vidensassistenten" siger {configured} dage (retention_days i '
            f"{ABOUT_FILE.relative_to(ROOT)})."
        )
    if args.days < 0:
        parser.error("--days skal være 0 eller mere")

    url = database_url(args.endpoints, args.db_url)
    counts = purge(url, args.days, dry_run=args.dry_run)
    when = datetime.fromtimestamp(counts["cutoff"]).strftime("%Y-%m-%d %H:%M")
    verb = "Ville slette" if args.dry_run else "Slettede"
    print(
        f"{verb} {counts['events']} hændelser fra før {when} ({args.days:g} dage); "
        f"{counts['conversations']} samtaler er dermed slettet helt."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
