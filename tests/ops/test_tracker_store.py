"""The tracker store's in-memory reuse never shows a conversation other than what is stored.

Two EnvTrackerStore objects on one SQLite file stand for two Rasa servers (or a
server and `make purge`) sharing one database.
"""

import asyncio
import sqlite3

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from vidensassistent.integration.stores import EnvTrackerStore
from vidensassistent.settings import ROOT


@pytest.fixture(scope="module")
def domain():
    return Domain.load(ROOT / "domain.yml")


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "tracker.db")


def _store(domain, db):
    return EnvTrackerStore(domain, db=db)


def _turn(text, answer, timestamp):
    return [
        UserUttered(text, {"name": "faq", "confidence": 0.9}, timestamp=timestamp),
        ActionExecuted("action_answer_faq", timestamp=timestamp + 0.1),
        BotUttered(answer, timestamp=timestamp + 0.2),
        ActionExecuted("action_listen", timestamp=timestamp + 0.3),
    ]


def _start(sender, domain, timestamp=1.0):
    return DialogueStateTracker.from_events(
        sender,
        [
            ActionExecuted("action_session_start", timestamp=timestamp),
            SessionStarted(timestamp=timestamp + 0.01),
            ActionExecuted("action_listen", timestamp=timestamp + 0.02),
        ],
        slots=domain.slots,
    )


def _texts(tracker):
    return [e.text for e in tracker.events if isinstance(e, (UserUttered, BotUttered))]


def _dicts(tracker):
    return [e.as_dict() for e in tracker.events]


def test_a_conversation_read_back_equals_what_a_fresh_server_reads(domain, db):
    store = _store(domain, db)
    tracker = _start("s1", domain)
    asyncio.run(store.save(tracker))
    for turn in range(5):
        tracker = asyncio.run(store.retrieve("s1"))
        tracker.update_with_events(_turn(f"spørgsmål {turn}", f"svar {turn}", 10.0 + turn), domain)
        asyncio.run(store.save(tracker))
    ours = asyncio.run(store.retrieve("s1"))
    fresh = asyncio.run(_store(domain, db).retrieve("s1"))
    assert _dicts(ours) == _dicts(fresh)
    assert _texts(ours)[-2:] == ["spørgsmål 4", "svar 4"]


def test_what_another_server_wrote_is_seen(domain, db):
    first, second = _store(domain, db), _store(domain, db)
    tracker = _start("s2", domain)
    tracker.update_with_events(_turn("hvad er rufferi", "Rufferi er ...", 10.0), domain)
    asyncio.run(first.save(tracker))

    # The other server answers the next message of the same conversation.
    other = asyncio.run(second.retrieve("s2"))
    other.update_with_events(_turn("og skat?", "Indtægten er skattepligtig ...", 20.0), domain)
    other.update_with_events([SlotSet("feedback", "helpful", timestamp=21.0)], domain)
    asyncio.run(second.save(other))

    seen = asyncio.run(first.retrieve("s2"))
    assert _texts(seen)[-2:] == ["og skat?", "Indtægten er skattepligtig ..."]
    assert seen.get_slot("feedback") == "helpful"
    # ... and saving from the first server again does not duplicate or lose events.
    seen.update_with_events(_turn("tak", "Selv tak.", 30.0), domain)
    asyncio.run(first.save(seen))
    assert _dicts(asyncio.run(_store(domain, db).retrieve("s2"))) == _dicts(seen)


def test_a_new_session_is_read_back_without_the_old_one(domain, db):
    store = _store(domain, db)
    tracker = _start("s3", domain)
    tracker.update_with_events(_turn("gammelt spørgsmål", "gammelt svar", 10.0), domain)
    asyncio.run(store.save(tracker))

    tracker = asyncio.run(store.retrieve("s3"))
    tracker.update_with_events(
        [
            ActionExecuted("action_session_start", timestamp=100.0),
            SessionStarted(timestamp=100.01),
            ActionExecuted("action_listen", timestamp=100.02),
        ]
        + _turn("nyt spørgsmål", "nyt svar", 110.0),
        domain,
    )
    asyncio.run(store.save(tracker))
    tracker = asyncio.run(store.retrieve("s3"))
    assert _texts(tracker) == ["nyt spørgsmål", "nyt svar"]
    tracker.update_with_events(_turn("næste", "næste svar", 120.0), domain)
    asyncio.run(store.save(tracker))
    assert _dicts(asyncio.run(store.retrieve("s3"))) == _dicts(asyncio.run(_store(domain, db).retrieve("s3")))


def test_a_purged_conversation_is_gone_for_the_server_too(domain, db):
    store = _store(domain, db)
    tracker = _start("s4", domain)
    tracker.update_with_events(_turn("mit cpr er ...", "svar", 10.0), domain)
    asyncio.run(store.save(tracker))
    with sqlite3.connect(db) as connection:  # what `make purge` does
        connection.execute("DELETE FROM events WHERE sender_id = 's4'")
    assert asyncio.run(store.retrieve("s4")) is None


def test_a_tracker_changed_but_not_saved_is_not_handed_out_again(domain, db):
    store = _store(domain, db)
    tracker = _start("s5", domain)
    asyncio.run(store.save(tracker))
    handed_out = asyncio.run(store.retrieve("s5"))
    # e.g. the processor failed half-way through a message and never saved
    handed_out.update_with_events(_turn("halvt", "aldrig gemt", 10.0), domain)
    again = asyncio.run(store.retrieve("s5"))
    assert "aldrig gemt" not in _texts(again)


def test_the_store_is_chosen_by_db_url(monkeypatch):
    from vidensassistent.integration.db import tracker_store_location

    monkeypatch.delenv("DB_URL", raising=False)
    assert tracker_store_location(None, "build/tracker.db") == {"dialect": "sqlite", "db": "build/tracker.db"}
    # a url in endpoints.yml (Rasa passes it as `host`)
    assert tracker_store_location("postgresql://db/rasa", "x.db") == {"host": "postgresql://db/rasa"}
    monkeypatch.setenv("DB_URL", "postgres://rasa:hemmelig@db:5432/rasa")
    assert tracker_store_location("postgresql://andet/rasa", "x.db") == {
        "host": "postgresql://rasa:hemmelig@db:5432/rasa"
    }
