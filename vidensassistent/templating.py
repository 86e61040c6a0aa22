"""Jinja2 for the HTML the project writes (the editors' report, the handout).

Autoescape is always on: users' texts and data files reach the pages. Style sheets are
inlined with `inline_file`, so every page stays one self-contained file.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from vidensassistent.settings import TEMPLATES_DIR


def inline_file(name: str) -> Markup:
    """A file from the templates folder, verbatim (our own CSS: not escaped, not parsed)."""
    return Markup((TEMPLATES_DIR / name).read_text(encoding="utf-8"))


def decimal(value: float, digits: int = 1) -> str:
    """SVG coordinates as before: fixed decimals with a point."""
    return f"{value:.{digits}f}"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["inline_file"] = inline_file
    env.filters["decimal"] = decimal
    env.filters["g"] = lambda value: f"{value:g}"
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
