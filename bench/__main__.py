"""Runs every benchmark and prints the figures with the command that reproduces them.

Uses a throw-away test database (SQLite in memory unless DATABASE_URL names another server), so it
never touches the demo or production data.
"""

import os
import platform
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsisplatform.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-key")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")


def timed(function, *, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return samples


def describe(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"median {milliseconds(statistics.median(ordered))}   p95 {milliseconds(p95)}"


def milliseconds(seconds: float) -> str:
    # Calls under a millisecond (a paragraph's diff) need more than one decimal.
    return f"{seconds * 1000:8.3f} ms" if seconds < 0.001 else f"{seconds * 1000:8.1f} ms"


def main() -> None:
    import django

    django.setup()
    import warnings

    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from bench import scenarios

    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    setup_test_environment()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(
            f"Benchmarks on {connection.vendor}, Python {platform.python_version()}, "
            f"{os.cpu_count()} cores"
        )
        print("Reproduce with: make bench   (or DATABASE_URL=postgres://... make bench)\n")
        started = time.perf_counter()
        for name, run, repeat, *per_sample in scenarios.all_scenarios():
            # A scenario that times a batch of quick calls says how many; figures are per call.
            calls = per_sample[0] if per_sample else 1
            prepared = run()
            # The query log keeps the last 9,000 queries only; empty it so the count is exact.
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as queries:
                prepared()
            # Read the count now: every request clears the connection's query log.
            query_count = len(queries.captured_queries) / calls
            samples = [sample / calls for sample in timed(prepared, repeat=repeat)]
            print(f"{name:<58} {describe(samples)}   {query_count:4g} queries")
        print(f"\nAll benchmarks, set-up included: {time.perf_counter() - started:.0f} s")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
