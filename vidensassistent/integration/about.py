"""The municipality's settings in data/about.yml: retention, data controller, contacts.

One place for the number of days conversations are kept: `make purge` deletes by
it, and the widget and the "Om Vidensassistenten" page tell users the same number.
Light: no Rasa import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Optional

import yaml

from vidensassistent.settings import ROOT

ABOUT_FILE = ROOT / "data" / "about.yml"


def load_about(path: Optional[Path] = None) -> Dict[str, Any]:
    with open(path or ABOUT_FILE, encoding="utf-8") as handle:
        about = yaml.safe_load(handle) or {}
    days = about.get("retention_days")
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise ValueError(f"{path or ABOUT_FILE}: retention_days must be a whole number of days ≥ 1")
    return about


def retention_days(path: Optional[Path] = None) -> int:
    return load_about(path)["retention_days"]
