"""TrackerCache: what the tracker store hands out again without reading the database."""

import pytest

from vidensassistent.integration.tracker_cache import TrackerCache


class Stamps:
    """The database's stamp per conversation, and how often it was asked for."""

    def __init__(self, **stamps):
        self.stamps = stamps
        self.asked = 0

    def __call__(self, sender_id):
        self.asked += 1
        return self.stamps.get(sender_id)


def test_a_remembered_tracker_is_handed_out_while_the_stamp_is_unchanged():
    cache, stamps = TrackerCache(), Stamps(a=(7, 3))
    tracker = object()
    cache.remember("a", (7, 3), tracker)
    assert cache.take("a", stamps) is tracker


def test_a_changed_stamp_means_the_database_is_read_instead():
    cache = TrackerCache()
    cache.remember("a", (7, 3), object())
    # another server wrote an event, or `make purge` deleted the conversation
    assert cache.take("a", Stamps(a=(8, 4))) is None
    assert "a" not in cache


def test_a_tracker_is_handed_out_only_once():
    cache, stamps = TrackerCache(), Stamps(a=(7, 3))
    tracker = object()
    cache.remember("a", (7, 3), tracker)
    assert cache.take("a", stamps) is tracker
    # the caller changes it; until it is saved (and remembered) again, it is not valid
    assert cache.take("a", stamps) is None


def test_an_unknown_conversation_costs_no_database_query():
    stamps = Stamps()
    assert TrackerCache().take("ukendt", stamps) is None
    assert stamps.asked == 0


def test_forget_drops_a_conversation():
    cache = TrackerCache()
    cache.remember("a", (1, 1), object())
    cache.remember("b", (2, 1), object())
    cache.forget("a")
    cache.forget("ikke-her")
    assert "a" not in cache and "b" in cache


def test_remembering_again_replaces_the_tracker_and_its_stamp():
    cache, newer = TrackerCache(), object()
    cache.remember("a", (1, 1), object())
    cache.remember("a", (5, 2), newer)
    assert len(cache) == 1
    assert cache.take("a", Stamps(a=(5, 2))) is newer


def test_the_cache_holds_at_most_its_size_least_recently_remembered_out_first():
    cache = TrackerCache(size=3)
    for sender in "abcd":
        cache.remember(sender, (1, 1), object())
    assert len(cache) == 3 and "a" not in cache
    cache.remember("b", (2, 2), object())  # "b" is now the most recent
    cache.remember("e", (1, 1), object())
    assert "c" not in cache
    assert all(sender in cache for sender in "bde")


def test_a_cache_without_room_is_refused():
    with pytest.raises(ValueError):
        TrackerCache(size=0)
