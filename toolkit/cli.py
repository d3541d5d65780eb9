"""The ``toolkit`` command line: the root group; the commands are in :mod:`toolkit.commands`."""

from __future__ import annotations

import gc
from pathlib import Path

import click

from . import __version__
from .commands import Context
from .commands.build import build_command
from .commands.draft import draft_command, templates_group
from .commands.evaluate import eval_command
from .commands.extract import extract_command
from .commands.notes import notes_group
from .commands.review import review_command
from .commands.train import train_command
from .commands.workspace import init_command

_DOCS = Path(__file__).resolve().parent.parent / "docs" / "README.md"
#: Where the user documentation is: the file when the toolkit runs from its repository.
DOCS = str(_DOCS) if _DOCS.is_file() else "docs/README.md in the toolkit's repository"
EPILOG_DOCS = (
    f"Documentation: {DOCS} (notes format, what a proposal is, register fields, review "
    "workbook, forum.yaml, template variables)."
)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EPILOG_DOCS,
)
@click.option(
    "-w",
    "--workspace",
    type=click.Path(path_type=Path, file_okay=False),
    help="Workspace folder (default: the nearest folder with forum.yaml, upwards).",
)
@click.version_option(__version__, prog_name="toolkit")
@click.pass_context
def cli(ctx: click.Context, workspace: Path | None) -> None:
    """Turn forum session notes into proposals for regional strategic planning documents.

    \b
    Rapporteurs:  toolkit notes new | notes import FILE | notes check
    Analysts:     toolkit extract | review | eval --gold GOLD   (outputs/register.jsonl)
    Officials:    toolkit draft | build   (Word documents in outputs/)

    Example: toolkit -w my-forum build --include-pending
    """
    ctx.obj = Context(workspace)


for command in (
    init_command,
    notes_group,
    review_command,
    extract_command,
    eval_command,
    train_command,
    draft_command,
    templates_group,
    build_command,
):
    cli.add_command(command)


#: The collector's thresholds for a command line run: pipelines, lexicons and codebooks are
#: hundreds of thousands of objects that live as long as the run; at Python's default (a
#: young collection every 700 allocations) it walks them over and over, 5–10% of `extract`.
GC_THRESHOLDS = (50_000, 20, 100)


def main() -> None:
    """Console entry point."""
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        cli(prog_name="toolkit")
    finally:
        # The run is over and what it built goes with the process. Left to it, Python's last
        # collection at exit walks every object (pipelines, lexicons: 0.2–0.5 s of CPU after
        # `extract`); frozen, the objects are left to the system (files are closed by then).
        gc.freeze()
