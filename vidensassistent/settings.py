"""Paths and settings: the one place that knows the repository layout and reads the environment.

Every environment variable the Python code reads is declared in ENV below (README
"Miljøvariabler" lists the same names; a test keeps them equal). Values are read when asked
for, not at import, because the servers and tests set them per process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional

# The repository checkout (the package is installed editable from it: `pip install -e .`).
ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
BUILD_DIR = ROOT / "build"
MODELS_DIR = ROOT / "models"
DEFAULT_MODEL = MODELS_DIR / "vidensassistent.tar.gz"
VENV_BIN = ROOT / ".venv" / "bin"
ABOUT_FILE = DATA_DIR / "about.yml"
DEFAULT_SQLITE_FILE = BUILD_DIR / "tracker.db"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Setting:
    default: Optional[str]
    doc: str  # Danish: shown in README's table of environment variables


ENV: Dict[str, Setting] = {
    "VIDEN_KNOWLEDGE_DIR": Setting(
        str(DATA_DIR / "knowledge"), "mappe med vidensfilerne; til tests med andre data"
    ),
    "VIDEN_MODEL": Setting(str(DEFAULT_MODEL), "modellen, som testene og værktøjerne starter serverne med"),
    "DB_URL": Setting(None, "PostgreSQL-tracker store (ellers SQLite-filen i `endpoints.yml`)"),
    "REDIS_URL": Setting(None, "Redis-lock store, nødvendig ved flere Rasa-servere (`redis://host:6379/1`)"),
    "ACTION_TIMEOUT": Setting("20", 'sekunder før "teknisk fejl", når action-serveren ikke svarer'),
    "ACTION_SERVER_TOKEN": Setting(
        None, "fælles hemmelighed mellem Rasa-server og action-server (`make run` laver en)"
    ),
    "RASA_AUTH_TOKEN": Setting(None, "token til HTTP-API'et (ellers filen i `RASA_AUTH_TOKEN_FILE`)"),
    "RASA_AUTH_TOKEN_FILE": Setting(None, "fil med API-tokenet (`make run`: `build/api-token`)"),
    "LISTEN_ADDRESS": Setting("127.0.0.1", "hvor Rasa-serveren og demosiden lytter"),
    "ACTIONS_LISTEN_ADDRESS": Setting("127.0.0.1", "hvor action-serveren lytter"),
    "CORS_ORIGINS": Setting("", "de sider, der må bruge assistenten fra en browser (HTTP og socket.io)"),
    "CHROMIUM": Setting("/usr/bin/chromium", "browseren til widget-testene og rapportens PDF"),
    "VIDEN_NOTE": Setting(
        None, "vidensnotatets tekst til testene (ellers `../shared/source/` ved siden af projektet)"
    ),
    "SOURCE_DATE_EPOCH": Setting(None, "fast dato i håndoutet (reproducerbare builds)"),
}


def env(name: str) -> Optional[str]:
    """The variable's value, or its declared default; an empty value counts as unset."""
    setting = ENV[name]  # KeyError: every variable must be declared above
    return os.environ.get(name) or setting.default


def take(name: str) -> Optional[str]:
    """Read a secret and remove it from the environment, so child processes never see it."""
    ENV[name]  # KeyError: every variable must be declared above
    return os.environ.pop(name, None) or None
