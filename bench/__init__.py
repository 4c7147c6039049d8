"""Benchmarks: `make bench`. They report figures; they never assert timings (see README)."""

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager


def setup_django() -> None:
    """Django with the project's settings and harmless defaults for what a benchmark does not
    need from the environment (a secret key, no HTTPS redirect)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsisplatform.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-key")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    import django

    django.setup()


@contextmanager
def throwaway_database():
    """A test database of the run's own (SQLite in memory unless DATABASE_URL names another
    server) and a media directory of its own for the PDFs rendered, both removed afterwards:
    a benchmark never touches the demo or production data. Yields the connection."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    media_root = tempfile.mkdtemp(prefix="bench-media-")
    settings.MEDIA_ROOT = media_root
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(media_root, ignore_errors=True)


def checkout() -> str:
    """The commit measured, and whether the working tree differs from it."""
    git = ["git", "-C", os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]
    try:
        commit = subprocess.run(  # noqa: S603 - fixed arguments
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        changed = subprocess.run(  # noqa: S603 - fixed arguments
            [*git, "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"commit {commit}" + (" with uncommitted changes" if changed else "")
