"""Decide what to do with a parsed question: answer, ask "Mente du …?", or decline.

Rasa's retrieval intent `faq` can score 0.99 while the chosen topic is a guess
(rasa issues #9723, #9751), so the decision is made on the topic probabilities
of the response selector ranking, not on the intent confidence.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Text

from actions.knowledge import RETRIEVAL_INTENT, Knowledge, Topic

MAX_CANDIDATES = 3


@dataclass(frozen=True)
class Thresholds:
    """Cut-offs on the joint topic probability from the KnowledgeClassifier.

    Chosen on the tuning set (tests/tuning) with benchmarks/tune_thresholds.py,
    then measured on the held-out set with `make bench`; see README.
    """

    answer_min_confidence: float = 0.30
    answer_min_margin: float = 0.05
    clarify_min_confidence: float = 0.20
    candidate_min_confidence: float = 0.05
    # Below this cosine similarity between the question and its nearest training
    # example (e5 embeddings) the question is treated as outside the note, however
    # sure the classifier is: the classifier has to pick some label for anything.
    scope_min_similarity: float = 0.89


DEFAULT_THRESHOLDS = Thresholds()

ANSWER = "answer"
CLARIFY = "clarify"
OUT_OF_SCOPE = "out_of_scope"
NOT_COVERED = "not_covered"


@dataclass
class Decision:
    kind: Text
    topics: List[Topic] = field(default_factory=list)
    # For NOT_COVERED: the response that says what the note does not contain.
    response: Optional[Text] = None


def topic_ranking(parse_data: Dict[Text, Any]) -> List[Dict[Text, Any]]:
    selectors = parse_data.get("response_selector") or {}
    # Rasa's own ResponseSelector files its output under "default" unless it is
    # configured with `retrieval_intent`; the KnowledgeClassifier uses "faq".
    selector = selectors.get(RETRIEVAL_INTENT) or selectors.get("default") or {}
    return selector.get("ranking") or []


def decide(
    parse_data: Dict[Text, Any],
    knowledge: Knowledge,
    chosen_topic: Optional[Text] = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Decision:
    """Turn the NLU result of the latest message into a Decision."""
    if chosen_topic:
        topic = knowledge.topics.get(chosen_topic)
        return Decision(ANSWER, [topic]) if topic else Decision(OUT_OF_SCOPE)

    rule = knowledge.not_covered_rule(parse_data.get("text", ""))
    if rule:
        related = [knowledge.topics[t] for t in rule.related if t in knowledge.topics]
        return Decision(NOT_COVERED, related, response=rule.response)

    intent = (parse_data.get("intent") or {}).get("name")
    if intent == "out_of_scope":
        return Decision(OUT_OF_SCOPE)
    similarity = (parse_data.get("scope") or {}).get("similarity")
    if similarity is not None and similarity < thresholds.scope_min_similarity:
        return Decision(OUT_OF_SCOPE)

    ranked = [
        (knowledge.topic_for_key(entry.get("intent_response_key", "")), entry.get("confidence", 0.0))
        for entry in topic_ranking(parse_data)
    ]
    ranked = [(topic, conf) for topic, conf in ranked if topic is not None]
    if not ranked:
        return Decision(OUT_OF_SCOPE)

    best_topic, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if (
        intent == RETRIEVAL_INTENT
        and best >= thresholds.answer_min_confidence
        and best - runner_up >= thresholds.answer_min_margin
    ):
        return Decision(ANSWER, [best_topic])

    candidates = [
        t for t, conf in ranked[:MAX_CANDIDATES] if conf >= thresholds.candidate_min_confidence
    ]
    if best >= thresholds.clarify_min_confidence and candidates:
        return Decision(CLARIFY, candidates)
    return Decision(OUT_OF_SCOPE)
