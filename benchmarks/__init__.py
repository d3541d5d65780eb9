"""Benchmark scripts of the source checkout: ``python -m benchmarks`` (``make bench``).

Not part of the installed package: they read ``../shared`` and print figures, nothing else.
"""
