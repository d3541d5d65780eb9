"""``python -m toolkit``: as the ``toolkit`` console script (a warm worker may run it)."""

from .warm import main

main()
