"""Shared fixtures: the project root on sys.path and the real servers for end-to-end tests."""
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Tests import the project's packages (actions, components, tooling) from the root.
sys.path.insert(0, str(ROOT))

from tooling.servers import DEFAULT_MODEL, running_servers  # noqa: E402

# VIDEN_MODEL points the tests at another trained model than the project's,
# e.g. one trained into build/ while a feature is being developed.
MODEL = Path(os.environ.get("VIDEN_MODEL", DEFAULT_MODEL))


def trained_model() -> Path:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}; run `make train` first")
    return MODEL


@pytest.fixture(scope="session")
def bot(tmp_path_factory):
    """One real action server + Rasa server (REST and socket.io) for a pytest session."""
    with running_servers(trained_model(), tmp_path_factory.mktemp("servers")) as servers:
        yield servers
