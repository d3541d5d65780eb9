"""The warm worker: a resident process that keeps spaCy imported and the pipelines built, so
``toolkit extract``, ``build``, ``draft`` and ``eval`` start in milliseconds instead of seconds
(docs/warm-worker.md).

A run is a fresh process that imports spaCy, builds a pipeline per language, then extracts:
more than half of a small forum's run goes to the first two. The worker does them once. It is
started, detached, by an interactive command as it exits (stderr a terminal, not in CI, not
switched off with ``TOOLKIT_WARM=0``) and ends by itself after :data:`IDLE_SECONDS` without a
command. A command that finds it sends it its arguments, working folder, environment and
umask, with its standard input, output and error themselves (file descriptors over a Unix
socket, ``SCM_RIGHTS``); the worker forks a child that runs the command exactly as
:func:`toolkit.cli.main` would, writing straight to the user's terminal or files, and the
command exits with the child's status. Ctrl-C and other signals the command gets are passed
on to the child's process group. Every run is a fork of the worker as it was when ready, so
nothing one run does (pipelines used, caches filled) reaches the next one.

What could make a child give other outputs than a fresh process is in the worker's key
(:func:`worker_key`): the toolkit's files (code, data, shipped models: paths, sizes, change
times, so an edited checkout counts), the installed distributions, the Python executable and
version, and the variables that change how Python or pymorphy3 start. A command looks only
for the worker of its own key; a worker whose key changes under it stops taking commands and
exits. Pipelines are handed to a child only under the extraction cache's fingerprint of the
pipelines asked for (:func:`toolkit.extract.cache.fingerprint`: the forum profile, the
workspace's own models, ``--model``), else the child builds its own.

The socket is in a folder only this user may enter (``$XDG_RUNTIME_DIR/proposal-toolkit`` or
``/tmp/proposal-toolkit-UID``, mode 0700, checked), and the worker serves only its own user.
Where there is no ``fork``, no Unix socket or not Linux, commands run as they always did.
This module imports only the standard library until it runs a command: a command served by
the worker costs its own process a few milliseconds.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import io
import json
import os
import selectors
import signal
import socket
import stat
import struct
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: ``TOOLKIT_WARM=0`` (or ``off``, ``no``, ``false``) switches the worker off: commands run in
#: their own process and none starts a worker.
SWITCH = "TOOLKIT_WARM"
#: Seconds without a command after which a worker exits (``TOOLKIT_WARM_IDLE`` overrides).
IDLE_SECONDS = 15 * 60
IDLE_VARIABLE = "TOOLKIT_WARM_IDLE"
#: The commands a worker runs; the others (``notes new`` opens an editor, ``init``, ``train``)
#: gain little and run in their own process.
COMMANDS = frozenset({"extract", "build", "draft", "eval"})
#: How often (s) a worker checks that its key still holds, i.e. no file of the toolkit changed.
RECHECK_SECONDS = 20.0
#: Seconds a command waits for the worker to take it (a busy worker builds a workspace's
#: pipelines in a few); past them, the command runs by itself.
ANSWER_SECONDS = 5.0
#: Signals a command passes on to the child running it.
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
#: Variables that change how Python starts, what a pipeline is built from, or what a module
#: read as it was imported (toolkit.draft.pdf: the user cache folder), in the key.
KEYED_VARIABLES = ("LANG", "LC_ALL", "LC_CTYPE", "PYMORPHY2_DICT_PATH", "XDG_CACHE_HOME", "HOME")
#: The standard streams a command sends its worker, in the order of their descriptors 0, 1, 2.
STREAMS = ("stdin", "stdout", "stderr")
#: Linux's ``prctl`` option: the signal a process gets when its parent dies.
PR_SET_PDEATHSIG = 1
#: The signal a command's child gets if its worker dies (it then interrupts its group).
WORKER_GONE = signal.SIGUSR1
_OFF = frozenset({"0", "off", "no", "false"})
_PACKAGE = Path(__file__).resolve().parent


def enabled(environ: dict[str, str] | os._Environ = os.environ) -> bool:
    """Whether commands may use (and start) a worker here: not switched off, not in CI, and a
    Linux system with ``fork`` and Unix sockets."""
    return (
        environ.get(SWITCH, "1").strip().lower() not in _OFF
        and not environ.get("CI")
        and sys.platform.startswith("linux")
        and hasattr(os, "fork")
        and hasattr(socket, "AF_UNIX")
        and hasattr(socket, "send_fds")
    )


def command_name(argv: list[str]) -> str | None:
    """The command ``argv`` (without the program) runs, if the worker runs it: none for
    ``--help``, ``--version`` or a command it does not run."""
    if any(arg in ("-h", "--help", "--version") for arg in argv):
        return None
    name = _root_options(argv)[1]
    return name if name in COMMANDS else None


def _root_options(argv: Sequence[str]) -> tuple[str | None, str | None]:
    """The root group's ``-w`` / ``--workspace`` and the command's name, read from ``argv``
    as click reads them; no name after an option the root group does not have (click says
    so)."""
    workspace = None
    args = iter(argv)
    for arg in args:
        if arg in ("-w", "--workspace"):
            workspace = next(args, None)
        elif arg.startswith("--workspace="):
            workspace = arg.split("=", 1)[1]
        elif arg.startswith("-w"):
            workspace = arg[2:]
        elif arg.startswith("-"):
            return workspace, None
        else:
            return workspace, arg
    return workspace, None


def worker_key() -> str:
    """A hash of everything a worker's outputs depend on besides the command's own inputs."""
    from .usercache import files_signature, installed_distributions

    parts: list[Any] = [
        sys.executable,
        sys.version,
        tuple(sys.flags),  # -X utf8, -O, -I, -E...: a fresh process's settings
        sorted(sys._xoptions.items()),
        sys.path[1:],
        _modules_in(sys.path[0] if sys.path else ""),
        sorted((k, v) for k, v in os.environ.items() if k.startswith("PYTHON")),
        [os.environ.get(name, "") for name in KEYED_VARIABLES],
        files_signature(_PACKAGE),
        installed_distributions(),
    ]
    with contextlib.suppress(OSError):
        info = os.stat(sys.executable)
        parts.append((info.st_size, info.st_mtime_ns))
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


def _modules_in(folder: str) -> list[str]:
    """What ``folder`` (the first on Python's path: the script's, or the working folder under
    ``python -m``) could shadow: its modules and packages. Two folders with none are alike,
    so commands run from any workspace share a worker."""
    found = []
    with contextlib.suppress(OSError), os.scandir(folder or ".") as entries:
        for entry in entries:
            if entry.name.endswith((".py", ".pyc", ".so", ".pth")) or (
                entry.is_dir() and os.path.exists(os.path.join(entry.path, "__init__.py"))
            ):
                found.append(entry.name)
    return sorted(found)


def socket_folder() -> Path | None:
    """The private folder of this user's worker sockets (made 0700), or ``None`` if it cannot
    be trusted (not ours, open to others, a link)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) / "proposal-toolkit" if runtime else None
    if base is None or not Path(runtime).is_dir():
        base = Path("/tmp") / f"proposal-toolkit-{os.getuid()}"
    try:
        base.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(base)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    return base


def _paths(key: str) -> tuple[Path, Path] | None:
    folder = socket_folder()
    if folder is None or len(str(folder)) > 80:  # a Unix socket's path has at most 107 bytes
        return None
    return folder / f"warm-{key}.sock", folder / f"warm-{key}.lock"


# ---------------------------------------------------------------- the command's side


def main() -> None:
    """The ``toolkit`` console script: the command runs in a worker if one is ready for it,
    else here as :func:`toolkit.cli.main` runs it (and, run from a terminal, starts one)."""
    argv = sys.argv[1:]
    name = command_name(argv) if enabled() else None
    if name is None:
        return _run_here()
    try:
        key = worker_key()
        paths = _paths(key)
    except Exception:  # the worker only saves time: nothing it needs may cost the command
        paths = None
    if paths is not None:
        status = _run_in_worker(paths[0], argv)
        if status is not None:
            _exit_like(status)
    try:
        _run_here()
    finally:
        if paths is not None and sys.stderr.isatty():
            with contextlib.suppress(Exception):
                start_worker(key, argv)


def _run_here() -> None:
    from .cli import main as cli_main

    cli_main()


def _exit_like(status: int) -> None:
    """Exit with the child's status; killed by a signal, be killed by it too (as the shell
    expects of a command the user interrupted)."""
    sys.stdout.flush()
    sys.stderr.flush()
    if status < 0:
        signal.signal(-status, signal.SIG_DFL)
        os.kill(os.getpid(), -status)
        status = 128 - status
    os._exit(status)


def _connect(path: Path) -> socket.socket | None:
    """A connection to the worker at ``path`` (its answers awaited at most
    :data:`ANSWER_SECONDS`), or ``None`` if none listens or it is not accepting."""
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.settimeout(ANSWER_SECONDS)  # a stopped worker's full backlog blocks a connect
    try:
        client.connect(str(path))
    except OSError:
        client.close()
        return None
    return client


def _send(sock: socket.socket, message: dict[str, Any], fds: Sequence[int] = ()) -> None:
    """``message``, its length first, with the descriptors ``fds``: all of it, however
    long the environment (one ``sendmsg`` may send only a part)."""
    data = json.dumps(message).encode()
    data = struct.pack("!I", len(data)) + data
    sent = socket.send_fds(sock, [data], list(fds))
    if sent < len(data):
        sock.sendall(data[sent:])


def _run_in_worker(path: Path, argv: list[str]) -> int | None:
    """The command's exit status as the worker ran it, or ``None`` if no worker took it
    (none ready, or this process's standard streams are not all open)."""
    fds = list(range(len(STREAMS)))
    try:
        for fd in fds:
            os.fstat(fd)
        folder = os.getcwd()
    except OSError:  # no standard stream, or the working folder is gone: let it say so
        return None
    client = _connect(path)
    if client is None:
        return None
    with client:
        return _hand_over(client, run_request(argv, folder), fds)


def run_request(argv: list[str], folder: str) -> dict[str, Any]:
    """What a worker needs to run ``argv`` as this process would (besides its streams)."""
    return {
        "op": "run",
        "argv": argv,
        "cwd": folder,
        "env": dict(os.environ),
        "umask": _umask(),
        "streams": [_described(getattr(sys, name)) for name in STREAMS],
    }


def _described(stream: Any) -> dict[str, Any]:
    """How Python set up this standard stream (locale, ``-u``, a terminal), for the child
    to set up its own alike."""
    return {
        name: getattr(stream, name, None)
        for name in ("encoding", "errors", "line_buffering", "write_through")
    }


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class _Interrupted(Exception):
    """A signal the command got before the worker started it: nothing ran."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def _hand_over(client: socket.socket, request: dict[str, Any], fds: list[int]) -> int | None:
    """Send the command's ``request`` and streams ``fds``, then pass on signals until the
    worker reports the child's exit status (negative: killed by that signal). ``None`` if
    nothing ran: the worker did not answer within :data:`ANSWER_SECONDS` (stopped, busy,
    hung), refused, or died before starting the child. Only once this process said "go"
    may the worker run the command, so one that gave up waiting and runs by itself never
    runs twice."""
    go = started = False
    held: list[int] = []  # signals that came between "go" and the child's start

    def forward(number: int, _frame: object) -> None:
        if not go:
            raise _Interrupted(number)
        if started:
            _tell(client, {"signal": number})
        else:
            held.append(number)

    def suspend(number: int, _frame: object) -> None:
        """Ctrl-Z: stop the child (its group has no terminal: SIGSTOP), then this process;
        continued (``fg``, ``bg``), continue the child."""
        if started:
            _tell(client, {"signal": signal.SIGSTOP})
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)  # stopped here until continued
        signal.signal(number, suspend)
        if started:
            _tell(client, {"signal": signal.SIGCONT})

    previous = {number: signal.signal(number, forward) for number in FORWARDED}
    previous[signal.SIGTSTP] = signal.signal(signal.SIGTSTP, suspend)
    try:
        _send(client, request, fds)  # Ctrl-C while sending: ends the command, no traceback
        reader = client.makefile("rb")
        if "ready" not in json.loads(reader.readline() or b"{}"):
            return None
        go = True
        client.settimeout(None)
        client.sendall(json.dumps({"go": True}).encode() + b"\n")
        for line in reader:
            message = json.loads(line)
            if "started" in message:
                started = True
                for number in held:
                    _tell(client, {"signal": number})
            elif "exit" in message:
                return int(message["exit"])
    except _Interrupted as interrupted:
        return -interrupted.number  # the worker, never told "go", runs nothing
    except (OSError, ValueError):
        pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if not started:
        return -held[0] if held else None
    sys.stderr.write("toolkit: the warm worker stopped during the command; run it again\n")
    return 1


def _tell(client: socket.socket, message: dict[str, Any]) -> None:
    with contextlib.suppress(OSError):
        client.sendall(json.dumps(message).encode() + b"\n")


def start_worker(key: str | None = None, argv: Sequence[str] = (), wait: float = 0.0) -> bool:
    """Start a worker for this checkout, detached (its own session, no inherited file
    descriptors, standard streams on /dev/null): it outlives the command, never holds a
    terminal or a CI job's pipes. It builds the pipelines of the workspace the command
    ``argv`` in this folder runs on, with Python's module path as here. With ``wait``, wait
    that many seconds for it to be ready; whether it is."""
    key = key or worker_key()
    paths = _paths(key)
    if paths is None:
        return False
    if not _ready(paths[0]):
        import subprocess

        code = (
            f"import sys; sys.path[0] = {sys.path[0]!r}; from toolkit.warm import serve; "
            f"serve({key!r}, {os.getcwd()!r}, {list(argv)!r})"
        )
        with contextlib.suppress(OSError):
            subprocess.Popen(
                # with this process's -X, -O... options: else its key is another
                [sys.executable, *subprocess._args_from_interpreter_flags(), "-c", code],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                close_fds=True,
                start_new_session=True,
            )
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if _ready(paths[0]):
            return True
        time.sleep(0.05)
    return _ready(paths[0])


def _ready(path: Path) -> bool:
    client = _connect(path)
    if client is not None:
        client.close()
    return client is not None


def ask(op: str, key: str | None = None) -> dict[str, Any] | None:
    """``status`` or ``stop`` asked of this checkout's worker: its answer, ``None`` if none runs."""
    paths = _paths(key or worker_key())
    client = _connect(paths[0]) if paths else None
    if client is None:
        return None
    with client:
        try:
            _send(client, {"op": op})
            line = client.makefile("rb").readline()
            return json.loads(line) if line else None
        except (OSError, ValueError):  # a worker that does not answer is as good as none
            return None


# ---------------------------------------------------------------- the worker's side


def preload() -> None:
    """Import what the commands run (spaCy with our components, the drafting and workbook
    libraries), load pymorphy3's dictionaries and the shipped data extraction reads as it
    meets its first note (concepts, lemma tables, wording rules)."""
    import importlib

    from .cli import COMMANDS as ALL

    for name in COMMANDS:
        importlib.import_module(f"toolkit.commands.{ALL[name].split(':')[0]}")
    from . import build, draft, review  # noqa: F401
    from .draft import pool  # noqa: F401
    from .extract import prepare_extraction
    from .group import concepts
    from .nlp.morphology import english_lemmas
    from .nlp.wording import rewording
    from .notes.names import morph

    prepare_extraction()
    morph()
    # data every extraction loads with its first note (0.3 s of CPU per language's
    # process): tables read once, never a document run through them
    concepts()
    english_lemmas()
    for lang in ("ru", "en"):
        rewording(lang)


#: Pipelines built by the worker: ``{(fingerprint, language): Language}``, inherited by the
#: children it forks (:func:`prebuilt`). Empty in every process that is not a worker's.
_PREBUILT: dict[tuple[str, str], Any] = {}
#: Workspaces whose pipelines the worker has built (at most this many kept).
KEPT_WORKSPACES = 2


def prebuilt(pipelines: Any, lang: str) -> Any:
    """The pipeline the worker built for ``lang`` with exactly these settings, if any."""
    if not _PREBUILT:
        return None
    from .extract.cache import fingerprint

    return _PREBUILT.get((fingerprint(pipelines), lang))


def prebuild(folder: str, argv: list[str]) -> None:
    """Build the default pipelines of the workspace a command in ``folder`` ran on (``-w``
    of ``argv`` if given), for the languages of its forum; older workspaces' are dropped."""
    from .extract import Pipelines, forum_year
    from .extract.cache import fingerprint
    from .workspace import find_or_default

    explicit = _root_options(argv)[0]
    try:
        start = Path(folder)
        workspace = find_or_default(start, start / explicit if explicit else None)
        profile = workspace.profile
        pipelines = Pipelines(profile, None, forum_year(profile))
        mark = fingerprint(pipelines)
        if any(known == mark for known, _ in _PREBUILT):
            return
        languages = profile.forum.get("languages") or ("ru", "en")
        built = {(mark, lang): pipelines[lang] for lang in languages if lang in ("ru", "en")}
    except Exception:  # a broken profile: the command reports it; nothing to build
        return
    marks = list(dict.fromkeys(known for known, _ in _PREBUILT))
    for old in marks[: max(0, len(marks) - KEPT_WORKSPACES + 1)]:
        for entry in [entry for entry in _PREBUILT if entry[0] == old]:
            del _PREBUILT[entry]
    _PREBUILT.update(built)
    import gc

    gc.collect()
    gc.freeze()  # the children share these pages: no collection walks (and copies) them


class Worker:
    """The resident process: accepts commands on its socket and runs each in a forked child."""

    def __init__(self, key: str, listener: socket.socket, path: Path, lock: int) -> None:
        self.key = key
        self.listener = listener
        self.path = path
        self.lock = lock  # the flock that makes it the one worker of its key
        self.inode = os.stat(path).st_ino
        self.children: dict[int, socket.socket] = {}  # child pid -> its command's connection
        self.partial: dict[int, bytes] = {}  # child pid -> a message from its command, cut
        self.last = time.monotonic()
        self.checked = time.monotonic()
        self.served = 0  # commands run, for `toolkit warm status`
        self.stopping = False
        self.seen: list[tuple[str, list[str]]] = []  # workspaces to build pipelines for
        self.idle = float(os.environ.get(IDLE_VARIABLE) or IDLE_SECONDS)
        self.selector: selectors.BaseSelector | None = None
        self.wake: tuple[int, int] = (-1, -1)

    def serve(self) -> None:
        """Until idle, stale or told to stop, with no command still running; a LibreOffice
        is kept running meanwhile, for the builds' contents (:func:`.draft.pdf.keep_office`)."""
        from .draft.pdf import end_kept_office, keep_office

        wake_r, wake_w = os.pipe()
        self.wake = (wake_r, wake_w)
        os.set_blocking(wake_w, False)
        signal.set_wakeup_fd(wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.signal(signal.SIGTERM, lambda *_: self._stop())
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        self.selector = selector = selectors.DefaultSelector()
        selector.register(self.listener, selectors.EVENT_READ, "accept")
        selector.register(wake_r, selectors.EVENT_READ, "wake")
        try:
            while True:
                self._reap()
                now = time.monotonic()
                if not self.children:
                    if self.stopping or now - self.last > self.idle:
                        break
                    while self.seen:
                        prebuild(*self.seen.pop())
                    keep_office()  # again, if a build found it broken
                if now - self.checked > RECHECK_SECONDS:
                    self.checked = now
                    if worker_key() != self.key:
                        self._stop()
                timeout = min(RECHECK_SECONDS, max(0.1, self.idle - (now - self.last)))
                for event, _ in selector.select(timeout):
                    if event.data == "accept":
                        self._accept(selector)
                    elif event.data == "wake":
                        with contextlib.suppress(OSError):
                            os.read(wake_r, 4096)
                    else:
                        self._heard(selector, event.fileobj, event.data)
        finally:
            self._close()
            end_kept_office()

    def _stop(self) -> None:
        """Take no more commands (those running finish), then exit."""
        if not self.stopping:
            self.stopping = True
            self._close()

    def _close(self) -> None:
        """Remove the socket if it is still this worker's (a new worker may have its path)."""
        with contextlib.suppress(OSError):
            if os.stat(self.path).st_ino == self.inode:
                os.unlink(self.path)
        self.listener.close()

    def _accept(self, selector: Any) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        self.last = time.monotonic()  # any contact: a command, a look, `toolkit warm status`
        creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        if struct.unpack("3i", creds)[1] != os.getuid():
            conn.close()
            return
        conn.settimeout(5.0)
        try:
            request, fds = _receive(conn)
        except (OSError, ValueError):
            conn.close()
            return
        op = request.get("op")
        if op == "run" and len(fds) != len(STREAMS):  # not our command's request: refuse
            op = None
        if op != "run" or self.stopping:
            for fd in fds:
                os.close(fd)
            answer = {
                "pid": os.getpid(),
                "key": self.key,
                "running": len(self.children),
                "served": self.served,
            }
            if op == "stop":
                self._stop()
            with contextlib.suppress(OSError):
                conn.sendall(json.dumps(answer).encode() + b"\n")
            conn.close()
            return
        go, early = _handed_over(conn)
        if not go:
            for fd in fds:
                os.close(fd)
            conn.close()
            return
        self.served += 1
        worker = os.getpid()
        # a signal passed on at once waits for the child's own handlers (the worker's
        # ignore SIGINT, and its SIGTERM's would stop the worker's loop in the child)
        signal.pthread_sigmask(signal.SIG_BLOCK, FORWARDED)
        pid = os.fork()
        if pid == 0:  # the child: never returns
            selector.close()
            self.listener.close()
            for fd in (*self.wake, self.lock):
                os.close(fd)  # a command's own processes must not hold the worker's lock
            for other in self.children.values():
                other.close()
            _child(conn, request, fds, worker)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, FORWARDED)
        with contextlib.suppress(OSError):  # here too: a signal sent at once finds the group
            os.setpgid(pid, pid)
        for fd in fds:
            os.close(fd)
        conn.settimeout(None)
        self.children[pid] = conn
        selector.register(conn, selectors.EVENT_READ, pid)
        with contextlib.suppress(OSError):
            conn.sendall(json.dumps({"started": pid}).encode() + b"\n")
        if early:  # messages sent right after the "go", read with it
            self._pass_on(pid, early)
        self.seen.append((request["cwd"], request["argv"]))

    def _heard(self, selector: Any, conn: socket.socket, pid: int) -> None:
        """A signal to pass on, or the command gone (its process killed): end the child.
        Messages may arrive split or joined; one the worker cannot read is dropped (it must
        never end the worker, whose other commands would be cut short)."""
        try:
            data = conn.recv(4096)
        except OSError:
            data = b""
        if data:
            self._pass_on(pid, data)
        else:
            selector.unregister(conn)
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGTERM)

    def _pass_on(self, pid: int, data: bytes) -> None:
        """The signals asked for in ``data`` (the next bytes of a command's messages) sent to
        its child's group; the start of a message still arriving kept for the next bytes."""
        lines = (self.partial.pop(pid, b"") + data).split(b"\n")
        self.partial[pid] = lines.pop()
        for number in map(_signal_in, lines):
            if number is not None:
                with contextlib.suppress(OSError):
                    os.killpg(pid, number)

    def _reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = self.children.pop(pid, None)
            self.partial.pop(pid, None)
            if conn is None:
                continue
            if self.selector is not None:
                with contextlib.suppress(KeyError, ValueError):
                    self.selector.unregister(conn)
            with contextlib.suppress(OSError):
                conn.sendall(
                    json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode() + b"\n"
                )
            with contextlib.suppress(Exception):
                conn.close()
            self.last = time.monotonic()


def _handed_over(conn: socket.socket) -> tuple[bool, bytes]:
    """Tell the command the worker is ready and wait for its "go" (it may have given up
    waiting and run by itself: then it must not run here too). Also returns what arrived
    with the "go" after it: messages the command sent at once (a Ctrl-C)."""
    try:
        conn.sendall(json.dumps({"ready": True}).encode() + b"\n")
        data = b""
        while b"\n" not in data:
            more = conn.recv(64)
            if not more:
                return False, b""
            data += more
        line, _, early = data.partition(b"\n")
        return json.loads(line) == {"go": True}, early
    except (OSError, ValueError):
        return False, b""


def _signal_in(line: bytes) -> int | None:
    """The signal number a command's message ``{"signal": N}`` asks to pass on, if valid."""
    try:
        number = json.loads(line)["signal"]
        return int(signal.Signals(number))
    except (ValueError, TypeError, KeyError):
        return None


def _receive(conn: socket.socket) -> tuple[dict[str, Any], list[int]]:
    data, fds, _, _ = socket.recv_fds(conn, 1 << 16, len(STREAMS))
    try:
        while len(data) < 4 or len(data) < 4 + struct.unpack("!I", data[:4])[0]:
            more = conn.recv(1 << 16)
            if not more:  # a command that only looked whether the worker is there
                raise ValueError("request cut short")
            data += more
        return json.loads(data[4:]), list(fds)
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise


def _child(conn: socket.socket, request: dict[str, Any], fds: list[int], worker: int) -> None:
    """Run the command as a fresh process would, on the command's own streams; exit with
    its status (the worker, process ``worker``, tells the command)."""
    import atexit

    status = 1
    try:
        conn.close()
        os.setpgid(0, 0)  # its own group: a signal passed on reaches its workers too
        _end_with_worker(worker)
        signal.set_wakeup_fd(-1)
        for number in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
            signal.signal(number, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, FORWARDED)  # those held since the fork
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        time.tzset()  # the command's time zone (TZ), as a fresh process reads it
        os.umask(request["umask"])
        sys.argv = ["toolkit", *request["argv"]]
        for index, name in enumerate(STREAMS):
            stream = standard_stream(index, request["streams"][index])
            setattr(sys, name, stream)
            setattr(sys, f"__{name}__", stream)
        from .cli import main as cli_main

        try:
            cli_main()
            status = 0
        except SystemExit as done:
            code = done.code
            status = code if isinstance(code, int) else (0 if code is None else 1)
            if code is not None and not isinstance(code, int):
                sys.stderr.write(f"{code}\n")
        atexit._run_exitfuncs()
    except KeyboardInterrupt:
        _flush()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    except BaseException:
        import traceback

        traceback.print_exc()
        status = 1
    _flush()
    os._exit(status & 0xFF)


def standard_stream(fd: int, like: dict[str, Any]) -> io.TextIOWrapper:
    """Standard stream ``fd`` (0, 1, 2) as Python builds it at start (pylifecycle.c
    ``create_stdio``), set up ``like`` the command's own: no newline translation, the same
    encoding and errors, line-buffered or written through (``-u``, ``PYTHONUNBUFFERED``)."""
    reading = fd == 0
    through = bool(like.get("write_through"))
    # a write stream under -u has no buffer of its own: every write reaches the file at once
    mode, buffering = ("rb", -1) if reading else ("wb", 0 if through else -1)
    raw = open(fd, mode, buffering, closefd=False)  # noqa: SIM115 - open until the process ends
    return io.TextIOWrapper(
        raw,
        like.get("encoding"),
        like.get("errors"),
        newline="\n",
        line_buffering=bool(like.get("line_buffering")),
        write_through=through,
    )


def _end_with_worker(worker: int) -> None:
    """If the worker dies (killed, out of memory), interrupt this child's group as Ctrl-C
    does (its pool's processes too: the command cleans up, its LibreOffice ends): its
    command then reports the failure, and the child must not run on unseen, writing to the
    user's files."""
    import ctypes

    signal.signal(WORKER_GONE, lambda *_: os.killpg(0, signal.SIGINT))
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(WORKER_GONE))
    if os.getppid() != worker:  # it died before the request was made
        os._exit(1)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()


def serve(key: str, folder: str = "/", argv: Sequence[str] = ()) -> None:
    """Become the worker of ``key`` unless another one is (or is getting) ready: prepare,
    then serve from the socket until idle."""
    paths = _paths(key)
    if paths is None or worker_key() != key:
        return
    path, lock = paths
    handle = os.open(lock, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            return  # another worker holds it
        raise
    import gc

    from .cli import GC_THRESHOLDS

    gc.set_threshold(*GC_THRESHOLDS)
    preload()
    if worker_key() != key:  # a file changed while it was imported
        return
    prebuild(folder, list(argv))
    gc.freeze()
    os.chdir("/")  # holds no folder of the user's (each command runs in its own)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    os.chmod(path, 0o600)
    listener.listen(16)
    Worker(key, listener, path, handle).serve()
