"""Benchmarks of the desk: they print figures next to their targets and never assert times."""
