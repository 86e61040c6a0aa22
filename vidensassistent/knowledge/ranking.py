"""The topic ranking in a parsed message (Rasa's parse data), read the same way by
the answer decision (actions/faq) and the report."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from vidensassistent.knowledge.topics import RETRIEVAL_INTENT


def topic_ranking(parse_data: Dict[Text, Any]) -> List[Dict[Text, Any]]:
    selectors = parse_data.get("response_selector") or {}
    # Rasa's own ResponseSelector files its output under "default" unless it is
    # configured with `retrieval_intent`; the KnowledgeClassifier uses "faq".
    selector = selectors.get(RETRIEVAL_INTENT) or selectors.get("default") or {}
    return selector.get("ranking") or []
