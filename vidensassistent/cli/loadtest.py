"""`make loadtest`: N concurrent conversations x M turns against the Rasa server.

Reports throughput, p50/p95/p99 latency and errors, then checks in the tracker
store that every acknowledged turn was stored. Against --url if a server answers
there; otherwise (with --start auto, the default) it starts its own action
server + Rasa server pair on free loopback ports for the run and stops them after.

The tracker store is found the way the server finds it: DB_URL if set, else
the SQLite file in endpoints.yml (or the one of the servers it started). The
test's conversations (sender ids load-<run>-<n>) are deleted from a running
server's store afterwards, unless --keep.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import urllib.request
from pathlib import Path

from vidensassistent.integration.db import database_url
from vidensassistent.settings import ROOT
from vidensassistent.tooling.load import LoadConfig, delete_conversations, run_load, verify

MODEL = ROOT / "models" / "vidensassistent.tar.gz"


def reachable(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3):
            return True
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("-n", "--conversations", type=int, default=20)
    parser.add_argument("-m", "--turns", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=60, help="per request, seconds")
    parser.add_argument("--retries", type=int, default=0)
    parser.add_argument("--start", choices=("auto", "always", "never"), default="auto")
    parser.add_argument("--db-url", help="tracker store to check (default: DB_URL, endpoints.yml)")
    parser.add_argument("--no-verify", action="store_true")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the test conversations in the tracker store (default: delete them)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    servers_cm = None
    url, db_url = args.url, args.db_url
    if args.start == "always" or (args.start == "auto" and not reachable(url)):
        from vidensassistent.tooling.servers import running_servers

        print(f"Ingen server på {url}; starter en midlertidig (build/loadtest) …", flush=True)
        workdir = ROOT / "build" / "loadtest"
        (workdir / "tracker.db").unlink(missing_ok=True)
        servers_cm = running_servers(MODEL, workdir)
        servers = servers_cm.__enter__()
        url, db_url = servers.url, f"sqlite:///{servers.tracker_db}"
    try:
        config = LoadConfig(url, args.conversations, args.turns, args.timeout, args.retries)
        print(
            f"Belastningstest mod {url}: {config.conversations} samtaler × {config.turns} ture …", flush=True
        )
        result = asyncio.run(run_load(config))
        store = db_url or database_url()
        if not args.no_verify:
            verify(result, store)
        if not args.keep and servers_cm is None:
            delete_conversations(result, store)
    finally:
        if servers_cm is not None:
            servers_cm.__exit__(None, None, None)

    print(result.report())
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result.summary(), indent=2), encoding="utf-8")
    failed = result.failed_turns or (result.verified and result.lost)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
