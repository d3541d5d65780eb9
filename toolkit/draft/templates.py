"""The Word templates of the documents: where they are, copying one to customise, checking one.

Templates are ordinary ``.docx`` files people edit in Word (``templates/KIND-LANG.docx`` in
the workspace, else the shipped defaults built by ``tools/templates.py``); their variables
and structure are described in ``docs/templates.md``.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from ..errors import DraftError
from ..profile import LANGUAGES, Profile, default_profile
from ..workspace import Workspace, default_templates_dir
from .context import KINDS
from .documents import sample_context
from .render import TIME_LIMIT, open_template, split_tag_problems, template_problems

_NAME = re.compile(rf"^({'|'.join(KINDS)})-({'|'.join(LANGUAGES)})$")


def template_path(workspace: Workspace, kind: str, lang: str) -> Path:
    """The workspace's ``templates/KIND-LANG.docx`` if it has one, else the shipped default."""
    name = f"{kind}-{lang}.docx"
    own = workspace.templates_dir / name
    return own if own.is_file() else default_templates_dir() / name


def template_files(workspace: Workspace) -> list[Path]:
    """The workspace's templates (not Word's ``~$`` lock files), or the defaults if none."""
    own = [
        p
        for p in sorted(workspace.templates_dir.glob("*.docx"))
        if not p.name.startswith(("~$", "."))
    ]
    return own or sorted(default_templates_dir().glob("*.docx"))


def new_template(workspace: Workspace, kind: str, lang: str) -> Path:
    """Copy a default template into the workspace to customise; never overwrites."""
    if kind not in KINDS or lang not in LANGUAGES:
        raise DraftError(
            f"unknown template {kind}-{lang}; use a kind among {', '.join(KINDS)} and ru or en"
        )
    target = workspace.templates_dir / f"{kind}-{lang}.docx"
    if target.exists():
        raise DraftError(
            f"{target}: already exists; edit it, or move it away to start again from the default"
        )
    data = (default_templates_dir() / target.name).read_bytes()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.link(tmp, target)  # fails if the file appeared meanwhile: never overwrites
    except FileExistsError as exc:
        raise DraftError(
            f"{target}: already exists; edit it, or move it away to start again"
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return target


# ------------------------------------------------------------------ checking templates


def _kind_of(path: Path) -> tuple[str, str] | None:
    match = _NAME.match(path.stem)
    return (match.group(1), match.group(2)) if match else None


def check_template(
    path: Path, profile: Profile | None = None, seconds: float = TIME_LIMIT
) -> list[str]:
    """Every problem of a template as ``template.docx: paragraph N: message``; empty when fine.

    Reports tags split across Word runs, unclosed tags, syntax errors, unknown variables
    and anything that fails when the template is tried on a small sample.
    """
    found = _kind_of(path)
    if found is None:
        return [
            f"{path}: cannot tell which document this template is for; name it KIND-LANG.docx "
            f"with KIND among {', '.join(KINDS)} and LANG ru or en (e.g. region-ru.docx)"
        ]
    try:
        template = open_template(path)
    except DraftError as exc:
        return [exc.message]
    sample = sample_context(*found, profile or default_profile())
    return split_tag_problems(path, template.docx) + template_problems(path, sample, seconds)
