"""The warm worker (toolkit/warm.py): what it serves is what a fresh process gives, it is
keyed on what can change results, it can be switched off, and it goes away by itself.

A worker is a daemon, which CliRunner cannot run: these tests start real ``toolkit``
processes with a socket folder of their own (``XDG_RUNTIME_DIR`` in tmp) and stop the worker
they started. Every other test runs with ``TOOLKIT_WARM=0`` (conftest.py).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from toolkit import warm

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")

#: This checkout.
SOURCE = Path(warm.__file__).resolve().parent.parent
#: Seconds without a command after which the tests' worker exits (a loaded machine may take
#: a minute for the runs without it that it waits through).
IDLE = 300


def _env(tmp: Path, on: bool = True, idle: int = IDLE, **extra: str) -> dict[str, str]:
    """The environment of a test's toolkit processes: their own socket folder (``run``, a
    short link: a socket's path has at most 107 bytes) and cache folder."""
    run = tmp / "run"
    if not run.exists():
        short = Path(tempfile.mkdtemp(prefix="tkw-"))  # 0700
        run.symlink_to(short)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env |= {
        "XDG_RUNTIME_DIR": str(run.resolve()),
        "XDG_CACHE_HOME": str(tmp / "cache"),
        "TOOLKIT_WARM": "1" if on else "0",
        "TOOLKIT_WARM_IDLE": str(idle),
        "PYTHONPATH": str(SOURCE),  # as tools/compare_build.py runs it: part of the key
    }
    return env | extra


def toolkit(cwd: Path, env: dict[str, str], *args: str, **run) -> subprocess.CompletedProcess:
    """``python -m toolkit ARGS`` as a user starts it (a worker may serve it)."""
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        **run,
    )


def status(cwd: Path, env: dict[str, str]) -> str:
    return toolkit(cwd, env, "warm", "status").stdout


def _problems(stderr: str) -> list[str]:
    """What a command says besides progress (shown only when a run takes seconds)."""
    return [line for line in stderr.splitlines() if not line.startswith("Extracting")]


def served(cwd: Path, env: dict[str, str]) -> int:
    text = status(cwd, env)
    return int(text.split(": ", 1)[1].split()[0]) if "served" in text else -1


@pytest.fixture(scope="module")
def worker(tmp_path_factory, request):
    """The sample's first day (five sessions, both languages: every command in seconds) and
    a worker ready for it; stopped (or killed) afterwards."""
    tmp = tmp_path_factory.mktemp("warm")
    space = tmp / "forum"
    space.mkdir()
    root = Path(request.config.rootpath)
    shutil.copy(root / "forum.yaml", space / "forum.yaml")
    shutil.copytree(root / "session_notes" / "day-1", space / "session_notes" / "day-1")
    shutil.copytree(root / "templates", space / "templates")
    env = _env(tmp)
    started = toolkit(space, env, "warm", "start")
    assert started.returncode == 0, started.stderr
    pid = int(status(space, env).split()[2])
    yield tmp, space, env
    toolkit(space, env, "warm", "stop")
    for _ in range(100):
        if not Path(f"/proc/{pid}").exists():
            break
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
        pytest.fail("the worker did not stop when asked")
    shutil.rmtree((tmp / "run").resolve())


def test_served_outputs_are_a_fresh_process_outputs(worker) -> None:
    tmp, space, env = worker
    before = served(space, env)
    runs = {}
    for on in (False, True):
        listed = toolkit(space, _env(tmp, on), "extract", "--no-cache", "-o", "-")
        wrong = toolkit(space, _env(tmp, on), "extract", "-o", "register.txt")
        runs[on] = (listed, wrong)
    assert served(space, env) == before + 2  # the two runs with the worker on
    for fresh, warm_run in zip(runs[False], runs[True], strict=True):
        # the register on standard output byte for byte, the summary and errors on stderr
        assert (warm_run.returncode, warm_run.stdout) == (fresh.returncode, fresh.stdout)
        assert _problems(warm_run.stderr) == _problems(fresh.stderr)
    assert runs[True][0].stdout.count('"id": "P-') > 40
    assert runs[True][1].returncode == 1
    assert runs[True][1].stderr.strip().endswith("(or - for standard output)")  # one line


def test_build_served_writes_the_same_documents(worker, monkeypatch) -> None:
    from tools.compare_build import compare, snapshot

    tmp, space, env = worker
    before = served(space, env)
    monkeypatch.delenv("CI", raising=False)  # CI jobs set it, and it switches the worker off
    built = {}
    for on in (False, True):
        for name, value in _env(tmp, on).items():
            monkeypatch.setenv(name, value)
        built[on] = snapshot(SOURCE, space)  # register, workbook, docx
    assert served(space, env) == before + 1
    lines, same = compare(built[False], built[True])
    assert same, "\n".join(lines)


def test_switched_off_or_keyed_otherwise_runs_here(worker) -> None:
    tmp, space, env = worker
    before = served(space, env)
    assert toolkit(space, _env(tmp, False), "extract", "--quiet").returncode == 0
    # another Python setting is another key: this worker is not that one's
    other = _env(tmp, PYTHONWARNINGS="ignore::DeprecationWarning")
    assert toolkit(space, other, "extract", "--quiet").returncode == 0
    assert served(space, env) == before
    assert "no warm worker runs" in status(space, other)  # and none was started for it


def test_ctrl_c_reaches_the_command(worker) -> None:
    _, space, env = worker
    command = [sys.executable, "-m", "toolkit", "build", "--include-pending", "--no-cache"]
    process = subprocess.Popen(
        command, cwd=space, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    for _ in range(300):
        if "1 running" in status(space, env):
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert err.strip().endswith("Aborted!")


def test_the_worker_exits_when_idle(tmp_path, sample_workspace) -> None:
    env = _env(tmp_path, idle=3)
    assert toolkit(sample_workspace, env, "warm", "start").returncode == 0
    pid = int(status(sample_workspace, env).split()[2])
    deadline = time.monotonic() + 30
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    if Path(f"/proc/{pid}").exists():
        os.kill(pid, signal.SIGKILL)
        pytest.fail("the worker did not exit when idle")
    assert not list((tmp_path / "run" / "proposal-toolkit").glob("*.sock"))
    shutil.rmtree((tmp_path / "run").resolve())


def test_a_command_without_a_terminal_starts_no_worker(tmp_path, sample_workspace) -> None:
    env = _env(tmp_path)
    done = toolkit(sample_workspace, env, "extract", "--quiet", "--no-cache")
    assert done.returncode == 0, done.stderr
    time.sleep(0.5)
    assert "no warm worker runs" in status(sample_workspace, env)
    shutil.rmtree((tmp_path / "run").resolve())


def test_the_key_follows_the_toolkit_s_files(tmp_path, monkeypatch) -> None:
    package = tmp_path / "toolkit"
    (package / "data").mkdir(parents=True)
    (package / "data" / "cues.yaml").write_text("a: 1\n", encoding="utf-8")
    monkeypatch.setattr(warm, "_PACKAGE", package)
    first = warm.worker_key()
    assert warm.worker_key() == first
    (package / "data" / "cues.yaml").write_text("a: 22\n", encoding="utf-8")  # an edit
    assert warm.worker_key() != first
    second = warm.worker_key()
    monkeypatch.setenv("PYMORPHY2_DICT_PATH", str(tmp_path))
    assert warm.worker_key() != second
    third = warm.worker_key()
    # the cache folder toolkit.draft.pdf took as it was imported: LibreOffice's profiles
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "elsewhere"))
    assert warm.worker_key() != third


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["extract"], "extract"),
        (["-w", "forum", "build", "--include-pending"], "build"),
        (["--workspace=forum", "draft"], "draft"),
        (["eval", "--gold", "g.jsonl"], "eval"),
        (["notes", "new"], None),  # opens an editor: runs here
        (["extract", "--help"], None),
        (["--version"], None),
        (["--bogus", "extract"], None),
        ([], None),
    ],
)
def test_which_commands_the_worker_runs(argv: list[str], name: str | None) -> None:
    assert warm.command_name(argv) == name


@pytest.mark.parametrize(
    ("argv", "workspace"),
    [
        (["-w", "forum", "build"], "forum"),
        (["--workspace", "forum", "build"], "forum"),
        (["--workspace=forum", "build"], "forum"),
        (["-wforum", "build"], "forum"),
        (["build", "--include-pending"], None),
        (["build", "-w", "forum"], None),  # after the command: not the root's option
    ],
)
def test_the_worker_reads_the_workspace_as_click_does(argv: list[str], workspace: str) -> None:
    """The workspace whose pipelines the worker builds ahead (prebuild)."""
    assert warm._root_options(argv)[0] == workspace


@pytest.mark.parametrize(
    ("environ", "on"),
    [
        ({}, True),
        ({"TOOLKIT_WARM": "1"}, True),
        ({"TOOLKIT_WARM": "0"}, False),
        ({"TOOLKIT_WARM": "off"}, False),
        ({"TOOLKIT_WARM": "False"}, False),
        ({"CI": "true"}, False),
    ],
)
def test_the_off_switch(environ: dict[str, str], on: bool) -> None:
    assert warm.enabled(environ) is on


def test_an_unsafe_socket_folder_is_not_used(tmp_path, monkeypatch) -> None:
    shared = tmp_path / "shared"
    (shared / "proposal-toolkit").mkdir(parents=True, mode=0o755)
    os.chmod(shared / "proposal-toolkit", 0o755)  # others may enter
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(shared))
    assert warm.socket_folder() is None
    os.chmod(shared / "proposal-toolkit", 0o700)
    assert warm.socket_folder() == shared / "proposal-toolkit"


def _socket_of(env: dict[str, str], cwd: Path) -> Path:
    """The socket of the worker that serves ``env``'s commands (its key from its status)."""
    key = status(cwd, env).rsplit("key ", 1)[1].strip()
    return Path(env["XDG_RUNTIME_DIR"]) / "proposal-toolkit" / f"warm-{key}.sock"


def _children_of(pid: int) -> list[int]:
    """The worker's children that run commands (not the LibreOffice it keeps, nor its pager:
    ``draft.pdf.keep_office``)."""
    found = [int(n) for n in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return [child for child in found if not _kept_office(child)]


def _kept_office(pid: int) -> bool:
    with contextlib.suppress(OSError):
        line = Path(f"/proc/{pid}/cmdline").read_bytes()
        return any(name in line for name in (b"oosplash", b"soffice", b"unopages.py"))
    return False


def test_a_garbled_message_does_not_end_the_worker(worker, tmp_path) -> None:
    """A command's messages arrive split, joined or unreadable: the worker drops what it
    cannot read, runs the command to its end and serves the next one."""
    import json
    import socket

    _, space, env = worker
    before = served(space, env)
    out = tmp_path / "out.txt"
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.connect(str(_socket_of(env, space)))
    request = warm.run_request(["extract", "--quiet", "-o", "-"], str(space)) | {"env": env}
    with open(os.devnull) as stdin, out.open("w") as stdout, client:
        warm._send(client, request, [stdin.fileno(), stdout.fileno(), stdout.fileno()])
        reader = client.makefile("rb")
        assert b"ready" in reader.readline()
        client.sendall(b'{"go": true}\n')
        for garbage in (b"not json\n", b'{"signal": "TERM"}\n[]\n{"sig', b'nal": 9999}\n{"'):
            client.sendall(garbage)
        messages = [json.loads(line) for line in reader]
    assert messages[-1] == {"exit": 0}, out.read_text()[-2000:]
    assert out.read_text().count('"id": "P-') > 40
    assert toolkit(space, env, "extract", "--quiet", "-o", "-").returncode == 0
    assert served(space, env) == before + 2  # the same worker served the next command


def test_the_command_ends_if_the_worker_dies(tmp_path, sample_workspace) -> None:
    """A worker killed during a command: the command says so in one line and fails, and the
    child running it is ended, not left writing to the user's files."""
    env = _env(tmp_path)
    assert toolkit(sample_workspace, env, "warm", "start").returncode == 0
    pid = int(status(sample_workspace, env).split()[2])
    command = [sys.executable, "-m", "toolkit", "build", "--include-pending", "--no-cache"]
    process = subprocess.Popen(
        command, cwd=sample_workspace, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    for _ in range(300):
        if "1 running" in status(sample_workspace, env):
            break
        time.sleep(0.05)
    else:
        pytest.fail("the worker never ran the build")
    children = _children_of(pid)
    for _ in range(50):  # the fork seen by its status may not be in /proc yet on a loaded machine
        if len(children) == 1:
            break
        time.sleep(0.1)
        children = _children_of(pid)
    (child,) = children
    os.kill(pid, signal.SIGKILL)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1
    said = err.decode().splitlines()
    assert "toolkit: the warm worker stopped during the command; run it again" in said
    for _ in range(100):
        if not Path(f"/proc/{child}").exists() or "Z" in _state(child):
            break
        time.sleep(0.1)
    else:
        os.kill(child, signal.SIGKILL)
        pytest.fail("the command's child ran on after its worker died")
    # interrupted, not killed: it ended the office processes it started, as Ctrl-C does
    for _ in range(300):
        if not _processes_naming(str(tmp_path)):
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"left running: {_processes_naming(str(tmp_path))}")
    shutil.rmtree((tmp_path / "run").resolve())


def _processes_naming(text: str) -> list[int]:
    """The processes whose command line names ``text`` (a test's folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if entry.name.isdigit() and text.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
    return found


def _state(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return "gone"


class _Terminal:
    """A standard error that says it is a terminal (so the command would start a worker)."""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def _fails(*_args: object, **_kwargs: object) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("failing", ["worker_key", "socket_folder", "start_worker"])
def test_a_failing_worker_costs_the_command_nothing(failing, tmp_path, monkeypatch) -> None:
    """The key, the socket folder or starting a worker fails (a full disk, an unreadable
    file): the command runs here, once, without a traceback."""
    ran = []
    monkeypatch.setenv("TOOLKIT_WARM", "1")
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["toolkit", "extract"])
    monkeypatch.setattr(sys, "stderr", _Terminal())
    monkeypatch.setattr(warm, "_run_here", lambda: ran.append("here"))
    monkeypatch.setattr(warm, failing, _fails)
    warm.main()
    assert ran == ["here"]


def test_a_worker_that_does_not_answer_is_passed_by(tmp_path, monkeypatch) -> None:
    """A worker stopped (``kill -STOP``), hung or busy: its socket takes the connection but
    nothing answers. The command and ``toolkit warm status`` wait a few seconds, not forever,
    then do without it."""
    import socket

    monkeypatch.setattr(warm, "ANSWER_SECONDS", 0.3)
    path = tmp_path / "warm.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as silent:
        silent.bind(str(path))
        silent.listen(1)  # never accepts
        started = time.monotonic()
        assert warm._run_in_worker(path, ["extract"]) is None
        monkeypatch.setattr(warm, "_paths", lambda _key: (path, tmp_path / "warm.lock"))
        assert warm.ask("status", key="k") is None
        assert time.monotonic() - started < 5


def test_a_command_that_gave_up_waiting_is_not_run(worker, tmp_path) -> None:
    """A command that stopped waiting for its worker runs by itself: the worker, told no
    "go", must not run it too (twice on the user's files)."""
    import socket

    _, space, env = worker
    before = served(space, env)
    out = tmp_path / "out.txt"
    request = warm.run_request(["extract", "--quiet", "-o", "-"], str(space)) | {"env": env}
    with open(os.devnull) as stdin, out.open("w") as stdout:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(str(_socket_of(env, space)))
            warm._send(client, request, [stdin.fileno(), stdout.fileno(), stdout.fileno()])
            assert b"ready" in client.makefile("rb").readline()
        time.sleep(0.5)
    assert served(space, env) == before
    assert out.read_text() == ""


def test_python_s_options_are_part_of_the_key(tmp_path, sample_workspace) -> None:
    """``python -X utf8 -m toolkit`` is not served by the worker of a plain ``python``
    (its files open otherwise), and ``warm start`` under it starts a worker with the option."""
    env = _env(tmp_path)
    assert toolkit(sample_workspace, env, "warm", "start").returncode == 0
    plain = status(sample_workspace, env)
    utf8 = [sys.executable, "-X", "utf8", "-m", "toolkit", "warm"]
    run = {"cwd": sample_workspace, "env": env, "capture_output": True, "text": True}
    assert "no warm worker runs" in subprocess.run([*utf8, "status"], **run).stdout
    assert subprocess.run([*utf8, "start"], **run).returncode == 0
    other = subprocess.run([*utf8, "status"], **run).stdout
    assert "warm worker" in other and other.split()[2] != plain.split()[2]
    for command in ([*utf8, "stop"], [sys.executable, "-m", "toolkit", "warm", "stop"]):
        subprocess.run(command, **run)
    time.sleep(0.5)
    shutil.rmtree((tmp_path / "run").resolve())


def _descriptors(pid: int) -> list[str]:
    folder = Path(f"/proc/{pid}/fd")
    found = []
    for fd in folder.iterdir():
        with contextlib.suppress(OSError):
            found.append(os.readlink(fd))
    return sorted(found)


def _settled_descriptors(pid: int) -> list[str]:
    """The worker's files between two looks (not the instant it answers a status or walks
    the toolkit's files to check its key)."""
    seen = _descriptors(pid)
    for _ in range(20):
        time.sleep(0.2)
        seen, last = _descriptors(pid), seen
        if seen == last:
            break
    return seen


def test_no_descriptor_is_left_behind(worker) -> None:
    """The worker holds as many files after commands as before (no connection or received
    descriptor leaks over days of commands), and a command's child holds none of its
    worker's: neither its lock (a process of the command would keep the next worker
    from starting) nor the user's streams of other commands."""
    _, space, env = worker
    pid = int(status(space, env).split()[2])
    before = _settled_descriptors(pid)
    for args in (["extract", "--quiet", "-o", "-"], ["extract", "-o", "bad.txt"]):
        toolkit(space, env, *args)
    command = [sys.executable, "-m", "toolkit", "build", "--include-pending", "--no-cache"]
    process = subprocess.Popen(command, cwd=space, env=env, stdout=subprocess.PIPE)
    for _ in range(300):
        if "1 running" in status(space, env):
            break
        time.sleep(0.05)
    held = _descriptors(_children_of(pid)[0])
    process.communicate(timeout=120)
    assert not [name for name in held if Path(name).name.startswith("warm-")]
    after = _settled_descriptors(pid)
    assert after == before, (before, after)


_STREAMS_OF_A_FRESH_PYTHON = """
import json, os, sys
sys.path.insert(0, os.environ["SOURCE"])
from toolkit import warm

def looks(stream):
    return [stream.encoding, stream.errors, stream.line_buffering, stream.write_through,
            type(stream.buffer).__name__]

fresh = [looks(getattr(sys, name)) for name in warm.STREAMS]
built = [looks(warm.standard_stream(fd, warm._described(getattr(sys, name))))
         for fd, name in enumerate(warm.STREAMS)]
print(json.dumps([fresh, built, warm.standard_stream(0, warm._described(sys.stdin)).read()]))
"""


@pytest.mark.parametrize("unbuffered", [False, True])
def test_a_child_s_streams_are_a_fresh_process_s(unbuffered: bool, tmp_path) -> None:
    """The child's stdin, stdout and stderr are set up as Python sets up a fresh process's:
    ``-u`` (PYTHONUNBUFFERED) writes at once (stdout and stderr interleave in one file as
    without the worker), and standard input keeps its "\\r\\n" as Python leaves it."""
    import json

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env |= {"SOURCE": str(SOURCE), "PYTHONIOENCODING": "utf-8:surrogateescape"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    out = tmp_path / "out.txt"
    with out.open("w") as stdout:
        subprocess.run(
            [sys.executable, "-c", _STREAMS_OF_A_FRESH_PYTHON],
            input=b"a\r\nb\n",
            stdout=stdout,
            env=env,
            check=True,
        )
    fresh, built, read = json.loads(out.read_text())
    assert built == fresh
    assert fresh[1][3] is unbuffered and fresh[0][1] == "surrogateescape"
    assert read == "a\r\nb\n"


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_as_the_child_starts_is_not_lost(number, worker, tmp_path) -> None:
    """Ctrl-C (or a SIGTERM) passed on the instant the child exists, before it has its own
    handlers, still ends the command (not ignored as by the worker, nor taken for the
    worker's own stop), and the worker serves on."""
    import json
    import socket

    _, space, env = worker
    before = served(space, env)
    out = tmp_path / "out.txt"
    request = warm.run_request(["extract", "--no-cache", "-o", "-"], str(space)) | {"env": env}
    with (
        open(os.devnull) as stdin,
        out.open("w") as stdout,
        socket.socket(socket.AF_UNIX) as client,
    ):
        client.connect(str(_socket_of(env, space)))
        warm._send(client, request, [stdin.fileno(), stdout.fileno(), stdout.fileno()])
        reader = client.makefile("rb")
        assert b"ready" in reader.readline()
        client.sendall(b'{"go": true}\n')
        assert b"started" in reader.readline()
        client.sendall(json.dumps({"signal": int(number)}).encode() + b"\n")
        ended = json.loads(reader.readline())
    assert ended["exit"] in (1, -number)  # "Aborted!" after Ctrl-C; killed by SIGTERM
    assert toolkit(space, env, "extract", "--quiet", "-o", "-").returncode == 0
    assert served(space, env) == before + 2


def test_ctrl_c_while_the_command_is_sent_ends_it_quietly(tmp_path, monkeypatch) -> None:
    """Ctrl-C as the command is being sent to its worker: the command ends as interrupted
    (the worker, told no "go", runs nothing), not with a traceback of the worker's client."""
    import socket

    sent = warm._send

    def interrupted_while_sending(*args: object) -> None:
        sent(*args)
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(warm, "_send", interrupted_while_sending)
    path = tmp_path / "warm.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as silent:
        silent.bind(str(path))
        silent.listen(1)
        assert warm._run_in_worker(path, ["extract"]) == -signal.SIGINT
