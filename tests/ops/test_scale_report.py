"""What makes `make test-scale` fail, on a load result as the scale test gets it."""

from vidensassistent.tooling.load import LoadConfig, LoadResult
from vidensassistent.tooling.scale import ScaleReport


def report(**load_counts):
    load = LoadResult(LoadConfig("http://127.0.0.1:1"), verified=True, **load_counts)
    return ScaleReport(load=load, served_after_restart=3, socketio_ok=True)


def test_a_clean_run_passes():
    assert report().passed and report().failures() == []


def test_a_turn_stored_twice_fails_the_scale_test():
    assert not report(duplicates=1).passed
    assert report(duplicates=1).failures() == ["ture gemt to gange: 1"]


def test_a_lost_or_failed_turn_fails_the_scale_test():
    assert not report(lost=1).passed
    assert not report(failed_turns=2).passed
