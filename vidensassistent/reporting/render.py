"""The report as one self-contained HTML page (inline CSS and SVG, no scripts).

Every text from a conversation is HTML-escaped: users can type anything.
"""
from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Iterable, List, Optional, Sequence, Text

from vidensassistent.knowledge import FeedbackSettings, Knowledge
from vidensassistent.reporting.analysis import OUTCOME_LABELS, Rating, Report, Turn, nice_ceiling, outcome_of

# Okabe–Ito palette (readable with colour-blindness); grey for "Øvrige emner".
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#332288"]
OTHER_COLOUR = "#9A9A9A"
OTHER_LABEL = "Øvrige emner"
PERIOD_WORDS = {"hour": "time", "day": "dag", "week": "uge"}


def number(value: Optional[float], digits: int = 2) -> Text:
    return "–" if value is None else f"{value:.{digits}f}".replace(".", ",")


def percent(part: int, whole: int) -> Text:
    return "–" if not whole else f"{round(100 * part / whole)} %"


def when(timestamp: Optional[float]) -> Text:
    return "–" if timestamp is None else datetime.fromtimestamp(timestamp).strftime("%d.%m.%Y %H:%M")


def period_label(start: datetime, period: Text) -> Text:
    if period == "hour":
        return start.strftime("%d.%m. kl. %H")
    if period == "day":
        return start.strftime("%d.%m.%Y")
    return f"uge {start.isocalendar()[1]} {start.isocalendar()[0]}"


def topic_title(knowledge: Knowledge, topic: Optional[Text]) -> Text:
    if not topic:
        return "–"
    return knowledge.topics[topic].title if topic in knowledge.topics else topic


def question_text(turn: Optional[Turn], knowledge: Knowledge) -> Text:
    if turn is None:
        return "–"
    if turn.via_button:
        shown = f"valgt med knap: {topic_title(knowledge, turn.topic)}" if turn.topic else "valgt med knap"
        return f"({shown})"
    return turn.text


def chart_series(report: Report, settings: FeedbackSettings) -> List[Text]:
    """Topic ids drawn in their own colour: the most frequent ones."""
    limit = min(settings.chart_topics, len(COLOURS))
    return [topic for topic, _ in report.topic_totals().most_common(limit)]


def topic_chart_svg(report: Report, knowledge: Knowledge, settings: FeedbackSettings) -> Text:
    """Stacked bars: answers per period, split by topic."""
    periods = report.periods()
    if not periods:
        return '<p class="empty">Ingen svar i perioden.</p>'
    if len(periods) == 1:
        return single_period_svg(report, knowledge, periods[0])
    series = chart_series(report, settings)
    stacks = []
    for start in periods:
        counts = [report.topic_periods.get((start, topic), 0) for topic in series]
        rest = sum(c for (p, t), c in report.topic_periods.items() if p == start and t not in series)
        stacks.append(counts + [rest])
    top = nice_ceiling(max(sum(s) for s in stacks))

    width, height = 1000, 340
    left, right, top_pad, bottom = 48, 16, 16, 64
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    slot = plot_w / len(periods)
    bar = max(min(slot * 0.7, 80), 2)
    colours = [COLOURS[i] for i in range(len(series))] + [OTHER_COLOUR]
    names = [topic_title(knowledge, t) for t in series] + [OTHER_LABEL]
    word = PERIOD_WORDS[report.period]

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="chart-title">',
        f'<title id="chart-title">Antal svar pr. {word} fordelt på emner</title>',
    ]
    for i in range(5):
        value = top * i / 4
        y = top_pad + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" class="axis" text-anchor="end">{value:g}</text>')
    label_every = max(1, round(len(periods) / 12))
    for index, (start, stack) in enumerate(zip(periods, stacks)):
        x = left + slot * index + (slot - bar) / 2
        y = top_pad + plot_h
        for value, colour, name in zip(stack, colours, names):
            if not value:
                continue
            h = plot_h * value / top
            y -= h
            tip = f"{period_label(start, report.period)}: {name} – {value}"
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(tip)}</title></rect>"
            )
        if index % label_every == 0:
            cx = x + bar / 2
            parts.append(
                f'<text x="{cx:.1f}" y="{top_pad + plot_h + 18}" class="axis" text-anchor="middle">'
                f"{escape(period_label(start, report.period))}</text>"
            )
    parts.append(
        f'<text x="{left}" y="{height - 8}" class="axis">Antal svar pr. {word}; '
        f"hold musen over en søjle for at se tallet.</text>"
    )
    parts.append("</svg>")
    legend = "".join(
        f'<li><span class="swatch" style="background:{c}"></span>{escape(n)}</li>'
        for c, n in zip(colours, names)
    )
    return "".join(parts) + f'<ul class="legend">{legend}</ul>'


SINGLE_PERIOD_TOPICS = 15


def single_period_svg(report: Report, knowledge: Knowledge, start: datetime) -> Text:
    """All answers fell in one period: one bar per topic (the most frequent ones)."""
    counts = report.topic_totals().most_common(SINGLE_PERIOD_TOPICS)
    top = nice_ceiling(counts[0][1])
    row, left, right, top_pad = 22, 260, 40, 8
    width, height = 1000, top_pad + row * len(counts) + 40
    plot_w = width - left - right
    label = period_label(start, report.period)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="chart-title">',
        f"<title id=\"chart-title\">Antal svar pr. emne, {escape(label)}</title>",
    ]
    for i in range(5):
        x = left + plot_w * i / 4
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top_pad}" y2="{height - 34}" class="grid"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{height - 20}" class="axis" text-anchor="middle">{top * i / 4:g}</text>'
        )
    for index, (topic, count) in enumerate(counts):
        y = top_pad + row * index
        w = plot_w * count / top
        name = topic_title(knowledge, topic)
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" class="axis" text-anchor="end">{escape(name)}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{COLOURS[0]}">'
            f"<title>{escape(name)}: {count}</title></rect>"
            f'<text x="{left + w + 6:.1f}" y="{y + 15}" class="axis">{count}</text>'
        )
    note = (
        f"Alle svar faldt i samme {PERIOD_WORDS[report.period]} ({label}); "
        "med flere perioder viser diagrammet udviklingen over tid."
    )
    parts.append(f'<text x="{left}" y="{height - 4}" class="axis">{escape(note)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def table(headers: Sequence[Text], rows: Iterable[Sequence[Text]], empty: Text) -> Text:
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    if not body:
        return f'<p class="empty">{escape(empty)}</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def closest(turn: Turn, knowledge: Knowledge, rank: int) -> Text:
    if len(turn.ranking) <= rank:
        return "–"
    topic, confidence = turn.ranking[rank]
    return f"{topic_title(knowledge, topic)} ({number(confidence)})"


def rating_question(rating: Rating, knowledge: Knowledge) -> Text:
    if rating.asked is not None:
        return f"{rating.asked.text} (emnet derefter valgt med knap)"
    return question_text(rating.question, knowledge)


def rated_label(rating: Rating, knowledge: Knowledge) -> Text:
    """The rated reply: the answer's topic, or what the assistant said instead."""
    if rating.topic:
        return topic_title(knowledge, rating.topic)
    outcome, _ = outcome_of([rating.response] if rating.response else [], [])
    return OUTCOME_LABELS.get(outcome, "–")


def render_html(report: Report, knowledge: Knowledge, settings: FeedbackSettings, source: Text) -> Text:
    questions = len(report.questions)
    answered = len(report.answered)
    cards = [
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
    card_html = "".join(
        f'<div class="card"><div class="value">{escape(v)}</div><div class="label">{escape(k)}</div></div>'
        for k, v in cards
    )

    unanswered_rows = [
        (
            when(u.turn.timestamp),
            u.turn.text,
            OUTCOME_LABELS[u.turn.outcome] + (" (NLU usikker)" if u.turn.intent == "nlu_fallback" else ""),
            closest(u.turn, knowledge, 0),
            closest(u.turn, knowledge, 1),
            topic_title(knowledge, u.chosen_topic) if u.chosen_topic else "",
        )
        for u in sorted(report.unanswered, key=lambda u: (u.turn.ranking[:1] or [("~", 0)])[0][0])
    ]
    low_rows = [
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
    not_helpful_rows = [
        (
            when(r.timestamp),
            rating_question(r, knowledge),
            rated_label(r, knowledge),
            r.comment or "",
        )
        for r in report.not_helpful
    ]
    totals = report.topic_totals()
    helpful = {t: sum(1 for r in report.helpful if r.topic == t) for t in totals}
    not_helpful = {t: sum(1 for r in report.not_helpful if r.topic == t) for t in totals}
    for rating in report.ratings:  # rated topics with no answer in the period
        if rating.topic and rating.topic not in totals:
            totals[rating.topic] += 0
            helpful[rating.topic] = sum(1 for r in report.helpful if r.topic == rating.topic)
            not_helpful[rating.topic] = sum(1 for r in report.not_helpful if r.topic == rating.topic)
    topic_rows = [
        (topic_title(knowledge, t), t, str(n), str(helpful.get(t, 0)), str(not_helpful.get(t, 0)))
        for t, n in sorted(totals.items(), key=lambda item: (-item[1], topic_title(knowledge, item[0])))
    ]

    word = PERIOD_WORDS[report.period]
    return f"""<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vidensassistenten – rapport til indholdsredaktører</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; margin: 0; color: #1b1b1b; background: #f5f6f8; }}
main {{ max-width: 1180px; margin: 0 auto; padding: 24px 32px 48px; }}
h1 {{ font-size: 1.6rem; margin: 0 0 4px; }}
h2 {{ font-size: 1.2rem; margin: 32px 0 8px; border-bottom: 2px solid #0072B2; padding-bottom: 4px; }}
p.meta, p.help {{ color: #444; margin: 4px 0; font-size: 0.92rem; }}
.cards {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px;
  margin-top: 16px; }}
.card {{ background: #fff; border-radius: 8px; padding: 10px 14px; box-shadow: 0 1px 2px rgba(0,0,0,.12); }}
.card .value {{ font-size: 1.35rem; font-weight: bold; }}
.card .label {{ color: #444; font-size: 0.85rem; }}
section {{ background: #fff; border-radius: 8px; padding: 4px 18px 14px; margin-top: 16px;
  box-shadow: 0 1px 2px rgba(0,0,0,.12); }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.86rem; }}
th, td {{ text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid #e2e4e8; }}
th {{ background: #eef1f5; }}
td:nth-child(2) {{ max-width: 420px; overflow-wrap: anywhere; }}
.empty {{ color: #555; font-style: italic; }}
svg .grid {{ stroke: #e2e4e8; }} svg .axis {{ font-size: 12px; fill: #444; }}
.legend {{ list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 0.86rem; }}
.swatch {{ display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: -1px; }}
</style>
</head>
<body><main>
<h1>Vidensassistenten – rapport til indholdsredaktører</h1>
<p class="meta">Periode: {escape(when(report.first))} – {escape(when(report.last))}.
Lavet {escape(when(datetime.now().timestamp()))} fra {escape(source)}.</p>
<p class="meta">Teksterne er brugernes egne, med CPR-numre, telefonnumre og e-mailadresser erstattet.
Vejledning: README.md, afsnittet "For indholdsredaktører".
Listerne findes også som CSV-filer ved siden af denne side.</p>
<div class="cards">{card_html}</div>

<section>
<h2>Emner over tid</h2>
<p class="help">Hvor mange svar assistenten har givet pr. {word} inden for hvert emne
(også svar valgt med en knap).</p>
{topic_chart_svg(report, knowledge, settings)}
</section>

<section>
<h2>Ubesvarede spørgsmål ({len(report.unanswered)})</h2>
<p class="help">Spørgsmål, der endte i "Mente du …?", uden for notatet, eller som ikke blev forstået.
"Nærmeste emne" er det emne, sprogmodellen fandt mest sandsynligt (sandsynlighed i parentes).
Hører spørgsmålet til emnet, så tilføj det som træningseksempel til emnet.
"Brugeren valgte" er det emne, brugeren klikkede på under "Mente du …?".</p>
{table(["Tidspunkt", "Spørgsmål", "Udfald", "Nærmeste emne", "Næstnærmeste emne", "Brugeren valgte"],
       unanswered_rows, "Ingen ubesvarede spørgsmål i perioden.")}
</section>

<section>
<h2>Svar givet med lav sikkerhed ({len(report.low_confidence)})</h2>
<p class="help">Spørgsmål, der fik et svar, selv om emnets sandsynlighed var under
{number(report.low_confidence_below)} eller forspringet til det næstbedste emne under
{number(report.low_margin_below)} (svargrænserne i actions/faq_logic.py plus sikkerhedsbåndet i
data/knowledge/feedback.yml). Tjek, at svaret passer; tilføj ellers spørgsmålet til det rigtige emne.</p>
{table(["Tidspunkt", "Spørgsmål", "Svar givet", "Sandsynlighed", "Forspring", "Næstbedste emne"],
       low_rows, "Ingen svar med lav sikkerhed i perioden.")}
</section>

<section>
<h2>Svar markeret "Ikke det jeg søgte" ({len(report.not_helpful)})</h2>
<p class="help">Brugerens spørgsmål, det svar, der ikke hjalp, og hvad brugeren skrev, at de ledte efter.</p>
{table(["Tidspunkt", "Spørgsmål", "Svar", "Brugerens kommentar"], not_helpful_rows,
       "Ingen svar er markeret som ikke brugbare i perioden.")}
</section>

<section>
<h2>Emner i alt</h2>
{table(["Emne", "Id", "Svar", "Svaret hjalp", "Ikke det jeg søgte"], topic_rows, "Ingen svar i perioden.")}
</section>
</main></body>
</html>
"""
