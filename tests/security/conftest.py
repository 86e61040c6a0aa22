"""The real servers for the security suite (`make test-security`), started as
`make run` would: through vidensassistent.integration.serve, with the HTTP API token in the
environment (never on a command line) and one allowed browser origin."""

import secrets

import pytest

from tests.conftest import trained_model
from vidensassistent.tooling.servers import running_servers

ALLOWED_ORIGIN = "http://intranet.kommune.example"


@pytest.fixture(scope="session")
def sec_bot(tmp_path_factory):
    with running_servers(
        trained_model(),
        tmp_path_factory.mktemp("security-servers"),
        extra_args=["--cors", ALLOWED_ORIGIN],
        auth_token=secrets.token_urlsafe(16),
    ) as servers:
        yield servers
