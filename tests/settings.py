"""mappa's settings for the tests, which run with the development key like the demo (a real service must
set its own: mappa.settings refuses to start otherwise)."""
import os

os.environ.setdefault("MAPPA_DEMO", "1")

from mappa.settings import *  # noqa: E402,F403
