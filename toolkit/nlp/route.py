"""``planning_router``: the ONE planning document type each sentence belongs in.

docs/classification.md describes the conventions.

The rule, in order:

1. a procedural item (the forum's own next steps, ``procedural`` in ``classify_<lang>.yaml``)
   has none, even when it names a document ("a comparative report on the regions'
   strategies for the next forum" is the forum's work, not a strategy's content);
2. a document type the sentence names (``doc.spans["targets"]`` from ``profile_matcher``) is
   its route, ``named`` (several named: the last, where the content is usually put; a strategy
   named together with a municipal actor is the municipal strategy);
3. otherwise the route is ``inferred``: each document type scores its ``actors`` (who acts:
   municipalities, federal bodies; worth :data:`SUBJECT_WEIGHT` right before the words that
   ask for the action, "every city should …", «попросить Минкультуры упростить …», since who
   is asked decides before what, :data:`ACTOR_WEIGHT` at the start of the sentence,
   :data:`FAR_ACTOR_WEIGHT` elsewhere), its ``addressees`` (who is asked to act only there:
   "Studios should …"; elsewhere a business is a beneficiary and says nothing of the
   document) and its ``measures`` (kinds of measure: :data:`HEAD_WEIGHT` in the head of the
   proposal, the verb of the requested action and its object, "build a festival *calendar*",
   one elsewhere); the highest score wins, ties going to the earlier type of
   :data:`PREFERENCE`; a sentence with no cue at all gets :data:`DEFAULT_ROUTE`, where most
   measures go.

What the meeting says (:data:`MEETING_ATTR`, set by extraction from the note's front matter)
adds two cues: words that address someone («прошу», "I ask you", a Russian imperative) name
the addressee (the meeting's audience, or the federal official chairing it) as who is asked,
and the level the meeting works at weighs in every sentence (:data:`SETTING_WEIGHT`). Whom a
title or role says the meeting gathers is :meth:`PlanningRouter.audience`, by the documents'
``audiences``.

Cues land in ``doc.spans["tk_route_cues"]`` (labels ``actor:<id>``, ``addressee:<id>``,
``measure:<id>``, ``procedural``; ``head:<id>`` for a measure in the head and ``subject:<id>``
for an actor or addressee right before the request); decisions in ``doc.spans["tk_routes"]``:
one span per sentence, and one over
the whole block when it has several sentences (a rapporteur's list item is one proposal),
labelled with the route id (``-`` for none) and with ``named``/``inferred`` in ``span.id_``;
the units with no cue at all are listed in its ``uncued`` attribute, since extraction gives
those of a federal speaker ("President of Russia") the federal level (:func:`speaker_level`).
Patterns travel with the pipeline like ``profile_matcher``'s.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from operator import itemgetter
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Span

from ..profile import Profile
from .arrays import (
    TokenArrays,
    extension_key,
    keep,
    kept,
    sentence_bounds,
    set_group,
    token_arrays,
)
from .classify import classify_words, doc_targets
from .patterns import LemmaKeys, PatternComponent

#: Pattern kinds that find the head of a proposal (``classify_<lang>.yaml``), not cues.
HEAD_KINDS = ("head_openers", "head_skip", "head_ends")
#: Phrases in which no cue counts ("of course", "pay attention", «федеральный округ»), the
#: head kinds, the words that address the meeting's audience ("I ask you", «прошу») and
#: who a meeting gathers (read in a session's title, never a cue in a proposal): the
#: pattern kinds that mark tokens instead of being cues.
#: Rules that are conditions of funding ("rules *for* grants", «требования к … получающим
#: господдержку») go with the funding to the state programme: ``conditions`` words before a
#: ``funded`` word of the same sentence (``classify_<lang>.yaml``).
FUNDING_KINDS = ("conditions", "funded")
#: Matters that only federal law decides (veterinary certification, academic degrees, border
#: passes, copyright): the rules about them (regional-law cues of the same sentence) are
#: federal (``federal_matters`` of ``classify_<lang>.yaml``).
FEDERAL_MATTERS = "federal_matters"
#: Words that join who is asked ("universities *and* companies should"): the subject goes on.
JOINS = "head_joins"
#: The forum passing on its own work ("send *these points* to the ministries", «направить
#: итоговую *записку* в правительства»): a ``sends`` word followed in its sentence, within
#: :data:`SEND_WINDOW` tokens, by one of the forum's ``outputs`` makes the sentence procedural
#: (``classify_<lang>.yaml``); sending money, students or a building is not.
SEND_KINDS = ("sends", "outputs")
SEND_WINDOW = 5
MARK_KINDS = (
    *HEAD_KINDS,
    JOINS,
    *FUNDING_KINDS,
    *SEND_KINDS,
    FEDERAL_MATTERS,
    "not_cues",
    "addresses",
    "audience",
)
CUES_KEY = "tk_route_cues"
ROUTES_KEY = "tk_routes"
NONE = "-"
PATTERN_KINDS = ("actor", "addressee", "owner", "measure", "procedural", *MARK_KINDS)
#: What the meeting says about a block, set on its Doc before the pipeline runs
#: (``toolkit.extract``): ``(addressee, setting)``, the document type of whom its speaker
#: asks with "I ask you", «прошу» or an imperative, and that of the level the meeting works at,
#: which weighs in every sentence (:data:`SETTING_WEIGHT`); either may be ``None``.
MEETING_ATTR = "toolkit_meeting"
_NO_MEETING = (None, None)
if not Doc.has_extension(MEETING_ATTR):
    Doc.set_extension(MEETING_ATTR, default=_NO_MEETING)
_MEETING_KEY = extension_key(MEETING_ATTR)
#: An actor among the first tokens of the sentence is its addressee ("Municipalities should").
NEAR_START = 4
ACTOR_WEIGHT = 2.0
FAR_ACTOR_WEIGHT = 0.75
MEASURE_WEIGHT = 1.0
HEAD_WEIGHT = 2.0
SUBJECT_WEIGHT = 4.0  # who is asked decides before what: as much as a head verb and noun
#: Whose property or money a measure uses («муниципальные помещения», "the city budget"):
#: the owner decides, so it outweighs a kind of measure in the head with one more beside it
#: (ties go to the more specific document, the owner's).
OWNER_WEIGHT = 3.0
#: The level a meeting works at, in each of its sentences: as much as a kind of measure in
#: the head, so a measure named in passing does not take a federal meeting's work elsewhere.
SETTING_WEIGHT = 2.0
ACTOR_KINDS = ("actor", "addressee", "subject")
#: The pattern keys that name who acts: a measure word inside one does not count.
NAMED_ACTORS = ("actor:", "addressee:", "owner:")
#: The cues whose label depends on the head of their sentence and who is asked in it.
ROLED_KINDS = frozenset({"measure", *ACTOR_KINDS})
DEFAULT_ROUTE = "state-programme"
FEDERAL = "federal-level"
LAW = "regional-law"
#: Levels whose speakers' uncued sentences are theirs (:func:`speaker_level`).
SPEAKER_LEVELS = (FEDERAL,)
#: The routes group's attribute listing the units with no cue: ``[(start, end), …]``.
UNCUED = "uncued"
#: Where the words that ask for the action are looked for ("…, he said, the city should …").
HEAD_WINDOW = 14
#: How many words before them may name who is asked ("every large Siberian city should").
SUBJECT_SPAN = 4
#: Cases of a word before the request that names a partner or a place, not who is asked.
ASIDE_CASES = frozenset({"Ins", "Loc"})
#: Ties go to the more specific document: who acts first, then rules before money.
PREFERENCE = (
    "federal-level",
    "municipal-strategy",
    "territorial-planning",
    "regional-law",
    "state-programme",
    "strategy-action-plan",
    "socio-economic-forecast",
    "regional-strategy",
)
_PREFERENCE_RANK = {route: i for i, route in enumerate(PREFERENCE)}
_HYPHEN = get_string_id("-")


@Language.factory(
    "planning_router",
    requires=["token.lemma", "doc.spans"],
    assigns=["doc.spans"],
    default_config={},
)
def make_planning_router(nlp: Language, name: str) -> PlanningRouter:
    return PlanningRouter(nlp, name)


def route_of(named: list[str], cues: list[tuple[str, str, int]]) -> tuple[str | None, str | None]:
    """``(route, basis)`` from the named types (in order) and ``(kind, label, offset)`` cues."""
    actors = {label for kind, label, offset in cues if kind in ACTOR_KINDS and offset < NEAR_START}
    if any(kind == "procedural" for kind, _, _ in cues):
        return None, None
    if named:
        route = named[-1]
        if route == "regional-strategy" and "municipal-strategy" in actors:
            route = "municipal-strategy"
        return route, "named"
    if not cues:
        return DEFAULT_ROUTE, "inferred"
    scores: Counter = Counter()
    for kind, label, offset in cues:
        if weight := _cue_weight(kind, offset):  # a business named later weighs nothing
            scores[label] += weight
    if not scores:
        return DEFAULT_ROUTE, "inferred"
    rank = _PREFERENCE_RANK
    return max(scores, key=lambda r: (scores[r], -rank.get(r, len(rank)))), "inferred"


def _cue_weight(kind: str, offset: int) -> float:
    """What a cue ``offset`` tokens into its unit adds to its document type's score."""
    if kind == "subject":
        return SUBJECT_WEIGHT
    if kind == "setting":
        return SETTING_WEIGHT
    if kind == "owner":
        return OWNER_WEIGHT
    if kind in ACTOR_KINDS:  # an actor or addressee: who is asked stands at the start
        if offset < NEAR_START:
            return ACTOR_WEIGHT
        return FAR_ACTOR_WEIGHT if kind == "actor" else 0.0
    return HEAD_WEIGHT if kind == "head" else MEASURE_WEIGHT


#: The match key of a ``PhraseMatcher`` match ``(key, start, end)``
_MATCH_KEY = itemgetter(0)


class PlanningRouter(PatternComponent):
    """Routes each sentence of a ``Doc`` to one planning document type, or none."""

    KINDS = PATTERN_KINDS

    def clear(self) -> None:
        super().clear()
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        # the head marks ("the", "and", "of" …: nearly every match of a block) only label the
        # tokens of cues, so they are searched only in a block whose marks count (:meth:`__call__`)
        self.heads = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        self.keys: dict[int, str] = {}  # match key -> "kind:label"
        self.cue_keys: set[int] = set()  # the match keys of cues (not of marks)
        self.send_keys: set[int] = set()  # the match keys of ``sends`` words
        self.joins: set[int] = set()  # lemmas of the one-word ``head_joins``
        strings = self.nlp.vocab.strings
        # a block with no cue and no named type: each unit's route and basis, as string ids
        self.uncued_route = (strings.add(DEFAULT_ROUTE), strings.add("inferred"))

    def _add(self, pattern: dict[str, Any], words: LemmaKeys) -> None:
        if pattern["kind"] == JOINS and len(words) == 1:  # "and" is everywhere: no match each
            self.joins.add(words[0])
            return
        key = f"{pattern['kind']}:{pattern['label']}"
        self.keys[self.nlp.vocab.strings.add(key)] = key
        if pattern["kind"] not in MARK_KINDS:
            self.cue_keys.add(self.nlp.vocab.strings[key])
        elif pattern["kind"] == SEND_KINDS[0]:
            self.send_keys.add(self.nlp.vocab.strings[key])
        (self.heads if pattern["kind"] in HEAD_KINDS else self.matcher).add(key, [words])

    def matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Every match of the patterns in ``doc`` (``(key, start, end)``), the head marks too."""
        return [*self.matcher(doc), *self.heads(doc)]

    def __call__(self, doc: Doc) -> Doc:
        matches = self.matcher(doc)
        sentences = sentence_bounds(doc)
        units = [*sentences, (0, len(doc))] if len(sentences) > 1 else sentences
        addressee, setting = doc.user_data.get(_MEETING_KEY, _NO_MEETING)  # doc._ is slower
        # marks only label the tokens of cues: with no cue, no addressee and nothing sent on,
        # none counts
        keys = set(map(_MATCH_KEY, matches))
        if addressee or not (self.cue_keys.isdisjoint(keys) and self.send_keys.isdisjoint(keys)):
            found = sorted((s, e, self.keys[key]) for key, s, e in [*matches, *self.heads(doc)])
            cues = self._cues(doc, found, sentences, addressee)
        else:
            cues = []
        group = set_group(doc, CUES_KEY, [Span(doc, s, e, label=key) for s, e, key in cues])
        keep(doc, CUES_KEY, tuple(cues), group)  # for the value model (toolkit.nlp.learned)
        targets = doc_targets(doc)
        if not cues and not targets:  # most blocks: every unit gets the default route
            route, basis = self.uncued_route
            routes = [Span(doc, s, e, label=route, span_id=basis) for s, e in units]
            group = set_group(doc, ROUTES_KEY, routes, {UNCUED: list(units)})
            keep(
                doc, ROUTES_KEY, tuple([(s, e, DEFAULT_ROUTE, "inferred") for s, e in units]), group
            )
            return doc
        rows = [(s, e, *key.split(":", 1)) for s, e, key in cues]
        cue_starts = [row[0] for row in rows]
        target_starts = [target[0] for target in targets]
        routes, uncued, plain = [], [], []
        for start, end in units:  # what lies inside the unit, found by position
            named = in_unit = None
            if targets:
                first, last = bisect_left(target_starts, start), bisect_left(target_starts, end)
                named = [label for _, e, label in targets[first:last] if e <= end]
            if rows:
                first, last = bisect_left(cue_starts, start), bisect_left(cue_starts, end)
                in_unit = [(k, label, s - start) for s, e, k, label in rows[first:last] if e <= end]
            if in_unit and setting:
                in_unit.append(("setting", setting, 0))
            route, basis = route_of(named or [], in_unit or [])
            routes.append(Span(doc, start, end, label=route or NONE, span_id=basis or ""))
            plain.append((start, end, route, basis))
            if not named and not in_unit:
                uncued.append((start, end))
        keep(doc, ROUTES_KEY, tuple(plain), set_group(doc, ROUTES_KEY, routes, {UNCUED: uncued}))
        return doc

    def audience(self, doc: Doc, at_start: bool = False) -> str | None:
        """The document type of whom ``doc`` (a session's title, a speaker's role) says the
        meeting gathers, by its ``audiences`` phrases: the longest found wins, ties by
        :data:`PREFERENCE`; ``at_start`` takes only a phrase that opens ``doc`` (a role that
        *is* a governor, not an adviser to one)."""
        found = [
            (e - s, -_PREFERENCE_RANK.get(key.split(":", 1)[1], len(PREFERENCE)), key)
            for match, s, e in self.matcher(doc)
            if (key := self.keys[match]).startswith("audience:") and not (at_start and s)
        ]
        return max(found)[2].split(":", 1)[1] if found else None

    def _cues(
        self,
        doc: Doc,
        found: list[tuple[int, int, str]],
        sentences: list[tuple[int, int]],
        addressee: str | None = None,
    ) -> list[tuple[int, int, str]]:
        """The ``(start, end, label)`` of each cue that counts, labelled by its role; words
        that address someone name the ``addressee`` (a document type) as who is asked."""
        marks = {k: set() for k in MARK_KINDS}
        for s, e, key in found:
            kind = key.split(":", 1)[0]
            if kind in marks:
                marks[kind].update(range(s, e))
        head: set[int] = set()
        subject: set[int] = set()
        # a sentence's head and subject only relabel its own measure and actor cues
        roled = {
            i for s, e, key in found if key.split(":", 1)[0] in ROLED_KINDS for i in range(s, e)
        }
        tagged = bool(roled) and doc.has_annotation("POS")
        tokens = token_arrays(doc)
        for start, end in sentences:
            if roled.intersection(range(start, end)):
                sent_head, sent_subject = head_roles(tokens, start, end, marks, tagged, self.joins)
                head |= sent_head
                subject |= sent_subject
        cues = [
            (s, e, _role(key, range(s, e), head, subject))
            for s, e, key in counted_cues(found, marks)
        ]
        if marks["conditions"] and marks["funded"]:
            cues = funding_conditions(cues, marks, sentences)
        if marks[FEDERAL_MATTERS]:
            cues = federal_matters(cues, marks[FEDERAL_MATTERS], sentences)
        if marks["sends"] and marks["outputs"]:
            cues = sorted(cues + forum_sends(marks, sentences))
        if addressee:
            asked = f"subject:{addressee}"
            cues += [(s, e, asked) for s, e in addresses(tokens, found, marks, tagged)]
            cues.sort()
        return cues


def counted_cues(
    found: list[tuple[int, int, str]], marks: dict[str, set[int]]
) -> list[tuple[int, int, str]]:
    """The ``(start, end, key)`` matches that count as cues: not a mark, nothing inside a
    ``not_cues`` phrase, and no measure word inside the name of who acts ("the Ministry of
    Finance" funds nothing, «городской фонд» is the city's)."""
    idle = marks["not_cues"]
    actors = {i for s, e, key in found if key.startswith(NAMED_ACTORS) for i in range(s, e)}
    return [
        (s, e, key)
        for s, e, key in found
        if key.split(":", 1)[0] not in marks
        and not any(i in idle for i in range(s, e))
        and not (key.startswith("measure:") and any(i in actors for i in range(s, e)))
    ]


def funding_conditions(
    cues: list[tuple[int, int, str]],
    marks: dict[str, set[int]],
    sentences: list[tuple[int, int]],
) -> list[tuple[int, int, str]]:
    """Regional-law cues that are conditions of funding named later in their sentence ("stable
    rules for industrial grants", "a requirement in every programme funded by the region"),
    relabelled to the state programme: the conditions of a grant go with the grant."""
    conditions, funded = marks["conditions"], marks["funded"]
    relabelled = []
    for s, e, key in cues:
        kind, label = key.split(":", 1)
        if label == LAW and any(i in conditions for i in range(s, e)):
            end = next((b for a, b in sentences if a <= s < b), e)
            if any(i in funded for i in range(e, end)):
                key = f"{kind}:{DEFAULT_ROUTE}"
        relabelled.append((s, e, key))
    return relabelled


def federal_matters(
    cues: list[tuple[int, int, str]], matters: set[int], sentences: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """Regional-law cues in a sentence that names a matter only federal law decides ("a
    simplified *veterinary* certification", «снять требование учёной степени»), relabelled to
    the federal level: the rules of such a matter are federal law's, whoever asks."""
    federal_sentences = [(a, b) for a, b in sentences if any(a <= i < b for i in matters)]
    relabelled = []
    for s, e, key in cues:
        kind, label = key.split(":", 1)
        if label == LAW and any(a <= s < b for a, b in federal_sentences):
            key = f"{kind}:{FEDERAL}"
        relabelled.append((s, e, key))
    return relabelled


def forum_sends(
    marks: dict[str, set[int]], sentences: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """``procedural`` cues where a sentence passes on the forum's own work: a ``sends`` word
    ("send", «направить», «оформить») and, after it within :data:`SEND_WINDOW` tokens of the
    same sentence, one of the forum's ``outputs`` ("these points", «записка», «итоги»)."""
    outputs = marks["outputs"]
    found = []
    for start, end in sentences:
        for i in sorted(j for j in marks["sends"] if start <= j < end):
            if any(k in outputs for k in range(i + 1, min(end, i + 1 + SEND_WINDOW))):
                found.append((i, i + 1, "procedural:procedural"))
                break
    return found


def addresses(
    t: TokenArrays, found: list[tuple[int, int, str]], marks: dict[str, set[int]], tagged: bool
) -> list[tuple[int, int]]:
    """Where a sentence asks whom its speaker addresses to act: an ``addresses`` phrase ("I ask
    you", «прошу», «ваша задача») or, with parts of speech, a verb in the imperative
    («Проконтролируйте», «Требуйте»; «давайте», an opener, asks everyone)."""
    spans = [(s, e) for s, e, key in found if key.startswith("addresses:")]
    if tagged:
        idle = marks["head_openers"] | marks["head_skip"]
        pos = t.pos
        spans += [
            (i, i + 1)
            for i in range(len(pos))
            if pos[i] == VERB and i not in idle and t.feature(i, "Mood") == "Imp"
        ]
    return spans


def meeting_context(audience: str | None, participant: bool) -> tuple[str | None, str | None]:
    """``(addressee, setting)`` of a block (:data:`MEETING_ATTR`) at a meeting gathering
    ``audience`` (a document type, or ``None``), said by a ``participant``: someone who is no
    federal official where one chairs (the President).

    The audience is asked, and a federal audience (the Government, a federal body's board) is
    the level of everything said there: the federal level is one document whatever the kind
    of measure, while a regional audience's measures still choose among the programme, the law
    and the strategy. A participant asks the chair, the federal level; with no audience named,
    what they propose is put to it, so it is their setting too.
    """
    addressee = FEDERAL if participant else audience
    federal = audience == FEDERAL or (participant and not audience)
    return addressee, FEDERAL if federal else None


def route_decisions(doc: Doc) -> dict[tuple[int, int], tuple[str | None, str | None]]:
    """``{(start, end): (route, basis)}`` of each unit the router decided (``None``: none)."""
    found = kept(doc, ROUTES_KEY)
    if found is not None:
        return {(s, e): (route, basis) for s, e, route, basis in found}
    return {
        (span.start, span.end): (None if span.label_ == NONE else span.label_, span.id_ or None)
        for span in doc.spans.get(ROUTES_KEY, [])
    }


def uncued_units(doc: Doc) -> set[tuple[int, int]]:
    """The units with no cue at all, routed to :data:`DEFAULT_ROUTE` for want of anything
    better: a federal speaker's are theirs (:func:`speaker_level`)."""
    group = doc.spans.get(ROUTES_KEY)
    return {tuple(unit) for unit in group.attrs.get(UNCUED, ())} if group is not None else set()


def speaker_level(doc: Doc) -> str | None:
    """The level a speaker's role or organisation (``doc``) names by its actors, if one of
    :data:`SPEAKER_LEVELS`: "President of Russia", «Минпромторг России» → ``federal-level``.

    What such a speaker asks for in a sentence that names no actor, document or measure
    ("This is a big job but it must be done.") is work of their own level; a regional or
    municipal speaker's such sentences keep :data:`DEFAULT_ROUTE`, as measured on the gold.
    """
    for span in doc.spans.get(CUES_KEY, []):
        kind, label = span.label_.split(":", 1)
        if kind in ACTOR_KINDS and label in SPEAKER_LEVELS:
            return label
    return None


def head_roles(
    t: TokenArrays,
    start: int,
    end: int,
    marks: dict[str, set[int]],
    tagged: bool,
    joins: set[int] | frozenset[int] = frozenset(),
) -> tuple[set[int], set[int]]:
    """The head of a proposal (the requested action and its object) and who is asked, as
    token indices of the sentence ``start``..``end`` of ``t``'s doc; ``marks`` holds the
    tokens of each ``HEAD_KINDS`` phrase, ``tagged`` says whether the doc has parts of speech,
    ``joins`` holds the lemmas of the one-word ``head_joins`` ("and": who is asked goes on).

    The action follows the last opener near the start ("we should …", «нужно …») or opens
    the sentence, speech verbs skipped. With parts of speech (Russian) the head is its verb
    and the first noun after it, or, with no verb, the first noun in the nominative or
    accusative; without them (English) it runs to the first ``head_ends`` word or punctuation.
    """
    openers, skip, ends = (marks[kind] for kind in HEAD_KINDS)
    stop = min(end, start + HEAD_WINDOW)
    near = [i for i in range(start, stop) if i in openers]
    if tagged:
        pos = t.pos
        verb = next(
            (i for i in range(start, end) if pos[i] == VERB and _free(i, skip, openers)), None
        )
        if verb is not None:
            noun = next((i for i in range(verb + 1, end) if pos[i] == NOUN), None)
            head = {verb} if noun is None else {verb, noun}
            anchor = min([i for i in near if verb - 3 < i < verb] + [verb])
        else:
            noun = next(
                (i for i in range(start, end) if pos[i] == NOUN and _nominative(t, i)), None
            )
            head = set() if noun is None else {noun}
            anchor = None
    else:
        first = (max(near) + 1) if near else start
        while first < end and (first in skip or first in openers):
            first += 1
        last = first
        while last < end and last not in ends and not _breaks(t, last):
            last += 1
        head = {first, last - 1} if last > first else set()
        anchor = next((i for i in near if not _speech(t, i, end, marks)), None)
    subject: set[int] = set()
    if anchor is not None:
        i = anchor - 1
        joined = marks[JOINS]  # "universities and companies should": both are asked
        lemma = t.lemma
        while (
            i >= start
            and anchor - i <= SUBJECT_SPAN
            and not (
                t.punct[i] or ((i in ends or i in skip) and not (i in joined or lemma[i] in joins))
            )
        ):
            if not (tagged and _aside_case(t, i)):
                subject.add(i)
            i -= 1
    return head, subject


def _aside_case(t: TokenArrays, i: int) -> bool:
    """A word in the instrumental or prepositional case names a partner or a place («совместно
    с университетами», «в вузах»), not who is asked (dative «вузам», nominative, accusative)."""
    return (t.feature(i, "Case") or "").split(",")[0] in ASIDE_CASES


def _speech(t: TokenArrays, i: int, end: int, marks: dict[str, set[int]]) -> bool:
    """The opener at ``i`` introduces what someone says ("went on *to* argue that the city
    should …": a ``head_skip`` word and then a ``head_ends`` one or punctuation), not the
    request: who is asked stands before a later opener."""
    openers, skip, ends = (marks[kind] for kind in HEAD_KINDS)
    while i < end and i in openers:
        i += 1
    return i + 1 < end and i in skip and (i + 1 in ends or bool(t.punct[i + 1]))


def _breaks(t: TokenArrays, i: int) -> bool:
    """Punctuation ends a phrase, except a hyphen inside a word ("fixed-price market")."""
    return bool(t.punct[i]) and not (
        t.orth[i] == _HYPHEN and not t.space[i] and i > 0 and not t.space[i - 1]
    )


def _free(i: int, *marked: set[int]) -> bool:
    """Token ``i`` is in none of the ``marked`` phrases (a speech verb is not the action)."""
    return not any(i in tokens for tokens in marked)


def _nominative(t: TokenArrays, i: int) -> bool:
    """In the nominative or accusative: the head of a proposal with no verb («Закупка книг»)."""
    return (t.feature(i, "Case") or "").split(",")[0] in ("Nom", "Acc")


def _role(key: str, tokens: range, head: set[int], subject: set[int]) -> str:
    """A cue's label, ``head:``/``subject:`` when it stands in the head or before the request."""
    kind, label = key.split(":", 1)
    if kind == "measure" and any(i in head for i in tokens):
        return f"head:{label}"
    if kind in ACTOR_KINDS and any(i in subject for i in tokens):
        return f"subject:{label}"
    return key


def routing_patterns(profile: Profile, lang: str) -> list[dict[str, Any]]:
    """The router's patterns for ``lang``: documents' actors, addressees, measures and
    audiences, procedural phrases, the words that find the head of a proposal and that
    address the audience."""
    patterns = []
    for document in profile.documents.values():
        for kind in ("actors", "addressees", "owners", "measures", "audiences"):
            for phrase in dict.fromkeys(getattr(document, kind).get(lang, ())):
                patterns.append({"kind": kind[:-1], "label": document.id, "pattern": phrase})
    words = classify_words(lang)
    for kind in (
        "procedural",
        *HEAD_KINDS,
        JOINS,
        *FUNDING_KINDS,
        *SEND_KINDS,
        FEDERAL_MATTERS,
        "not_cues",
        "addresses",
    ):
        for phrase in dict.fromkeys(words[kind]):
            patterns.append({"kind": kind, "label": kind, "pattern": phrase})
    return patterns
