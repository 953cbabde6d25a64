"""How a long-running web process settles once it has loaded the application, before it serves anyone.

Python's cycle collector looks at every object that could be part of a cycle. Once Django, the URL patterns and
every view module are loaded, that is about 175,000 objects that live as long as the process; a full collection
walks them all, and on the national register's pages (which build thousands of short-lived objects) one came every
few requests and took 50-100 ms, always inside some request. `gc.freeze()` puts what was loaded at start into a
generation that collections skip (those objects are never freed anyway), and a larger first threshold lets a
request's own objects be freed by reference counting before a collection has to look at them.

Measured in one run on a supervisor's home page (30 requests each, see README "Performance"): time spent collecting
351-420 ms with Python's defaults, 138-218 ms frozen, 87-112 ms frozen with this threshold.
"""
import gc
import logging

from mappa.env import env_bool

log = logging.getLogger("mappa.runtime")

# Allocations (less deallocations) before a collection of the youngest generation; Python's default is 2,000.
YOUNGEST_THRESHOLD = 10_000


def settle() -> None:
    """Load what every request uses, collect once, then freeze what is left and raise the first threshold.
    MAPPA_GC_FREEZE=0 leaves Python's collector as it is (to compare, or if a process's memory ever grows)."""
    if not env_bool("MAPPA_GC_FREEZE", True):
        return
    from django.urls import reverse

    reverse("home")  # loads the URL patterns, and with them every view module, before the freeze
    gc.collect()
    gc.freeze()
    _youngest, *older = gc.get_threshold()
    gc.set_threshold(YOUNGEST_THRESHOLD, *older)
    log.info("Settled: %d objects frozen, the youngest generation collected every %d allocations",
             gc.get_freeze_count(), YOUNGEST_THRESHOLD)
