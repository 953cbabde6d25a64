# The service's image: the web process (`mappa serve`) and the task worker (`mappa worker`) both run from it, and
# compose.yaml runs the whole stack (PostgreSQL, Redis, the two, and a TLS proxy). `docker build -t mappa .`
# See the README, "Running it for real".

# 1. The front-end assets (GOV.UK Frontend, MoJ Frontend, htmx, Leaflet), built from the npm lock.
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY frontend frontend
RUN mkdir -p mappa/static && npm run --silent build

# 2. The service: the Python packages at the versions and hashes of requirements-runtime.lock (no test or bench tools).
FROM python:3.13-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    MAPPA_MEDIA_ROOT=/var/lib/mappa/media
# Pango, HarfBuzz and DejaVu fonts lay out the PDF documents (WeasyPrint); pg_dump and pg_restore (PostgreSQL 15's,
# as the server's) make and restore `mappa backup` files.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core postgresql-client \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
WORKDIR /app
COPY requirements-runtime.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements-runtime.lock
COPY pyproject.toml README.md ./
COPY mappa mappa
COPY --from=assets /src/mappa/static/build mappa/static/build
# The static files as served (hashed names, compressed) are part of the image, so a new image brings its own;
# collecting them needs no secrets, so the demo's key will do here. Uploaded documents live in the volume.
RUN pip install --no-cache-dir --no-deps -e . \
    && MAPPA_DEMO=1 mappa collectstatic --noinput --verbosity 0 \
    && useradd --system --uid 10001 --home-dir /var/lib/mappa --create-home mappa \
    && mkdir -p /var/lib/mappa/media && chown -R mappa /var/lib/mappa
USER mappa
EXPOSE 8000
# Liveness only (the process answers); readiness is /readyz, for the proxy or the platform.
HEALTHCHECK --interval=30s --timeout=5s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["mappa", "serve", "--host", "0.0.0.0", "--port", "8000", "--no-worker"]
