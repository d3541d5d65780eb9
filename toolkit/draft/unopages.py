"""The page each contents heading lands on, read from a running LibreOffice through UNO.

Run by a Python that has LibreOffice's ``uno`` module (LibreOffice's own, or the system's
with ``python3-uno``), never imported by the toolkit: the toolkit's Python usually lacks it.

    python3 unopages.py PIPE [--guard GROUP PARENT] [WARM-UP.docx]  # soffice --accept=pipe,…

It connects as LibreOffice starts (the build starts both while it extracts the notes), opens
the small warm-up document if given (the first Word document LibreOffice opens costs it a
third more than the next: Writer and its Word filter set up; done ahead, that is off the
build's critical path), then
reads one document path per line on stdin (until an empty line: the build's forked workers
keep the pipe open) and answers each with one line of JSON on stdout:
``{"path": …, "pages": {"_Toc…": page}}`` or ``{"path": …, "error": …}``. LibreOffice lays a
hidden, read-only copy out only as far as the last heading asked about; no PDF is exported
(the export and reading its destinations back took a third of LibreOffice's time).
With ``--guard GROUP PARENT`` (LibreOffice's process group, the process that started both) it
ends LibreOffice if that process dies without ending it (killed outright): LibreOffice runs in
a session of its own, which nothing else would end. A warm worker's LibreOffice is paged for
one build after another (each sends its paths, never the empty line) and never outlives the
worker this way.
Exit status 3: no ``uno`` here; 4: LibreOffice did not answer in time.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
import time

#: Seconds to wait for LibreOffice to listen (it starts in 1–4 s on a busy machine).
CONNECT = 120.0


def _property(name: str, value: object) -> object:
    from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _connect(pipe: str) -> object:
    """The office's desktop, once LibreOffice listens on ``pipe``."""
    import uno  # type: ignore[import-not-found]
    from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline, parent = time.monotonic() + CONNECT, os.getppid()
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if time.monotonic() > deadline or os.getppid() != parent:  # or the build ended
                raise
            time.sleep(0.1)  # each attempt costs CPU while LibreOffice starts
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def pages(desktop: object, path: str) -> dict[str, int]:
    """The page of each ``_Toc…`` bookmark of the document at ``path``."""
    import uno

    document = desktop.loadComponentFromURL(  # type: ignore[attr-defined]
        uno.systemPathToFileUrl(path),
        "_blank",
        0,
        (
            _property("Hidden", True),
            _property("ReadOnly", True),
            _property("UpdateDocMode", 0),  # links are not updated
            _property("MacroExecutionMode", 0),  # nor macros run
        ),
    )
    if document is None:
        raise ValueError("LibreOffice could not open it")
    cursor = document.getCurrentController().getViewCursor()
    marks = document.getBookmarks()
    found = {}
    for name in marks.getElementNames():
        if name.startswith("_Toc"):
            cursor.gotoRange(marks.getByName(name).getAnchor(), False)
            found[name] = cursor.getPage()
    document.close(True)
    return found


def guard(group: int, parent: int, every: float = 0.2) -> None:
    """End LibreOffice's process ``group``, then this pager, once the process that started
    them (``parent``) is gone: this pager's parent is another (it may be gone before this
    pager starts to watch): watched from a thread of its own."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        end(group)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def end(group: int, seconds: float = 5.0) -> None:
    """End LibreOffice's process ``group``: SIGTERM until none of it is left (a LibreOffice
    still starting may not heed the first, and starts ``soffice.bin`` after it), SIGKILL
    after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, signal.SIGTERM)
        except OSError:  # none of it left
            return
        time.sleep(0.1)
    with contextlib.suppress(OSError):
        os.killpg(group, signal.SIGKILL)


def main() -> int:
    arguments = sys.argv[1:]
    if arguments[1:2] != ["--guard"]:
        return serve(arguments, None)
    group, parent = int(arguments[2]), int(arguments[3])
    guard(group, parent)
    del arguments[1:4]
    try:
        return serve(arguments, group)
    finally:  # however the pager ends (a write to a gone parent, an error), the guard's
        if os.getppid() != parent:  # thread ends with it: LibreOffice must not outlive both
            end(group)


def serve(arguments: list[str], group: int | None) -> int:
    """Page the warm-up document, then each document named on standard input."""
    try:
        import uno  # noqa: F401
    except ImportError:
        return 3
    try:
        desktop = _connect(arguments[0])
    except Exception:
        return 4
    if len(arguments) > 1:
        with contextlib.suppress(Exception):  # the documents themselves say what fails
            pages(desktop, arguments[1])
    while True:
        line = sys.stdin.readline()
        if not line and group is not None:  # no empty line: whoever started it is gone
            end(group)
        path = line.rstrip("\n")
        if not path:  # an empty line, or the end of the input: done
            return 0
        try:
            answer: dict[str, object] = {"path": path, "pages": pages(desktop, path)}
        except Exception as exc:  # UNO's exceptions derive from Exception
            answer = {"path": path, "error": f"{type(exc).__name__}: {exc}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
