#!/usr/bin/env python
import os
import secrets
import sys
from pathlib import Path

# Commands that only read the code (models against migrations) sign nothing and serve no one, so
# on a fresh checkout they run without a SECRET_KEY: a throwaway one is made for the run. Every
# other command (runserver, migrate, the demo, the shell) still requires the real one.
CODE_ONLY_COMMANDS = {"makemigrations"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsisplatform.settings")
    # A local checkout keeps its settings in .env (written by `make run`); real environment
    # variables win. Production starts have no .env (it is git- and docker-ignored).
    env_file = Path(__file__).resolve().parent / ".env"
    if env_file.exists():
        from dotenv import load_dotenv

        load_dotenv(env_file, override=False)
    if len(sys.argv) > 1 and sys.argv[1] in CODE_ONLY_COMMANDS:
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
