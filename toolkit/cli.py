"""The ``toolkit`` command line: the root group; the commands are in :mod:`toolkit.commands`."""

from __future__ import annotations

import gc
import importlib
from pathlib import Path

import click

from . import __version__
from .commands import Context

_DOCS = Path(__file__).resolve().parent.parent / "docs" / "README.md"
#: Where the user documentation is: the file when the toolkit runs from its repository.
DOCS = str(_DOCS) if _DOCS.is_file() else "docs/README.md in the toolkit's repository"
EPILOG_DOCS = (
    f"Documentation: {DOCS} (notes format, what a proposal is, register fields, review "
    "workbook, forum.yaml, template variables)."
)


#: The commands by name, each as the ``module:attribute`` under :mod:`toolkit.commands` that
#: makes it. A command's module is imported when the command runs (or ``--help`` lists it):
#: ``toolkit extract`` does not load build's, draft's, review's or train's.
COMMANDS = {
    "init": "workspace:init_command",
    "notes": "notes:notes_group",
    "review": "review:review_command",
    "extract": "extract:extract_command",
    "eval": "evaluate:eval_command",
    "train": "train:train_command",
    "draft": "draft:draft_command",
    "templates": "draft:templates_group",
    "build": "build:build_command",
    "warm": "warm:warm_group",
}


class _Commands(click.Group):
    """The root group, its commands (:data:`COMMANDS`) imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS and name not in self.commands:
            module, attribute = COMMANDS[name].split(":")
            found = importlib.import_module(f"{__package__}.commands.{module}")
            self.add_command(getattr(found, attribute), name)
        return super().get_command(ctx, name)


@click.group(
    cls=_Commands,
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
