"""Real servers for the referral conversations (tests marked `bot`).

REFERRAL_MODEL points the tests at another trained model than the project's
(e.g. build/referral-models/referral.tar.gz while the feature is developed).
"""

import os
from pathlib import Path

import pytest

from tooling.servers import running_servers

ROOT = Path(__file__).resolve().parents[2]
MODEL = Path(os.environ.get("REFERRAL_MODEL", ROOT / "models" / "vidensassistent.tar.gz"))


@pytest.fixture(scope="session")
def bot(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}; run `make train` first")
    with running_servers(MODEL, tmp_path_factory.mktemp("referral-servers")) as servers:
        yield servers
