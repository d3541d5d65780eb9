"""Rendering documents, one per task, in a pool of worker processes (``--jobs``).

A task holds everything a worker needs (template path, the document's plain-data context,
the file to write), so documents render independently and the forum's size only adds
tasks: nothing is shared between documents and nothing grows with the ones before.
Each worker keeps the templates it has read, so a template is read once per process.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docx.document import Document as DocumentObject

from ..pool import default_jobs, in_order, worker_pool
from ..textio import atomic_write
from .context import Draft
from .render import TIME_LIMIT, render
from .wordml import (
    add_comments,
    ask_to_update_fields,
    drop_after_contents,
    drop_links,
    insert_toc,
    link_items,
    marked_texts,
    remove_comments,
    set_language,
    set_properties,
)
from .words import words


@dataclass
class Task:
    """One document to render: the template, its context (in the draft) and where it goes."""

    template: Path
    draft: Draft
    path: Path
    seconds: float = TIME_LIMIT
    large: bool = False  # rendered alone, to bound the memory (see draft.PAGED_ITEMS)
    layout: Path | None = None  # also a lighter copy here, for LibreOffice to page


@dataclass
class Rendered:
    """A written document: where, how many provenance comments, how many contents entries."""

    path: Path
    comments: int
    contents: int


@lru_cache(maxsize=32)
def _template_bytes(path: Path, stamp: tuple[int, int]) -> bytes:
    """A template's bytes, read once per process (``stamp``: size and mtime, for edits)."""
    return path.read_bytes()


def build_document(
    template: Path, draft: Draft, seconds: float = TIME_LIMIT
) -> tuple[DocumentObject, int, int]:
    """Render one document and finish it; return it (not saved), its comments and contents."""
    stat = template.stat()
    source = _template_bytes(template, (stat.st_size, stat.st_mtime_ns))
    document = render(template, draft.context, seconds, source)
    set_language(document, draft.lang)
    texts = marked_texts(document)
    author = words()[draft.lang]["comment"]["author"]
    added = add_comments(document, draft.comments, author, texts)
    link_items(document, texts)
    contents = insert_toc(document, texts)
    if contents:
        ask_to_update_fields(document)
    set_properties(document, draft.properties, draft.lang)
    return document, added, contents


def save(document: DocumentObject, path: Path) -> None:
    """Write a document atomically; a locked or unwritable file is a one-line
    :class:`~toolkit.errors.OutputError` (:func:`~toolkit.textio.atomic_write`)."""
    with atomic_write(path, "wb") as handle:
        document.save(handle)


def run_task(task: Task) -> Rendered:
    """What a worker does with one task."""
    document, comments, contents = build_document(task.template, task.draft, task.seconds)
    save(document, task.path)
    if task.layout is not None:  # what moves no page before the last heading goes
        remove_comments(document)
        drop_after_contents(document)
        drop_links(document)
        save(document, task.layout)
    return Rendered(task.path, comments, contents)


def run_alone(task: Task) -> Rendered:
    """:func:`run_task` in a process of its own that ends with it (the memory a large
    document took is given back, instead of staying with a pool worker)."""
    with worker_pool(1) as alone:
        return alone.submit(run_task, task).result()


class Renderer:
    """Renders tasks in this process (``jobs`` 1) or in a pool of ``jobs`` worker processes.

    Forked workers share the parent's memory until they write to it; the parent's objects
    are frozen out of the cyclic collector first, so a worker's collections do not touch
    (and so copy) every page the parent holds.
    """

    #: Tasks handed to the pool ahead of the one awaited, per worker: enough to keep every
    #: worker busy, few enough that only a handful of contexts exist at a time.
    AHEAD = 4

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = max(1, jobs or default_jobs())
        self._pool: Executor | None = None

    def __enter__(self) -> Renderer:
        if self.jobs > 1:
            gc.freeze()
            self._pool = worker_pool(self.jobs)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            gc.unfreeze()

    def run(
        self,
        tasks: Iterable[Task],
        alone: Iterable[Task] = (),
        spare: Callable[[], bool] = lambda: False,
    ) -> Iterator[Rendered]:
        """Render the tasks, taken from ``tasks`` as workers get free; results in task order.

        The ``alone`` tasks (large documents) render one at a time alongside, each in a
        process of its own (:func:`run_alone`); their results come last. While ``spare()``
        is true one worker is left idle: its core is LibreOffice's, paging the drafts, which
        the build waits for.
        """
        if self._pool is None:
            yield from map(run_task, [*tasks, *alone])
            return

        def window() -> int:
            return self.jobs - 1 if spare() else self.jobs * self.AHEAD

        with ThreadPoolExecutor(1) as one_at_a_time:
            large = [one_at_a_time.submit(run_alone, task) for task in alone]
            for _, rendered in in_order(self._pool, run_task, tasks, window):
                yield rendered
            for future in large:
                yield future.result()
