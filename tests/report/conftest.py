"""A real action server + Rasa server with an empty tracker store for the report tests.

The model is models/vidensassistent.tar.gz (built by `make train`), or the one
in FEEDBACK_MODEL, e.g. a feature's own model while it is being developed.
"""
import os
from pathlib import Path

import pytest

from tooling.servers import running_servers

ROOT = Path(__file__).resolve().parents[2]
MODEL = Path(os.environ.get("FEEDBACK_MODEL", ROOT / "models" / "vidensassistent.tar.gz"))


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}; run `make train` first")
    with running_servers(MODEL, tmp_path_factory.mktemp("report-servers")) as bot:
        yield bot
