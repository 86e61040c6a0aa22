"""The report page escapes what users typed and what topic titles say (no servers needed)."""

import re
from dataclasses import replace

from vidensassistent.knowledge import DEFAULT_THRESHOLDS, load_knowledge, load_settings
from vidensassistent.reporting.analysis import analyse
from vidensassistent.reporting.render import render_html
from vidensassistent.reporting.store import StoredEvent

HOSTILE_TITLE = "Skat & <script>alert('titel')</script>"
HOSTILE_TEXT = 'skat & moms <script>alert("bruger")</script>'


def _turn(sender, clock, text, topic, confidence, response):
    parse = {
        "text": text,
        "intent": {"name": "faq"},
        "response_selector": {
            "faq": {
                "ranking": [
                    {"intent_response_key": f"faq/{topic}", "confidence": confidence},
                ]
            }
        },
    }
    return [
        StoredEvent(sender, clock, {"event": "user", "text": text, "parse_data": parse}),
        StoredEvent(sender, clock + 1, {"event": "bot", "metadata": {"utter_action": response}}),
    ]


def test_hostile_question_comment_and_topic_title_are_escaped_on_the_page():
    knowledge = load_knowledge()
    knowledge = replace(
        knowledge, topics={**knowledge.topics, "tax": replace(knowledge.topics["tax"], title=HOSTILE_TITLE)}
    )
    clock = 1_800_000_000.0
    events = (
        _turn("u", clock, HOSTILE_TEXT, "tax", 0.4, "utter_out_of_scope")
        + _turn("u", clock + 60, "hvad med skat?", "tax", 0.99, "utter_faq/tax")
        + [
            StoredEvent("u", clock + 120, {"event": "user", "text": "/rate", "parse_data": {}}),
            StoredEvent(
                "u",
                clock + 121,
                {
                    "event": "slot",
                    "name": "feedback",
                    "value": {"rating": "not_helpful", "topic": "tax", "response": "utter_faq/tax"},
                },
            ),
            StoredEvent("u", clock + 180, {"event": "user", "text": "x", "parse_data": {}}),
            StoredEvent(
                "u",
                clock + 181,
                {"event": "slot", "name": "feedback_comment", "value": "<img src=x onerror=alert(1)> & mere"},
            ),
        ]
    )
    report = analyse({"u": events}, DEFAULT_THRESHOLDS, load_settings())
    page = render_html(report, knowledge, load_settings(), "SQLite-filen <a&b>.db")

    assert not re.search(r"<(script|img)\b", page, re.IGNORECASE)
    assert "skat &amp; moms &lt;script&gt;alert(" in page  # the question, in "Ubesvarede spørgsmål"
    assert "Skat &amp; &lt;script&gt;alert(" in page  # the title, in the table and the chart
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; mere" in page  # the comment
    assert "SQLite-filen &lt;a&amp;b&gt;.db" in page
