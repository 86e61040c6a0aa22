"""Button payloads ("/intent{…}") skip the NLU pipeline (issue 17).

Rasa 3.6 runs every message through the whole NLU graph, the e5 embedding
included, and only its last node (RegexMessageHandler) then replaces the result
by the intent and entities written in a "/intent" payload: all the work before it
is thrown away. `install()` makes MessageProcessor._parse_message_with_graph ask
RegexMessageHandler first: when it recognises the payload (an intent of the
domain), its result is the parse result, exactly what the graph would have
returned; anything else ("/" plus an unknown intent, ordinary text) goes through
the graph as before.
"""

from __future__ import annotations

import functools
from typing import Any, Dict, Optional, Text


def parse_payload(text: Text, domain: Any) -> Optional[Dict[Text, Any]]:
    """The graph's parse result for a recognised payload, or None."""
    from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
    from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
    from rasa.shared.nlu.training_data.message import Message

    if not (text or "").strip().startswith("/"):
        return None
    handler = RegexMessageHandler()
    parsed = handler.process([Message({TEXT: text})], domain)[0]
    if (parsed.get(INTENT) or {}).get(INTENT_NAME_KEY) is None:
        return None
    return parsed.as_dict(only_output_properties=True)


def install() -> None:
    """Patch MessageProcessor._parse_message_with_graph (installed by rasa_patches, which
    guards the Rasa version)."""
    from rasa.core.processor import MessageProcessor
    from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT

    from vidensassistent.integration.rasa_patches import replace

    def make(original: Any) -> Any:
        @functools.wraps(original)
        def _parse_message_with_graph(
            self: Any, message: Any, tracker: Any, only_output_properties: bool = True
        ) -> Dict[Text, Any]:
            parsed = parse_payload(message.text, self.domain) if only_output_properties else None
            if parsed is None:
                return original(self, message, tracker, only_output_properties)
            # The defaults Rasa's own method starts from, updated by the node's output.
            parse_data: Dict[Text, Any] = {
                TEXT: "",
                INTENT: {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0},
                ENTITIES: [],
            }
            parse_data.update(parsed)
            return parse_data

        return _parse_message_with_graph

    replace(MessageProcessor, "_parse_message_with_graph", make)
