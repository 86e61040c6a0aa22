"""A real action server + Rasa server with an empty tracker store for the report tests.

The model is models/vidensassistent.tar.gz (built by `make train`), or VIDEN_MODEL.
"""

import pytest

from tests.conftest import trained_model
from vidensassistent.tooling.servers import running_servers


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    with running_servers(trained_model(), tmp_path_factory.mktemp("report-servers")) as bot:
        yield bot
