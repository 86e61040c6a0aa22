"""Where the time of one reply goes, for `make bench`.

Loads the trained model in this process (rasa.core.agent, with the project's tracker
store in a fresh SQLite file and the bench's running action server) and times every
graph node (each NLU component of config.yml's pipeline, each policy and Rasa's own
nodes), the calls to the action server, the tracker store and the lock store, while
conversations are handled as the server would handle them. Usage alone:

    python -m benchmarks.stages [--model models/vidensassistent.tar.gz]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Sequence, Set, Tuple

from benchmarks.latency import TextPool, long_texts, short_texts
from vidensassistent.settings import ROOT
from vidensassistent.tooling.servers import running_servers, server_env, write_endpoints

Timings = Dict[str, float]
TRACKER = "tracker store"
ACTION_HTTP = "action server: HTTP call"
ACTION_REST = "action server: tracker to JSON, events back"
OTHER = "Rasa processor (the rest)"


class StageClock:
    """Accumulates seconds per stage for the message being handled."""

    def __init__(self) -> None:
        self.current: Timings = defaultdict(float)

    def add(self, stage: str, seconds: float) -> None:
        self.current[stage] += seconds

    def take(self) -> Timings:
        done, self.current = dict(self.current), defaultdict(float)
        return done

    def timed_sync(self, stage: Callable[..., str], func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.add(stage(*args), time.perf_counter() - start)

        return wrapper

    def timed_async(self, stage: Callable[..., str], func: Callable) -> Callable:
        @functools.wraps(func)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return await func(*args, **kwargs)
            finally:
                self.add(stage(*args), time.perf_counter() - start)

        return wrapper


def _node_label(name: str) -> str:
    """'run_vidensassistent.components.e5_featurizer.E5Featurizer4' -> 'E5Featurizer4'."""
    name = name[len("run_") :] if name.startswith("run_") else name
    return name.rsplit(".", 1)[-1]


@contextlib.contextmanager
def _patched(obj: Any, attr: str, wrapper: Callable) -> Iterator[None]:
    original = getattr(obj, attr)
    setattr(obj, attr, wrapper(original))
    try:
        yield
    finally:
        setattr(obj, attr, original)


STORE_METHODS = ("retrieve", "save", "retrieve_full_tracker")


def _constant(label: str) -> Callable[..., str]:
    return lambda *args: label


@contextlib.contextmanager
def instrumented(clock: StageClock, agent: Any) -> Iterator[None]:
    """Times graph nodes, action calls and the tracker store of `agent` while inside."""
    from rasa.core.actions.action import RemoteAction
    from rasa.engine.graph import GraphNode
    from rasa.utils.endpoints import EndpointConfig

    patches = [
        (GraphNode, "__call__", lambda f: clock.timed_sync(lambda node, *a: _node_label(node._node_name), f)),
        (RemoteAction, "run", lambda f: clock.timed_async(_constant(ACTION_REST), f)),
        (EndpointConfig, "request", lambda f: clock.timed_async(_constant(ACTION_HTTP), f)),
    ]
    store = agent.tracker_store
    for name in STORE_METHODS:
        if asyncio.iscoroutinefunction(getattr(store, name, None)):
            label = _constant(f"{TRACKER}: {name}")
            patches.append((store, name, lambda f, s=label: clock.timed_async(s, f)))
    with contextlib.ExitStack() as stack:
        for obj, attr, wrapper in patches:
            stack.enter_context(_patched(obj, attr, wrapper))
        yield


def _nlu_nodes(agent: Any) -> Set[str]:
    """Labels of the nodes the NLU target depends on (the pipeline of config.yml)."""
    metadata = agent.processor.model_metadata
    nodes = metadata.predict_schema.nodes
    todo, seen = [metadata.nlu_target], set()
    while todo:
        name = todo.pop()
        if name in seen or name not in nodes:
            continue
        seen.add(name)
        todo.extend(nodes[name].needs.values())
    return {_node_label(n) for n in seen}


async def _handle(agent: Any, clock: StageClock, texts: Sequence[str], sender: str) -> List[Timings]:
    per_message = []
    for text in texts:
        clock.take()
        start = time.perf_counter()
        await agent.handle_text(text, sender_id=sender)
        timings = clock.take()
        timings["total"] = time.perf_counter() - start
        per_message.append(timings)
    return per_message


async def _handle_sets(agent: Any, clock: StageClock, sets: Dict[str, List[str]]) -> Dict[str, Timings]:
    # One event loop for all: the kept-alive action server session belongs to one loop.
    await _handle(agent, clock, ["hej", "hvad er rufferi"], "stages-warm-up")
    return {
        name: _budget(await _handle(agent, clock, texts, f"stages-{name}")) for name, texts in sets.items()
    }


def _budget(per_message: List[Timings]) -> Timings:
    """Mean ms per reply for each stage; the processor's own share is what no stage explains."""
    stages = {s for t in per_message for s in t}
    mean = {s: sum(t.get(s, 0.0) for t in per_message) * 1000 / len(per_message) for s in stages}
    # RemoteAction.run contains the HTTP call: report the rest of it on its own line.
    if ACTION_REST in mean:
        mean[ACTION_REST] -= mean.get(ACTION_HTTP, 0.0)
    mean[OTHER] = mean["total"] - sum(v for s, v in mean.items() if s != "total")
    return mean


def profile(
    model: Path, action_url: str, n_short: int = 50, n_long: int = 60
) -> Tuple[Dict[str, Timings], Set[str]]:
    """Mean ms per stage for short questions and long case descriptions."""
    import logging

    from rasa.core.agent import load_agent
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    # As `rasa run` logs by default: debug lines would be timed as the processor's work.
    configure_logging_and_warnings(logging.INFO)
    configure_structlog(logging.INFO)

    # The action server accepts only calls with the bench's shared secret.
    os.environ.setdefault("ACTION_SERVER_TOKEN", server_env()["ACTION_SERVER_TOKEN"])
    with tempfile.TemporaryDirectory() as tmp:
        endpoints = write_endpoints(Path(tmp) / "endpoints.yml", action_url, Path(tmp) / "tracker.db")
        available = AvailableEndpoints.read_endpoints(str(endpoints))
        agent = asyncio.run(load_agent(str(model), endpoints=available))
        clock = StageClock()
        sets = {"short": TextPool(short_texts()).take(n_short), "long": TextPool(long_texts()).take(n_long)}
        with instrumented(clock, agent):
            results = asyncio.run(_handle_sets(agent, clock, sets))
        return results, _nlu_nodes(agent)


def table(results: Dict[str, Timings], nlu: Set[str]) -> str:
    columns = list(results)
    stages = sorted(
        {s for r in results.values() for s in r} - {"total"},
        key=lambda s: (s not in nlu, -max(r.get(s, 0.0) for r in results.values())),
    )
    lines = [
        "Time of one reply, in process (mean ms per message; NLU components first):",
        f"{'stage':48}" + "".join(f"{c:>10}" for c in columns),
    ]
    for stage in stages:
        label = f"NLU {stage}" if stage in nlu else stage
        lines.append(f"{label[:48]:48}" + "".join(f"{results[c].get(stage, 0.0):>10.2f}" for c in columns))
    lines.append(f"{'total (handle_text)':48}" + "".join(f"{results[c]['total']:>10.2f}" for c in columns))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(ROOT / "models" / "vidensassistent.tar.gz"))
    args = parser.parse_args()
    workdir = ROOT / "build" / "bench" / "stages"
    with running_servers(Path(args.model), workdir) as bot:
        results, nlu = profile(Path(args.model), f"http://127.0.0.1:{bot.actions_port}/webhook")
    print(table(results, nlu))


if __name__ == "__main__":
    main()
