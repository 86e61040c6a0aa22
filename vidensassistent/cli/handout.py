"""`make handout`: one printable HTML page (and a PDF) with every answer the assistant gives.

Generated from the assistant's own data so it cannot drift from what the bot says:
answers from data/nlu/responses/*.yml (`utter_faq/<topic>`, text unchanged),
areas, titles and source sections from data/knowledge/topics.yml, the texts around
them from data/knowledge/handout.yml. The HTML is self-contained (inline CSS, no
scripts, fonts or images): vidensassistent/templates/handout.html.j2 and handout.css. The PDF is printed by
headless Chromium when it is installed (Debian package `chromium`); without it only the HTML is written.

    python -m vidensassistent.cli.handout [--out build/handout] [--pdf auto|yes|no]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import yaml

from vidensassistent.knowledge import RETRIEVAL_INTENT, load_knowledge
from vidensassistent.settings import ROOT, env
from vidensassistent.templating import render as render_template

RESPONSES_DIR = ROOT / "data" / "nlu" / "responses"
HANDOUT_TEXTS = ROOT / "data" / "knowledge" / "handout.yml"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
SOURCE_PREFIX = "Kilde:"
NOTE_PREFIX = "Bemærk:"


@dataclass(frozen=True)
class Entry:
    topic: str
    title: str
    section: str
    texts: List[str]  # every variant of the answer, exactly as in the response file


@dataclass(frozen=True)
class Group:
    area: str
    title: str
    entries: List[Entry]


def load_answers(directory: Path = RESPONSES_DIR) -> Dict[str, List[str]]:
    """topic id -> answer texts, from every `utter_faq/<topic>` response."""
    answers: Dict[str, List[str]] = {}
    prefix = f"utter_{RETRIEVAL_INTENT}/"
    for path in sorted(directory.glob("*.yml")):
        responses = yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}
        for name, variants in responses.items():
            if name.startswith(prefix):
                answers.setdefault(name[len(prefix) :], []).extend(v["text"] for v in variants)
    return answers


def collect(answers: Dict[str, List[str]], other_title: str) -> List[Group]:
    """Answers grouped by area in the order of topics.yml; answers without metadata last."""
    knowledge = load_knowledge()
    groups = []
    for area, area_title in knowledge.areas.items():
        entries = [
            Entry(t.id, t.title, t.section, answers[t.id])
            for t in knowledge.topics_in_area(area)
            if t.id in answers
        ]
        if entries:
            groups.append(Group(area, area_title, entries))
    rest = [Entry(t, t, "", texts) for t, texts in answers.items() if t not in knowledge.topics]
    if rest:
        groups.append(Group("andre", other_title, rest))
    return groups


@dataclass(frozen=True)
class Paragraph:
    css: str  # "source", "note" or ""
    lines: List[str]


def paragraphs(text: str) -> List[Paragraph]:
    """An answer's paragraphs and their lines; the text itself is never changed."""
    out = []
    for paragraph in text.strip().split("\n\n"):
        css = ""
        if paragraph.startswith(SOURCE_PREFIX):
            css = "source"
        elif paragraph.startswith(NOTE_PREFIX):
            css = "note"
        out.append(Paragraph(css, paragraph.split("\n")))
    return out


def render(groups: Sequence[Group], texts: Dict, date: str) -> str:
    return render_template(
        "handout.html.j2",
        groups=groups,
        texts=texts,
        generated=texts["generated"].format(date=date),
        paragraphs=paragraphs,
    )


def build_date() -> str:
    """Today, or SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = env("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now()
    return moment.strftime("%d.%m.%Y")


def build_html(out_dir: Path) -> Path:
    texts = yaml.safe_load(HANDOUT_TEXTS.read_text(encoding="utf-8"))
    groups = collect(load_answers(), texts["other_area"])
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "handout.html"
    target.write_text(render(groups, texts, build_date()), encoding="utf-8")
    return target


def find_chromium() -> Optional[str]:
    return next((path for path in map(shutil.which, CHROMIUM_NAMES) if path), None)


def print_pdf(html_file: Path, chromium: str, timeout: float = 180) -> Path:
    """Print the HTML to A4 PDF with headless Chromium (no header/footer of its own)."""
    target = html_file.with_suffix(".pdf")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--user-data-dir={profile}",
                f"--print-to-pdf={target}",
                html_file.resolve().as_uri(),
            ],
            check=True,
            timeout=timeout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    if not target.exists() or target.stat().st_size == 0:
        raise RuntimeError(f"Chromium wrote no PDF to {target}")
    return target


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "handout")
    parser.add_argument("--pdf", choices=["auto", "yes", "no"], default="auto")
    args = parser.parse_args(argv)

    html_file = build_html(args.out)
    print(f"HTML: {html_file}")
    if args.pdf == "no":
        return 0
    chromium = find_chromium()
    if chromium is None:
        if args.pdf == "yes":
            print("Chromium blev ikke fundet; installer Debian-pakken chromium.", file=sys.stderr)
            return 1
        print("PDF: sprunget over (Chromium er ikke installeret; Debian-pakken hedder chromium)")
        return 0
    print(f"PDF:  {print_pdf(html_file, chromium)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
