"""Reply times over REST for `make bench`, on short questions and long case descriptions.

Every timed message is a text the server has not seen since it started: the E5Featurizer
keeps the embeddings of recent texts, and a bench that repeats its questions would time
that cache instead of the pipeline. Short questions come from the tuning and held-out
sets, long ones are the case descriptions (`style: case`, 30-60 words) of the realistic
in-scope sets; only their texts are used here, never their labels.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import aiohttp
import yaml

from vidensassistent.settings import ROOT
from vidensassistent.tooling.heldout import load_heldout

SHORT_DIRS = (ROOT / "tests" / "tuning", ROOT / "tests" / "heldout")
LONG_FILES = (
    ROOT / "tests" / "realistic" / "in_scope.yml",
    ROOT / "tests" / "tuning" / "realistic" / "in_scope.yml",
)
SHORT_MAX_WORDS = 15
# Warm-up questions (the bench's fixed questions before 2026-12-01); never timed.
WARM_UP = [
    "hvor mange prostituerer sig i Danmark",
    "hvad er rufferi",
    "hvad siger formålsvejledningen",
    "hvad er Reden KFUK",
    "hvilke implementeringsstrategier findes der",
]
# Seconds a colleague takes to read an answer and type the next question in the
# paced measurement. Real users take longer (15-60 s); shorter pauses mean more load.
PAUSE_S = (3.0, 9.0)


def _distinct(texts: Sequence[str]) -> List[str]:
    seen = set(WARM_UP)
    out = []
    for text in texts:
        key = " ".join(text.split())
        if key not in seen:
            seen.add(key)
            out.append(text)
    # Topics mixed, the same order every run.
    random.Random(42).shuffle(out)
    return out


def short_texts() -> List[str]:
    texts = [q.text for d in SHORT_DIRS for q in load_heldout(d)]
    return _distinct([t for t in texts if len(t.split()) <= SHORT_MAX_WORDS])


def long_texts() -> List[str]:
    texts: List[str] = []
    for path in LONG_FILES:
        if path.exists():
            items = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
            texts += [item["text"] for item in items if item.get("style") == "case"]
    return _distinct(texts)


class TextPool:
    """Hands out each text once, so no timed message repeats one sent before."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = list(texts)
        self._next = 0

    def take(self, n: int) -> List[str]:
        if self._next + n > len(self._texts):
            raise ValueError(f"only {len(self._texts) - self._next} unused texts left, {n} wanted")
        chunk = self._texts[self._next : self._next + n]
        self._next += n
        return chunk


async def _conversation(
    session: aiohttp.ClientSession,
    url: str,
    sender: str,
    texts: List[str],
    latencies: List[float],
    pause: Optional[Callable[[], float]] = None,
) -> None:
    for text in texts:
        if pause:
            # also before the first question: 20 colleagues do not all press Enter
            # in the same millisecond
            await asyncio.sleep(pause())
        start = time.perf_counter()
        async with session.post(url, json={"sender": sender, "message": text}) as response:
            await response.read()
            response.raise_for_status()
        latencies.append((time.perf_counter() - start) * 1000)


async def _run(url: str, conversations: List[List[str]], name: str, paced: bool) -> Tuple[List[float], float]:
    latencies: List[float] = []
    rng = random.Random(42)
    pause = (lambda: rng.uniform(*PAUSE_S)) if paced else None
    start = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(
            *(
                _conversation(session, url, f"{name}-{c}", texts, latencies, pause)
                for c, texts in enumerate(conversations)
            )
        )
    return latencies, len(latencies) / (time.perf_counter() - start)


def latency(
    base_url: str,
    pool: TextPool,
    conversations: int,
    turns: int,
    paced: bool = False,
    name: str = "lat",
) -> Tuple[List[float], float]:
    """Reply times in ms and replies per second.

    paced: each conversation waits PAUSE_S seconds (uniform, seeded) before each
    question, like a colleague reading the answer and typing the next one;
    otherwise every conversation sends its next question as soon as it has the
    reply (closed loop: the server is saturated, which measures its capacity).
    """
    plan = [pool.take(turns) for _ in range(conversations)]
    return asyncio.run(_run(f"{base_url}/webhooks/rest/webhook", plan, name, paced))


def warm_up(base_url: str) -> None:
    asyncio.run(_run(f"{base_url}/webhooks/rest/webhook", [WARM_UP], "warm-up", False))


def percentile(values: List[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1]


def rest_lines(base_url: str, long_turns: int = 60, long_saturated: int = 7) -> Dict[str, float]:
    """Every REST latency line of the bench, short then long messages."""
    short, long_ = TextPool(short_texts()), TextPool(long_texts())
    warm_up(base_url)
    single, _ = latency(base_url, short, 1, 50, name="single")
    paced, _ = latency(base_url, short, 20, 10, paced=True, name="paced")
    saturated, throughput = latency(base_url, short, 20, 10, name="saturated")
    long_single, _ = latency(base_url, long_, 1, long_turns, name="long-single")
    long_sat, long_throughput = latency(base_url, long_, 20, long_saturated, name="long-saturated")
    return {
        "p50 ms, 1 conversation": percentile(single, 50),
        "p95 ms, 1 conversation": percentile(single, 95),
        "p50 ms, 20 concurrent (paced)": percentile(paced, 50),
        "p95 ms, 20 concurrent (paced)": percentile(paced, 95),
        "p50 ms, 20 concurrent (no pause)": percentile(saturated, 50),
        "p95 ms, 20 concurrent (no pause)": percentile(saturated, 95),
        "replies/s, 20 concurrent (no pause)": throughput,
        "long: p50 ms, 1 conversation": percentile(long_single, 50),
        "long: p95 ms, 1 conversation": percentile(long_single, 95),
        "long: p50 ms, 20 concurrent (no pause)": percentile(long_sat, 50),
        "long: replies/s, 20 concurrent (no pause)": long_throughput,
    }
