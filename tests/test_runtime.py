"""A web process settles its memory once loaded (mappa.core.runtime): what it loaded at start is frozen out of the
cycle collector's walks, and the youngest generation is collected less often; MAPPA_GC_FREEZE=0 leaves it alone."""
import gc

import pytest

from mappa.core import runtime


@pytest.fixture
def collector():
    """Put the collector back as it was: the rest of the suite runs in this process."""
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_settling_freezes_what_is_loaded_and_raises_the_youngest_threshold(collector, monkeypatch, caplog):
    monkeypatch.delenv("MAPPA_GC_FREEZE", raising=False)
    older = gc.get_threshold()[1:]
    caplog.set_level("INFO", logger="mappa.runtime")
    runtime.settle()
    assert gc.get_freeze_count() > 10_000  # Django and the application's modules at least
    assert gc.get_threshold() == (runtime.YOUNGEST_THRESHOLD, *older)
    assert "objects frozen" in caplog.text
    assert gc.isenabled()  # cycles made by requests are still collected


def test_settling_can_be_turned_off(collector, monkeypatch):
    monkeypatch.setenv("MAPPA_GC_FREEZE", "0")
    before = gc.get_threshold()
    runtime.settle()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before
