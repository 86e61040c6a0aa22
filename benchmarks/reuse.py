"""Reuse a model the bench trained before, when nothing it was trained from changed.

Rasa's default pipeline takes ~25 minutes to train on this machine; a bench run
that only measures the project's speed need not pay that again. The fingerprint
covers what the Makefile retrains on (config, domain.yml, data/ and the project's
NLU components) plus the Rasa version; it is written next to the model.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Dict, Optional

from vidensassistent.settings import ROOT

# As the Makefile's MODEL_INPUTS: data/about.yml (the "Om" page) is not training data.
NOT_INPUTS = {ROOT / "data" / "about.yml"}


def model_inputs(config: Path) -> list:
    files = [config, ROOT / "domain.yml"]
    for folder in (ROOT / "data", ROOT / "vidensassistent" / "components"):
        files += [p for p in folder.rglob("*") if p.suffix in (".yml", ".py") and p not in NOT_INPUTS]
    return sorted(set(files))


def fingerprint(config: Path) -> str:
    import rasa

    digest = hashlib.sha256(f"rasa {rasa.__version__}\n".encode())
    for path in model_inputs(config):
        name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
        digest.update(str(name).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _record(model: Path) -> Path:
    return model.with_name(model.name.replace(".tar.gz", ".inputs.json"))


def reusable(model: Path, config: Path) -> Optional[Dict]:
    """The stored record ({fingerprint, training_s, trained_at}) if `model` still fits."""
    record = _record(model)
    if not (model.exists() and record.exists()):
        return None
    stored = json.loads(record.read_text(encoding="utf-8"))
    return stored if stored.get("fingerprint") == fingerprint(config) else None


def remember(model: Path, config: Path, training_s: float) -> None:
    _record(model).write_text(
        json.dumps(
            {
                "fingerprint": fingerprint(config),
                "training_s": training_s,
                "trained_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            }
        ),
        encoding="utf-8",
    )
