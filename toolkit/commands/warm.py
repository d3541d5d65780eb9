"""``toolkit warm``: start, look at or stop the warm worker (docs/warm-worker.md)."""

from __future__ import annotations

import click

from ..errors import ToolkitError


@click.group("warm")
def warm_group() -> None:
    """The warm worker: a background process that keeps spaCy and the pipelines ready.

    \b
    A command run from a terminal starts it as it ends; it exits after 15 idle minutes.
    TOOLKIT_WARM=0 switches it off (docs/warm-worker.md).
    """


@warm_group.command("status")
def status_command() -> None:
    """Say whether a worker runs for this installation of the toolkit."""
    from .. import warm

    answer = warm.ask("status") if warm.enabled() else None
    if answer is None:
        state = "on" if warm.enabled() else f"off ({warm.SWITCH} or CI set, or not Linux)"
        click.echo(f"no warm worker runs for this toolkit (the worker is {state})")
    else:
        click.echo(
            f"warm worker {answer['pid']} runs: {answer['served']} command(s) served, "
            f"{answer['running']} running now; key {answer['key']}"
        )


@warm_group.command("start")
def start_command() -> None:
    """Start a worker now (for this folder's workspace) and wait until it is ready."""
    from .. import warm

    if not warm.enabled():
        raise ToolkitError(
            f"the warm worker is off here ({warm.SWITCH}=0, CI set, or not Linux); "
            f"unset {warm.SWITCH} to use it"
        )
    if not warm.start_worker(argv=[], wait=120.0):
        raise ToolkitError(
            "the warm worker did not start within 2 minutes; commands run without it"
        )
    click.echo("warm worker ready")


@warm_group.command("stop")
def stop_command() -> None:
    """Stop this installation's worker (commands running in it finish first)."""
    from .. import warm

    answer = warm.ask("stop")
    click.echo("no warm worker runs" if answer is None else f"warm worker {answer['pid']} stops")
