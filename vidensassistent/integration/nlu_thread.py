"""A message's NLU graph runs in a worker thread, not on the event loop (issue 17).

Rasa 3.6 parses a message synchronously inside its async `parse_message`: while e5
embeds one colleague's case description (up to ~70 ms), every other conversation on
the server waits, and the machine's second core has nothing to do. The e5 engine is C
called through ctypes, which releases the GIL, and only reads its weights, so in a
thread two messages are embedded at once while the loop goes on with other
conversations' trackers, policies and action calls.

Safe because Rasa's lock store already handles one conversation's messages one at a
time (the tracker the graph reads does not change meanwhile), and the graph's
components only read their trained state; the e5 cache takes its own lock.
"""

from __future__ import annotations

import asyncio
import copy
import functools
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, Optional, Text

# Two cores: two messages embedded at once; more threads only queue inside the engine.
WORKERS = 2

_executor: Optional[ThreadPoolExecutor] = None


def executor() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="nlu")
    return _executor


async def parse_message(
    rasa_parse: Any, processor: Any, message: Any, tracker: Optional[Any], only_output_properties: bool
) -> Dict[Text, Any]:
    """MessageProcessor.parse_message: Rasa 3.6's own body, with the graph call awaited
    in a thread (`rasa_parse`, the original, serves a remote NLU server)."""
    from rasa.shared.core.trackers import DialogueStateTracker

    if processor.http_interpreter:
        return await rasa_parse(processor, message, tracker, only_output_properties)
    if tracker is None:
        tracker = DialogueStateTracker.from_events(message.sender_id, [])
    parse_data = await asyncio.get_running_loop().run_in_executor(
        executor(), processor._parse_message_with_graph, message, tracker, only_output_properties
    )
    processor._update_full_retrieval_intent(parse_data)
    _structlogger().debug(
        "processor.message.parse",
        parse_data_text=copy.deepcopy(parse_data["text"]),
        parse_data_intent=parse_data["intent"],
        parse_data_entities=copy.deepcopy(parse_data["entities"]),
    )
    processor._check_for_unseen_features(parse_data)
    return parse_data


@functools.lru_cache(maxsize=1)
def _structlogger() -> Any:
    import structlog

    return structlog.get_logger("rasa.core.processor")
