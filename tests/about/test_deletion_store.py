"""EnvTrackerStore.delete_conversation: gone from the database, the file and every server's memory.

Two stores on one SQLite file stand for two Rasa servers sharing a database.
"""

import asyncio

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from vidensassistent.integration.stores import EnvTrackerStore
from vidensassistent.settings import ROOT

DOMAIN = Domain.load(ROOT / "domain.yml")
SECRET = "hemmeligtordsprog"


def _conversation(sender, text):
    return DialogueStateTracker.from_events(
        sender,
        [
            ActionExecuted("action_session_start", timestamp=1.0),
            SessionStarted(timestamp=1.01),
            ActionExecuted("action_listen", timestamp=1.02),
            UserUttered(text, {"name": "faq", "confidence": 0.9}, timestamp=2.0),
            BotUttered("svar", timestamp=2.1),
            ActionExecuted("action_listen", timestamp=2.2),
        ],
        slots=DOMAIN.slots,
    )


def test_a_deleted_conversation_is_gone_for_every_server_and_from_the_file(tmp_path):
    db = tmp_path / "tracker.db"
    first, second = EnvTrackerStore(DOMAIN, db=str(db)), EnvTrackerStore(DOMAIN, db=str(db))
    asyncio.run(first.save(_conversation("slet-mig", f"spørgsmål med {SECRET}")))
    asyncio.run(first.save(_conversation("behold-mig", "et andet spørgsmål")))
    assert asyncio.run(first.retrieve("slet-mig")) is not None
    asyncio.run(first.save(asyncio.run(first.retrieve("slet-mig"))))  # now remembered in memory

    assert second.delete_conversation("slet-mig") == 6
    # The first server does not hand out its remembered copy of a deleted conversation.
    assert asyncio.run(first.retrieve("slet-mig")) is None
    assert asyncio.run(second.retrieve("behold-mig")) is not None
    # secure_delete: the text is overwritten in the file, not just marked free (Debian builds
    # SQLite with it on; the store sets it so that other builds do the same); and the
    # write-ahead log, which held the text first, is emptied.
    files = sorted(tmp_path.glob("tracker.db*"))
    assert [f.name for f in files] == ["tracker.db", "tracker.db-shm", "tracker.db-wal"]
    assert not any(SECRET.encode() in f.read_bytes() for f in files)
    assert first.delete_conversation("slet-mig") == 0
