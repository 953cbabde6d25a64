"""mappa's settings for the tests, which run with the development key like the demo (a real service must
set its own: mappa.settings refuses to start otherwise)."""
import os

os.environ.setdefault("MAPPA_DEMO", "1")

from mappa.settings import *  # noqa: E402,F403

# pytest-xdist runs a process per core, each with its own test database; the Redis cache is shared, so each
# process keeps its keys apart (rate limits, sessions).
_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker and CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"test-{_worker}"  # noqa: F405
