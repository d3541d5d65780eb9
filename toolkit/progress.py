"""Telling a person that long work goes on: a bar on a terminal, a line now and then in a log.

Extraction of a big forum, or of one huge pasted transcript, takes minutes. On a terminal
click's progress bar counts sessions. When standard error goes to a file or a CI log, a
line is printed every few sessions once the work has lasted a while, and a heartbeat
names the session being read when a single one takes long, so a slow run is never silent.
Short runs print nothing.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import TextIO

import click

#: A run shorter than this prints no progress lines.
QUIET_SECONDS = 5.0
#: When not on a terminal: a line every this many sessions (once past QUIET_SECONDS) …
EVERY_SESSIONS = 10
#: … and a line naming the current session when none has finished for this long.
HEARTBEAT_SECONDS = 30.0


class Progress:
    """Counts sessions as they start; use as a context manager and call it with each path."""

    def __init__(self, total: int, label: str, quiet: bool = False, stream: TextIO | None = None):
        self.total, self.label, self.quiet = total, label, quiet
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty()
        self.done = 0
        self.current: Path | None = None
        self.started = self.last_line = time.monotonic()
        self.printed = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._heartbeat: threading.Thread | None = None
        self._bar = None

    def __enter__(self) -> Progress:
        if self.quiet or self.total == 0:
            return self
        if self.terminal:
            if self.total > 1:
                self._bar = click.progressbar(
                    length=self.total, label=self.label, file=self.stream, show_pos=True
                )
                self._bar.__enter__()
        else:
            self._heartbeat = threading.Thread(target=self._beat, daemon=True)
            self._heartbeat.start()
        return self

    def __call__(self, path: Path) -> None:
        """A session starts: the previous one is done."""
        with self._lock:
            if self.current is not None:
                self._finished()
            self.current = path

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.finish()
        else:
            self._stop_heartbeat()
            if self._bar is not None:
                self._bar.__exit__(kind, error, trace)
                self._bar = None

    def finish(self) -> None:
        """The last session is done: count it, say so if lines were printed, stop the heartbeat.

        ``toolkit build`` calls it when extraction ends, before review and drafting.
        """
        self._stop_heartbeat()
        with self._lock:
            if self.current is not None:
                self._finished()
                self.current = None
                if self._bar is None and self.printed:
                    self._line(f"done, {self.done} sessions in {self._elapsed()}")
            if self._bar is not None:
                self._bar.__exit__(None, None, None)
                self._bar = None

    def _stop_heartbeat(self) -> None:
        self._stop.set()
        if self._heartbeat is not None:
            self._heartbeat.join()
            self._heartbeat = None

    def _finished(self) -> None:
        self.done += 1
        if self._bar is not None:
            self._bar.update(1)
        elif (
            not self.quiet
            and not self.terminal
            and time.monotonic() - self.started >= QUIET_SECONDS
            and (self.done % EVERY_SESSIONS == 0 or not self.printed)
        ):
            self._line(f"{self.done}/{self.total} sessions, {self._elapsed()}")

    def _beat(self) -> None:
        while not self._stop.wait(min(HEARTBEAT_SECONDS, 1.0)):
            with self._lock:
                quiet_for = time.monotonic() - self.last_line
                if self.current is not None and quiet_for >= HEARTBEAT_SECONDS:
                    self._line(
                        f"{self.done}/{self.total} sessions, {self._elapsed()}; "
                        f"still reading {self.current}"
                    )

    def _elapsed(self) -> str:
        seconds = int(time.monotonic() - self.started)
        return f"{seconds // 60} min {seconds % 60} s" if seconds >= 60 else f"{seconds} s"

    def _line(self, text: str) -> None:
        click.echo(f"{self.label}: {text}", file=self.stream)
        self.printed = True
        self.last_line = time.monotonic()
