"""One real action server + Rasa server for the whole end-to-end session."""
from pathlib import Path

import pytest

from tooling.servers import running_servers

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "vidensassistent.tar.gz"


@pytest.fixture(scope="session")
def bot(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}; run `make train` first")
    with running_servers(MODEL, tmp_path_factory.mktemp("servers")) as servers:
        yield servers
