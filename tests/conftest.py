"""Shared fixtures: the real servers for end-to-end tests."""

from pathlib import Path

import pytest

from vidensassistent.settings import env
from vidensassistent.tooling.servers import running_servers

# VIDEN_MODEL points the tests at another trained model than the project's,
# e.g. one trained into build/ while a feature is being developed.
MODEL = Path(env("VIDEN_MODEL"))


def trained_model() -> Path:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}; run `make train` first")
    return MODEL


@pytest.fixture(scope="session")
def bot(tmp_path_factory):
    """One real action server + Rasa server (REST and socket.io) for a pytest session."""
    with running_servers(trained_model(), tmp_path_factory.mktemp("servers")) as servers:
        yield servers
