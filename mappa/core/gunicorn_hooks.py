"""gunicorn's configuration hooks for `mappa serve` (given to gunicorn as `--config python:mappa.core.gunicorn_hooks`)."""


def post_worker_init(worker):
    """Each worker, once it has loaded the application: settle its memory before its first request (core.runtime)."""
    from mappa.core import runtime

    runtime.settle()
