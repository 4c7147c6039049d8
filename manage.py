#!/usr/bin/env python
import os
import sys
from pathlib import Path


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsisplatform.settings")
    # A local checkout keeps its settings in .env (written by `make run`); real environment
    # variables win. Production starts have no .env (it is git- and docker-ignored).
    env_file = Path(__file__).resolve().parent / ".env"
    if env_file.exists():
        from dotenv import load_dotenv

        load_dotenv(env_file, override=False)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
