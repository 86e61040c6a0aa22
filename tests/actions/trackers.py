"""Build rasa_sdk Trackers whose latest message carries a given NLU result."""

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker


def make_tracker(
    intent: Text = "faq",
    confidence: float = 0.99,
    ranking: Optional[List[tuple]] = None,
    entities: Optional[List[Dict[Text, Any]]] = None,
    text: Text = "et spørgsmål",
) -> Tracker:
    """A tracker whose latest message has the given NLU result.

    `ranking` is a list of (topic id, joint probability) pairs as the
    KnowledgeClassifier puts them in the response selector.
    """
    latest: Dict[Text, Any] = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
    }
    if ranking is not None:
        latest["response_selector"] = {
            "all_retrieval_intents": ["faq"],
            "faq": {
                "response": {
                    "intent_response_key": f"faq/{ranking[0][0]}",
                    "confidence": ranking[0][1],
                    "utter_action": f"utter_faq/{ranking[0][0]}",
                },
                "ranking": [
                    {"intent_response_key": f"faq/{topic}", "confidence": conf} for topic, conf in ranking
                ],
            },
        }
    return Tracker(
        sender_id="test",
        slots={},
        latest_message=latest,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
