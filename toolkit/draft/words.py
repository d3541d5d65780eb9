"""The words documents compose around the data, per language (``data/draft.yaml``).

Dates, session formats, the compact line under each proposal and the names of the sections
the toolkit adds are data, like every other user-facing word list; the file is checked on
load so a missing translation is found at once, with its line.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ProfileError
from ..profile import LANGUAGES
from ..yamlio import LineDict, read_data_file, shipped_data

#: The keys every language must give (nested mappings spelled as "parent.child").
REQUIRED = (
    "months",
    "year",
    "formats",
    "titles.consolidated",
    "titles.region",
    "comment.author",
    "comment.session",
    "comment.speaker",
    "comment.nobody",
    "comment.elsewhere_one",
    "comment.elsewhere_other",
    "comment.more",
    "details.separator",
    "details.raised",
    "details.source",
    "details.sources",
    "details.suggested",
    "details.route",
    "details.route_suggested",
    "sections.other",
    "sections.other_kind",
    "sections.procedural",
    "languages.ru",
    "languages.en",
)


def parse_words(data: Any, label: str) -> dict[str, dict[str, Any]]:
    """Check a words file: every language, every key; raise one error naming each gap."""
    if not isinstance(data, LineDict):
        raise ProfileError(f"{label}:1: the file must map each language (ru, en) to its words")
    errors = []
    for lang in LANGUAGES:
        node = data.get(lang)
        if not isinstance(node, LineDict):
            errors.append(f"{label}:{data.line_of(lang)}: '{lang}' is missing; give its words")
            continue
        for key in REQUIRED:
            parent, _, child = key.partition(".")
            value = node.get(parent)
            if child:
                value = value.get(child) if isinstance(value, dict) else None
            if value is None or (value == "" and key != "year"):
                line = node.line_of(parent)
                errors.append(f"{label}:{line}: '{lang}.{key}' is missing; add it")
        months = node.get("months")
        if not isinstance(months, list) or len(months) != 12:
            errors.append(f"{label}:{node.line_of('months')}: '{lang}.months' must list 12 months")
    if errors:
        raise ProfileError("\n".join(errors))
    return {lang: dict(data[lang]) for lang in LANGUAGES}


def read_words(path: Path) -> dict[str, dict[str, Any]]:
    return parse_words(read_data_file(path, "words file"), str(path))


@cache
def words() -> dict[str, dict[str, Any]]:
    """The shipped words, by language."""
    return read_words(shipped_data("draft.yaml"))


def count_form(n: int, lang: str) -> str:
    """Which form of a counted phrase follows the number ``n``: "one" or "other".

    The words give both forms (``elsewhere_one``, ``elsewhere_other``); the choice follows
    the Unicode CLDR plural rules, which for Russian put 1, 21, 31… (but not 11, 111…) in
    "one". In the prepositional case Russian's "few" and "many" forms are the same
    («на 2 / 5 других сессиях»), so two forms are enough.
    """
    if lang == "ru":
        return "one" if n % 10 == 1 and n % 100 != 11 else "other"
    return "one" if n == 1 else "other"
