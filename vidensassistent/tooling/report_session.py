"""`make report-demo`: a scripted session against the real servers, then the report.

Starts the action server and Rasa server with MODEL and an empty tracker store
in WORKDIR, plays vidensassistent/tooling/report_session.yml over REST, writes the transcript,
runs the report on that store and, with --screenshot, takes a picture of it
with headless chromium.

    python -m vidensassistent.tooling.report_session --model models/vidensassistent.tar.gz \
        --workdir build/report-session --out build/report --screenshot
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import yaml

from vidensassistent.settings import ROOT, env
from vidensassistent.tooling.servers import DEFAULT_MODEL, RasaServers, running_servers

SESSION = Path(__file__).with_suffix(".yml")
CHROMIUM = env("CHROMIUM")


def click(reply: List[Dict], label: str) -> Dict[str, str]:
    buttons = [b for message in reply for b in message.get("buttons") or []]
    if label == "1":
        return buttons[0]
    return next(b for b in buttons if b["title"] == label)


def play(bot: RasaServers, conversations: Dict[str, List[str]]) -> List[str]:
    """Send every message; returns the transcript."""
    lines: List[str] = []
    for name, messages in conversations.items():
        sender = f"session-{name}"
        lines.append(f"=== {sender}")
        reply: List[Dict] = []
        for message in messages:
            if message.startswith("@"):
                try:
                    button = click(reply, message[1:])
                except (StopIteration, IndexError):
                    lines.append(f"(no button {message} in the last reply; skipped)")
                    continue
                lines.append(f"USER [{button['title']}] {button['payload']}")
                reply = bot.send(sender, button["payload"], timeout=60)
            else:
                lines.append(f"USER {message}")
                reply = bot.send(sender, message, timeout=60)
            for answer in reply:
                lines.append("BOT  " + (answer.get("text") or "").replace("\n", " ")[:200])
                titles = [b["title"] for b in answer.get("buttons") or []]
                if titles:
                    lines.append("     buttons: " + " | ".join(titles))
    return lines


def screenshot(html: Path, png: Path) -> None:
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--screenshot={png}",
            "--window-size=1280,1600",
            html.resolve().as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--workdir", type=Path, default=ROOT / "build" / "report-session")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "report")
    parser.add_argument("--screenshot", action="store_true")
    args = parser.parse_args()

    if args.workdir.exists():
        shutil.rmtree(args.workdir)
    conversations = yaml.safe_load(SESSION.read_text(encoding="utf-8"))["conversations"]
    with running_servers(args.model, args.workdir) as bot:
        transcript = play(bot, conversations)
    (args.workdir / "transcript.txt").write_text("\n".join(transcript) + "\n", encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "vidensassistent.cli.report",
            "--db-url",
            f"sqlite:///{(args.workdir / 'tracker.db').resolve()}",
            "--out",
            str(args.out),
        ],
        check=True,
        cwd=ROOT,
    )
    if args.screenshot:
        screenshot(args.out / "report.html", args.out / "report.png")
        print(f"Skærmbillede: {args.out / 'report.png'}")
    print(f"Udskrift af samtalerne: {args.workdir / 'transcript.txt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
