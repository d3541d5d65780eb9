"""Kinds of measure (``data/measure_kinds.yaml``): sub-headings for proposals with no value.

A third of the proposals concern no value principle, and an empty answer is often right
(docs/classification.md), so a section of the consolidated draft used to end in one long
"Other proposals" list. An official reads such a list by what each proposal does (money,
a new centre, an event, a rule), so those proposals are grouped by the kind of measure their
wording names first. Matching is by the beginning of words: drafting stays fast (no parse).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..errors import ProfileError
from ..profile import LANGUAGES
from ..yamlio import LineDict, read_data_file, shipped_data

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: How a kind is told from a value principle among a section's sub-groups.
KIND_PREFIX = "measure:"


@dataclass(frozen=True)
class MeasureKinds:
    """Each kind's label per language, and its stems per language, most telling first."""

    labels: dict[str, dict[str, str]]  # kind → language → label
    stems: dict[str, dict[str, str]]  # language → stem → kind
    patterns: dict[str, re.Pattern[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        patterns = {}
        for lang, stems in self.stems.items():  # longest first: «переподготовк» before «подготовк»
            alternatives = "|".join(map(re.escape, sorted(stems, key=len, reverse=True)))
            if stems:
                patterns[lang] = re.compile(rf"(?<![\w-])({alternatives})")
        object.__setattr__(self, "patterns", patterns)

    def kind_of(self, text: str, lang: str) -> str:
        """The kind whose stem begins the earliest word that has one ("" when none does)."""
        pattern = self.patterns.get(lang)
        found = pattern.search(text.lower().replace("ё", "е")) if pattern else None
        return self.stems[lang][found.group(1)] if found else ""


def kind_key(kind: str) -> str:
    """The sub-group key of a kind of measure in a section (values use their own ids)."""
    return KIND_PREFIX + kind


def parse_kinds(data: Any, label: str) -> MeasureKinds:
    """Validate the kinds file's data; one :class:`ProfileError` lists every problem."""
    kinds = data.get("kinds") if isinstance(data, LineDict) else None
    if not isinstance(kinds, list) or not kinds:
        raise ProfileError(f"{label}:1: 'kinds' must be a list of kinds of measure")
    errors: list[str] = []
    labels: dict[str, dict[str, str]] = {}
    stems: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for entry in kinds:
        line = getattr(entry, "line", 1)
        kind = entry.get("id") if isinstance(entry, LineDict) else None
        if not isinstance(kind, str) or not _ID.match(kind) or kind in labels:
            errors.append(f"{label}:{line}: each kind needs a new 'id' (lowercase, digits, '-')")
            continue
        names, words = entry.get("label"), entry.get("stems")
        if not isinstance(names, dict) or not all(
            isinstance(names.get(lang), str) and names[lang].strip() for lang in LANGUAGES
        ):
            errors.append(f"{label}:{line}: kind '{kind}' needs a 'label' in ru and en")
            continue
        if not isinstance(words, dict) or not all(
            isinstance(words.get(lang), list) and words[lang] for lang in LANGUAGES
        ):
            errors.append(f"{label}:{line}: kind '{kind}' needs 'stems' in ru and en")
            continue
        labels[kind] = {lang: names[lang].strip() for lang in LANGUAGES}
        for lang in LANGUAGES:
            for stem in words[lang]:
                text = str(stem).strip().lower().replace("ё", "е")
                if len(text) < 3:
                    errors.append(
                        f"{label}:{line}: stem '{stem}' is too short; use 3 letters or more"
                    )
                else:
                    stems[lang].setdefault(text, kind)
    if errors:
        raise ProfileError("\n".join(errors))
    return MeasureKinds(labels, stems)


@cache
def measure_kinds() -> MeasureKinds:
    """The shipped kinds of measure (read once per process)."""
    path = shipped_data("measure_kinds.yaml")
    return parse_kinds(read_data_file(path, "kinds of measure file"), str(path))
