"""The report as one self-contained HTML page (inline CSS and SVG, no scripts).

The page is templates/report.html.j2; every text from a conversation is HTML-escaped
by its autoescape: users can type anything.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import List, Sequence, Text, Tuple

from vidensassistent.knowledge import FeedbackSettings, Knowledge
from vidensassistent.reporting.analysis import OUTCOME_LABELS, Report
from vidensassistent.reporting.chart import PERIOD_WORDS, chart_kind, topic_chart
from vidensassistent.reporting.formatting import (
    closest,
    number,
    percent,
    rated_label,
    rating_question,
    topic_title,
    when,
)
from vidensassistent.templating import render

Row = Sequence[Text]


def cards(report: Report) -> List[Tuple[Text, Text]]:
    """(label, value) of the key figures at the top."""
    questions, answered = len(report.questions), len(report.answered)
    return [
        ("Samtaler", str(report.conversations)),
        ("Spørgsmål", str(questions)),
        ("Besvaret", f"{answered} ({percent(answered, questions)})"),
        ("Mente du …?", str(report.count("clarify"))),
        ("Uden for / ikke i notatet", str(report.count("out_of_scope") + report.count("not_covered"))),
        ("Ikke forstået", str(report.count("fallback"))),
        ("Svar med lav sikkerhed", str(len(report.low_confidence))),
        ("Svaret hjalp", str(len(report.helpful))),
        ("Ikke det jeg søgte", f"{len(report.not_helpful)} ({len(report.comments)} med kommentar)"),
    ]


def unanswered_rows(report: Report, knowledge: Knowledge) -> List[Row]:
    """Grouped by closest topic, so questions an editor handles together stand together."""
    ordered = sorted(report.unanswered, key=lambda u: (u.turn.ranking[:1] or [("~", 0)])[0][0])
    return [
        (
            when(u.turn.timestamp),
            u.turn.text,
            OUTCOME_LABELS[u.turn.outcome] + (" (NLU usikker)" if u.turn.intent == "nlu_fallback" else ""),
            closest(u.turn, knowledge, 0),
            closest(u.turn, knowledge, 1),
            topic_title(knowledge, u.chosen_topic) if u.chosen_topic else "",
        )
        for u in ordered
    ]


def low_confidence_rows(report: Report, knowledge: Knowledge) -> List[Row]:
    return [
        (
            when(t.timestamp),
            t.text,
            topic_title(knowledge, t.topic),
            number(t.confidence),
            number(t.margin),
            closest(t, knowledge, 1),
        )
        for t in report.low_confidence
    ]


def not_helpful_rows(report: Report, knowledge: Knowledge) -> List[Row]:
    return [
        (when(r.timestamp), rating_question(r, knowledge), rated_label(r, knowledge), r.comment or "")
        for r in report.not_helpful
    ]


def topic_rows(report: Report, knowledge: Knowledge) -> List[Row]:
    """Every answered or rated topic, the most answered first."""
    totals = report.topic_totals()
    for rating in report.ratings:  # rated topics with no answer in the period
        if rating.topic:
            totals[rating.topic] += 0
    helpful = Counter(r.topic for r in report.helpful)
    not_helpful = Counter(r.topic for r in report.not_helpful)
    return [
        (topic_title(knowledge, t), t, str(n), str(helpful[t]), str(not_helpful[t]))
        for t, n in sorted(totals.items(), key=lambda item: (-item[1], topic_title(knowledge, item[0])))
    ]


def topic_chart_svg(report: Report, knowledge: Knowledge, settings: FeedbackSettings) -> Text:
    """Stacked bars of answers per period, split by topic (HTML: the SVG and its legend)."""
    chart = topic_chart(report, knowledge, settings.chart_topics)
    return render("report_chart.html.j2", chart=chart, kind=chart_kind(chart))


def render_html(report: Report, knowledge: Knowledge, settings: FeedbackSettings, source: Text) -> Text:
    chart = topic_chart(report, knowledge, settings.chart_topics)
    return render(
        "report.html.j2",
        first=when(report.first),
        last=when(report.last),
        made=when(datetime.now().timestamp()),
        source=source,
        cards=cards(report),
        word=PERIOD_WORDS[report.period],
        chart=chart,
        kind=chart_kind(chart),
        unanswered=unanswered_rows(report, knowledge),
        low_confidence=low_confidence_rows(report, knowledge),
        confidence_below=number(report.low_confidence_below),
        margin_below=number(report.low_margin_below),
        not_helpful=not_helpful_rows(report, knowledge),
        topics=topic_rows(report, knowledge),
    )
