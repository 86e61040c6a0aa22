"""Build "Om Vidensassistenten" (om.html) and the widget's privacy facts from data/about.yml.

    python vidensassistent/cli/about.py --out build/web --widget-settings build/about/widget.json

- om.html: purpose, source, AI notice, what is stored / how long / who reads it,
  data controller, and the accessibility statement; rendered with Jinja2
  (autoescape) from web/about/om.html.j2. Served beside the demo page.
- widget.json: the numbers and words the widget's texts need (retention days,
  what is removed before storing), read by web/build.mjs, so the widget and the
  page say what `make purge` and the input channels do.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any, Dict, List

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from vidensassistent.integration import messages, privacy
from vidensassistent.integration.about import load_about
from vidensassistent.settings import ROOT

TEMPLATE_DIR = ROOT / "web" / "about"


def removed_kinds() -> List[Dict[str, str]]:
    """What the input channels replace before anything is stored, in Danish."""
    return [
        {"kind": kind, "words": messages.KIND_WORDS[kind][1], "placeholder": placeholder}
        for kind, placeholder in privacy.PLACEHOLDERS.items()
    ]


def danish_list(words: List[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " og " + words[-1]


MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


def danish_date(value: Any) -> str:
    """2026-12-01 -> "1. december 2026"."""
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def axe_version() -> str:
    lock = json.loads((ROOT / "web" / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"]["node_modules/axe-core"]["version"]


def context(about: Dict[str, Any]) -> Dict[str, Any]:
    with open(ROOT / "data" / "knowledge" / "feedback.yml", encoding="utf-8") as handle:
        feedback = yaml.safe_load(handle)
    kinds = removed_kinds()
    return {
        "about": about,
        "days": about["retention_days"],
        "removed": kinds,
        "removed_text": danish_list([k["words"] for k in kinds]),
        "buttons": feedback["buttons"],
        "comment_max_chars": feedback["comment_max_chars"],
        "max_message_chars": messages.MAX_MESSAGE_CHARS,
        "axe_version": axe_version(),
    }


def render(about: Dict[str, Any]) -> str:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["danish_date"] = danish_date
    return env.get_template("om.html.j2").render(**context(about))


def widget_settings(about: Dict[str, Any]) -> Dict[str, Any]:
    kinds = removed_kinds()
    return {"retentionDays": about["retention_days"], "removed": danish_list([k["words"] for k in kinds])}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--about", type=Path, default=None, help="default: data/about.yml")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "web")
    parser.add_argument("--widget-settings", type=Path, default=ROOT / "build" / "about" / "widget.json")
    args = parser.parse_args(argv)
    about = load_about(args.about)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "om.html").write_text(render(about), encoding="utf-8")
    args.widget_settings.parent.mkdir(parents=True, exist_ok=True)
    args.widget_settings.write_text(
        json.dumps(widget_settings(about), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"about: {args.out / 'om.html'} and {args.widget_settings}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
