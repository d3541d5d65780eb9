"""One note's extraction: its blocks through the language's pipeline, then its proposals.

Each text block becomes a ``Doc`` (so a list item or heading never merges with its
neighbours) → the pipeline scores sentences and tags values, document types and regions →
proposals get their speaker, offsets, route and suggested wording and a stable id. This is
the part of extraction that needs spaCy; :mod:`toolkit.extract` drives it over the notes
and imports it only when a note has to be extracted (not when the cache has it).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import compress
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..group import concept_keys
from ..nlp.arrays import token_arrays
from ..nlp.classify import REFS_KEY, classify_words
from ..nlp.detector import MARKED_SCORE, UNITS_KEY, note_doc
from ..nlp.features import turn_places
from ..nlp.learned import learned_values, ranked_values
from ..nlp.lexicon import yo_spellings
from ..nlp.route import (
    FEDERAL,
    MEETING_ATTR,
    meeting_context,
    route_decisions,
    speaker_level,
    uncued_units,
)
from ..nlp.route_model import context_features, free, route_learner
from ..nlp.wording import wording_for
from ..notes import Block, Note, Session
from ..notes.body import conventions
from ..notes.model import Person
from ..notes.names import NameIndex, name_keys
from ..register import Proposal, normalise
from . import proposal_id

#: A reply of at most this many words that refers back («Да, давайте так и сделаем.», "Let us
#: do it for next July.") continues the last proposal even from another block.
SHORT_REPLY = 6
#: Research only (``tools/understanding/learn_data.py``): when set, extraction calls it with
#: each proposal's id, its unit (a ``Span`` of the block's ``Doc``), the note's language and
#: what the rules read there (values, route, basis, uncued, named targets, the meeting), so a
#: study can rebuild the rules' signals of every proposal without a second extraction.
UNIT_HOOK: Callable[[str, Span, str, dict[str, Any]], None] | None = None


def block_docs(
    note: Note, nlp: Language, meeting: Callable[[Block], Meeting] | None = None
) -> Iterator[tuple[Block, Doc]]:
    """Each text block of ``note`` with its processed ``Doc``, made as extraction and training
    both need them (section, block kind, the session's year, the block's place in its turn;
    for the router, what the ``meeting`` says about the block, :meth:`HomeRegions.meeting`)."""
    blocks = [b for b in note.blocks if b.kind != "heading"]
    year = note.session.date.year if note.session and note.session.date else None

    def docs() -> Iterator[Doc]:
        for block, turn in zip(blocks, turn_places(blocks), strict=True):
            doc = note_doc(
                nlp, block.text, section=block.role, block_kind=block.kind, year=year, turn=turn
            )
            if meeting:
                doc._.set(MEETING_ATTR, meeting(block))
            yield doc

    yield from zip(blocks, nlp.pipe(docs(), batch_size=64), strict=True)


def extract_note(
    note: Note, nlp: Language, grouping_keys: dict[str, frozenset[str]] | None = None
) -> Iterator[tuple[Proposal | None, int]]:
    """Proposals of one parsed note, each with the number of sentences judged since the last.

    ``grouping_keys`` receives each proposal's :func:`~toolkit.group.concept_keys` by id.
    """
    session = note.session
    assert session is not None
    detector = nlp.get_pipe("proposal_detector")
    lexicon = detector.lexicon
    attribution = Attribution(
        session, lexicon.words["report_verbs"], lexicon.words["reporter_pronouns"]
    )
    home = HomeRegions.of_pipeline(nlp)
    audience = home.audience(session)
    refers_back = ReferringWords.of_pipeline(nlp)
    learner = route_learner(nlp)  # the trained route model, if the pipeline has one
    occurrences: Counter = Counter()
    previous_route: str | None = None  # of the note's last proposal
    for block, doc in block_docs(note, nlp, home.meeting(session)):
        setting = doc._.get(MEETING_ATTR)[1]
        attribution.new_block(doc)
        tags = _Tags(doc)
        adjacent = False  # whether the unit before this one is the proposal of ``previous_route``
        group = doc.spans[UNITS_KEY]
        scores, threshold = group.attrs["scores"], group.attrs["threshold"]
        marked = doc._.toolkit_section == "proposals" and block.kind == "item"
        judged = len(scores)
        if marked:  # the rapporteur's item is the unit, however many sentences it has
            units = [(doc[:], max(scores) if scores else MARKED_SCORE)]
        else:
            units = list(zip(group, scores, strict=True))
        for sent, score in units:
            reported = attribution.read(sent)
            if score < threshold:
                adjacent = False
                continue
            text, first, last = _unit_text(block, sent)
            if not any(c.isalpha() for c in text):
                adjacent = False
                continue  # "…", "-", "1." : a placeholder or a stray mark, nothing proposed
            start, end = block.content.span(first, last)
            # the block's own label or attribution wins; a turn carried over from an earlier
            # paragraph gives way to a narrative report ("Avdeev replied that …")
            speaker = block.speaker if block.turn else (reported or block.speaker)
            norm = normalise(text)
            occurrences[norm] += 1
            person = session.person(speaker)
            regions = tags.ids("regions", sent)
            our_region = home.referred(person, tags.ids(REFS_KEY, sent))
            if our_region and our_region not in regions:
                regions.append(our_region)
            route, route_basis = tags.route(sent)
            if route and tags.uncued(sent):
                if previous_route and refers_back.continues(sent, adjacent):
                    route = previous_route  # "Karelia should do the same.", «Давайте так.»
                else:  # the meeting's level or audience, or the speaker's
                    route = setting or audience or home.level(person) or route
            previous_route, adjacent = route, True  # the rules' (what the model learnt from)
            level = home.level(person)
            proposal_key = proposal_id(session.id, text, occurrences[norm] - 1)
            if UNIT_HOOK is not None:  # research: what the rules read in this unit
                UNIT_HOOK(
                    proposal_key,
                    sent,
                    note.language,
                    {
                        "values": tags.values(sent),
                        "route": route,
                        "basis": route_basis,
                        "uncued": tags.uncued(sent),
                        "targets": tags.ids("targets", sent),
                        "meeting": (*doc._.get(MEETING_ATTR), audience, level),
                    },
                )
            if learner is not None and free(route, route_basis):  # still a suggestion: inferred
                context = context_features(route, route_basis, audience, level)
                route = learner.route(doc, (sent.start, sent.end), route, context)
            if grouping_keys is not None:
                grouping_keys[proposal_key] = concept_keys(sent, note.language)
            yield (
                Proposal(
                    id=proposal_key,
                    session=session.id,
                    text=text,
                    start=start,
                    end=end,
                    speaker=speaker,
                    language=note.language,
                    values=tags.values(sent) if route else [],  # procedural: none
                    targets=tags.ids("targets", sent),
                    regions=regions,
                    marked=marked,
                    score=round(float(score), 3),
                    route=route,
                    route_basis=route_basis,
                    our_region=our_region,
                    line=note.line_of(start),
                    section=block.role,
                    wording=wording_for(sent, note.language),
                    **_session_fields(session, person),
                ),
                judged,
            )
            judged = 0
        if judged:
            yield None, judged


def _session_fields(session: Session, person: Person | None) -> dict[str, Any]:
    """What a proposal repeats of its session and its speaker's entry, for the register."""
    return {
        "title": session.title,
        "track": session.track,
        "format": session.format,
        "date": session.date.isoformat() if session.date else None,
        "organisation": person.organization if person else "",
        "speaker_role": person.role if person else "",
    }


def _unit_text(block: Block, sent: Span) -> tuple[str, int, int]:
    """A unit's normalised text and its character offsets in the block, outer spaces off."""
    raw = sent.text
    first = sent.start_char + len(raw) - len(raw.lstrip())
    last = sent.end_char - (len(raw) - len(raw.rstrip()))
    return normalise(block.text[first:last]), first, last  # the doc was made from block.text


class _Tags:
    """The block's classification spans as sorted tuples, looked up per sentence.

    Walking a ``SpanGroup`` builds a ``Span`` per item: doing that for every proposal of a
    huge pasted paragraph would be quadratic.
    """

    KINDS = ("values", "targets", "regions", REFS_KEY)

    def __init__(self, doc: Doc) -> None:
        self.spans = {
            kind: sorted((s.start, s.end, s.label_) for s in doc.spans.get(kind, []))
            for kind in self.KINDS
        }
        self.starts = {kind: [s[0] for s in spans] for kind, spans in self.spans.items()}
        self.routes = route_decisions(doc)
        self.uncued_units = uncued_units(doc)
        self.learned = learned_values(doc)

    def labels(self, kind: str, sent: Span) -> list[str]:
        """Labels of the ``kind`` spans inside ``sent``, in order, repeats kept."""
        spans, starts = self.spans[kind], self.starts[kind]
        first = bisect.bisect_left(starts, sent.start)
        last = bisect.bisect_left(starts, sent.end)
        return [label for _, end, label in spans[first:last] if end <= sent.end]

    def ids(self, kind: str, sent: Span) -> list[str]:
        return list(dict.fromkeys(self.labels(kind, sent)))

    def values(self, sent: Span) -> list[str]:
        """At most three value ids: the ``value_learner``'s when it ran (the
        rules' and the model's), else the rules', the most often cued first."""
        if self.learned is not None:
            found = self.learned.get((sent.start, sent.end))
            if found is not None:
                return found
        return ranked_values(self.labels("values", sent))

    def route(self, sent: Span) -> tuple[str | None, str | None]:
        """``planning_router``'s decision for this unit (a sentence or a whole list item)."""
        return self.routes[sent.start, sent.end]

    def uncued(self, sent: Span) -> bool:
        """The router found nothing in this unit to route it by."""
        return (sent.start, sent.end) in self.uncued_units


class ReferringWords:
    """Whether a unit refers back to what was said before it ("the same", "this", «то же»,
    «так»): the ``refers_back`` word forms of ``classify_<lang>.yaml``.

    A unit with no cue of its own that refers back continues the proposal right before it in
    its block («Пименова предложила сделать то же в Карелии.»), or, when it is a short reply
    of at most :data:`SHORT_REPLY` words («Да, давайте так и сделаем.»), the last proposal
    said before it, from an earlier block too: it takes that proposal's route rather than the
    default one. (In a long speech "this" and "it" are everywhere: a sentence further on that
    uses them is no continuation.)
    """

    def __init__(self, nlp: Language) -> None:
        strings = nlp.vocab.strings
        phrases = [
            tuple(strings.add(w) for w in written.lower().split())
            for phrase in classify_words(nlp.lang)["refers_back"]
            for written in yo_spellings(phrase)  # «её», «ее»
        ]
        self.forms = frozenset(p[0] for p in phrases if len(p) == 1)
        self.phrases = [p for p in phrases if len(p) > 1]

    @classmethod
    def of_pipeline(cls, nlp: Language) -> ReferringWords:
        """The one instance per pipeline: the words are read once per process."""
        return _one_per_pipeline(_REFERRING, cls, nlp)

    def continues(self, sent: Span, adjacent: bool) -> bool:
        """``sent`` continues the last proposal: when it refers back, right after it in the
        same block (``adjacent``); further on, when it is also a short reply."""
        if not adjacent:
            alpha = token_arrays(sent.doc).alpha[sent.start : sent.end]
            if sum(alpha) > SHORT_REPLY:
                return False
        return self(sent)

    def __call__(self, sent: Span) -> bool:
        """Whether ``sent`` has a word or phrase that refers back."""
        words = token_arrays(sent.doc).lower[sent.start : sent.end]
        if not self.forms.isdisjoint(words):
            return True
        return any(
            tuple(words[i : i + len(p)]) == p for p in self.phrases for i in range(len(words))
        )


_REFERRING: WeakKeyDictionary[Language, ReferringWords] = WeakKeyDictionary()
_T = TypeVar("_T")


def _one_per_pipeline(
    made: WeakKeyDictionary[Language, _T], make: Callable[[Language], _T], nlp: Language
) -> _T:
    """What ``make`` builds for ``nlp``, built once and kept while the pipeline lives."""
    found = made.get(nlp)
    if found is None:
        found = made[nlp] = make(nlp)
    return found


#: ``(addressee, setting)`` of a block: see ``route.MEETING_ATTR``.
Meeting = tuple[str | None, str | None]


class HomeRegions:
    """The region a speaker comes from (front matter ``region:``) and "our region" in a text,
    and the planning level their role names (a federal minister)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.known: dict[str, tuple[str, str] | None] = {}
        self.levels: dict[str, str | None] = {}
        self.audiences: dict[tuple[str, bool], str | None] = {}

    @classmethod
    def of_pipeline(cls, nlp: Language) -> HomeRegions:
        """The one instance per pipeline: a speaker's region is read once per process."""
        return _one_per_pipeline(_HOMES, cls, nlp)

    def of(self, person: Person | None) -> tuple[str, str] | None:
        """``(region id, kind)`` of the person's region, read like any text naming a region."""
        text = person.region.strip() if person and person.region else ""
        if not text:
            return None
        if text not in self.known:
            matcher = self.nlp.get_pipe("profile_matcher")
            doc = self._through("profile_matcher", text)
            region = next((s.label_ for s in doc.spans.get("regions", [])), None)
            self.known[text] = (region, matcher.kinds.get(region, "")) if region else None
        return self.known[text]

    def level(self, person: Person | None) -> str | None:
        """The planning level the person's role or organisation names (``speaker_level``)."""
        text = (
            "; ".join(t.strip() for t in (person.role, person.organization) if t) if person else ""
        )
        if not text:
            return None
        if text not in self.levels:
            self.levels[text] = speaker_level(self._through("planning_router", text))
        return self.levels[text]

    def audience(self, session: Session) -> str | None:
        """The document type of whom the meeting gathers (``audiences`` of the planning
        documents): read in the session's title, else in the role of one of a two-person
        meeting's speakers ("a meeting with the governor"); a region named there reads as the
        word «регион» / "region" ("Встреча с главой Бурятии": «глава региона»)."""
        texts = [(session.title or "", False)]
        if len(session.people) == 2:
            texts += [(p.role, True) for p in session.people if p.role]
        for text, at_start in texts:
            key = (text, at_start)
            if key not in self.audiences:
                self.audiences[key] = self._audience(text, at_start) if text.strip() else None
            if self.audiences[key]:
                return self.audiences[key]
        return None

    def meeting(self, session: Session) -> Callable[[Block], Meeting]:
        """What the meeting says about each block (``route.meeting_context``): its
        :meth:`audience`, and whether the block's speaker is a participant, no federal
        official where one chairs (the moderator, else the first speaker: the President)."""
        audience = self.audience(session)
        levels = {p.name: self.level(p) for p in session.people}
        chaired = bool(session.people) and levels[session.people[0].name] == FEDERAL

        def about(block: Block) -> Meeting:
            participant = chaired and bool(block.speaker) and levels.get(block.speaker, "") is None
            return meeting_context(audience, participant)

        return about

    def _audience(self, text: str, at_start: bool) -> str | None:
        """:meth:`audience` of one text, each region named in it read as ``region_word``."""
        doc = self._through("planning_router", text)
        regions = sorted((s.start_char, s.end_char) for s in doc.spans.get("regions", []))
        if regions:
            stand_in = classify_words(self.nlp.lang)["region_word"]
            parts, last = [], 0
            for start, end in regions:
                if start >= last:
                    parts += [text[last:start], stand_in]
                    last = end
            doc = self._through("planning_router", "".join([*parts, text[last:]]))
        return self.nlp.get_pipe("planning_router").audience(doc, at_start)

    def _through(self, last: str, text: str) -> Doc:
        """``text`` run through the pipeline up to the component ``last``: what comes after
        it adds nothing to the spans read here, and the classifier is the costly part."""
        doc = self.nlp.make_doc(text)
        for name, proc in self.nlp.pipeline:
            doc = proc(doc)
            if name == last:
                break
        return doc

    def referred(self, person: Person | None, refs: list[str]) -> str | None:
        """The speaker's region when ``refs`` (kinds of "our region" phrases, or the ids of
        the regions a shared name such as "Altai" may mean) point to it."""
        home = self.of(person) if refs else None
        if home and ("any" in refs or home[1] in refs or home[0] in refs):
            return home[0]
        return None


_HOMES: WeakKeyDictionary[Language, HomeRegions] = WeakKeyDictionary()


class Attribution:
    """Who narrative sentences attribute proposals to: "Volkova proposed", "по словам Волковой".

    Only a mention next to a reporting verb or phrase counts: a name, a pronoun referring
    to the last person named ("she added", "по её мнению"), or the session's role words
    ("the moderator", "считает лектор" when there is one speaker). Once a paragraph has
    reported someone, its following sentences with no other name stay theirs. Anything
    less certain gives ``None``: never a guess.
    """

    def __init__(
        self, session: Session, report_verbs: frozenset[str], pronouns: frozenset[str]
    ) -> None:
        """``report_verbs`` and ``pronouns`` come from the cue lexicon (``cues_<lang>.yaml``)."""
        self.mentions = NameIndex(p.name for p in session.people).surnames()
        self.report_verbs = report_verbs
        self.pronouns = pronouns  # written with е for ё, like every word of the lexicon
        self.roles: dict[str, str] = {}
        rules = conventions()
        if session.moderator:
            self.roles.update(dict.fromkeys(rules.moderator_labels, session.moderator.name))
        if len(session.speakers) == 1:
            self.roles.update(dict.fromkeys(rules.speaker_labels, session.speakers[0].name))
        self.last_person: str | None = None
        self.reporter: str | None = None
        self.report_phrases: set[int] = set()

    def new_block(self, doc: Doc) -> None:
        self.reporter = None
        self.report_phrases = {
            i
            for cue in doc.spans.get("cues", [])
            if cue.label_ == "report_phrases"
            for i in range(cue.start, cue.end)
        }

    def read(self, sent: Span) -> str | None:
        """The person this sentence reports (remembering mentions for the next ones)."""
        people = list(dict.fromkeys(self._named(sent)))
        reporting = self._reporting_tokens(sent)
        if len(people) == 1:
            self.last_person = people[0]
            if reporting:
                self.reporter = people[0]
                return people[0]
            return None
        if people:
            self.last_person, self.reporter = people[-1], None
            return None
        near = {i for r in reporting for i in range(r - 2, r + 3)}
        for i in range(sent.start, sent.end):
            if i not in near:
                continue
            lower, lemma = self._forms(sent, i)
            if lower.replace("ё", "е") in self.pronouns and self.last_person:
                self.reporter = self.last_person
                return self.reporter
            role = self.roles.get(lemma) or self.roles.get(lower)
            if role:
                self.reporter = self.last_person = role
                return role
        return self.reporter

    # Every sentence of every block is read, so its words come from the doc's token arrays
    # (:func:`~toolkit.nlp.arrays.token_arrays`), not as a ``Token`` each.

    def _named(self, sent: Span) -> list[str]:
        """The session's people a capitalised word of the sentence names, in order."""
        arrays = token_arrays(sent.doc)
        strings, orth, mentions = arrays.strings, arrays.orth, self.mentions
        named: list[str] = []
        for i in compress(range(sent.start, sent.end), arrays.alpha[sent.start : sent.end]):
            text = strings[orth[i]]
            if text[:1].isupper():
                hits = {mentions[k] for k in name_keys(text) if k in mentions}
                if len(hits) == 1:
                    named.append(hits.pop())
        return named

    def _reporting_tokens(self, sent: Span) -> list[int]:
        """Positions of reporting verbs and phrases ("proposed", "по мнению") in the sentence."""
        arrays = token_arrays(sent.doc)
        strings, lemmas, verbs = arrays.strings, arrays.lemma, self.report_verbs
        return [
            i
            for i in range(sent.start, sent.end)
            if strings[lemmas[i]] in verbs or i in self.report_phrases
        ]

    def _forms(self, sent: Span, i: int) -> tuple[str, str]:
        """The lower-case form and the lemma of token ``i``."""
        arrays = token_arrays(sent.doc)
        return arrays.strings[arrays.lower[i]], arrays.strings[arrays.lemma[i]]
