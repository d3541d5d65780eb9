"""Worker processes for the stages that run in a pool (``--jobs``): extraction, drafting;
and work in one forked child beside this process (:class:`Apart`, given what it needs
through a :class:`Handover`): extraction importing spaCy while the notes are read.

One place decides how many cores a process may use and how workers start (``fork`` where
the system has it: a worker inherits the imported libraries instead of importing them again).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any, Generic, TypeVar

from .errors import ExtractError

Item = TypeVar("Item")
Result = TypeVar("Result")


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether processes start by ``fork`` here: a child then inherits the imported
    libraries and the values it is handed (elsewhere it starts afresh by ``spawn``)."""
    return "fork" in multiprocessing.get_all_start_methods()


def worker_pool(
    jobs: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
) -> ProcessPoolExecutor:
    """A pool of ``jobs`` worker processes, each set up by ``initializer(*initargs)``."""
    context = multiprocessing.get_context("fork" if can_fork() else "spawn")
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=initializer, initargs=initargs)


def in_order(
    pool: Executor,
    work: Callable[[Item], Result],
    items: Iterable[Item],
    window: int | Callable[[], int],
) -> Iterator[tuple[Item, Result]]:
    """``(item, work(item))`` in the items' order, at most ``window`` items in flight
    (a callable ``window`` is asked before each item: the room may change as work goes on).

    Unlike ``Executor.map`` the items are taken as the work advances, so a generator of
    notes is read as it is extracted and a progress callback on it keeps pace.
    """
    room = window if callable(window) else lambda: window
    pending: deque[tuple[Item, Future[Result]]] = deque()
    for item in items:
        pending.append((item, pool.submit(work, item)))
        while pending and len(pending) >= room():
            first, future = pending.popleft()
            yield first, future.result()
    while pending:
        first, future = pending.popleft()
        yield first, future.result()


class Handover:
    """One value this process gives the child :class:`Apart` forks: the notes. Given at
    creation, the child inherits it as it forks; else it is given later through a pipe,
    once read and checked here while the child imports spaCy. Closed without it (the notes
    have errors), the child receives ``None``."""

    def __init__(self, value: object = None) -> None:
        self._value = value
        self._fork = can_fork()
        self._pipe = None
        if self._fork and value is None:
            self._pipe = multiprocessing.get_context("fork").Pipe(duplex=False)

    def give(self, value: object) -> None:
        """Hand ``value`` over (blocks until the child reads it, if it is large)."""
        if self._pipe is not None:
            self._pipe[1].send(value)
        else:
            self._value = value

    def close(self) -> None:
        """No more to give; after a fork, let go of the value (the child has its own) and of
        both ends of the pipe (the child reads from its own copy)."""
        if self._pipe is not None:
            for end in self._pipe:
                end.close()
        elif self._fork:
            self._value = None

    def receive(self) -> Any:
        """In the child: the value given, waiting for it; ``None`` if none was."""
        if self._pipe is None:
            value, self._value = self._value, None
            return value
        receiver, sender = self._pipe
        sender.close()  # the parent's copy alone keeps the pipe open
        try:
            return receiver.recv()
        except EOFError:
            return None
        finally:
            receiver.close()


def _portable(exc: BaseException) -> BaseException:
    """``exc`` if the parent can rebuild it from the pipe, else a RuntimeError naming it: an
    exception whose ``__init__`` wants other arguments than its ``args`` pickles, but fails
    to unpickle in the parent with a TypeError that hides the real error."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


def _interrupted_once(_number: int, _frame: object) -> None:
    """SIGINT in :class:`Apart`'s child: interrupted as Python is by default, once: Ctrl-C
    reaches it and its parent, which passes the interrupt on (for a `kill -INT` of the
    parent alone); a second one would cut its clean-up short (a pool's shut-down)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


class Apart(Generic[Result]):
    """``work(send)`` in a forked child process, whose memory is given back when it ends.

    What the child sends reaches this process as it is sent (progress, or what the work
    has ready before its end: :meth:`until`); its result or its exception comes back here
    (:meth:`result`). ``meanwhile`` runs here as the child works; what it raises is raised
    once the child is done (the child's own error first), except an error of the
    ``abandon`` types, which ends the child at once (for errors raised before the child
    was given anything to write: broken notes). Where processes cannot be forked,
    ``meanwhile`` runs here (it may prepare what the work takes, see :class:`Handover`),
    then ``work``, and what it sent follows.
    """

    def __init__(
        self,
        work: Callable[[Callable[[object], None]], Result],
        meanwhile: Callable[[], None] | None = None,
        abandon: tuple[type[Exception], ...] = (),
        lost: str = "extraction or the review workbook",
    ) -> None:
        """``lost``: what the child does, for the error if it dies without a word."""
        self._messages = self._run(work, meanwhile, abandon, lost)
        self._done = False
        self._result: Result | None = None

    def until(
        self, heard: Callable[[object], None], wanted: Callable[[object], bool]
    ) -> object | None:
        """Relay what the child sends to ``heard`` until a message ``wanted``, returned;
        ``None`` if the child ended first (its result is kept for :meth:`result`)."""
        while not self._done:
            try:
                message = next(self._messages)
            except StopIteration as stop:
                self._done, self._result = True, stop.value
                return None
            if wanted(message):
                return message
            heard(message)
        return None

    def result(self, heard: Callable[[object], None]) -> Result:
        """Relay the rest of what the child sends to ``heard``; its result (or its error)."""
        self.until(heard, lambda _: False)
        return self._result  # type: ignore[return-value]

    def close(self) -> None:
        """Wait for the child to end, whatever it still sends."""
        self._messages.close()

    @staticmethod
    def _run(
        work: Callable[[Callable[[object], None]], Result],
        meanwhile: Callable[[], None] | None,
        abandon: tuple[type[Exception], ...],
        lost: str,
    ) -> Generator[object, None, Result]:
        if not can_fork():
            if meanwhile:
                meanwhile()
            sent: list[object] = []
            result = work(sent.append)
            yield from sent
            return result
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)

        def child() -> None:
            # the parent's end, inherited: held here, it would keep a send blocked on a full
            # pipe once the parent stopped reading (interrupted alone: `kill -INT`) forever
            receiver.close()
            signal.signal(signal.SIGINT, _interrupted_once)
            try:
                outcome: tuple[str, object] = ("done", work(lambda m: sender.send(("heard", m))))
            except BaseException as exc:  # raised again in the parent
                outcome = ("error", _portable(exc))
            try:
                sender.send(outcome)
            except OSError:  # the parent is gone (interrupted): nobody to tell
                pass
            except Exception as exc:  # an exception that cannot be pickled
                sender.send(("error", RuntimeError(f"{type(outcome[1]).__name__}: {exc}")))

        process = context.Process(target=child, name="toolkit-extract")
        process.start()
        sender.close()
        failed: Exception | None = None
        try:
            if meanwhile:
                try:
                    meanwhile()
                except abandon:
                    process.terminate()
                    raise
                except Exception as exc:  # raised once the child's work is done
                    failed = exc
            while True:
                try:
                    kind, value = receiver.recv()
                except EOFError:
                    process.join()
                    raise ExtractError(
                        f"{lost} stopped unexpectedly (exit status {process.exitcode}); "
                        "nothing was written; run the command again"
                    ) from None
                if kind == "heard":
                    yield value
                elif kind == "done":
                    if failed is not None:
                        raise failed
                    return value  # type: ignore[return-value]
                else:
                    raise value  # type: ignore[misc]
        except KeyboardInterrupt:  # this process alone interrupted: the child too, as
            if process.is_alive():  # Ctrl-C would (it stops at once, its work abandoned)
                os.kill(process.pid, signal.SIGINT)
            raise
        finally:
            receiver.close()
            process.join()
