"""Worker processes for the stages that run in a pool (``--jobs``): extraction, drafting.

One place decides how many cores a process may use and how workers start (``fork`` where
the system has it: a worker inherits the imported libraries instead of importing them again).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_pool(
    jobs: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
) -> ProcessPoolExecutor:
    """A pool of ``jobs`` worker processes, each set up by ``initializer(*initargs)``."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
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
