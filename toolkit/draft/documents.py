"""The context of each kind of document: the consolidated draft, a region brief, a session summary.

Every document of a language shares that language's :class:`~.context.Plan`, so an item
has one number everywhere and a brief can point to the consolidated draft instead of
repeating it. A document's body is in its language only: what has no wording in it yet is
listed as awaiting translation (an annex of the consolidated draft, a count elsewhere).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..notes import Person, Session
from ..register import DraftItem
from .context import (
    PROCEDURAL,
    TARGET,
    Base,
    Draft,
    Numbered,
    number_ranges,
    safe_stem,
)
from .measures import KIND_PREFIX, measure_kinds
from .words import words


@dataclass
class Index:
    """Where each region and session appears in a language's plan, worked out once so that
    every brief and summary takes only its own entries (no pass over the whole forum each)."""

    named: dict[str, list[Numbered]] = field(default_factory=lambda: defaultdict(list))
    by_speakers: dict[str, list[Numbered]] = field(default_factory=lambda: defaultdict(list))
    sessions: dict[str, list[Numbered]] = field(default_factory=lambda: defaultdict(list))
    awaiting_regions: Counter = field(default_factory=Counter)  # how many await translation
    awaiting_sessions: Counter = field(default_factory=Counter)
    general: dict[str, list[int]] = field(default_factory=dict)  # route → numbers, no region
    people: dict[str, list[tuple[Person, Session]]] = field(
        default_factory=lambda: defaultdict(list)
    )


@dataclass
class RegionBrief:
    """A region a brief is written for: a profile region id, or a name no profile entry matches."""

    key: str
    names: dict[str, str]
    stem: str


class Builder(Base):
    """Builds the context of every document for one set of items, sessions and a profile."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._indexes: dict[str, Index] = {}

    # ------------------------------------------------------------ the consolidated draft

    def consolidated(self, lang: str) -> Draft:
        """The consolidated draft: figures, charts, sections by planning document type,
        annexes (sessions, provenance, proposals awaiting translation)."""
        plan = self.plan(lang)
        comments: dict[int, str] = {}
        shown = self.same_for_all(plan.items)
        shown = shown | {"route"}  # the section's heading
        sections = []
        for route, groups in plan.sections:
            entries = [e for _, found in groups for e in found]
            suggested = sum(e.inferred for e in entries)
            # when every type in the section is inferred, the section says so once
            said = shown | {"suggested"} if suggested == len(entries) else shown
            sections.append(
                {
                    "id": route,
                    "label": self.route_label(route, lang),
                    "description": self.route_description(route, lang),
                    "count": len(entries),
                    "suggested": suggested,
                    "groups": [
                        {  # a lone "other" group needs no heading of its own
                            "label": self.group_label(value, lang, [v for v, _ in groups]),
                            "proposals": [self.item(e, lang, comments, said, value) for e in found],
                        }
                        for value, found in groups
                    ],
                }
            )
        people = {p.name for s in self.sessions.values() for p in (s.moderator, *s.speakers) if p}
        context = {
            **self.common(lang),
            "figures": {
                "sessions": len(self.sessions),
                "speakers": len(people),
                "proposals": len(plan.items),
                "regions": len(self.regions(all_regions=True)),
                "awaiting": len(plan.awaiting),
            },
            "chart": {
                "by_principle": self.bars("values", plan.items, lang),
                "by_document": self.bars("documents", plan.items, lang),
            },
            "sections": sections,
            "sessions": [self.session_row(s, lang) for s in self.sessions.values()],
            "provenance": [
                {
                    "number": entry.number,
                    "target": TARGET.format(entry.number),
                    "id": source.id,
                    "quote": source.text,
                    "session": self.sessions[source.session].title,
                    "speaker": source.speaker or "—",
                }
                for entry in plan.items
                for source in entry.item.sources
            ],
            "awaiting": [self.awaiting_row(item) for item in plan.awaiting],
        }
        return self.draft(
            "consolidated",
            lang,
            "proposals-draft",
            context,
            comments,
            words()[lang]["titles"]["consolidated"],
            [e.item for e in plan.items],
        )

    def route_label(self, route: str, lang: str) -> str:
        if route == PROCEDURAL:
            return words()[lang]["sections"]["procedural"]
        return self.label("documents", route, lang)

    def route_description(self, route: str, lang: str) -> str:
        entry = self.profile.documents.get(route)
        return entry.description.get(lang, "") if entry else ""

    def awaiting_row(self, item: DraftItem) -> dict[str, Any]:
        source = item.sources[0] if item.sources else None
        return {
            "id": item.id,
            "language": item.language.upper(),
            "text": item.text,
            "session": self.sessions[source.session].title if source else "",
            "speaker": (source.speaker if source else None) or "—",
        }

    def group_label(self, key: str, lang: str, keys: list[str]) -> str:
        """A sub-heading of a section: a value principle, "Other proposals: <kind of measure>"
        (just the kind when the section has no value sub-heading), or "Other proposals"
        (none when it is the section's only list)."""
        sections = words()[lang]["sections"]
        if key in self.profile.values:
            return self.label("values", key, lang)
        if not key:
            return sections["other"] if len(keys) > 1 else ""
        kind = measure_kinds().labels[key.removeprefix(KIND_PREFIX)][lang]
        if any(k in self.profile.values for k in keys):
            return sections["other_kind"].format(kind=kind)
        return kind[:1].upper() + kind[1:]

    def bars(self, kind: str, entries: list[Numbered], lang: str) -> list[dict[str, Any]]:
        """Proposals per value (``kind`` "values") or planning document type ("documents")."""
        keys = getattr(self.profile, kind)
        counts = dict.fromkeys(keys, 0)
        for entry in entries:
            if kind == "values":
                for value in entry.item.values:
                    if value in counts:
                        counts[value] += 1
            elif entry.route in counts:
                counts[entry.route] += 1
        top = max(counts.values(), default=0) or 1
        return [
            {"id": key, "label": self.label(kind, key, lang), "count": count, "share": count / top}
            for key, count in sorted(counts.items(), key=lambda kv: -kv[1])
            if count
        ]

    # ------------------------------------------------------------ region briefs

    def regions(self, all_regions: bool = False) -> list[RegionBrief]:
        """Regions with something of their own: named by a proposal or with a speaker who made
        one (with ``all_regions``: every region a proposal names or a speaker comes from)."""
        own: dict[str, None] = {}
        for item in self.items:
            own.update(dict.fromkeys(item.regions))
            own.update(dict.fromkeys(r for r in self.speaker_regions(item) if r))
        if all_regions:
            for session in self.sessions.values():
                for person in (session.moderator, *session.speakers):
                    region = self.region_of(person)
                    if region:
                        own[region] = None
        order = {rid: n for n, rid in enumerate(self.profile.regions)}
        briefs: list[RegionBrief] = []
        stems: set[str] = set()
        for key in sorted(own, key=lambda k: (order.get(k, len(order)), k)):
            if key in self.profile.regions:
                names = {lang: self.profile.label("regions", key, lang) for lang in ("ru", "en")}
                stem = key
            else:
                names, stem = {"ru": key, "en": key}, safe_stem(key)
            base, n = stem, 1
            while stem in stems:
                n += 1
                stem = f"{base}-{n}"
            stems.add(stem)
            briefs.append(RegionBrief(key, names, stem))
        return briefs

    def speaker_regions(self, item: DraftItem) -> list[str | None]:
        return [self.region_of(self.sessions[s.session].person(s.speaker)) for s in item.sources]

    def index(self, lang: str) -> Index:
        """The language's :class:`Index`, built on first use."""
        if lang in self._indexes:
            return self._indexes[lang]
        plan, index = self.plan(lang), Index()
        for entry in plan.items:
            for region in entry.item.regions:
                index.named[region].append(entry)
            for region in dict.fromkeys(self.speaker_regions(entry.item)):
                if region and region not in entry.item.regions:
                    index.by_speakers[region].append(entry)
            for session in entry.item.sessions:
                index.sessions[session].append(entry)
        for item in plan.awaiting:
            index.awaiting_regions.update({*item.regions, *self.speaker_regions(item)} - {None})
            index.awaiting_sessions.update(item.sessions)
        for route, groups in plan.sections:
            index.general[route] = [
                e.number for _, found in groups for e in found if not e.item.regions
            ]
        for session in self.sessions.values():
            for person in (session.moderator, *session.speakers):
                region = self.region_of(person)
                if region:
                    index.people[region].append((person, session))
        self._indexes[lang] = index
        return index

    def region(self, brief: RegionBrief, lang: str) -> Draft:
        """A brief: what names the region, what its speakers proposed, a pointer to the rest."""
        index = self.index(lang)
        comments: dict[int, str] = {}
        named = index.named.get(brief.key, [])
        by_speakers = index.by_speakers.get(brief.key, [])
        mine = {e.number for e in [*named, *by_speakers]}
        shown = self.same_for_all([*named, *by_speakers])
        pointer, general = [], 0
        for route, numbers in index.general.items():
            numbers = [n for n in numbers if n not in mine]
            general += len(numbers)
            if numbers:
                pointer.append(
                    {
                        "label": self.route_label(route, lang),
                        "count": len(numbers),
                        "numbers": number_ranges(numbers),
                    }
                )
        speakers = [
            {
                "name": person.name,
                "position": ", ".join(p for p in (person.role, person.organization) if p),
                "session": session.title,
            }
            for person, session in index.people.get(brief.key, [])
        ]
        context = {
            **self.common(lang),
            "region": {"id": brief.key, "name": brief.names[lang]},
            "figures": {
                "named": len(named),
                "by_speakers": len(by_speakers),
                "general": general,
                "speakers": len(speakers),
                "awaiting": index.awaiting_regions[brief.key],
            },
            "named": [self.item(e, lang, comments, shown) for e in named],
            "by_speakers": [self.item(e, lang, comments, shown) for e in by_speakers],
            "general": pointer,
            "speakers": speakers,
        }
        title = f"{words()[lang]['titles']['region']}: {brief.names[lang]}"
        items = [e.item for e in [*named, *by_speakers]]
        return self.draft("region", lang, brief.stem, context, comments, title, items)

    # ------------------------------------------------------------ session summaries

    def session(self, session: Session, lang: str) -> Draft:
        """Who spoke, the rapporteur's conclusions and problems, the proposals.

        A session held in another language says so first; its proposals appear where they
        have a wording in the document's language, and its notes' own text is left out.
        """
        index = self.index(lang)
        comments: dict[int, str] = {}
        foreign = bool(session.language) and session.language != lang
        entries = index.sessions.get(session.id, [])
        shown = self.same_for_all(entries)
        proposals = []
        for entry in entries:
            source = self.raised(entry.item).sources[session.id][0]
            line = self.item(
                entry, lang, comments, shown | {"values", "regions"}, session=session.id
            )
            line["attribution"] = self.speaker_line(source, lang) if source.speaker else ""
            proposals.append(line)
        context = {
            **self.common(lang),
            "session": {
                **self.session_row(session, lang),
                "language": words()[lang]["languages"].get(session.language, ""),
                "foreign": foreign,
            },
            "moderator": self.person(session.moderator),
            "speakers": [self.person(p) for p in session.speakers],
            "conclusions": [] if foreign else session.conclusions,
            "problems": [] if foreign else session.problems,
            "proposals": proposals,
            "awaiting": index.awaiting_sessions[session.id],
        }
        items = [e.item for e in entries]
        stem = safe_stem(session.id)
        return self.draft("session", lang, stem, context, comments, session.title, items)

    def person(self, person: Person | None) -> dict[str, str] | None:
        return {"name": person.name, "position": self.position(person)} if person else None


def sample_context(kind: str, lang: str, profile: Any) -> dict[str, Any]:
    """A small context with every list filled, to try a template on before real data."""
    import datetime as dt

    from ..register import Proposal

    region = next(iter(profile.regions.values()), None)
    home = region.name.get(lang, region.id) if region else "Region"
    speaker = Person("Sample Speaker", "role", "organisation", home)
    other = "en" if lang == "ru" else "ru"
    session = Session(
        id="sample-session",
        title="Sample session",
        format="panel",
        date=dt.date(2024, 11, 20),
        track=next(iter(profile.tracks), None),
        language=lang,
        moderator=Person("Sample Moderator"),
        speakers=[speaker],
        conclusions=["A conclusion."],
        problems=["A problem."],
    )

    def item(number: int, regions: list[str], language: str, route: str | None) -> DraftItem:
        pid = f"P-{number:010x}"
        source = Proposal(
            pid, session.id, f"Sample proposal {number}.", 0, 1, speaker.name, language
        )
        values = list(profile.values)[:1]
        return DraftItem(
            pid,
            source.text,
            language,
            {},
            values,
            [],
            regions,
            [source],
            route=route,
            route_basis="inferred" if route else None,
        )

    first_document = next(iter(profile.documents), None)
    items = [
        item(1, [region.id] if region else [], lang, first_document),
        item(2, [], lang, first_document),
        item(3, [], lang, None),
        item(4, [], other, first_document),
    ]
    builder = Builder(profile, items, {session.id: session}, "draft", dt.date(2024, 11, 22))
    if kind == "consolidated":
        return builder.consolidated(lang).context
    if kind == "region":
        return builder.region(builder.regions()[0], lang).context
    return builder.session(session, lang).context
