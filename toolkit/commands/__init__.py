"""The ``toolkit`` commands, one module per stage, named after the library module it calls.

Each command parses options, calls one library function and prints. Heavy modules
(spaCy, python-docx, openpyxl) are imported inside the commands that use them, so
``toolkit --help`` and ``toolkit notes check`` start fast. This module holds what the
commands share: the context with the workspace option and the common options.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..workspace import Workspace, find_or_default, find_workspace


class Context:
    """What every command gets: the workspace option, resolved lazily."""

    def __init__(self, workspace: Path | None) -> None:
        self.workspace_option = workspace

    def workspace(self, required: bool = True) -> Workspace:
        if required:
            return find_workspace(explicit=self.workspace_option)
        return find_or_default(explicit=self.workspace_option)


pass_context = click.make_pass_decorator(Context)


model_option = click.option(
    "--model",
    multiple=True,
    help="Use an installed trained spaCy pipeline as the base, e.g. ru_core_news_sm.",
)


cache_option = click.option(
    "--no-cache",
    "no_cache",
    is_flag=True,
    help="Extract every note again; by default a note unchanged since an earlier run, with "
    "nothing else changed, is taken from the cache (docs/register.md, 'The extraction cache').",
)


def draft_options(command: Callable) -> Callable:
    """--include-pending, --lang, --pdf, --all-regions, --jobs: what `draft` and `build` share."""
    for option in reversed(
        (
            click.option(
                "--include-pending",
                is_flag=True,
                help="Draft every proposal not rejected or merged away "
                "(the documents say 'draft').",
            ),
            click.option(
                "--lang",
                type=click.Choice(["ru", "en", "all"]),
                default="all",
                show_default=True,
                help="Language of the documents (all: the forum's languages).",
            ),
            click.option(
                "--pdf", is_flag=True, help="Also write PDFs through LibreOffice (needs it)."
            ),
            click.option(
                "--all-regions",
                is_flag=True,
                help="A brief for every region named or represented, even with no proposal "
                "of its own.",
            ),
            click.option(
                "--jobs",
                type=click.IntRange(min=1),
                help="Worker processes rendering documents, and in `build` extracting "
                "sessions (default: the cores; under 50 sessions, a process per language).",
            ),
        )
    ):
        command = option(command)
    return command


def drafting(options: dict[str, Any]) -> dict[str, Any]:
    """The shared drafting options as the library takes them (``--lang all``: the forum's)."""
    lang = options.pop("lang")
    return {**options, "langs": None if lang == "all" else [lang]}
