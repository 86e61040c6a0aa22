"""Leak detection between the judged question sets, the tuning set and the training lines.

A judged question (held-out, realistic) only measures something if the model has not
effectively seen it. Two questions count as the same when they are

* equal after normalisation (`exact_key`): case, punctuation and spaces are dropped and
  the Danish letters are folded with every ASCII spelling a user might type
  (æ/ae/e, ø/oe/o, å/aa/a), so "Reden KFUK" = "redenkfuk" and "mørketallet" = "moerketallet";
* near-duplicates (`near_duplicates`): cosine similarity of character 3-5-gram counts
  (within word boundaries, on the normalised text) at or above `NEAR_DUPLICATE_THRESHOLD`.
  Counts, not tf-idf, so the similarity of two questions depends on those two only and the
  threshold keeps its meaning as data grows.

Why 0.85 (measured on the 382 held-out questions of issue 18 against the training lines):
the most similar training line of a *different* topic scores at most 0.83 for every held-out
question but one very short one ("Hvad er Exit Prostitution?" / "hvad er prostitution", 0.91);
its 99th percentile is 0.82. A score of 0.85 or more is thus not explained by the vocabulary
topics share, but by the same question re-worded ("Hvilke faktorer påvirker implementeringen?" /
"faktorer der paavirker implementeringen", 0.90). Such a question is effectively seen by a
classifier on character n-grams and nearest-neighbour similarity.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Sequence, Text, Tuple

import yaml

from vidensassistent.settings import ROOT

TRAINING_DIR = ROOT / "data" / "nlu"
HELDOUT_DIR = ROOT / "tests" / "heldout"
REALISTIC_DIR = ROOT / "tests" / "realistic"
TUNING_DIR = ROOT / "tests" / "tuning"

NEAR_DUPLICATE_THRESHOLD = 0.85
NGRAM_RANGE = (3, 5)

# Rasa entity markup in training examples: [Aarhus](city) or [Aarhus]{"entity": "city"}.
_ENTITY_MARKUP = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
# ASCII spellings first (so "aa" becomes å before å is folded), then the plain-letter forms.
_DANISH_FOLDS = (("aa", "å"), ("ae", "æ"), ("oe", "ø"), ("å", "a"), ("æ", "e"), ("ø", "o"))


@dataclass(frozen=True)
class Line:
    """One question or training line, with where it comes from."""

    text: Text
    label: Text
    source: Text
    # "question", or "context" for the `first` question before a follow-up (checked for
    # leaks too, but not counted as a question of the set).
    kind: Text = "question"


def normalise(text: Text) -> Text:
    """Lower-case words of letters and digits, Danish letters folded, single spaces."""
    text = unicodedata.normalize("NFKC", _ENTITY_MARKUP.sub(r"\1", text)).lower()
    for spelled, folded in _DANISH_FOLDS:
        text = text.replace(spelled, folded)
    return " ".join(re.findall(r"[a-z0-9]+", text))


def exact_key(text: Text) -> Text:
    """`normalise` without spaces: "reden kfuk" and "redenkfuk" share a key."""
    return normalise(text).replace(" ", "")


def training_lines(directory: Path = TRAINING_DIR) -> List[Line]:
    """Every intent example under data/nlu (entity markup removed)."""
    lines = []
    for path in sorted(directory.rglob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in doc.get("nlu", []):
            if "intent" not in block:
                continue
            for raw in block["examples"].splitlines():
                if raw.strip().startswith("- "):
                    text = _ENTITY_MARKUP.sub(r"\1", raw.strip()[2:].strip())
                    lines.append(Line(text, block["intent"], str(path.relative_to(ROOT))))
    return lines


def question_lines(directory: Path) -> List[Line]:
    """Questions of a judged or tuning set, in either format used in tests/.

    `heldout:` lists of {topic, text} (held-out, tuning), or `questions:` lists of dicts
    with `text` (and for follow-ups also `first`, the question asked before it).
    """
    lines = []
    for path in sorted(directory.rglob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        source = str(path.relative_to(ROOT))
        for entry in doc.get("heldout", []):
            lines.append(Line(entry["text"], entry.get("topic", ""), source))
        for entry in doc.get("questions", []):
            label = str(entry.get("topic") or entry.get("expect") or "")
            if entry.get("first"):
                lines.append(Line(entry["first"], label, source, "context"))
            lines.append(Line(entry["text"], label, source))
    return lines


def judged_sets() -> List[Tuple[Text, List[Line]]]:
    """(name, questions) of every set the README reports figures on."""
    sets = [("held-out", question_lines(HELDOUT_DIR))]
    if REALISTIC_DIR.is_dir():
        sets.append(("realistic", question_lines(REALISTIC_DIR)))
    return sets


def exact_matches(questions: Sequence[Line], others: Sequence[Line]) -> List[Tuple[Line, Line]]:
    """Pairs (question, other) equal after normalisation."""
    index = {}
    for other in others:
        index.setdefault(exact_key(other.text), other)
    return [(q, index[exact_key(q.text)]) for q in questions if exact_key(q.text) in index]


def similarity_matrix(questions: Sequence[Line], others: Sequence[Line]):
    """Cosine similarity of character n-gram counts, questions × others (dense numpy)."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    vectorizer = CountVectorizer(analyzer="char_wb", ngram_range=NGRAM_RANGE)
    vectorizer.fit([normalise(line.text) for line in list(questions) + list(others)])
    q = vectorizer.transform([normalise(line.text) for line in questions])
    o = vectorizer.transform([normalise(line.text) for line in others])
    return cosine_similarity(q, o)


def nearest(questions: Sequence[Line], others: Sequence[Line]) -> List[Tuple[Line, Line, float]]:
    """For each question, its most similar other line and the similarity."""
    if not questions or not others:
        return []
    sims = similarity_matrix(questions, others)
    best = sims.argmax(axis=1)
    return [(q, others[j], float(sims[i, j])) for i, (q, j) in enumerate(zip(questions, best))]


def near_duplicates(
    questions: Sequence[Line],
    others: Sequence[Line],
    threshold: float = NEAR_DUPLICATE_THRESHOLD,
) -> List[Tuple[Line, Line, float]]:
    """(question, nearest other, similarity) for every question at or above the threshold."""
    return [hit for hit in nearest(questions, others) if hit[2] >= threshold]


def describe(hits: Iterable[Tuple]) -> Text:
    """Readable lines for an assertion message."""
    rows = []
    for hit in hits:
        q, other = hit[0], hit[1]
        sim = f" ({hit[2]:.2f})" if len(hit) > 2 else ""
        rows.append(f"{q.source}: {q.text!r} ~ {other.source}: {other.text!r}{sim}")
    return "\n".join(rows)
