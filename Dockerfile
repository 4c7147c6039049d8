# The platform's one image: `web`, `worker` and `beat` in docker-compose.yml all run it, each with
# its own bin/start command. Configuration comes from the environment only (see settings.py).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's runtime (Pango, HarfBuzz) and fonts for the PDFs: DejaVu for Latin and Cyrillic,
# Noto for Arabic and the other scripts that delegations write in.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        fonts-dejavu-core \
        fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY requirements.txt ./
RUN pip install -r requirements.txt

# The code belongs to root and is read-only for the process; only collected static files and
# uploaded/rendered media are writable (media is a named volume in docker-compose.yml).
# A home of its own: gunicorn keeps its control socket under $HOME/.gunicorn.
RUN useradd --system --user-group --uid 10001 --create-home --home-dir /home/app app
COPY . .
RUN mkdir -p /app/staticfiles /app/media \
    && chown app:app /app/staticfiles /app/media
ENV STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media

USER app
EXPOSE 8000
CMD ["bin/start", "web"]
