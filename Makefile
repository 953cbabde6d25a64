# mappa: `make run` to try it, `make test` to check it, `make bench` to measure it.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
INSTALLED := $(VENV)/.installed
ASSETS := mappa/static/build/.built
STATIC := var/staticfiles/staticfiles.json
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench bench-compare loadtest install lock assets static browser pdf-libs clean

# Every package at the version and hash in requirements.lock, then mappa itself (no further packages).
$(INSTALLED): pyproject.toml requirements.lock
	@PYTHON=$$(scripts/find-python) || exit 1; \
	  echo "Using $$PYTHON ($$($$PYTHON --version))"; \
	  [ -x $(PY) ] || $$PYTHON -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

# After changing the dependencies in pyproject.toml: pin them again (the newest versions they allow, with hashes),
# and the service's own packages alone, at the same versions, for the container image (requirements-runtime.lock).
lock:
	$(PY) -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --extra bench --universal --python-version 3.12 \
	  --generate-hashes --quiet -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.12 --generate-hashes --quiet \
	  -c requirements.lock -o requirements-runtime.lock

install: $(INSTALLED)

node_modules/.package-lock.json: package.json
	@command -v npm >/dev/null || { echo "mappa needs Node.js and npm to build the GOV.UK Frontend assets" >&2; exit 1; }
	npm install --no-audit --no-fund --loglevel=error

$(ASSETS): node_modules/.package-lock.json $(shell find frontend -type f 2>/dev/null)
	npm run --silent build
	@touch $@

assets: $(ASSETS)

# Static files as served: hashed names, compressed (collectstatic needs no secrets, so the demo's key will do).
$(STATIC): $(INSTALLED) $(ASSETS)
	MAPPA_DEMO=1 $(BIN)/mappa collectstatic --noinput --verbosity 0
	@touch $@

static: $(STATIC)

# Headless Chromium from Debian's packages, for the browser tests.
browser:
	@if [ -x /usr/bin/chromium ]; then echo "Chromium: $$(/usr/bin/chromium --version 2>/dev/null)"; \
	else echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || { echo "Could not install chromium (need root and Debian's packages)" >&2; exit 1; }; fi

# Pango and HarfBuzz from Debian's packages, which WeasyPrint uses to lay out PDF documents.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pdf-libs:
	@if ldconfig -p | grep -q libpangoft2-1.0.so.0 && ldconfig -p | grep -q libharfbuzz-subset.so.0 && [ -d /usr/share/fonts/truetype/dejavu ]; then \
	  echo "PDF libraries: Pango and HarfBuzz found"; \
	else echo "Installing Pango, HarfBuzz and DejaVu fonts for PDF documents"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES) >/dev/null) \
	  || { echo "Could not install $(PDF_PACKAGES) (need root and Debian's packages)" >&2; exit 1; }; fi

# The demo: the development key is allowed (MAPPA_DEMO=1), served by gunicorn as in production, with a task worker
# beside it (alert e-mails are printed to the terminal).
run: install assets static pdf-libs
	MAPPA_DEMO=1 MAPPA_URL=http://$(HOST):$(PORT) $(BIN)/mappa setup --demo
	MAPPA_DEMO=1 $(BIN)/mappa serve --host $(HOST) --port $(PORT)

# One test process per core (pytest-xdist); a file's tests stay together in one process, as they share
# module fixtures (a loaded demo, a browser). TEST_WORKERS=0 runs them all in this process.
TEST_WORKERS ?= auto
test: install assets static browser pdf-libs
	$(BIN)/ruff check mappa tests bench
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

bench: install static
	MAPPA_DEMO=1 $(PY) -m bench.run

# Signed-in people of several roles using `mappa serve` on PostgreSQL and Redis at 10, 50 and 100 users, with 1 worker
# process and with one per core (bench/loadtest/run.py; LOADTEST_QUICK=1 for a quick check of the test itself).
loadtest: install static
	MAPPA_DEMO=1 $(PY) -m bench.loadtest.run

# The benchmark of this checkout and of an earlier commit in turn, side by side: REF=<commit> [ROUNDS=2]
bench-compare: install static
	MAPPA_DEMO=1 REF=$(REF) $(PY) -m bench.compare

clean:
	rm -rf $(VENV) node_modules mappa/static/build var
