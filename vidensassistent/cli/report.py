"""`make report`: what the assistant could not answer, for the content editors.

Reads the tracker store the way the server finds it (DB_URL if set, else the
SQLite file in endpoints.yml; --db-url overrides) and writes
build/report/report.html (self-contained) and CSV files next to it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from vidensassistent.integration.db import database_url
from vidensassistent.knowledge import DEFAULT_THRESHOLDS, load_knowledge, load_settings
from vidensassistent.reporting.analysis import Report, analyse
from vidensassistent.reporting.render import render_html
from vidensassistent.reporting.store import load_conversations
from vidensassistent.reporting.tables import write_csv
from vidensassistent.settings import ROOT


def describe(url: str) -> str:
    """The store without a password, for the report's header."""
    if url.startswith("sqlite:///"):
        return f"SQLite-filen {url[len('sqlite:///') :]}"
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def build(db_url: str, out_dir: Path, days: float | None = None) -> Report:
    since = time.time() - days * 86400 if days else None
    knowledge, settings = load_knowledge(), load_settings()
    report = analyse(load_conversations(db_url, since), DEFAULT_THRESHOLDS, settings)
    out_dir.mkdir(parents=True, exist_ok=True)
    html = render_html(report, knowledge, settings, describe(db_url))
    (out_dir / "report.html").write_text(html, encoding="utf-8")
    write_csv(report, knowledge, out_dir)
    return report


def summary(report: Report) -> str:
    questions = len(report.questions)
    return (
        f"{report.conversations} samtaler, {questions} spørgsmål: {len(report.answered)} besvaret, "
        f"{report.count('clarify')} 'Mente du …?', {report.count('out_of_scope')} uden for notatet, "
        f"{report.count('not_covered')} ikke i notatet, {report.count('fallback')} ikke forstået; "
        f"{len(report.low_confidence)} svar med lav sikkerhed; "
        f"{len(report.helpful)} 'Svaret hjalp', {len(report.not_helpful)} 'Ikke det jeg søgte' "
        f"({len(report.comments)} med kommentar)."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-url", help="default: DB_URL, else the SQLite file in endpoints.yml")
    parser.add_argument("--endpoints", type=Path, default=ROOT / "endpoints.yml")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "report")
    parser.add_argument("--days", type=float, help="only the last DAYS days (default: everything stored)")
    args = parser.parse_args()
    url = database_url(args.endpoints, args.db_url)
    report = build(url, args.out, args.days)
    print(summary(report))
    print(f"Rapport: {args.out / 'report.html'} (CSV-filer i samme mappe)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
