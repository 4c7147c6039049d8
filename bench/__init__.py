"""Benchmarks: `make bench`. They report figures; they never assert timings (see README)."""
