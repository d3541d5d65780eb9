"""``toolkit init``: a new workspace."""

from __future__ import annotations

from pathlib import Path

import click

from ..workspace import init_workspace


@click.command("init")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
def init_command(directory: Path) -> None:
    """Create a new workspace: forum.yaml, session_notes/, templates/, outputs/.

    Example: toolkit init krasnoyarsk-2025
    """
    from ..profile import default_profile

    ws = init_workspace(directory, default_profile())
    click.echo(f"Created workspace {ws.root}")
    click.echo(f"Next: edit {ws.profile_path.name}, then `toolkit -w {directory} notes new`.")
