"""The forum profile: tracks, formats, the value codebook, planning documents and regions.

Linguistic and domain knowledge is data: the defaults ship as YAML files in
``toolkit/data/`` and a workspace's ``forum.yaml`` extends or replaces them. Everything is
validated on load and every problem is reported at once as ``file:line: message``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .errors import ProfileError
from .yamlio import LineDict, read_data_file, shipped_data

LANGUAGES = ("ru", "en")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SECTIONS = ("tracks", "values", "documents", "regions")
DEFAULT_FILES = {"values": "values.yaml", "documents": "documents.yaml", "regions": "regions.yaml"}


@dataclass(frozen=True)
class Track:
    id: str
    name: dict[str, str]


Phrases = dict[str, tuple[str, ...]]  # language -> phrases


@dataclass(frozen=True)
class ContextCue:
    """Cue phrases that count only in a sentence that also holds one of the ``with`` phrases."""

    cues: Phrases
    with_: Phrases


@dataclass(frozen=True)
class Entry:
    """A codebook value or a planning document type: a label and cue phrases per language.

    Values use ``cues`` (any one is enough), ``context`` (cues that need a companion phrase),
    ``exclude`` (phrases inside which a cue does not count: "local budget" for "local") and
    ``examples`` (proposals an official files under the value; tests check they are found).
    Document types use ``cues`` for the phrases that *name* the document (the proposal's
    ``targets``), ``actors`` for who acts (municipalities, federal bodies), ``addressees`` for
    who acts only when the sentence opens with them (businesses), ``measures`` for kinds of
    measure (grants, rules, indicators) that route a proposal there, ``owners`` for whose
    property or money a measure uses (municipal premises, the city budget: the owner decides)
    and ``audiences`` for whom a meeting gathers, read in a session's title (the Government, a
    governor).
    """

    id: str
    label: dict[str, str]
    description: dict[str, str]
    cues: Phrases
    group: str = ""
    context: tuple[ContextCue, ...] = ()
    exclude: Phrases = field(default_factory=dict)
    examples: Phrases = field(default_factory=dict)
    actors: Phrases = field(default_factory=dict)
    measures: Phrases = field(default_factory=dict)
    addressees: Phrases = field(default_factory=dict)
    audiences: Phrases = field(default_factory=dict)
    owners: Phrases = field(default_factory=dict)


#: Region kinds by the word their Russian name uses; federal cities have none of them.
REGION_KINDS = (
    ("автономный округ", "okrug"),
    ("край", "krai"),
    ("область", "oblast"),
    ("республика", "republic"),
)


@dataclass(frozen=True)
class Region:
    id: str
    name: dict[str, str]
    aliases: dict[str, tuple[str, ...]]
    capital: dict[str, str]
    code: int | None = None
    federal_district: str = ""
    places: Phrases = field(default_factory=dict)  # cities, towns, districts in this region only

    def phrases(self, lang: str) -> tuple[str, ...]:
        """Every way of naming the region in ``lang``: name, aliases, capital city."""
        found = [self.name.get(lang, ""), *self.aliases.get(lang, ()), self.capital.get(lang, "")]
        return tuple(dict.fromkeys(p for p in found if p))

    @property
    def kind(self) -> str:
        """``krai``, ``oblast``, ``republic``, ``okrug`` or ``city``, from the Russian name."""
        name = self.name.get("ru", "").lower()
        return next((kind for word, kind in REGION_KINDS if word in name), "city")


@dataclass
class Profile:
    """A validated forum profile."""

    forum: dict[str, Any]
    formats: tuple[str, ...]
    tracks: dict[str, Track]
    values: dict[str, Entry]
    documents: dict[str, Entry]
    regions: dict[str, Region]
    path: Path | None = None
    warnings: list[str] = field(default_factory=list)
    #: The workspace's own trained proposal model (a folder with ``ru/``, ``en/``), if any.
    proposal_model: str | None = None

    @property
    def proposal_model_dir(self) -> Path | None:
        """``proposal_model`` resolved against the folder of ``forum.yaml``."""
        if not self.proposal_model:
            return None
        base = self.path.parent if self.path else Path.cwd()
        return (base / self.proposal_model).resolve()

    def label(self, kind: str, item_id: str, lang: str) -> str:
        """The ``lang`` label of a value, document type, region or track id."""
        item = getattr(self, kind)[item_id]
        names = getattr(item, "label", None) or item.name
        return names.get(lang) or names.get("en") or item_id

    def forum_text(self, key: str, lang: str) -> str:
        """A forum attribute (name, city) in ``lang``."""
        value = self.forum.get(key, "")
        return value.get(lang, value.get("en", "")) if isinstance(value, dict) else str(value)


class _Checker:
    """Collects every problem in one file before anything is raised."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[str] = []

    def error(self, node: Any, key: Any, message: str) -> None:
        line = node.line_of(key) if isinstance(node, LineDict) else 1
        self.errors.append(f"{self.path}:{line}: {message}")

    def mapping(self, node: Any, where: str, parent: Any = None, key: Any = None) -> LineDict:
        if isinstance(node, LineDict):
            return node
        self.error(parent, key, f"'{where}' must be a mapping of keys to values")
        return LineDict()

    def text(self, node: LineDict, key: str, where: str, required: bool = True) -> str:
        value = node.get(key)
        if value is None:
            if required:
                self.error(node, key, f"'{where}.{key}' is missing; add it")
            return ""
        if not isinstance(value, (str, int, float)):
            self.error(node, key, f"'{where}.{key}' must be text")
            return ""
        return str(value)

    def by_language(
        self, node: LineDict, key: str, where: str, required: bool = True
    ) -> dict[str, str]:
        value = node.get(key)
        if value is None:
            if required:
                self.error(node, key, f"'{where}.{key}' is missing; give it as {{ru: …, en: …}}")
            return {}
        if isinstance(value, str):
            return {lang: value for lang in LANGUAGES}
        value = self.mapping(value, f"{where}.{key}", node, key)
        result = {}
        for lang, text in value.items():
            if lang not in LANGUAGES:
                self.error(
                    value, lang, f"'{where}.{key}' has unknown language '{lang}'; use ru or en"
                )
            elif not isinstance(text, str) or not text.strip():
                self.error(value, lang, f"'{where}.{key}.{lang}' must be non-empty text")
            else:
                result[lang] = text.strip()
        return result

    def phrases(self, node: LineDict, key: str, where: str) -> dict[str, tuple[str, ...]]:
        value = node.get(key)
        if value is None:
            return {lang: () for lang in LANGUAGES}
        value = self.mapping(value, f"{where}.{key}", node, key)
        result = {lang: () for lang in LANGUAGES}
        for lang, items in value.items():
            if lang not in LANGUAGES:
                self.error(
                    value, lang, f"'{where}.{key}' has unknown language '{lang}'; use ru or en"
                )
                continue
            if items is None:
                continue
            if not isinstance(items, list) or not all(
                isinstance(i, str) and i.strip() for i in items
            ):
                self.error(
                    value, lang, f"'{where}.{key}.{lang}' must be a list of non-empty phrases"
                )
                continue
            result[lang] = tuple(dict.fromkeys(i.strip() for i in items))
        return result

    def entries(self, node: Any, section: str, parent: Any) -> list[tuple[str, LineDict]]:
        if not isinstance(node, list):
            self.error(parent, section, f"'{section}' must be a list of entries, each with an 'id'")
            return []
        found: list[tuple[str, LineDict]] = []
        seen: set[str] = set()
        for index, item in enumerate(node, 1):
            where = f"{section}[{index}]"
            if not isinstance(item, LineDict):
                self.error(parent, section, f"'{where}' must be a mapping with an 'id'")
                continue
            item_id = item.get("id")
            if not isinstance(item_id, str) or not ID_RE.match(item_id):
                self.error(
                    item, "id", f"'{where}.id' must use a-z, 0-9 and '-' only (got {item_id!r})"
                )
                continue
            if item_id in seen:
                self.error(item, "id", f"'{section}' lists id '{item_id}' twice; keep one")
                continue
            seen.add(item_id)
            found.append((item_id, item))
        return found


def _read(path: Path) -> Any:
    data = read_data_file(path, "profile")
    if data is None:
        return LineDict()
    if not isinstance(data, LineDict):
        raise ProfileError(
            f"{path}:1: the profile must be a mapping of sections (forum, tracks, …)"
        )
    return data


def _build_track(check: _Checker, item: LineDict, where: str) -> Track:
    return Track(item["id"], check.by_language(item, "name", where))


def _build_entry(check: _Checker, item: LineDict, where: str) -> Entry:
    return Entry(
        id=item["id"],
        label=check.by_language(item, "label", where),
        description=check.by_language(item, "description", where, required=False),
        cues=check.phrases(item, "cues", where),
        group=check.text(item, "group", where, required=False)
        or check.text(item, "level", where, required=False),
        context=_context_cues(check, item, where),
        **{key: check.phrases(item, key, where) for key in ENTRY_PHRASES},
    )


#: Optional phrase lists of a value or document entry besides ``cues``.
ENTRY_PHRASES = (
    "exclude",
    "examples",
    "actors",
    "addressees",
    "measures",
    "audiences",
    "owners",
)


def _context_cues(check: _Checker, item: LineDict, where: str) -> tuple[ContextCue, ...]:
    rules = item.get("context")
    if rules is None:
        return ()
    if not isinstance(rules, list) or not all(isinstance(r, LineDict) for r in rules):
        check.error(item, "context", f"'{where}.context' must be a list of {{cues: …, with: …}}")
        return ()
    found = []
    for number, rule in enumerate(rules, 1):
        here = f"{where}.context[{number}]"
        if set(rule) != {"cues", "with"}:
            check.error(rule, next(iter(rule), "cues"), f"'{here}' needs exactly 'cues' and 'with'")
            continue
        found.append(
            ContextCue(check.phrases(rule, "cues", here), check.phrases(rule, "with", here))
        )
    return tuple(found)


def _build_region(check: _Checker, item: LineDict, where: str) -> Region:
    code = item.get("code")
    if code is not None and not isinstance(code, int):
        check.error(item, "code", f"'{where}.code' must be a whole number")
        code = None
    return Region(
        id=item["id"],
        name=check.by_language(item, "name", where),
        aliases=check.phrases(item, "aliases", where),
        capital=check.by_language(item, "capital", where, required=False),
        code=code,
        federal_district=check.text(item, "federal_district", where, required=False),
        places=check.phrases(item, "places", where),
    )


_BUILDERS = {
    "tracks": _build_track,
    "values": _build_entry,
    "documents": _build_entry,
    "regions": _build_region,
}
_KNOWN_KEYS = {"forum", "formats", "replace", "proposal_model", *SECTIONS}


def _section(check: _Checker, data: LineDict, section: str) -> dict[str, Any]:
    items = data.get(section)
    if items is None:
        return {}
    return {
        item_id: _BUILDERS[section](check, item, f"{section}[{item_id}]")
        for item_id, item in check.entries(items, section, data)
    }


def _forum(check: _Checker, node: Any, data: LineDict) -> dict[str, Any]:
    node = check.mapping(node, "forum", data, "forum")
    forum: dict[str, Any] = {}
    for key in ("name", "city"):
        if key in node:
            forum[key] = check.by_language(node, key, "forum")
    if "edition" in node:
        forum["edition"] = check.text(node, "edition", "forum")
    if "dates" in node:
        dates = check.mapping(node["dates"], "forum.dates", node, "dates")
        for key in ("start", "end"):
            value = dates.get(key)
            if not isinstance(value, dt.date):
                check.error(dates, key, f"'forum.dates.{key}' must be an ISO date like 2024-11-20")
        start, end = dates.get("start"), dates.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
            check.error(dates, "end", "'forum.dates.end' comes before 'start'; swap them")
        forum["dates"] = dict(dates)
    if "languages" in node:
        langs = node["languages"]
        if not _strings_among(langs, LANGUAGES):
            check.error(node, "languages", "'forum.languages' must be a list of ru and/or en")
        else:
            forum["languages"] = list(langs)
    return forum


def _strings_among(value: Any, allowed: Iterable[str]) -> bool:
    """A list of plain strings, each one of ``allowed`` (a mapping in the list is a mistake)."""
    return isinstance(value, list) and all(isinstance(v, str) and v in allowed for v in value)


def parse_profile(data: LineDict, label: str, base: Profile | None = None) -> Profile:
    """Validate one profile mapping and merge it onto ``base`` (the defaults)."""
    check = _Checker(label)
    warnings = [
        f"{label}:{data.line_of(k)}: unknown key '{k}' is ignored"
        for k in data
        if k not in _KNOWN_KEYS
    ]
    replace = data.get("replace") or []
    if not _strings_among(replace, SECTIONS):
        check.error(data, "replace", f"'replace' must list sections among: {', '.join(SECTIONS)}")
        replace = []
    forum = dict(base.forum) if base else {}
    if "forum" in data:
        forum.update(_forum(check, data["forum"], data))
    formats = tuple(base.formats) if base else ()
    if "formats" in data:
        value = data["formats"]
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(f, str) and ID_RE.match(f) for f in value)
        ):
            check.error(data, "formats", "'formats' must be a non-empty list of ids like 'panel'")
        else:
            formats = tuple(dict.fromkeys(value))
    merged: dict[str, dict[str, Any]] = {}
    for section in SECTIONS:
        inherited = {} if base is None or section in replace else dict(getattr(base, section))
        inherited.update(_section(check, data, section))
        merged[section] = inherited
    proposal_model = base.proposal_model if base else None
    if "proposal_model" in data:
        value = data["proposal_model"]
        if not isinstance(value, str) or not value.strip():
            check.error(
                data,
                "proposal_model",
                "'proposal_model' must be a folder path like models/proposals",
            )
        else:
            proposal_model = value
    if check.errors:
        raise ProfileError("\n".join(check.errors))
    return Profile(
        forum=forum,
        formats=formats,
        path=base.path if base else None,
        warnings=warnings,
        proposal_model=proposal_model,
        **merged,
    )


@cache
def default_profile() -> Profile:
    """The shipped defaults: Russian Creativity Week — Siberia 2024 and the shared codebooks."""
    path = shipped_data("profile.yaml")
    profile = parse_profile(_read(path), str(path))
    for _section, name in DEFAULT_FILES.items():
        data_path = shipped_data(name)
        profile = parse_profile(_read(data_path), str(data_path), profile)
    return profile


def load_profile(path: Path | None) -> Profile:
    """Load a workspace's ``forum.yaml`` over the defaults; ``None`` gives the defaults."""
    base = default_profile()
    if path is None or not path.exists():
        return base
    profile = parse_profile(_read(path), str(path), base)
    profile.path = path
    return profile
