"""Record every reply to the held-out and tuning questions, and compare two recordings.

A speed change must not change one answer (issue 17). Record with the code before
and after the change (same model), then compare; follow-ups are sent as their pair
(first question, then the follow-up) in one conversation, button payloads of the
domain each in a fresh conversation. Usage:

    python -m benchmarks.same_replies record build/replies-before.json [--model M]
    python -m benchmarks.same_replies compare build/replies-before.json build/replies-after.json
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Dict, List

import yaml

from vidensassistent.settings import ROOT
from vidensassistent.tooling.heldout import load_heldout
from vidensassistent.tooling.servers import running_servers

TUNING = ROOT / "tests" / "tuning"
# The HTTP API (/model/parse) of the recording's own server.
TOKEN = "same-replies"


def conversations() -> List[List[str]]:
    """Each conversation as the texts sent in it, in a fixed order."""
    texts = [q.text for d in (ROOT / "tests" / "heldout", TUNING) for q in load_heldout(d)]
    convs = [[t] for t in texts]
    for path in sorted((TUNING / "realistic").glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            convs.append([item["first"], item["text"]] if "first" in item else [item["text"]])
    domain = (ROOT / "domain.yml").read_text(encoding="utf-8")
    convs += [[p] for p in sorted(set(re.findall(r"payload: ['\"](.*)['\"]\s*$", domain, re.M)))]
    return convs


def _parse(bot, text: str) -> Dict:
    body = json.dumps({"text": text}).encode("utf-8")
    status, parsed = bot.post(f"/model/parse?token={TOKEN}", body)
    assert status == 200, parsed
    return parsed


def record(out: Path, model: Path) -> None:
    """Per conversation: the NLU's parse of each text (the decisions) and the replies."""
    recorded: Dict[str, Dict] = {}
    workdir = ROOT / "build" / "bench" / "same-replies"
    (workdir / "tracker.db").unlink(missing_ok=True)
    with running_servers(model, workdir, auth_token=TOKEN) as bot:
        for i, conv in enumerate(conversations()):
            recorded[f"{i}"] = {
                "parse": [_parse(bot, text) for text in conv],
                "replies": [bot.send(f"same-{i}", text) for text in conv],
            }
    out.write_text(json.dumps(recorded, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(recorded)} conversations recorded in {out}")


def compare(before: Path, after: Path) -> int:
    """Parses must be equal; replies too, except where Rasa picked another variant."""
    a = json.loads(before.read_text(encoding="utf-8"))
    b = json.loads(after.read_text(encoding="utf-8"))
    parses = [k for k in a if a[k]["parse"] != b.get(k, {}).get("parse")]
    replies = [k for k in a if a[k]["replies"] != b.get(k, {}).get("replies")]
    print(f"{len(a)} conversations: {len(parses)} with another NLU parse, {len(replies)} with other replies")
    for k in replies[:5]:
        print(f"  conversation {k}: {a[k]['replies']!r}\n    -> {b.get(k, {}).get('replies')!r}")
    return 1 if parses or replies or a.keys() != b.keys() else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("out")
    rec.add_argument("--model", default=str(ROOT / "models" / "vidensassistent.tar.gz"))
    cmp_ = sub.add_parser("compare")
    cmp_.add_argument("before")
    cmp_.add_argument("after")
    args = parser.parse_args()
    if args.command == "record":
        record(Path(args.out), Path(args.model))
    else:
        sys.exit(compare(Path(args.before), Path(args.after)))


if __name__ == "__main__":
    main()
