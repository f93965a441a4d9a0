"""Benchmarks: a deterministic synthetic network and the timed runs of scripts/bench.py."""
