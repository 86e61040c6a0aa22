"""`make bench`: accuracy, scope rejection, latency, training time and memory.

Trains the project's pipeline (config.yml) and Rasa's default pipeline
(benchmarks/default_config.yml) on the same data, starts each with the real
action server, and prints the figures side by side.

Reply times (benchmarks/latency.py) are measured on short questions three ways:
one conversation of 50 questions in a row (the time one reply takes); 20
conversations at once where each colleague reads the answer and types for 3-9 s
before the next question (20 people using it at the same time); and 20
conversations without any pause (the server saturated: its capacity in replies per
second, and how long replies queue then); and on long case descriptions (30-60
words) with one conversation and 20 without pause. Every timed message is one the
server has not seen before. Then where one reply's time goes (benchmarks/stages.py),
the cold start (Rasa server start to first reply) and the server's memory.

Rasa's default pipeline takes ~25 minutes to train; --reuse-default takes the one in
build/bench when config, domain, data and Rasa version are those it was trained on
(the output says so). Usage:

    python -m benchmarks.bench [--skip-default] [--reuse-default] [--set tests/heldout]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, Optional, Tuple

from benchmarks import reuse
from benchmarks.latency import WARM_UP, rest_lines
from benchmarks.stages import profile, table
from vidensassistent.settings import ROOT
from vidensassistent.tooling.heldout import Score, classify_reply, load_answer_texts, load_heldout
from vidensassistent.tooling.realistic import JUDGING_DIR, score_sets
from vidensassistent.tooling.servers import RasaServers, running_servers

OUT = ROOT / "build" / "bench"
MODEL = ROOT / "models" / "vidensassistent.tar.gz"


def train(config: Path, name: str) -> float:
    start = time.perf_counter()
    # A fresh, empty cache: Rasa would otherwise reuse components trained before.
    with tempfile.TemporaryDirectory() as cache:
        subprocess.run(
            [
                str(Path(sys.executable).parent / "rasa"),
                "train",
                "--config",
                str(config),
                "--out",
                str(OUT),
                "--fixed-model-name",
                name,
                "--quiet",
                "--force",
            ],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "RASA_CACHE_DIRECTORY": cache},
        )
    return time.perf_counter() - start


def trained(name: str, config: Path, allow_reuse: bool) -> Tuple[Path, float, Optional[str]]:
    """The model, its training time, and a note when it was reused instead of trained."""
    model = OUT / f"{name}.tar.gz"
    record = reuse.reusable(model, config) if allow_reuse else None
    if record is not None:
        note = (
            f"[{name}] REUSED {model.relative_to(ROOT)} (trained {record['trained_at']}; "
            "config, domain, data and Rasa version unchanged); training time is that run's"
        )
        print(note, flush=True)
        return model, float(record["training_s"]), note
    print(f"[{name}] training …", flush=True)
    seconds = train(config, name)
    reuse.remember(model, config, seconds)
    return model, seconds, None


def accuracy(bot: RasaServers, heldout_dir: Path) -> Score:
    answers = load_answer_texts()
    score = Score()
    for i, question in enumerate(load_heldout(heldout_dir)):
        score.add(question, classify_reply(bot.send(f"bench-{i}", question.text), answers))
    return score


def accuracy_lines(score: Score) -> Dict[str, float]:
    return {
        "answer accuracy (held-out)": score.accuracy * 100,
        "  of which 'Mente du' instead": score.in_scope_clarified / max(score.in_scope_total, 1) * 100,
        "out-of-scope rejection": score.rejection * 100,
    }


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cold_start(bot: RasaServers) -> float:
    """Seconds from starting the Rasa server (model load) to its first reply."""
    assert bot.rasa is not None
    bot.rasa.stop()
    start = time.perf_counter()
    bot.rasa.start()
    bot.send("cold-start", WARM_UP[0])
    return time.perf_counter() - start


def speed(bot: RasaServers, model: Path, name: str) -> Dict:
    """Every speed figure of one running server pair; the server must be fresh."""
    # First, while the server has seen none of the timed texts (see latency.py).
    print(f"[{name}] latency …", flush=True)
    lines = rest_lines(bot.url)
    print(f"[{name}] where the time goes …", flush=True)
    stages, nlu = profile(model, f"http://127.0.0.1:{bot.actions_port}/webhook")
    return {"lines": lines, "stages": table(stages, nlu)}


def measure(name: str, model: Path, heldout_dir: Optional[Path]) -> Dict:
    """Speed, then (unless heldout_dir is None) accuracy, then memory and cold start."""
    workdir = OUT / f"servers-{name}"
    # A fresh tracker store: conversations left from an earlier run would make this
    # run's conversations longer (and slower) than they look.
    (workdir / "tracker.db").unlink(missing_ok=True)
    with running_servers(model, workdir) as bot:
        result = speed(bot, model, name)
        lines = result["lines"]
        if heldout_dir is not None:
            print(f"[{name}] held-out set …", flush=True)
            score = accuracy(bot, heldout_dir)
            print(f"[{name}] realistic set …", flush=True)
            realistic = score_sets(bot.send, JUDGING_DIR)
            lines = {**accuracy_lines(score), **lines, **realistic_lines(realistic)}
        lines["Rasa server RSS MB"] = rss_mb(bot.rasa_pid)
        print(f"[{name}] cold start …", flush=True)
        lines["cold start s (server start to 1st reply)"] = cold_start(bot)
    return {**result, "lines": lines}


def measure_trained(name: str, config: Path, heldout_dir: Path, allow_reuse: bool = False) -> Dict:
    model, seconds, note = trained(name, config, allow_reuse)
    result = measure(name, model, heldout_dir)
    result["lines"]["training time s"] = seconds
    return {**result, "note": note}


def realistic_lines(scores) -> Dict[str, float]:
    """Per realistic set: % correct and each kind of miss in % of the set; in-scope also
    by writing style (case descriptions, keywords, typos, indirect, plain)."""
    lines: Dict[str, float] = {}
    for name, score in scores.items():
        if not score.total:
            continue
        label = "declined" if name == "out_of_scope" else "correct"
        lines[f"realistic {name}: % {label}"] = score.rate * 100
        for kind in ("refused", "mente_du", "wrong_answer"):
            if name != "out_of_scope" and score.misses.get(kind):
                lines[f"  {name}: % {kind}"] = score.misses[kind] / score.total * 100
        for style, total in sorted(score.style_total.items()):
            lines[f"  {name}, {style}: % correct"] = score.style_correct[style] / total * 100
    return lines


def print_results(results: Dict[str, Dict], heldout_dir: Optional[Path]) -> None:
    if heldout_dir is not None:
        print(f"\nQuestion set: {heldout_dir} ({len(load_heldout(heldout_dir))} questions)")
    for result in results.values():
        if result["note"]:
            print(result["note"])
    names = list(results)
    ratio = len(names) == 2
    print(f"{'':44}" + "".join(f"{n:>24}" for n in names) + (f"{'ratio':>8}" if ratio else ""))
    lines = {n: results[n]["lines"] for n in names}
    for metric in dict.fromkeys(m for n in names for m in lines[n]):
        values = [lines[n].get(metric, 0.0) for n in names]
        row = f"{metric:44}" + "".join(f"{v:>24.1f}" for v in values)
        if ratio and values[1]:
            row += f"{values[0] / values[1]:>8.2f}"
        print(row)
    for name in names:
        print(f"\n[{name}] {results[name]['stages']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-default", action="store_true", help="only measure config.yml")
    parser.add_argument(
        "--reuse-default",
        action="store_true",
        help="reuse build/bench/default.tar.gz if its inputs are unchanged",
    )
    parser.add_argument("--set", default=str(ROOT / "tests" / "heldout"), help="question set folder")
    parser.add_argument(
        "--speed-only",
        metavar="MODEL",
        nargs="?",
        const=str(MODEL),
        help="only the speed figures of a trained model (default: make train's)",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    heldout_dir = Path(args.set)
    if args.speed_only:
        result = measure("speed", Path(args.speed_only), None)
        print_results({args.speed_only: {**result, "note": None}}, None)
        return
    results = {"project (config.yml)": measure_trained("project", ROOT / "config.yml", heldout_dir)}
    if not args.skip_default:
        results["Rasa default"] = measure_trained(
            "default", ROOT / "benchmarks" / "default_config.yml", heldout_dir, args.reuse_default
        )
    print_results(results, heldout_dir)


if __name__ == "__main__":
    main()
