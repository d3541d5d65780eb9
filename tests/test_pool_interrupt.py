"""Interrupting a build's main process alone (``kill -INT PID``, not its group) ends it and
the child it forked (toolkit/pool.py ``Apart``), even while the child is blocked sending
what the parent no longer reads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: A parent interrupted while its child sends more than a pipe holds (the review's
#: decisions are such a message), or while the child works on without sending.
INTERRUPTED = """
import os, sys, time
from toolkit.pool import Apart

def work(send):
    if sys.argv[1] == "sending":
        send(b"x" * (1 << 20))  # blocks until read: the parent never reads it
    else:
        time.sleep(60)
    return "done"

def meanwhile():
    time.sleep(0.3)  # the child has started its send (or its long work)
    raise KeyboardInterrupt

started = time.monotonic()
try:
    Apart(work, meanwhile).until(lambda message: None, lambda message: False)
except KeyboardInterrupt:
    print(f"interrupted {time.monotonic() - started < 5}")
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork and signals")
@pytest.mark.parametrize("child", ["sending", "working"])
def test_an_interrupted_parent_ends_with_its_child(child: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPTED, child],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.stdout.strip() == "interrupted True", done.stderr
