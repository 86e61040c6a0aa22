"""`make bench`: accuracy, scope rejection, latency, training time and memory.

Trains the project's pipeline (config.yml) and Rasa's default pipeline
(benchmarks/default_config.yml) on the same data, starts each with the real
action server, and prints the figures side by side.

Reply times are measured three ways: one conversation of 50 questions in a row
(the time one reply takes); 20 conversations at once where each colleague reads
the answer and types for 3-9 s before the next question (20 people using it at
the same time); and 20 conversations without any pause (the server saturated:
its capacity in replies per second, and how long replies queue then). Usage:

    python -m benchmarks.bench [--skip-default] [--set tests/heldout]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Tuple

import aiohttp

from vidensassistent.settings import ROOT
from vidensassistent.tooling.heldout import Score, classify_reply, load_answer_texts, load_heldout
from vidensassistent.tooling.realistic import JUDGING_DIR, score_sets
from vidensassistent.tooling.servers import RasaServers, running_servers

OUT = ROOT / "build" / "bench"
LATENCY_QUESTIONS = [
    "hvor mange prostituerer sig i Danmark",
    "hvad er rufferi",
    "hvad siger formålsvejledningen",
    "hvad er Reden KFUK",
    "hvilke implementeringsstrategier findes der",
]
# Seconds a colleague takes to read an answer and type the next question in the
# paced measurement. Real users take longer (15-60 s); shorter pauses mean more load.
PAUSE_S = (3.0, 9.0)


def train(config: Path, name: str) -> float:
    start = time.perf_counter()
    # A fresh, empty cache: Rasa would otherwise reuse components trained before.
    with tempfile.TemporaryDirectory() as cache:
        subprocess.run(
            [str(Path(sys.executable).parent / "rasa"), "train", "--config", str(config),
             "--out", str(OUT), "--fixed-model-name", name, "--quiet", "--force"],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
            env={**os.environ, "RASA_CACHE_DIRECTORY": cache},
        )
    return time.perf_counter() - start


def accuracy(bot: RasaServers, heldout_dir: Path) -> Score:
    answers = load_answer_texts()
    score = Score()
    for i, question in enumerate(load_heldout(heldout_dir)):
        score.add(question, classify_reply(bot.send(f"bench-{i}", question.text), answers))
    return score


async def _conversation(session, url, sender, turns, latencies, pause=None):
    for turn in range(turns):
        if pause:
            # also before the first question: 20 colleagues do not all press Enter
            # in the same millisecond
            await asyncio.sleep(pause())
        text = LATENCY_QUESTIONS[turn % len(LATENCY_QUESTIONS)]
        start = time.perf_counter()
        async with session.post(url, json={"sender": sender, "message": text}) as response:
            await response.read()
            response.raise_for_status()
        latencies.append((time.perf_counter() - start) * 1000)


async def _latency(
    bot: RasaServers, conversations: int, turns: int, paced: bool = False, name: str = "lat"
) -> Tuple[List[float], float]:
    """Reply times in ms and replies per second.

    paced: each conversation waits PAUSE_S seconds (uniform, seeded) before each
    question, like a colleague reading the answer and typing the next one;
    otherwise every conversation sends its next question as soon as it has the
    reply (closed loop: the server is saturated, which measures its capacity).
    """
    latencies: List[float] = []
    rng = random.Random(42)
    pause = (lambda: rng.uniform(*PAUSE_S)) if paced else None
    url = f"{bot.url}/webhooks/rest/webhook"
    start = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(
            *(_conversation(session, url, f"{name}-{conversations}-{c}", turns, latencies, pause)
              for c in range(conversations))
        )
    busy = time.perf_counter() - start
    return latencies, len(latencies) / busy


def percentile(values: List[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(name: str, config: Path, heldout_dir: Path) -> Dict[str, float]:
    print(f"[{name}] training …", flush=True)
    seconds = train(config, name)
    model = OUT / f"{name}.tar.gz"
    workdir = OUT / f"servers-{name}"
    # A fresh tracker store: conversations left from an earlier run would make this
    # run's conversations longer (and slower) than they look.
    (workdir / "tracker.db").unlink(missing_ok=True)
    with running_servers(model, workdir) as bot:
        print(f"[{name}] held-out set …", flush=True)
        score = accuracy(bot, heldout_dir)
        print(f"[{name}] realistic set …", flush=True)
        realistic = score_sets(bot.send, JUDGING_DIR)
        asyncio.run(_latency(bot, 1, 5, name="warm-up"))
        print(f"[{name}] latency …", flush=True)
        single, _ = asyncio.run(_latency(bot, 1, 50, name="single"))
        paced, _ = asyncio.run(_latency(bot, 20, 10, paced=True, name="paced"))
        saturated, throughput = asyncio.run(_latency(bot, 20, 10, name="saturated"))
        memory = rss_mb(bot.rasa_pid)
    return {
        "answer accuracy (held-out)": score.accuracy * 100,
        "  of which 'Mente du' instead": score.in_scope_clarified / max(score.in_scope_total, 1) * 100,
        "out-of-scope rejection": score.rejection * 100,
        "p50 ms, 1 conversation": percentile(single, 50),
        "p95 ms, 1 conversation": percentile(single, 95),
        "p50 ms, 20 concurrent (paced)": percentile(paced, 50),
        "p95 ms, 20 concurrent (paced)": percentile(paced, 95),
        "p50 ms, 20 concurrent (no pause)": percentile(saturated, 50),
        "p95 ms, 20 concurrent (no pause)": percentile(saturated, 95),
        "replies/s, 20 concurrent (no pause)": throughput,
        **realistic_lines(realistic),
        "training time s": seconds,
        "Rasa server RSS MB": memory,
    }


def realistic_lines(scores) -> Dict[str, float]:
    """Per realistic set: % correct and each kind of miss in % of the set."""
    lines: Dict[str, float] = {}
    for name, score in scores.items():
        if not score.total:
            continue
        label = "declined" if name == "out_of_scope" else "correct"
        lines[f"realistic {name}: % {label}"] = score.rate * 100
        for kind in ("refused", "mente_du", "wrong_answer"):
            if name != "out_of_scope" and score.misses.get(kind):
                lines[f"  {name}: % {kind}"] = score.misses[kind] / score.total * 100
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-default", action="store_true", help="only measure config.yml")
    parser.add_argument("--set", default=str(ROOT / "tests" / "heldout"), help="question set folder")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    heldout_dir = Path(args.set)
    results = {"project (config.yml)": measure("project", ROOT / "config.yml", heldout_dir)}
    if not args.skip_default:
        results["Rasa default"] = measure("default", ROOT / "benchmarks" / "default_config.yml", heldout_dir)
    questions = load_heldout(heldout_dir)
    print(f"\nQuestion set: {heldout_dir} ({len(questions)} questions)")
    names = list(results)
    print(f"{'':40}" + "".join(f"{n:>24}" for n in names))
    metrics = list(dict.fromkeys(m for n in names for m in results[n]))
    for metric in metrics:
        print(f"{metric:40}" + "".join(f"{results[n].get(metric, 0.0):>24.1f}" for n in names))


if __name__ == "__main__":
    main()
