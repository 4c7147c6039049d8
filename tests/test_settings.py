"""Settings come from the environment and are safe by default (GUIDE §3.8).

Each case starts a fresh Python with a scrubbed environment: the test process itself has
SECRET_KEY and DJANGO_DEBUG from pytest-env, which must not leak into what is being tested.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DJANGO_SETUP = (
    "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
)


def run_python(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run this virtualenv's Python in the project root with only the given variables set."""
    scrubbed = {
        "PATH": os.environ.get("PATH", os.defpath),
        "DJANGO_SETTINGS_MODULE": "wsisplatform.settings",
        **env,
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=scrubbed,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_start_without_secret_key_stops_with_a_clear_error():
    # DJANGO_DEBUG unset: debug is off by default, so a key is required.
    result = run_python("-c", DJANGO_SETUP)

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_models_are_checked_against_migrations_on_a_fresh_checkout_without_a_secret_key():
    # Reading the code needs no secret: the check a reviewer runs first works as it is.
    result = run_python("manage.py", "makemigrations", "--check", "--dry-run")

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_debug_mode_starts_without_secret_key():
    result = run_python("-c", DJANGO_SETUP, DJANGO_DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_debug_is_off_unless_asked_for():
    result = run_python("-c", DJANGO_SETUP, SECRET_KEY=secrets.token_urlsafe(50))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_malformed_debug_flag_is_refused_by_name():
    result = run_python(
        "-c", DJANGO_SETUP, DJANGO_DEBUG="maybe", SECRET_KEY=secrets.token_urlsafe(50)
    )

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert "DJANGO_DEBUG" in result.stderr
    assert "'maybe'" in result.stderr


def test_deployment_check_passes_with_production_settings():
    # DATABASE_URL unset: the default SQLite file, which `check --deploy` does not open.
    result = run_python(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_DEBUG="0",
        ALLOWED_HOSTS="drafts.example.org",
        CSRF_TRUSTED_ORIGINS="https://drafts.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
