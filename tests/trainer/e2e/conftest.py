"""Real action server + Rasa server for the trainer-mode conversations.

TRAINER_MODEL points at another model than models/vidensassistent.tar.gz, e.g.
one trained into build/trainer-models while the shared model is being retuned.
"""
import os
from pathlib import Path

import pytest

from tooling.servers import running_servers

ROOT = Path(__file__).resolve().parents[3]
MODEL = Path(os.environ.get("TRAINER_MODEL", ROOT / "models" / "vidensassistent.tar.gz"))


@pytest.fixture(scope="session")
def bot(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}; run `make train` first")
    with running_servers(MODEL, tmp_path_factory.mktemp("trainer-servers")) as servers:
        yield servers
