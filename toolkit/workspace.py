"""Where a workspace is and what it holds: forum.yaml, session_notes/, templates/, outputs/."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errors import WorkspaceError
from .profile import Profile, load_profile
from .yamlio import shipped_data

PROFILE_NAME = "forum.yaml"
NOTES_DIR = "session_notes"
TEMPLATES_DIR = "templates"
OUTPUTS_DIR = "outputs"
#: The register every stage after extraction reads, in ``outputs/``.
REGISTER_NAME = "register.jsonl"


@dataclass
class Workspace:
    """A forum's working folder. Created by :func:`find_workspace` or :func:`init_workspace`."""

    root: Path

    @property
    def profile_path(self) -> Path:
        return self.root / PROFILE_NAME

    @property
    def notes_dir(self) -> Path:
        return self.root / NOTES_DIR

    @property
    def templates_dir(self) -> Path:
        return self.root / TEMPLATES_DIR

    @property
    def outputs_dir(self) -> Path:
        return self.root / OUTPUTS_DIR

    @property
    def register_path(self) -> Path:
        """Where ``toolkit build`` writes the register and review and drafting look for it."""
        return self.outputs_dir / REGISTER_NAME

    def existing_register(self, given: Path | None = None) -> Path:
        """``given`` or the workspace's register; a missing one says how to make it."""
        register = given or self.register_path
        if not register.exists():
            raise WorkspaceError(
                f"{register}: no register yet; run "
                f"`toolkit extract -o {OUTPUTS_DIR}/{REGISTER_NAME}` first"
            )
        return register

    @cached_property
    def profile(self) -> Profile:
        return load_profile(self.profile_path)


def find_workspace(start: Path | None = None, explicit: Path | None = None) -> Workspace:
    """The workspace given with ``-w``, or the nearest folder upwards holding ``forum.yaml``."""
    if explicit is not None:
        if not explicit.is_dir():
            raise WorkspaceError(f"{explicit}: no such folder; give an existing workspace with -w")
        return Workspace(explicit.resolve())
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PROFILE_NAME).is_file():
            return Workspace(folder)
    raise WorkspaceError(
        f"{here}: not inside a workspace (no {PROFILE_NAME} here or above); "
        "run `toolkit init DIR` or pass -w DIR"
    )


def find_or_default(start: Path | None = None, explicit: Path | None = None) -> Workspace:
    """Like :func:`find_workspace`, but a bare folder works with the default profile."""
    try:
        return find_workspace(start, explicit)
    except WorkspaceError:
        if explicit is not None:
            raise
        return Workspace((start or Path.cwd()).resolve())


_RAPPORTEUR_README = """\
# Session notes / Заметки сессий

One Markdown file per session, with front matter (id, title, format, date) and free text below.
Create one with `toolkit notes new`, import Word or text files with `toolkit notes import FILE`,
and check everything with `toolkit notes check`.

Один файл Markdown на сессию: метаданные (id, title, format, date) между строками `---`,
ниже — свободный текст. Новый файл: `toolkit notes new`; импорт из Word или текста:
`toolkit notes import ФАЙЛ`; проверка: `toolkit notes check`.

Speaker turns / Реплики: `Irina Volkova: …`, `**Волкова И.:** …`.
Sections / Разделы: `## Proposals` / `## Предложения`, `## Key conclusions` / `## Выводы`,
`## Problems` / `## Проблемы`.
The whole format / Полное описание формата: docs/notes-format.md in the toolkit's repository.
"""

_PROFILE_TEMPLATE = """\
# Forum profile. Everything here extends the toolkit's defaults
# (Russian Creativity Week — Siberia 2024): an entry with a default id replaces it,
# a new id is added. `replace: [tracks]` drops the defaults of a section.
# Every key (forum, formats, tracks, values, documents, regions, replace) is described in
# docs/profile.md of the toolkit's repository.
forum:
  name:
    ru: {name_ru}
    en: {name_en}
  edition: "{edition}"
  city:
    ru: {city_ru}
    en: {city_en}
tracks: []
"""


def default_templates_dir() -> Path:
    return shipped_data("templates")


def init_workspace(root: Path, profile: Profile) -> Workspace:
    """Create a new workspace with a profile, empty notes folder and the default templates."""
    if (root / PROFILE_NAME).exists():
        raise WorkspaceError(
            f"{root / PROFILE_NAME}: a workspace already exists here; nothing was changed"
        )
    try:
        root.mkdir(parents=True, exist_ok=True)
        ws = Workspace(root.resolve())
        ws.notes_dir.mkdir(exist_ok=True)
        ws.outputs_dir.mkdir(exist_ok=True)
        ws.templates_dir.mkdir(exist_ok=True)
        readme = ws.notes_dir / "README.md"
        if not readme.exists():
            readme.write_text(_RAPPORTEUR_README, encoding="utf-8")
        shipped = [
            *sorted(default_templates_dir().glob("*.docx")),
            default_templates_dir() / "README.md",
        ]
        for template in shipped:  # the templates and the guide for whoever edits them
            target = ws.templates_dir / template.name
            if not target.exists():
                shutil.copy2(template, target)
        forum = profile.forum
        ws.profile_path.write_text(
            _PROFILE_TEMPLATE.format(
                name_ru=forum["name"]["ru"],
                name_en=forum["name"]["en"],
                edition=forum.get("edition", ""),
                city_ru=forum["city"]["ru"],
                city_en=forum["city"]["en"],
            ),
            encoding="utf-8",
        )
    except OSError as exc:
        raise WorkspaceError(
            f"{root}: cannot create the workspace ({exc.strerror}); check permissions"
        ) from exc
    return ws
