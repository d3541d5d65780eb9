"""What the documents show, as plain data: the shared pieces and the plan of each language.

Kept free of python-docx and Jinja2 so the data can be tested on its own. A :class:`Plan`
is worked out once per language and shared by every document of that language: which items
the body shows (only those with a text in the language; the others await translation),
their sections (planning document type, then value principle) and their numbers, so a
region brief or a session summary can point to "No. 17 of the consolidated draft". Every
string is cleaned of characters XML cannot hold, once, before any template sees it; escaping
``&`` and ``<`` is left to the template engine's autoescape.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import islice
from typing import Any

from ..notes import Note, Person, Session
from ..profile import Profile
from ..register import DraftItem, Proposal
from ..textio import clean_control
from .measures import kind_key, measure_kinds
from .words import count_form, words

KINDS = ("consolidated", "region", "session")
#: Markers rendered from the context and turned into Word structures after rendering (see
#: ``wordml.py``): a comment anchor, an item number linking to the provenance annex, the
#: annex row it links to, and the place of the table of contents.
ANCHOR = "⟦{}⟧"
ANCHOR_RE = re.compile(r"⟦(\d+)⟧")
LINK = "⟦#{}⟧"
LINK_RE = re.compile(r"⟦#(\d+)⟧")
TARGET = "⟦@{}⟧"
TARGET_RE = re.compile(r"⟦@(\d+)⟧")
TOC_MARK = "⟦TOC⟧"
_MARK = re.compile(r"⟦(?:[#@]?\d+|TOC)⟧")
_BRACKETS = str.maketrans("⟦⟧", "[]")
#: What :func:`clean` changes: XML-forbidden control characters and the marker brackets.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff"  # textio.clean_control's
_UNCLEAN = re.compile(f"[{_CONTROL}⟦⟧]")
_UNCLEAN_CONTROL = re.compile(f"[{_CONTROL}]")
PROCEDURAL = "procedural"
#: How many other sessions a session summary's comment names before "and K more".
ELSEWHERE_SHOWN = 5


@dataclass
class Draft:
    """One document to render: its kind, language, file stem and template context.

    ``comments`` maps each anchor number rendered into the document to the text of the
    Word comment that carries the proposal's provenance.
    """

    kind: str
    lang: str
    stem: str
    context: dict[str, Any]
    comments: dict[int, str]
    properties: dict[str, str]


@dataclass
class Numbered:
    """A body item of one language: its number in the consolidated draft and its text."""

    number: int
    item: DraftItem
    text: str
    route: str  # a planning document type id, or PROCEDURAL
    inferred: bool  # the route was inferred from the kind of measure, not named


@dataclass
class Raised:
    """Where an item was raised, worked out once per item: every brief and summary showing
    it would otherwise walk all its sources again (a large group's, in each of its sessions'
    summaries)."""

    sources: dict[str, list[Proposal]]  # session id → its sources, sessions in order of appearance
    listing: str  # "Session title (Speaker, Speaker); …"

    @property
    def support(self) -> int:
        return len(self.sources)


@dataclass
class Plan:
    """A language's body: numbered items by section, and the items awaiting translation."""

    lang: str
    sections: list[tuple[str, list[tuple[str, list[Numbered]]]]]  # route → [(value|"", items)]
    awaiting: list[DraftItem]

    @cached_property
    def items(self) -> list[Numbered]:
        return [n for _, groups in self.sections for _, found in groups for n in found]

    @cached_property
    def by_id(self) -> dict[str, Numbered]:
        return {n.item.id: n for n in self.items}


def sessions_from_notes(notes: Iterable[Note]) -> dict[str, Session]:
    """Sessions with their sections and language from parsed notes, in date then id order;
    unreadable notes are skipped."""
    found: dict[str, Session] = {}
    for note in notes:
        session = note.with_sections()
        if session is not None and session.id not in found:
            found[session.id] = replace(session, language=note.language)
    return dict(sorted(found.items(), key=lambda kv: (kv[1].date or dt.date.max, kv[0])))


def clean(value: Any) -> Any:
    """Remove control characters from every string in nested dicts and lists.

    Text that happens to hold the marker brackets gets plain ones, so only the markers
    put in by this package are ever taken for anchors.
    """
    if isinstance(value, str):
        if not _UNCLEAN.search(value) or _MARK.fullmatch(value):
            return value
        return clean_control(value).translate(_BRACKETS)
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def safe_stem(name: str) -> str:
    """A file name made from ``name`` that cannot leave its folder or upset Windows."""
    text = unicodedata.normalize("NFKC", clean_control(name))
    text = re.sub(r"[^\w-]+", "-", text, flags=re.UNICODE).strip("-_.")
    return re.sub(r"-{2,}", "-", text)[:80].rstrip("-") or "unnamed"


def format_date(date: dt.date | None, lang: str, end: dt.date | None = None) -> str:
    """``20 ноября 2024 г.`` / ``20–22 November 2024``: how the documents print dates."""
    if date is None:
        return ""
    months, year = words()[lang]["months"], words()[lang]["year"]
    if end is None or end == date:
        return f"{date.day} {months[date.month - 1]} {date.year}{year}"
    if (end.year, end.month) == (date.year, date.month):
        return f"{date.day}–{end.day} {months[date.month - 1]} {date.year}{year}"
    return f"{format_date(date, lang)} – {format_date(end, lang)}"


def number_ranges(numbers: Iterable[int]) -> str:
    """``3, 5–8, 12``: item numbers as a reader looks them up."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def _iso_date(text: str | None) -> dt.date | None:
    """A register's date, or None when it is missing or not ISO (a hand-edited register)."""
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _clip(text: str, limit: int = 255) -> str:
    """Core properties hold 255 characters at most: cut at a word boundary."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;") + "…"


def _norm(text: str) -> str:
    text = re.sub(r"[\u2010-\u2015-]+", "-", text.casefold().replace("ё", "е"))
    return " ".join(text.replace("-", " - ").split())


def text_in(item: DraftItem, lang: str) -> str | None:
    """An item's body text in ``lang``: the analysts' wording, else (in the proposal's own
    language) the suggested resolution wording or the sentence; ``None``: awaiting translation."""
    if item.needs_translation([lang]):
        return None
    suggested = item.sources[0].wording if item.sources else ""
    return item.wording.get(lang) or suggested or item.text


class Base:
    """The pieces every document needs: sessions, people, labels, plans, the item line."""

    def __init__(
        self,
        profile: Profile,
        items: list[DraftItem],
        sessions: dict[str, Session],
        status: str,
        today: dt.date | None = None,
    ) -> None:
        self.profile = profile
        self.items = sorted(items, key=lambda i: (-i.support, -i.rank))
        self.sessions = dict(sessions)
        for item in self.items:
            for source in item.sources:
                self.sessions.setdefault(
                    source.session,
                    Session(
                        id=source.session,
                        title=source.title or source.session,
                        format=source.format,
                        track=source.track,
                        date=_iso_date(source.date),
                        language=source.language,
                    ),
                )
        self.status = status
        self.today = today or dt.date.today()
        self._region_names = {
            _norm(phrase): region.id
            for region in profile.regions.values()
            for lang in ("ru", "en")
            for phrase in region.phrases(lang)
        }
        self._plans: dict[str, Plan] = {}
        self._raised: dict[str, Raised] = {}

    # ------------------------------------------------------------ people and labels

    def region_of(self, person: Person | None) -> str | None:
        """The profile region id of a person's region, or the name as written when none matches."""
        if person is None or not person.region.strip():
            return None
        return self._region_names.get(_norm(person.region), person.region.strip())

    def label(self, kind: str, item_id: str, lang: str) -> str:
        known = item_id in getattr(self.profile, kind)
        return self.profile.label(kind, item_id, lang) if known else item_id

    def position(self, person: Person) -> str:
        text = ", ".join(p for p in (person.role, person.organization) if p)
        return f"{text} ({person.region})" if person.region and text else text or person.region

    def speaker_line(self, source: Proposal, lang: str) -> str:
        """Name and position, from the note's front matter when it lists the speaker."""
        if source.speaker is None:
            return words()[lang]["comment"]["nobody"]
        person = self.sessions[source.session].person(source.speaker)
        position = (
            self.position(person)
            if person
            else ", ".join(p for p in (source.speaker_role, source.organisation) if p)
        )
        return f"{source.speaker}, {position}" if position else source.speaker

    def forum(self, lang: str) -> dict[str, Any]:
        forum = self.profile.forum
        dates = forum.get("dates") or {}
        return {
            "name": self.profile.forum_text("name", lang),
            "edition": str(forum.get("edition", "")),
            "city": self.profile.forum_text("city", lang),
            "dates": format_date(dates.get("start"), lang, dates.get("end")),
        }

    def common(self, lang: str) -> dict[str, Any]:
        return {
            "forum": self.forum(lang),
            "lang": lang,
            "status": self.status,
            "generated": format_date(self.today, lang),
            "toc": TOC_MARK,
        }

    # ------------------------------------------------------------ the plan of a language

    def route_of(self, item: DraftItem) -> tuple[str, bool]:
        """The planning document type an item goes into (or PROCEDURAL), and if inferred.

        A register from before routing has no route: the first document type it names is used.
        """
        route, basis = item.route, item.route_basis
        if route in self.profile.documents:
            return route, basis == "inferred"
        if route is None and basis is None:
            named = next((t for t in item.targets if t in self.profile.documents), None)
            if named:
                return named, False
        return PROCEDURAL, False

    def plan(self, lang: str) -> Plan:
        """Sections by document type (profile order), values as sub-groups only when they hold
        two items or more, then the kinds of measure of the items with no value group (also
        two or more), the rest in one "other" group; items numbered in reading order."""
        if lang in self._plans:
            return self._plans[lang]
        order = [*self.profile.documents, PROCEDURAL]
        by_route: dict[str, list[tuple[DraftItem, str, bool]]] = {r: [] for r in order}
        awaiting = []
        for item in self.items:
            text = text_in(item, lang)
            if text is None:
                awaiting.append(item)
                continue
            route, inferred = self.route_of(item)
            by_route[route].append((item, text, inferred))
        sections = []
        number = 0
        for route in order:
            found = by_route[route]
            if not found:
                continue
            chosen = self.value_groups([entry[0] for entry in found])
            if route != PROCEDURAL:
                chosen.update(self.kind_groups([e for e in found if not chosen[e[0].id]], lang))
            groups: dict[str, list[tuple[DraftItem, str, bool]]] = {
                v: [] for v in [*self.profile.values, *map(kind_key, measure_kinds().labels), ""]
            }
            for entry in found:
                groups[chosen[entry[0].id]].append(entry)
            groups = {v: e for v, e in groups.items() if e}
            if "" in groups:
                groups[""] = groups.pop("")  # the "other" list comes last
            numbered = []
            for value, entries in groups.items():
                items = []
                for item, text, inferred in entries:
                    number += 1
                    items.append(Numbered(number, item, text, route, inferred))
                numbered.append((value, items))
            sections.append((route, numbered))
        self._plans[lang] = plan = Plan(lang, sections, awaiting)
        return plan

    def kind_groups(self, entries: list[tuple[DraftItem, str, bool]], lang: str) -> dict[str, str]:
        """Item id → the kind of measure it is listed under, for the items no value groups:
        a kind heads two items or more; the rest stay in the "other" list ("")."""
        kinds = {item.id: measure_kinds().kind_of(text, lang) for item, text, _ in entries}
        sizes = Counter(kinds.values())
        return {i: kind_key(k) if k and sizes[k] >= 2 else "" for i, k in kinds.items()}

    def value_groups(self, items: list[DraftItem]) -> dict[str, str]:
        """Item id → the value principle it is listed under in its section ("" for "other").

        An item goes under its most central value that at least one other item of the
        section shares; when a value would head a single item, that item moves to its next
        value with a group, or to the "other" list.
        """
        shared = Counter(v for item in items for v in item.values if v in self.profile.values)
        options = {
            item.id: [v for v in item.values if v in self.profile.values and shared[v] >= 2]
            for item in items
        }
        chosen = {item_id: (found[0] if found else "") for item_id, found in options.items()}
        while True:
            sizes = Counter(chosen.values())
            alone = [i for i, v in chosen.items() if v and sizes[v] == 1]
            if not alone:
                return chosen
            for item_id in alone:
                rest = [v for v in options[item_id] if v != chosen[item_id] and sizes[v] >= 1]
                chosen[item_id] = rest[0] if rest else ""
                options[item_id] = rest
                sizes = Counter(chosen.values())

    # ------------------------------------------------------------ one item

    def comment(self, item: DraftItem, lang: str, session: str | None = None) -> str:
        """The provenance comment: each source's verbatim text, session, speaker and id.

        In a session's summary (``session``) only that session's sources, then one line
        naming the other sessions that raised it ("Also raised at 3 other sessions: …"): a
        summary listing every source of a proposal's whole group would make the summaries
        together grow with the square of the forum. The full provenance is in the
        consolidated draft.
        """
        labels = words()[lang]["comment"]
        raised = self.raised(item)
        blocks = []
        for source in item.sources if session is None else raised.sources[session]:
            held = self.sessions[source.session]
            when = format_date(held.date, lang)
            blocks.append(
                "\n".join(
                    (
                        f"«{source.text}»",
                        f"{labels['session']}: {held.title}" + (f" ({when})" if when else ""),
                        f"{labels['speaker']}: {self.speaker_line(source, lang)}",
                        f"ID: {source.id}",
                    )
                )
            )
        if session is not None and raised.support > 1:
            blocks.append(self.elsewhere(raised, session, lang))
        return "\n\n".join(blocks)

    def elsewhere(self, raised: Raised, session: str, lang: str) -> str:
        """The line "Also raised at N other sessions: A; B; … and K more" (titles, in the
        order the proposal's sources name them)."""
        labels = words()[lang]["comment"]
        count = raised.support - 1
        others = islice((s for s in raised.sources if s != session), ELSEWHERE_SHOWN)
        titles = "; ".join(self.sessions[s].title for s in others)
        if count > ELSEWHERE_SHOWN:
            titles = labels["more"].format(sessions=titles, k=count - ELSEWHERE_SHOWN)
        form = labels[f"elsewhere_{count_form(count, lang)}"]
        return form.format(n=count, sessions=titles)

    def raised(self, item: DraftItem) -> Raised:
        """The item's sources by session and their listing, made on first use."""
        known = self._raised.get(item.id)
        if known is not None:
            return known
        parts = []
        for session, speakers in item.speakers_by_session.items():
            title = self.sessions[session].title
            parts.append(f"{title} ({', '.join(speakers)})" if speakers else title)
        raised = self._raised[item.id] = Raised(item.sources_by_session, "; ".join(parts))
        return raised

    def sources(self, item: DraftItem) -> str:
        """Each session once, with its speakers: "Session title (Speaker, Speaker); …"."""
        return self.raised(item).listing

    def details(self, entry: Numbered, lang: str, shown: set[str], value: str) -> str:
        """The compact line under an item: only what is there and tells items apart.

        ``shown`` holds the parts left out: the same for every item ("regions", "values"), or
        said by the section ("route", its heading; "suggested" when all its types are inferred).
        ``value`` is the group's heading, not repeated.
        """
        item, say = entry.item, words()[lang]["details"]
        parts = []
        if "route" not in shown and entry.route != PROCEDURAL:  # a brief or summary
            document = self.label("documents", entry.route, lang)
            parts.append(
                say["route_suggested" if entry.inferred else "route"].format(document=document)
            )
        if "regions" not in shown and item.regions:
            parts.append(", ".join(self.label("regions", r, lang) for r in item.regions))
        values = [v for v in item.values if v != value]
        if "values" not in shown and values:
            parts.append(", ".join(self.label("values", v, lang) for v in values))
        if entry.inferred and "route" in shown and "suggested" not in shown:
            parts.append(say["suggested"])  # in the consolidated draft, under its section
        support = self.raised(item).support
        if support > 1:
            parts.append(say["raised"].format(n=support))
        sources = self.sources(item)
        if sources:
            key = "sources" if support > 1 else "source"
            parts.append(say[key].format(sources=sources))
        return say["separator"].join(parts)

    def same_for_all(self, entries: list[Numbered]) -> set[str]:
        """Parts of the item line that no item in the document would tell apart."""
        same = set()
        if len({tuple(e.item.regions) for e in entries}) <= 1:
            same.add("regions")
        if len({tuple(e.item.values) for e in entries}) <= 1:
            same.add("values")
        return same

    def item(
        self,
        entry: Numbered,
        lang: str,
        comments: dict[int, str],
        shown: set[str],
        value: str = "",
        session: str | None = None,
    ) -> dict[str, Any]:
        """One item for a template; its comment is added to ``comments`` (``session``: in
        that session's summary, see :meth:`comment`)."""
        anchor = len(comments) + 1
        comments[anchor] = self.comment(entry.item, lang, session)
        return {
            "id": entry.item.id,
            "number": entry.number,
            "ref": LINK.format(entry.number),
            "anchor": ANCHOR.format(anchor),
            "wording": entry.text,
            "details": self.details(entry, lang, shown, value),
            "suggested": entry.inferred,
            "support": self.raised(entry.item).support,
            "sources": self.sources(entry.item),
            "status": entry.item.status,
        }

    def draft(
        self,
        kind: str,
        lang: str,
        stem: str,
        context: dict[str, Any],
        comments: dict[int, str],
        title: str,
        items: Iterable[DraftItem],
    ) -> Draft:
        forum = self.profile.forum_text("name", lang)
        values = dict.fromkeys(v for i in items for v in i.values)
        keywords = ", ".join(self.label("values", v, lang) for v in values)
        properties = {"title": title, "subject": forum, "author": forum, "keywords": keywords}
        properties = {k: _clip(clean_control(v)) for k, v in properties.items()}
        cleaned = {  # the search first: translating thousands of long comments is slow
            k: clean_control(v) if _UNCLEAN_CONTROL.search(v) else v for k, v in comments.items()
        }
        return Draft(kind, lang, stem, clean(context), cleaned, properties)

    def session_row(self, session: Session, lang: str) -> dict[str, Any]:
        formats = words()[lang]["formats"]
        return {
            "id": session.id,
            "title": session.title,
            "format": formats.get(session.format, session.format),
            "track": self.label("tracks", session.track, lang) if session.track else "",
            "date": format_date(session.date, lang),
            "moderator": session.moderator.name if session.moderator else "",
        }
