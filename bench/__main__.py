"""Runs every benchmark and prints the figures with the command that reproduces them.

Uses a throw-away test database (SQLite in memory unless DATABASE_URL names another server), so it
never touches the demo or production data.

    python -m bench                   every benchmark (what `make bench` runs)
    python -m bench "document API"    only those whose name contains one of the words given
"""

import os
import platform
import re
import shlex
import statistics
import sys
import time
from collections import Counter
from urllib.parse import urlsplit


def timed(function, *, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return samples


def percentile(ordered: list[float], fraction: float) -> float:
    return ordered[max(0, round(fraction * len(ordered)) - 1)]


def describe(samples: list[float]) -> str:
    ordered = sorted(samples)
    return (
        f"median {milliseconds(statistics.median(ordered))}   "
        f"p90 {milliseconds(percentile(ordered, 0.90))}   "
        f"p95 {milliseconds(percentile(ordered, 0.95))}"
    )


def milliseconds(seconds: float) -> str:
    # Calls under a millisecond (a paragraph's diff) need more than one decimal.
    return f"{seconds * 1000:8.3f} ms" if seconds < 0.001 else f"{seconds * 1000:8.1f} ms"


def kilobytes(size: int) -> str:
    return f"{size / 1000:9,.1f} kB"


def reproduce_command(selected: list[str]) -> str:
    """What to type to get these figures again: the settings that change them, and the command."""
    database = os.environ.get("DATABASE_URL")
    prefix = ""
    if database:
        parts = urlsplit(database)
        if parts.password:  # never print a password
            database = parts._replace(netloc=parts.netloc.replace(parts.password, "***")).geturl()
        prefix = f"DATABASE_URL={shlex.quote(database)} "
    if selected:
        return f"{prefix}.venv/bin/python -m bench {shlex.join(selected)}"
    return f"{prefix}make bench   (or {prefix}.venv/bin/python -m bench)"


def query_shape(sql: str) -> str:
    """The SQL with its values taken out, so that the same query with other ids counts as one."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    return re.sub(r"\((?:\s*\?\s*,)+\s*\?\s*\)", "(?, ...)", sql)


def counted(function, connection) -> tuple[list[str], object]:
    """The SQL of one call, and what it returned."""
    from django.test.utils import CaptureQueriesContext

    # The query log keeps the last 9,000 queries only; empty it so the count is exact.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        result = function()
    # Read the queries now: every request clears the connection's query log.
    return [query["sql"] for query in queries.captured_queries], result


def ratios(scenario, prepared, prepared_rows) -> str:
    """This row against earlier rows, timed again in turns (one run of each per round), so that
    whatever else the machine does weighs on both sides alike."""
    others = {name: prepared_rows[name] for name in scenario.ratio_to if name in prepared_rows}
    if not others:
        return ""
    ours: list[float] = []
    theirs: dict[str, list[float]] = {name: [] for name in others}
    for _ in range(scenario.repeat):
        for name, run in others.items():
            theirs[name] += timed(run, repeat=1)
        ours += timed(prepared, repeat=1)
    lines = []
    for name, samples in theirs.items():
        lines.append(
            f"\n    = {statistics.median(ours) / statistics.median(samples):.2f} x {name.strip()}"
            f"   (medians of {scenario.repeat} runs in turns; fastest runs: "
            f"{min(ours) / min(samples):.2f})"
        )
    return "".join(lines)


def main() -> None:
    from bench import setup_django

    setup_django()
    import logging
    import warnings

    from django.http import HttpResponseBase

    from bench import checkout, scenarios, throwaway_database

    selected = sys.argv[1:]
    chosen = [
        scenario
        for scenario in scenarios.all_scenarios()
        if not selected or any(word.lower() in scenario.name.lower() for word in selected)
    ]
    if not chosen:
        return f"No benchmark's name contains {' or '.join(map(repr, selected))}."

    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    logging.getLogger("axes").setLevel(logging.WARNING)  # not a line per sign-in of the Chair
    # Nor a line per task run in-process (the demo publishes), nor WeasyPrint's progress.
    for name in ("celery.app.trace", "weasyprint", "weasyprint.progress"):
        logging.getLogger(name).setLevel(logging.WARNING)
    with throwaway_database() as connection:
        print(
            f"Benchmarks on {connection.vendor}, Python {platform.python_version()}, "
            f"{os.cpu_count()} cores, {checkout()}"
        )
        print(f"Reproduce with: {reproduce_command(selected)}")
        print("Per call: median, p90 and p95 of the row's samples; the SQL queries of one call.")
        print(
            "GET rows (the Chair signed in, one warm-up request first): in brackets the queries "
            f"of the same GET\non a document of {scenarios.SMALL[0]} paragraphs / "
            f"{scenarios.SMALL[1]} proposals, then the response body (uncompressed), then the "
            "samples timed.\n"
        )
        started = time.perf_counter()
        prepared_rows: dict[str, object] = {}
        for scenario in chosen:
            prepared = scenario.prepare()
            prepared_rows[scenario.name] = prepared
            sql, result = counted(prepared, connection)
            query_count = len(sql) / scenario.calls
            samples = [s / scenario.calls for s in timed(prepared, repeat=scenario.repeat)]
            row = f"{scenario.name:<58} {describe(samples)}   {query_count:4g} queries"
            grown = []
            if scenario.small is not None:
                small_sql, _ = counted(scenario.small(), connection)
                row += f" ({len(small_sql):g} {scenario.small_label})"
                small_shapes = Counter(map(query_shape, small_sql))
                grown = [
                    (small_shapes[shape], count, shape)
                    for shape, count in Counter(map(query_shape, sql)).items()
                    if count != small_shapes[shape]
                ]
            if isinstance(result, HttpResponseBase):
                row += f"   {kilobytes(len(result.content))}   {scenario.repeat} runs"
            row += ratios(scenario, prepared, prepared_rows)
            if scenario.report is not None:
                row += f"   {scenario.report()}"
            print(row)
            # A query whose count differs between the sizes repeats per paragraph or proposal.
            for small_count, count, shape in grown:
                print(f"    grows: {small_count} -> {count} times: {shape}")
        print(f"\nAll benchmarks, set-up included: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
