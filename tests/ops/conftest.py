"""One real action server + Rasa server for the ops tests (tests/ops/test_server_*.py).

Started with the HTTP API on (a test token) and a short action timeout, so a
hung action server turns into the Danish technical-error reply quickly.
OPS_MODEL points the tests at another trained model than the project's.
"""
import os
import secrets
from pathlib import Path

import pytest

from tooling.servers import running_servers

ROOT = Path(__file__).resolve().parents[2]
MODEL = Path(os.environ.get("OPS_MODEL", ROOT / "models" / "vidensassistent.tar.gz"))
ACTION_TIMEOUT = 8


@pytest.fixture(scope="session")
def ops_bot(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}; run `make train` first")
    token = secrets.token_urlsafe(16)
    with running_servers(
        MODEL,
        tmp_path_factory.mktemp("ops-servers"),
        extra_env={"ACTION_TIMEOUT": str(ACTION_TIMEOUT)},
        auth_token=token,
    ) as servers:
        yield servers
