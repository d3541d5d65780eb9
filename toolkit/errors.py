"""One exception family for everything the toolkit reports to a user.

Each error derives from :class:`click.ClickException`, so the CLI prints its one-line
message and exits with status 1 without a traceback, and library callers can catch
:class:`ToolkitError` alone.
"""

from __future__ import annotations

import click


class ToolkitError(click.ClickException):
    """Base class: a problem the user can fix, reported as one line."""

    exit_code = 1

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        """Print the message alone: it already starts with ``file:line:``."""
        click.echo(self.message, err=True, file=file)


class WorkspaceError(ToolkitError):
    """Raised when no workspace can be found or a new one cannot be created."""


class ProfileError(ToolkitError):
    """Raised when ``forum.yaml`` or a shipped data file is invalid; names file and key."""


class NotesError(ToolkitError):
    """Raised when session notes cannot be read, imported or written."""


class ExtractError(ToolkitError):
    """Raised when extraction or evaluation cannot go on (bad gold file, no notes)."""


class ReviewError(ToolkitError):
    """Raised when the review workbook is locked, damaged or holds invalid analyst input."""


class DraftError(ToolkitError):
    """Raised when a template is broken or a document cannot be written."""


class OutputError(ToolkitError):
    """Raised when an output file cannot be written (missing folder, no permission, full disk)."""
