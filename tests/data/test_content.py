"""The knowledge content is complete and consistent across its files.

Every topic in data/knowledge/topics.yml must have an answer, enough training
examples and enough held-out questions; every answer must name its source.
"""

import re
from collections import Counter

import pytest
import yaml

from vidensassistent.knowledge import load_knowledge
from vidensassistent.settings import ROOT
from vidensassistent.tooling import leakage
from vidensassistent.tooling.heldout import OUT_OF_SCOPE, load_heldout

GATES = yaml.safe_load((ROOT / "tests" / "gates.yml").read_text(encoding="utf-8"))
KNOWLEDGE = load_knowledge()
MIN_TRAINING_EXAMPLES = 20
MIN_HELDOUT = 5
MIN_HELDOUT_OUT_OF_SCOPE = 40


def _yaml_files(folder):
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / folder).glob("*.yml"))]


def _responses():
    merged = {}
    for doc in _yaml_files("data/nlu/responses"):
        for name, variants in doc["responses"].items():
            assert name not in merged, f"{name} defined twice"
            merged[name] = variants
    return merged


def _training_examples():
    counts = Counter()
    lines = []
    for path in (ROOT / "data/nlu").rglob("*.yml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for block in doc.get("nlu", []):
            if "intent" in block:
                examples = [e[2:].strip() for e in block["examples"].splitlines() if e.startswith("- ")]
                counts[block["intent"]] += len(examples)
                lines += [(block["intent"], e) for e in examples]
    return counts, lines


RESPONSES = _responses()
COUNTS, LINES = _training_examples()
HELDOUT = load_heldout()
TUNING = load_heldout(ROOT / "tests" / "tuning")


@pytest.mark.parametrize("topic", sorted(KNOWLEDGE.topics))
def test_every_topic_has_an_answer_naming_its_section(topic):
    section = KNOWLEDGE.topics[topic].section
    variants = RESPONSES[f"utter_faq/{topic}"]
    for variant in variants:
        text = variant["text"].strip()
        assert text.endswith(f"Kilde: Vidensnotatet, afsnittet '{section}'"), text[-120:]
        sentences = re.split(r"(?<=[.!?])\s+", text.rsplit("Kilde:", 1)[0].strip())
        assert 2 <= len(sentences) <= 8, f"{topic}: {len(sentences)} sentences"


def test_no_answer_without_a_topic():
    assert {name.split("/", 1)[1] for name in RESPONSES} == set(KNOWLEDGE.topics)


@pytest.mark.parametrize("topic", sorted(KNOWLEDGE.topics))
def test_every_topic_has_enough_training_examples(topic):
    assert COUNTS[f"faq/{topic}"] >= MIN_TRAINING_EXAMPLES


def test_related_topics_exist():
    for topic in KNOWLEDGE.topics.values():
        assert 1 <= len(topic.related) <= 3
        assert set(topic.related) <= set(KNOWLEDGE.topics), topic.id
        assert topic.why is None or topic.why in KNOWLEDGE.topics, topic.id
        assert topic.area in KNOWLEDGE.areas


def test_heldout_covers_every_topic_and_out_of_scope():
    per_topic = Counter(q.topic for q in HELDOUT)
    for topic in KNOWLEDGE.topics:
        assert per_topic[topic] >= MIN_HELDOUT, topic
    assert per_topic[OUT_OF_SCOPE] >= MIN_HELDOUT_OUT_OF_SCOPE
    assert set(per_topic) <= set(KNOWLEDGE.topics) | {OUT_OF_SCOPE}


TRAINING = leakage.training_lines()
TUNING_LINES = leakage.question_lines(leakage.TUNING_DIR)
JUDGED = leakage.judged_sets()
JUDGED_IDS = [name for name, _ in JUDGED]


def test_the_judged_sets_are_there():
    # Without tests/heldout every leak and floor check below would pass on nothing.
    assert leakage.HELDOUT_DIR.is_dir(), f"{leakage.HELDOUT_DIR} is missing"
    for name, questions in JUDGED:
        assert questions, f"judged set {name!r} has no questions"
    assert TRAINING and TUNING_LINES, "no training lines or no tuning questions were found"


def judged_only(questions):
    # A follow-up pair's first question only sets the context; its answer is not scored.
    return [q for q in questions if q.kind == "question"]


@pytest.mark.parametrize("name,questions", JUDGED, ids=JUDGED_IDS)
def test_no_judged_question_is_a_training_line(name, questions):
    # Equal after case, punctuation, spaces and æ/ø/å spellings: "reden kfuk" = "redenkfuk".
    hits = leakage.exact_matches(judged_only(questions), TRAINING)
    assert hits == [], f"{name} questions that are training lines:\n" + leakage.describe(hits)


@pytest.mark.parametrize("name,questions", JUDGED, ids=JUDGED_IDS)
def test_no_judged_question_is_a_near_duplicate_of_a_training_line(name, questions):
    hits = leakage.near_duplicates(judged_only(questions), TRAINING)
    assert hits == [], (
        f"{name} questions within {leakage.NEAR_DUPLICATE_THRESHOLD} character-n-gram similarity"
        " of a training line (remove them from the judged set, not from training):\n" + leakage.describe(hits)
    )


@pytest.mark.parametrize("name,questions", JUDGED, ids=JUDGED_IDS)
def test_no_judged_question_is_in_the_tuning_set(name, questions):
    # Thresholds and new training data are chosen on the tuning set.
    hits = [(q, o) for q, o in leakage.exact_matches(judged_only(questions), TUNING_LINES)]
    hits += [(q, o, s) for q, o, s in leakage.near_duplicates(judged_only(questions), TUNING_LINES)]
    assert hits == [], f"{name} questions also in the tuning set:\n" + leakage.describe(hits)


def test_no_tuning_question_is_a_training_line():
    hits = leakage.exact_matches(judged_only(TUNING_LINES), TRAINING)
    assert hits == [], "tuning questions that are training lines:\n" + leakage.describe(hits)


SIZED_SETS = JUDGED + [("tuning", TUNING_LINES)]


@pytest.mark.parametrize("name,questions", SIZED_SETS, ids=[name for name, _ in SIZED_SETS])
def test_set_size_is_what_the_readme_says(name, questions):
    # tests/gates.yml holds each set's size (and a judged set's floors); the README quotes them.
    assert name in GATES, f"tests/gates.yml has no entry for the question set {name!r}"
    questions = [q for q in questions if q.kind == "question"]
    out_total = sum(q.label == OUT_OF_SCOPE for q in questions)
    sizes = {"in_scope": len(questions) - out_total, "out_of_scope": out_total}
    expected = {key: GATES[name][key] for key in sizes}
    assert sizes == expected, f"{name}: update tests/gates.yml, the floors and the README"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    phrase = GATES[name]["readme"].format(**sizes)
    assert phrase in readme, f"README does not say {phrase!r}"


def test_dated_figures_are_flagged():
    # Answers quoting figures or the tax threshold must say the fact may have changed.
    for name, variants in RESPONSES.items():
        text = variants[0]["text"]
        if re.search(r"\d[\d.]* ?(%|kr)|\b\d\.\d{3}\b", text):
            assert "Bemærk:" in text, name


def test_no_training_question_of_a_topic_is_declined_as_not_covered():
    # A not-covered pattern is checked before the classifier; one that matches a
    # question the note does answer would decline it (e.g. "telefonregning").
    declined = [
        (intent, text, rule.id)
        for intent, text in LINES
        if intent.startswith("faq/")
        for rule in [KNOWLEDGE.not_covered_rule(text)]
        if rule is not None
    ]
    assert declined == []
