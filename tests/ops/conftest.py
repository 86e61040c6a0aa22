"""One real action server + Rasa server for the ops tests (tests/ops/test_server_*.py).

Started with the HTTP API on (a test token) and a short action timeout, so a
hung action server turns into the Danish technical-error reply quickly.
"""

import secrets

import pytest

from tests.conftest import trained_model
from vidensassistent.tooling.servers import running_servers

ACTION_TIMEOUT = 8


@pytest.fixture(scope="session")
def ops_bot(tmp_path_factory):
    token = secrets.token_urlsafe(16)
    with running_servers(
        trained_model(),
        tmp_path_factory.mktemp("ops-servers"),
        extra_env={"ACTION_TIMEOUT": str(ACTION_TIMEOUT)},
        auth_token=token,
    ) as servers:
        yield servers
