"""How the report reads a turn's outcome from the stored events (no servers needed)."""

from vidensassistent.knowledge import DEFAULT_THRESHOLDS, load_settings
from vidensassistent.reporting.analysis import (
    ANSWERED,
    CLARIFY,
    FALLBACK,
    NOT_COVERED,
    OUT_OF_SCOPE,
    analyse,
    outcome_of,
)
from vidensassistent.reporting.store import StoredEvent


def test_outcome_is_what_the_user_saw():
    assert outcome_of(["utter_faq/reden"], ["action_answer_faq"]) == (ANSWERED, "reden")
    assert outcome_of(["utter_did_you_mean"], ["action_answer_faq"]) == (CLARIFY, None)
    assert outcome_of(["utter_out_of_scope"], ["action_out_of_scope"]) == (OUT_OF_SCOPE, None)
    assert outcome_of(["utter_not_covered_contact"], ["action_answer_faq"]) == (NOT_COVERED, None)
    assert outcome_of(["utter_default"], ["action_default_fallback"]) == (FALLBACK, None)


def _events(sender, *turns):
    events, clock = [], 1_800_000_000.0
    for text, intent, ranking, response in turns:
        clock += 60
        parse = {
            "text": text,
            "intent": {"name": intent},
            "response_selector": {
                "faq": {"ranking": [{"intent_response_key": f"faq/{t}", "confidence": c} for t, c in ranking]}
            },
        }
        events.append(StoredEvent(sender, clock, {"event": "user", "text": text, "parse_data": parse}))
        bot = {"event": "bot", "metadata": {"utter_action": response}}
        events.append(StoredEvent(sender, clock + 1, bot))
    return events


def test_rasa_fallback_counts_as_unanswered_and_button_answers_are_not_questions():
    conversations = {
        "x": _events(
            "x",
            ("hmm ja nej", "nlu_fallback", [("tax", 0.1)], "utter_default"),
            ('/choose_topic{"topic": "tax"}', "choose_topic", [], "utter_faq/tax"),
        )
    }
    report = analyse(conversations, DEFAULT_THRESHOLDS, load_settings())
    assert [u.turn.outcome for u in report.unanswered] == [FALLBACK]
    assert [t.text for t in report.questions] == ["hmm ja nej"]
    assert sum(report.topic_periods.values()) == 1  # the button answer is still an answer given


def test_a_cpr_number_in_old_unredacted_data_is_replaced_in_the_report():
    conversations = {
        "y": _events(
            "y", ("min borger 010203-1234 spørger om skat", "faq", [("tax", 0.9)], "utter_out_of_scope")
        )
    }
    report = analyse(conversations, DEFAULT_THRESHOLDS, load_settings())
    assert report.unanswered[0].turn.text == "min borger [CPR-nummer] spørger om skat"


def test_answers_over_several_days_are_counted_per_day_and_drawn_as_stacked_bars():
    from vidensassistent.knowledge import load_knowledge
    from vidensassistent.reporting.render import topic_chart_svg

    day, start = 2 * 86400, 1_800_000_000.0  # every other day
    conversations = {
        f"d{n}": [
            StoredEvent(f"d{n}", start + n * day, {"event": "user", "text": "skat?", "parse_data": {}}),
            StoredEvent(f"d{n}", start + n * day + 1, {"event": "bot", "metadata": {"utter_action": answer}}),
        ]
        for n, answer in enumerate(["utter_faq/tax", "utter_faq/tax", "utter_faq/reden"])
    }
    report = analyse(conversations, DEFAULT_THRESHOLDS, load_settings())
    assert report.period == "day"
    assert len(report.periods()) == 5  # the days without answers are on the time axis too
    assert report.topic_totals() == {"tax": 2, "reden": 1}
    svg = topic_chart_svg(report, load_knowledge(), load_settings())
    assert svg.count("<rect") == 3 and "Skat og moms" in svg and "Reden KFUK" in svg
