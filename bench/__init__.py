"""Benchmarks: `make bench`. They report figures; they never assert timings (see README)."""

import os
import subprocess


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
