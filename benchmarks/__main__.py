"""``python -m benchmarks``: every benchmark, or ``--only SECTION`` (see ``run.py``)."""

from benchmarks.run import main

main()
