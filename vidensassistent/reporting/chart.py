"""Geometry of the report's chart of answers per topic; templates/report_chart.html.j2 draws it.

Several periods: stacked bars per period, the most frequent topics in their own colour.
One period: one bar per topic (the most frequent ones).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import List, Optional, Text, Tuple, Union

from vidensassistent.knowledge import Knowledge
from vidensassistent.reporting.analysis import Report, nice_ceiling
from vidensassistent.reporting.formatting import period_label, topic_title

# Okabe–Ito palette (readable with colour-blindness); grey for "Øvrige emner".
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#332288"]
OTHER_COLOUR = "#9A9A9A"
OTHER_LABEL = "Øvrige emner"
PERIOD_WORDS = {"hour": "time", "day": "dag", "week": "uge"}
SINGLE_PERIOD_TOPICS = 15


@dataclass(frozen=True)
class Tick:
    position: float  # y of a horizontal grid line, or x of a vertical one
    value: float


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: Text
    tip: Text


@dataclass
class Column:
    """One period's stacked bars, and its label under the axis (not under every bar when many)."""

    bars: List[Bar] = field(default_factory=list)
    label_x: Optional[float] = None
    label: Text = ""


@dataclass
class StackedChart:
    """Answers per period, stacked by topic."""

    word: Text
    width: int = 1000
    height: int = 340
    left: int = 48
    right: int = 16
    top_pad: int = 16
    bottom: int = 64
    ticks: List[Tick] = field(default_factory=list)
    columns: List[Column] = field(default_factory=list)
    legend: List[Tuple[Text, Text]] = field(default_factory=list)  # (colour, topic title)

    @property
    def plot_w(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> int:
        return self.height - self.top_pad - self.bottom


@dataclass(frozen=True)
class TopicBar:
    y: int
    width: float
    name: Text
    count: int


@dataclass
class SinglePeriodChart:
    """All answers fell in one period: one bar per topic."""

    period: Text
    word: Text
    height: int = 0
    width: int = 1000
    left: int = 260
    right: int = 40
    top_pad: int = 8
    row: int = 22
    colour: Text = COLOURS[0]
    ticks: List[Tick] = field(default_factory=list)
    bars: List[TopicBar] = field(default_factory=list)


Chart = Union[StackedChart, SinglePeriodChart]


def chart_series(report: Report, chart_topics: int) -> List[Text]:
    """Topic ids drawn in their own colour: the most frequent ones."""
    limit = min(chart_topics, len(COLOURS))
    return [topic for topic, _ in report.topic_totals().most_common(limit)]


def topic_chart(report: Report, knowledge: Knowledge, chart_topics: int) -> Optional[Chart]:
    """The chart to draw, or None when no answer was given.

    chart_topics: how many topics get a colour of their own (data/knowledge/feedback.yml).
    """
    periods = report.periods()
    if not periods:
        return None
    if len(periods) == 1:
        return single_period_chart(report, knowledge, periods[0])
    return stacked_chart(report, knowledge, chart_topics, periods)


def _stacks(report: Report, periods: List[datetime], series: List[Text]) -> List[List[int]]:
    """Per period: the answers of each series topic, then the rest."""
    stacks = []
    for start in periods:
        counts = [report.topic_periods.get((start, topic), 0) for topic in series]
        rest = sum(c for (p, t), c in report.topic_periods.items() if p == start and t not in series)
        stacks.append(counts + [rest])
    return stacks


def stacked_chart(
    report: Report, knowledge: Knowledge, chart_topics: int, periods: List[datetime]
) -> StackedChart:
    series = chart_series(report, chart_topics)
    stacks = _stacks(report, periods, series)
    top = nice_ceiling(max(sum(s) for s in stacks))
    chart = StackedChart(word=PERIOD_WORDS[report.period])
    chart.legend = list(
        zip(
            COLOURS[: len(series)] + [OTHER_COLOUR],
            [topic_title(knowledge, t) for t in series] + [OTHER_LABEL],
        )
    )
    plot_h = chart.plot_h
    chart.ticks = [Tick(chart.top_pad + plot_h - plot_h * i / 4, top * i / 4) for i in range(5)]
    slot = chart.plot_w / len(periods)
    bar = max(min(slot * 0.7, 80), 2)
    label_every = max(1, round(len(periods) / 12))
    for index, (start, stack) in enumerate(zip(periods, stacks)):
        x = chart.left + slot * index + (slot - bar) / 2
        y = float(chart.top_pad + plot_h)
        column = Column(label=period_label(start, report.period))
        for value, (colour, name) in zip(stack, chart.legend):
            if value:
                height = plot_h * value / top
                y -= height
                column.bars.append(Bar(x, y, bar, height, colour, f"{column.label}: {name} – {value}"))
        if index % label_every == 0:
            column.label_x = x + bar / 2
        chart.columns.append(column)
    return chart


def single_period_chart(report: Report, knowledge: Knowledge, start: datetime) -> SinglePeriodChart:
    counts = report.topic_totals().most_common(SINGLE_PERIOD_TOPICS)
    top = nice_ceiling(counts[0][1])
    chart = SinglePeriodChart(period=period_label(start, report.period), word=PERIOD_WORDS[report.period])
    chart.height = chart.top_pad + chart.row * len(counts) + 40
    plot_w = chart.width - chart.left - chart.right
    chart.ticks = [Tick(chart.left + plot_w * i / 4, top * i / 4) for i in range(5)]
    chart.bars = [
        TopicBar(
            y=chart.top_pad + chart.row * index,
            width=plot_w * count / top,
            name=topic_title(knowledge, topic),
            count=count,
        )
        for index, (topic, count) in enumerate(counts)
    ]
    return chart


def chart_kind(chart: Optional[Chart]) -> Text:
    """Which drawing of templates/report_chart.html.j2 to use."""
    if chart is None:
        return "empty"
    return "single" if isinstance(chart, SinglePeriodChart) else "stacked"
