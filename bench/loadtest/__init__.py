"""`make loadtest`: mixed traffic of signed-in users against `mappa serve` (see run.py)."""
