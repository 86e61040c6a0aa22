"""Knowledge the assistant's code reads from data/knowledge/: topics and areas,
what the note never covers, answer thresholds and feedback settings.

Outside `actions/` (the report, the command-line tools, benchmarks) this package is
the way in; nothing here imports `actions`.
"""

from vidensassistent.knowledge.feedback import (
    ANSWER_PREFIX,
    COMMENT_SLOT,
    FEEDBACK_SLOT,
    HELPFUL,
    NOT_HELPFUL,
    FeedbackSettings,
    answer_topic,
    load_settings,
)
from vidensassistent.knowledge.ranking import topic_ranking
from vidensassistent.knowledge.thresholds import (
    DEFAULT_THRESHOLDS,
    Thresholds,
    load_thresholds,
    nlu_fallback_threshold,
)
from vidensassistent.knowledge.topics import (
    KNOWLEDGE_DIR,
    RETRIEVAL_INTENT,
    Knowledge,
    NotCoveredRule,
    Topic,
    load_knowledge,
    parse_knowledge,
)

__all__ = [
    "ANSWER_PREFIX",
    "COMMENT_SLOT",
    "DEFAULT_THRESHOLDS",
    "FEEDBACK_SLOT",
    "HELPFUL",
    "KNOWLEDGE_DIR",
    "NOT_HELPFUL",
    "RETRIEVAL_INTENT",
    "FeedbackSettings",
    "Knowledge",
    "NotCoveredRule",
    "Thresholds",
    "Topic",
    "answer_topic",
    "load_knowledge",
    "load_settings",
    "load_thresholds",
    "nlu_fallback_threshold",
    "parse_knowledge",
    "topic_ranking",
]
