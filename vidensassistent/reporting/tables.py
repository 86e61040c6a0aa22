"""The report's lists as CSV files, for a spreadsheet.

Semicolon-separated, UTF-8 with BOM and decimal commas, so Danish Excel opens
them in columns with the letters æ, ø and å intact.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Dict, List, Sequence, Text, Tuple

from vidensassistent.knowledge import Knowledge
from vidensassistent.reporting.analysis import OUTCOME_LABELS, Report
from vidensassistent.reporting.formatting import (
    closest,
    number,
    period_label,
    rated_label,
    rating_question,
    topic_title,
    when,
)

FILES = {
    "unanswered": "unanswered.csv",
    "low_confidence": "low_confidence.csv",
    "feedback": "feedback.csv",
    "topics_over_time": "topics_over_time.csv",
}
RATING_LABELS = {"helpful": "Svaret hjalp", "not_helpful": "Ikke det jeg søgte"}


def _write(path: Path, headers: Sequence[Text], rows: List[Sequence[Text]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(headers)
        writer.writerows(rows)


def _unanswered_table(report: Report, knowledge: Knowledge) -> Tuple[List[Text], List[List[Text]]]:
    header = [
        "Tidspunkt",
        "Samtale",
        "Spørgsmål",
        "Udfald",
        "NLU usikker",
        "Nærmeste emne",
        "Nærmeste emne id",
        "Sandsynlighed",
        "Næstnærmeste emne",
        "Brugeren valgte",
    ]
    rows = [
        [
            when(u.turn.timestamp),
            u.turn.sender_id,
            u.turn.text,
            OUTCOME_LABELS[u.turn.outcome],
            "ja" if u.turn.intent == "nlu_fallback" else "nej",
            topic_title(knowledge, u.turn.ranking[0][0]) if u.turn.ranking else "",
            u.turn.ranking[0][0] if u.turn.ranking else "",
            number(u.turn.confidence) if u.turn.ranking else "",
            closest(u.turn, knowledge, 1),
            topic_title(knowledge, u.chosen_topic) if u.chosen_topic else "",
        ]
        for u in report.unanswered
    ]
    return header, rows


def _low_confidence_table(report: Report, knowledge: Knowledge) -> Tuple[List[Text], List[List[Text]]]:
    header = [
        "Tidspunkt",
        "Samtale",
        "Spørgsmål",
        "Svar givet",
        "Emne id",
        "Sandsynlighed",
        "Forspring",
        "Næstbedste emne",
    ]
    rows = [
        [
            when(t.timestamp),
            t.sender_id,
            t.text,
            topic_title(knowledge, t.topic),
            t.topic or "",
            number(t.confidence),
            number(t.margin),
            closest(t, knowledge, 1),
        ]
        for t in report.low_confidence
    ]
    return header, rows


def _feedback_table(report: Report, knowledge: Knowledge) -> Tuple[List[Text], List[List[Text]]]:
    header = ["Tidspunkt", "Samtale", "Vurdering", "Spørgsmål", "Svar", "Emne id", "Brugerens kommentar"]
    rows = [
        [
            when(r.timestamp),
            r.sender_id,
            RATING_LABELS.get(r.rating, r.rating),
            rating_question(r, knowledge),
            rated_label(r, knowledge),
            r.topic or "",
            r.comment or "",
        ]
        for r in report.ratings
    ]
    return header, rows


def _topics_over_time_table(report: Report, knowledge: Knowledge) -> Tuple[List[Text], List[List[Text]]]:
    header = ["Periode", "Periode start", "Emne", "Emne id", "Antal svar"]
    rows = [
        [
            period_label(start, report.period),
            start.isoformat(timespec="minutes"),
            topic_title(knowledge, topic),
            topic,
            str(count),
        ]
        for (start, topic), count in sorted(report.topic_periods.items())
    ]
    return header, rows


def write_csv(report: Report, knowledge: Knowledge, directory: Path) -> Dict[Text, Path]:
    paths = {key: directory / name for key, name in FILES.items()}
    tables = {
        "unanswered": _unanswered_table,
        "low_confidence": _low_confidence_table,
        "feedback": _feedback_table,
        "topics_over_time": _topics_over_time_table,
    }
    for key, table in tables.items():
        _write(paths[key], *table(report, knowledge))
    return paths
