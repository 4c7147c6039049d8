# Entry points: make run | make test | make lint | make serve | make bench
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: run test lint serve bench venv demo clean check-python

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || \
		{ echo "Python 3.11 or newer is needed; $(PYTHON) is $$($(PYTHON) --version 2>&1). Use make PYTHON=python3.11 ..."; exit 1; }

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when requirements.txt changes.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

venv: check-python $(VENV)/.installed

# The demo: SQLite and in-process tasks unless DATABASE_URL/REDIS_URL say otherwise; DEBUG on.
run: venv .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "Serving on http://127.0.0.1:8000/ (uvicorn, ASGI: the live screen streams events). Ctrl-C stops."
	$(BIN)/uvicorn wsisplatform.asgi:application --env-file .env --host 127.0.0.1 --port 8000

# The local checkout's settings, read by manage.py and `make run`'s uvicorn only (never by gunicorn,
# Celery or pytest).
.env:
	@printf '# Written by make run for this checkout: demo mode, SQLite unless DATABASE_URL is set.\nDJANGO_DEBUG=1\n' > $@

test: venv
	$(BIN)/python -m pytest

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# The production processes without Docker: gunicorn, a Celery worker and beat.
serve: venv
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" -a -n "$$SECRET_KEY" || \
		{ echo "make serve needs DATABASE_URL, REDIS_URL and SECRET_KEY in the environment."; exit 1; }
	trap 'kill 0' INT TERM EXIT; \
	bin/start worker & bin/start beat & bin/start web & wait

bench: venv
	$(BIN)/python -m bench
	$(BIN)/python -m bench.live_screen

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache .hypothesis
