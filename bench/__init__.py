"""Benchmarks: they print figures; nothing here asserts on time."""
