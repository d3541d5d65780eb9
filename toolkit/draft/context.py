"""What each document shows: plain dicts and lists handed to the templates.

Kept free of python-docx and Jinja2 so the data can be tested on its own. Every string is
cleaned of characters XML cannot hold here, once, before any template sees it; escaping
``&`` and ``<`` is left to the template engine's autoescape. The few words that are not
in the templates (month names, session formats, comment labels) are in :data:`WORDS`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..notes import Note, Person, Session
from ..profile import Profile
from ..register import DraftItem, Proposal
from ..textio import clean_control

KINDS = ("consolidated", "region", "session")
#: Comment anchors and the table-of-contents place are rendered as these markers, found and
#: removed after rendering (see ``wordml.py``).
ANCHOR = "⟦{}⟧"
ANCHOR_RE = re.compile(r"⟦(\d+)⟧")
TOC_MARK = "⟦TOC⟧"
_MARK = re.compile(r"⟦(\d+|TOC)⟧")
_BRACKETS = str.maketrans("⟦⟧", "[]")

WORDS: dict[str, dict[str, Any]] = {
    "ru": {
        "months": (
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря",
        ),
        "year": " г.",
        "formats": {
            "plenary": "пленарное заседание",
            "panel": "панельная дискуссия",
            "roundtable": "круглый стол",
            "lecture": "лекция",
            "master-class": "мастер-класс",
            "presentation": "презентация",
            "premiere": "премьера",
            "other": "другое",
        },
        "consolidated": "Предложения по внедрению ценностных принципов в документы стратегического "
        "планирования регионов",
        "region": "Предложения для региона",
        "author": "Источник",
        "session": "Сессия",
        "speaker": "Спикер",
        "nobody": "не указан",
    },
    "en": {
        "months": (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        "year": "",
        "formats": {
            "plenary": "plenary session",
            "panel": "panel discussion",
            "roundtable": "round table",
            "lecture": "lecture",
            "master-class": "master class",
            "presentation": "presentation",
            "premiere": "premiere",
            "other": "other",
        },
        "consolidated": "Proposals for introducing value principles into the strategic planning "
        "documents of the regions",
        "region": "Proposals for the region",
        "author": "Source",
        "session": "Session",
        "speaker": "Speaker",
        "nobody": "not named",
    },
}


@dataclass
class RegionBrief:
    """A region a brief is written for: a profile region id, or a name no profile entry matches."""

    key: str
    names: dict[str, str]
    stem: str


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


def sessions_from_notes(notes: Iterable[Note]) -> dict[str, Session]:
    """Sessions with their sections from parsed notes, in date then id order; unreadable
    notes are skipped."""
    found: dict[str, Session] = {}
    for note in notes:
        session = note.with_sections()
        if session is not None and session.id not in found:
            found[session.id] = session
    return dict(sorted(found.items(), key=lambda kv: (kv[1].date or dt.date.max, kv[0])))


def clean(value: Any) -> Any:
    """Remove control characters from every string in nested dicts and lists.

    Text that happens to hold the marker brackets gets plain ones, so only the markers
    put in by this module are ever taken for anchors.
    """
    if isinstance(value, str):
        return value if _MARK.fullmatch(value) else clean_control(value).translate(_BRACKETS)
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
    words = WORDS[lang]
    if end is None or end == date:
        return f"{date.day} {words['months'][date.month - 1]} {date.year}{words['year']}"
    if (end.year, end.month) == (date.year, date.month):
        return f"{date.day}–{end.day} {words['months'][date.month - 1]} {date.year}{words['year']}"
    return f"{format_date(date, lang)} – {format_date(end, lang)}"


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


class Builder:
    """Builds the context of every document for one set of items, sessions and a profile."""

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

    # ------------------------------------------------------------ shared pieces

    def region_of(self, person: Person | None) -> str | None:
        """The profile region id of a person's region, or the name as written when none matches."""
        if person is None or not person.region.strip():
            return None
        return self._region_names.get(_norm(person.region), person.region.strip())

    def _label(self, kind: str, item_id: str, lang: str) -> str:
        return (
            self.profile.label(kind, item_id, lang)
            if item_id in getattr(self.profile, kind)
            else item_id
        )

    def _position(self, person: Person) -> str:
        text = ", ".join(p for p in (person.role, person.organization) if p)
        return f"{text} ({person.region})" if person.region and text else text or person.region

    def _forum(self, lang: str) -> dict[str, Any]:
        forum = self.profile.forum
        dates = forum.get("dates") or {}
        return {
            "name": self.profile.forum_text("name", lang),
            "edition": str(forum.get("edition", "")),
            "city": self.profile.forum_text("city", lang),
            "dates": format_date(dates.get("start"), lang, dates.get("end")),
        }

    def _speaker_line(self, source: Proposal, lang: str) -> str:
        """Name and position, from the note's front matter when it lists the speaker."""
        if source.speaker is None:
            return WORDS[lang]["nobody"]
        person = self.sessions[source.session].person(source.speaker)
        position = (
            self._position(person)
            if person
            else ", ".join(p for p in (source.speaker_role, source.organisation) if p)
        )
        return f"{source.speaker}, {position}" if position else source.speaker

    def _comment(self, item: DraftItem, lang: str) -> str:
        words = WORDS[lang]
        blocks = []
        for source in item.sources:
            session = self.sessions[source.session]
            when = format_date(session.date, lang)
            blocks.append(
                "\n".join(
                    (
                        f"«{source.text}»",
                        f"{words['session']}: {session.title}" + (f" ({when})" if when else ""),
                        f"{words['speaker']}: {self._speaker_line(source, lang)}",
                        f"ID: {source.id}",
                    )
                )
            )
        return "\n\n".join(blocks)

    def _item(self, item: DraftItem, lang: str, comments: dict[int, str]) -> dict[str, Any]:
        number = len(comments) + 1
        comments[number] = self._comment(item, lang)
        wording, foreign = item.wording_in(lang)
        sources = [
            f"{self.sessions[session].title} ({', '.join(names)})"
            if names
            else self.sessions[session].title
            for session, names in item.speakers_by_session.items()
        ]
        return {
            "id": item.id,
            "anchor": ANCHOR.format(number),
            "wording": wording,
            "foreign": foreign,
            "language": item.language.upper(),
            "principles": ", ".join(self._label("values", v, lang) for v in item.values),
            "documents": ", ".join(self._label("documents", t, lang) for t in item.targets),
            "regions": ", ".join(self._label("regions", r, lang) for r in item.regions),
            "support": item.support,
            "sources": "; ".join(dict.fromkeys(sources)),
            "status": item.status,
        }

    def _common(self, lang: str) -> dict[str, Any]:
        return {
            "forum": self._forum(lang),
            "lang": lang,
            "status": self.status,
            "generated": format_date(self.today, lang),
            "toc": TOC_MARK,
        }

    def _draft(
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
        keywords = ", ".join(self._label("values", v, lang) for v in values)
        properties = {"title": title, "subject": forum, "author": forum, "keywords": keywords}
        properties = {k: _clip(clean_control(v)) for k, v in properties.items()}
        return Draft(
            kind,
            lang,
            stem,
            clean(context),
            {k: clean_control(v) for k, v in comments.items()},
            properties,
        )

    # ------------------------------------------------------------ regions

    def regions(self) -> list[RegionBrief]:
        """Every region a proposal names or a speaker comes from, profile order first."""
        keys: dict[str, None] = {}
        for item in self.items:
            keys.update(dict.fromkeys(item.regions))
        for session in self.sessions.values():
            for person in (session.moderator, *session.speakers):
                region = self.region_of(person)
                if region:
                    keys[region] = None
        order = {rid: n for n, rid in enumerate(self.profile.regions)}
        briefs: list[RegionBrief] = []
        stems: set[str] = set()
        for key in sorted(keys, key=lambda k: (order.get(k, len(order)), k)):
            if key in self.profile.regions:
                names = {lang: self.profile.label("regions", key, lang) for lang in ("ru", "en")}
                stem = key
            else:
                names = {"ru": key, "en": key}
                stem = safe_stem(key)
            base, n = stem, 1
            while stem in stems:
                n += 1
                stem = f"{base}-{n}"
            stems.add(stem)
            briefs.append(RegionBrief(key, names, stem))
        return briefs

    def _from_region(self, item: DraftItem, key: str) -> bool:
        return any(
            self.region_of(self.sessions[s.session].person(s.speaker)) == key for s in item.sources
        )

    # ------------------------------------------------------------ the three kinds

    def consolidated(self, lang: str) -> Draft:
        """The consolidated proposals draft: figures, chart, grouped proposals, annexes."""
        comments: dict[int, str] = {}
        docs = {
            doc_id: {value_id: [] for value_id in [*self.profile.values, ""]}
            for doc_id in [*self.profile.documents, ""]
        }
        for item in self.items:
            doc = next((t for t in item.targets if t in self.profile.documents), "")
            value = next((v for v in item.values if v in self.profile.values), "")
            docs[doc][value].append(item)
        groups = []
        for doc_id, sections in docs.items():
            parts = [
                {
                    "id": value_id,
                    "label": self._label("values", value_id, lang) if value_id else "",
                    "proposals": [self._item(i, lang, comments) for i in found],
                }
                for value_id, found in sections.items()
                if found
            ]
            if parts:
                description = (
                    self.profile.documents[doc_id].description.get(lang, "") if doc_id else ""
                )
                groups.append(
                    {
                        "id": doc_id,
                        "label": self._label("documents", doc_id, lang) if doc_id else "",
                        "description": description,
                        "sections": parts,
                    }
                )
        people = {p.name for s in self.sessions.values() for p in (s.moderator, *s.speakers) if p}
        context = {
            **self._common(lang),
            "figures": {
                "sessions": len(self.sessions),
                "speakers": len(people),
                "proposals": len(self.items),
                "regions": len(self.regions()),
            },
            "chart": {
                "by_principle": self._bars("values", lang),
                "by_document": self._bars("documents", lang),
            },
            "groups": groups,
            "sessions": [self._session_row(s, lang) for s in self.sessions.values()],
            "provenance": [
                {
                    "id": source.id,
                    "quote": source.text,
                    "session": self.sessions[source.session].title,
                    "speaker": source.speaker or "—",
                }
                for item in self.items
                for source in item.sources
            ],
        }
        return self._draft(
            "consolidated",
            lang,
            "proposals-draft",
            context,
            comments,
            WORDS[lang]["consolidated"],
            self.items,
        )

    def _bars(self, kind: str, lang: str) -> list[dict[str, Any]]:
        """Proposals per value (``kind`` "values") or document type ("documents"), most first."""
        attribute = "values" if kind == "values" else "targets"
        counts = {
            key: sum(key in getattr(i, attribute) for i in self.items)
            for key in getattr(self.profile, kind)
        }
        top = max(counts.values(), default=0) or 1
        return [
            {"id": key, "label": self._label(kind, key, lang), "count": count, "share": count / top}
            for key, count in sorted(counts.items(), key=lambda kv: -kv[1])
            if count
        ]

    def _session_row(self, session: Session, lang: str) -> dict[str, Any]:
        return {
            "id": session.id,
            "title": session.title,
            "format": WORDS[lang]["formats"].get(session.format, session.format),
            "track": self._label("tracks", session.track, lang) if session.track else "",
            "date": format_date(session.date, lang),
            "moderator": session.moderator.name if session.moderator else "",
        }

    def region(self, brief: RegionBrief, lang: str) -> Draft:
        """A region's brief: proposals naming it, by its speakers, and the general ones."""
        comments: dict[int, str] = {}
        named = [i for i in self.items if brief.key in i.regions]
        by_speakers = [
            i for i in self.items if brief.key not in i.regions and self._from_region(i, brief.key)
        ]
        speaking = {i.id for i in by_speakers}
        general = [i for i in self.items if not i.regions and i.id not in speaking]
        speakers = [
            {
                "name": person.name,
                "position": ", ".join(p for p in (person.role, person.organization) if p),
                "session": session.title,
            }
            for session in self.sessions.values()
            for person in (session.moderator, *session.speakers)
            if self.region_of(person) == brief.key
        ]
        context = {
            **self._common(lang),
            "region": {"id": brief.key, "name": brief.names[lang]},
            "figures": {
                "named": len(named),
                "by_speakers": len(by_speakers),
                "general": len(general),
                "speakers": len(speakers),
            },
            "named": [self._item(i, lang, comments) for i in named],
            "by_speakers": [self._item(i, lang, comments) for i in by_speakers],
            "general": [self._item(i, lang, comments) for i in general],
            "speakers": speakers,
        }
        return self._draft(
            "region",
            lang,
            brief.stem,
            context,
            comments,
            f"{WORDS[lang]['region']}: {brief.names[lang]}",
            [*named, *by_speakers, *general],
        )

    def session(self, session: Session, lang: str) -> Draft:
        """A session summary: who spoke, conclusions, problems, proposals with attributions."""
        comments: dict[int, str] = {}
        proposals = []
        for item in self.items:
            for source in item.sources:
                if source.session != session.id:
                    continue
                entry = self._item(item, lang, comments)
                if source.id != item.id:
                    entry.update(
                        wording=source.text,
                        foreign=source.language != lang,
                        language=source.language.upper(),
                    )
                entry["speaker"] = source.speaker or ""
                entry["attribution"] = self._speaker_line(source, lang) if source.speaker else ""
                proposals.append(entry)
                break
        people = [{"name": p.name, "position": self._position(p)} for p in session.speakers]
        context = {
            **self._common(lang),
            "session": self._session_row(session, lang),
            "moderator": {
                "name": session.moderator.name,
                "position": self._position(session.moderator),
            }
            if session.moderator
            else None,
            "speakers": people,
            "conclusions": session.conclusions,
            "problems": session.problems,
            "proposals": proposals,
        }
        raised = [i for i in self.items if session.id in i.sessions]
        return self._draft(
            "session", lang, safe_stem(session.id), context, comments, session.title, raised
        )


def sample_context(kind: str, lang: str, profile: Profile) -> dict[str, Any]:
    """A small context with every list filled, to try a template on before real data."""
    region = next(iter(profile.regions.values()), None)
    home = region.name.get(lang, region.id) if region else "Region"
    speaker = Person("Sample Speaker", "role", "organisation", home)
    session = Session(
        id="sample-session",
        title="Sample session",
        format="panel",
        date=dt.date(2024, 11, 20),
        track=next(iter(profile.tracks), None),
        moderator=Person("Sample Moderator"),
        speakers=[speaker],
        conclusions=["A conclusion."],
        problems=["A problem."],
    )

    def item(number: int, speaker_name: str | None, regions: list[str], language: str) -> DraftItem:
        pid = f"P-{number:010x}"
        source = Proposal(
            pid, session.id, f"Sample proposal {number}.", 0, 1, speaker_name, language
        )
        return DraftItem(
            pid,
            source.text,
            language,
            {},
            list(profile.values)[:1],
            list(profile.documents)[:1],
            regions,
            [source],
        )

    items = [
        item(1, speaker.name, [region.id] if region else [], lang),
        item(2, speaker.name, [], lang),
        item(3, None, [], "en" if lang == "ru" else "ru"),
    ]
    builder = Builder(profile, items, {session.id: session}, "draft", dt.date(2024, 11, 22))
    if kind == "consolidated":
        return builder.consolidated(lang).context
    if kind == "region":
        return builder.region(builder.regions()[0], lang).context
    return builder.session(session, lang).context
