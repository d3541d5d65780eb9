"""``profile_matcher``: the value principles, named document types and regions a text concerns.

The conventions of docs/classification.md as data. Every phrase is matched by lemma, so
"в Красноярском крае" finds Krasnoyarsk Krai and "state programmes" the state programme.
Results land in ``doc.spans``:

- ``values``: codebook cues (``cues``; a ``context`` cue only in a sentence that also holds
  one of its companion phrases; never inside one of the value's ``exclude`` phrases);
- ``targets``: phrases that name a planning document type;
- ``regions``: names, aliases, capitals and places of a region, and coordinated lists that
  share the region word ("Irkutsk, Omsk and Kemerovo oblasts", «Иркутской, Омской и
  Кемеровской областей»: three regions), except those named only as an origin or a
  comparison (``region_aside`` phrases right before them: "a participant from Achinsk",
  «уехавших в Москву и Петербург») or inside a ``not_regions`` phrase (a person's name:
  «Владимир Владимирович»);
- ``tk_region_refs``: phrases that refer to the speaker's own region («наш край», a definite
  «край»), labelled with the kind of region they fit (``any``, ``krai``, ``oblast`` …);
  extraction resolves them, since only it knows the speaker.

Like spaCy's ``span_ruler``, the factory builds an empty matcher: the patterns come through
:meth:`ProfileMatcher.add_patterns` (``build_pipeline`` passes the profile's) or
``initialize``, and travel with the pipeline (``patterns.jsonl`` with their lemmas), so a
pipeline saved with ``nlp.to_disk`` tags the same wherever it is loaded.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..errors import ProfileError
from ..profile import Profile
from ..yamlio import LineDict, read_data_file, shipped_data
from .arrays import filter_bounds, keep, kept, sentence_bounds, set_group, token_arrays
from .patterns import LemmaKeys, PatternComponent

KINDS = ("values", "targets", "regions")
REFS_KEY = "tk_region_refs"
#: Pattern kinds the matcher understands (each pattern is ``{"kind", "label", "pattern"}``
#: plus ``lemmas`` once lemmatised, and ``rule``/``role`` for context cues).
PATTERN_KINDS = (
    "value",
    "value_context",
    "value_exclude",
    "target",
    "region",
    "region_head",
    "region_ref",
    "region_aside",
    "region_not",
)
#: Tokens that join the items of a coordinated list of regions.
LIST_JOINERS = frozenset({",", "и", "или", "а", "также", "and", "or", "&", "as", "well"})
#: The same, and "of" after a region word, as the string ids of lemmas the token arrays hold.
_JOINER_IDS = frozenset(map(get_string_id, LIST_JOINERS))
_OF = get_string_id("of")
MAX_STEM_TOKENS = 4


@Language.factory(
    "profile_matcher",
    requires=["token.lemma"],
    assigns=["doc.spans"],
    default_config={},
)
def make_profile_matcher(nlp: Language, name: str) -> ProfileMatcher:
    return ProfileMatcher(nlp, name)


class ProfileMatcher(PatternComponent):
    """Finds the profile's values, named document types and regions in a ``Doc``."""

    KINDS = PATTERN_KINDS

    def clear(self) -> None:
        super().clear()
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LEMMA")  # one pass for every kind
        self.keys: dict[int, tuple[str, int]] = {}  # match key -> (kind, label key)
        self.stems: dict[tuple[str, tuple[int, ...]], str | None] = {}  # lemmas as ids
        self.kinds: dict[str, str] = {}  # region id -> krai, oblast, republic, okrug, city

    def _add(self, pattern: dict[str, Any], words: LemmaKeys) -> None:
        label = pattern["label"]
        if pattern["kind"] == "value_context":
            label = f"{label}\t{pattern['rule']}\t{pattern['role']}"
        if pattern["kind"] == "region":
            self.kinds[label] = pattern.get("region_kind", "")
        strings = self.nlp.vocab.strings
        key = f"{pattern['kind']}\t{label}"
        self.keys[strings.add(key)] = (pattern["kind"], strings.add(label))
        self.matcher.add(key, [words])

    def _added(self) -> None:
        """Derive (region word kind, stem lemmas) → region id from names like «Иркутская область»,
        the lemmas as string ids (what a doc's token arrays hold).

        A stem shared by two regions is ambiguous and maps to ``None``.
        """
        heads = [
            (p["label"], tuple(p["lemmas"])) for p in self.patterns if p["kind"] == "region_head"
        ]
        stems: dict[tuple[str, tuple[int, ...]], str | None] = {}
        for pattern in self.patterns:
            if pattern["kind"] != "region":
                continue
            lemmas = tuple(pattern["lemmas"])
            for kind, head in heads:
                n = len(head)
                if lemmas[:n] == head and len(lemmas) > n:
                    stem = lemmas[n:]
                else:
                    at = next((i for i in range(1, len(lemmas)) if lemmas[i : i + n] == head), 0)
                    stem = lemmas[:at]
                if 0 < len(stem) <= MAX_STEM_TOKENS:
                    key = (kind, tuple(map(get_string_id, stem)))
                    stems[key] = (
                        pattern["label"]
                        if stems.get(key, pattern["label"]) == pattern["label"]
                        else None
                    )
        self.stems = stems

    # ------------------------------------------------------------ tagging

    def __call__(self, doc: Doc) -> Doc:
        found = self.matcher(doc)
        if not found:  # most blocks name nothing of the profile
            set_group(doc, "values")
            keep(doc, "targets", (), set_group(doc, "targets"))
            set_group(doc, "regions")
            set_group(doc, REFS_KEY)
            return doc
        matches: dict[str, list[tuple[int, int, int]]] = {kind: [] for kind in self.KINDS}
        for key, start, end in found:
            kind, label = self.keys[key]
            matches[kind].append((label, start, end))
        spans = self._values(doc, matches)  # read back from the list: a group makes new Spans
        values = set_group(doc, "values", spans)
        keep(doc, "values", tuple([(v.start, v.end, v.label_) for v in spans]), values)
        targets = filter_bounds([(s, e, key) for key, s, e in matches["target"]])
        group = set_group(doc, "targets", [Span(doc, s, e, label=key) for s, e, key in targets])
        strings = self.nlp.vocab.strings
        keep(doc, "targets", tuple([(s, e, strings[key]) for s, e, key in targets]), group)
        regions = self._regions(doc, matches)
        set_group(doc, "regions", regions)
        taken = {i for span in regions for i in range(span.start, span.end)}
        taken.update(i for _, s, e in matches["region_not"] for i in range(s, e))
        refs = [
            Span(doc, s, e, label=key)
            for key, s, e in matches["region_ref"]
            if not taken.intersection(range(s, e))
            # a name two regions share ("Altai", labelled by their ids) is a name, not a word
            and (strings[key] in self.kinds or _one_region(doc, s, e, ref_words(self.nlp.lang)))
        ]
        bounds = {(x.start, x.end) for x in filter_spans(refs)}  # "Altai": both of its regions
        set_group(doc, REFS_KEY, [x for x in refs if (x.start, x.end) in bounds])
        return doc

    def _values(self, doc: Doc, matches: dict) -> list[Span]:
        excluded = defaultdict(list)
        for key, s, e in matches["value_exclude"]:
            excluded[key].append((s, e))

        def kept(key: int, s: int, e: int) -> bool:
            return not any(xs <= s and e <= xe for xs, xe in excluded.get(key, ()))

        spans = [Span(doc, s, e, label=key) for key, s, e in matches["value"] if kept(key, s, e)]
        if not matches["value_context"]:
            return spans
        starts = _sentence_starts(doc)
        companions: set[tuple[str, int]] = set()  # (rule, sentence) pairs with a companion
        cues: list[tuple[str, int, int]] = []
        for key, s, e in matches["value_context"]:
            value, rule, role = self.nlp.vocab.strings[key].split("\t")
            if role == "with":
                companions.add((f"{value}\t{rule}", _sentence_of(starts, s)))
            else:
                cues.append((f"{value}\t{rule}", s, e))
        for rule, s, e in cues:
            value = rule.split("\t")[0]
            if (rule, _sentence_of(starts, s)) in companions and kept(
                self.nlp.vocab.strings[value], s, e
            ):
                spans.append(Span(doc, s, e, label=value))
        return sorted(spans, key=lambda span: (span.start, span.end))

    def _regions(self, doc: Doc, matches: dict) -> list[Span]:
        """The regions' spans, worked out as ``(start, end, label)`` and made ``Span``s once
        they are kept (a ``Span`` reads three ``Token`` objects to be made)."""
        if not matches["region"] and not matches["region_head"]:
            return []  # most blocks that match something name no region
        spans: list[_Region] = filter_bounds([(s, e, key) for key, s, e in matches["region"]])
        named = {(s, e) for s, e, _ in spans}  # "Nizhny Novgorod" over "Novgorod" kept above
        lemmas = token_arrays(doc).lemma
        for key, s, e in matches["region_head"]:
            kind = self.nlp.vocab.strings[key]
            for start, end, region in self._listed(lemmas, kind, s, e):
                if (start, end) not in named and not any(x[0] <= start < x[1] for x in spans):
                    spans.append((start, end + (e - s if end == s else 0), region))
        spans = filter_bounds(spans)
        names = [(s, e) for _, s, e in matches["region_not"]]  # «Владимир Владимирович»
        spans = [x for x in spans if not any(s < x[1] and x[0] < e for s, e in names)]
        spans = _not_lone_plural(doc, spans, {e for _, _, e in matches["region_head"]})
        spans = _not_aside(doc, spans, {e for _, _, e in matches["region_aside"]})
        spans = _not_origin(doc, spans, origin_words(self.nlp.lang))
        return [Span(doc, start, end, label=label) for start, end, label in spans]

    def _listed(
        self, lemmas: list[int], kind: str, head_start: int, head_end: int
    ) -> Iterator[tuple[int, int, str]]:
        """Regions listed before a region word («Омской и Кемеровской областей») or after it
        ("Republics of Khakassia and Tyva"): ``(start, end, region id)`` of each item; ``lemmas``
        are the doc's lemmas as string ids."""
        after = head_end + (1 if head_end < len(lemmas) and lemmas[head_end] == _OF else 0)
        for edge, step in ((head_start, -1), (after, 1)):
            while True:  # each item is a stem that starts (or ends) where the last one stopped
                found = self._stem(lemmas, kind, edge, step)
                if not found:
                    break
                yield (found[0], edge, found[1]) if step < 0 else (edge, found[0], found[1])
                edge = found[0]
                while (
                    0 < edge < len(lemmas) and lemmas[edge if step > 0 else edge - 1] in _JOINER_IDS
                ):
                    edge += step
                if edge == found[0]:
                    break

    def _stem(self, lemmas: list[int], kind: str, edge: int, step: int) -> tuple[int, str] | None:
        """The longest region stem ending at ``edge`` (``step`` -1) or starting there (+1)."""
        room = edge if step < 0 else len(lemmas) - edge
        for size in range(min(MAX_STEM_TOKENS, room), 0, -1):
            words = lemmas[edge - size : edge] if step < 0 else lemmas[edge : edge + size]
            region = self.stems.get((kind, tuple(words)))
            if region:
                return edge + step * size, region
        return None


#: A region found in a doc: ``(start, end, label)``, the label a string or its id.
_Region = tuple[int, int, Any]


def _not_aside(doc: Doc, spans: list[_Region], aside_ends: set[int]) -> list[_Region]:
    """``spans`` less the regions right after an origin or comparison phrase, and the ones
    coordinated with them ("from Moscow or Saint Petersburg")."""
    kept: list[_Region] = []
    dropped_end = None  # where the region dropped last ends
    for span in spans:
        listed = dropped_end is not None and all(
            doc[i].lower_ in LIST_JOINERS for i in range(dropped_end, span[0])
        )
        if span[0] in aside_ends or listed:
            dropped_end = span[1]
        else:
            kept.append(span)
            dropped_end = None
    return kept


def _runs(doc: Doc, spans: list[_Region]) -> Iterator[list[_Region]]:
    """``spans`` in coordinated runs: spans with only list joiners between them ("Yakutsk or
    Khabarovsk", «Хабаровска и Владивостока») form one run."""
    run: list[_Region] = []
    for span in spans:
        if run and not all(doc[i].lower_ in LIST_JOINERS for i in range(run[-1][1], span[0])):
            yield run
            run = []
        run.append(span)
    if run:
        yield run


def _not_lone_plural(doc: Doc, spans: list[_Region], head_ends: set[int]) -> list[_Region]:
    """``spans`` less a region name ending in a plural region word with no other region
    listed before it: "the museums of the Amur regions" are the regions along the Amur, "the
    Omsk and Tomsk regions" two oblasts."""
    kept: list[_Region] = []
    for run in _runs(doc, spans):
        if len(run) > 1 or run[-1][1] not in head_ends or not _plural_word(doc[run[-1][1] - 1]):
            kept.extend(run)
    return kept


def _plural_word(token: Token) -> bool:
    """A plural noun: by pymorphy3's number (Russian), else by an "s" its lemma lacks."""
    if token.morph:
        return "Plur" in token.morph.get("Number")
    return token.lower_.endswith("s") and token.lower_ != token.lemma_.lower()


def _not_origin(doc: Doc, spans: list[_Region], words: OriginWords) -> list[_Region]:
    """``spans`` less the places a person is said to come from: a run right after an origin
    word ("from", «из») that a closing bracket or a reporting verb follows, a comma allowed
    between ("Andrei Polyakov, a developer from Perm, argued …", "(a volunteer from
    Vladivostok):", «Студентка из Петропавловска-Камчатского попросила …»), or that a verb of
    bringing people stands just before ("can't bring anyone from Yakutsk", «их привозят из
    Новосибирска»). "Buses from Krasnoyarsk to Minusinsk" and "studios from Kazan take
    students" stay."""
    kept: list[_Region] = []
    for run in _runs(doc, spans):
        start, end = run[0][0], run[-1][1]
        # the origin word first: most runs have none, and the rest reads tokens
        if not (start > 0 and doc[start - 1].lower_ in words.starts):
            kept.extend(run)
            continue
        after = end + (1 if end < len(doc) and doc[end].text == "," else 0)
        brought = any(
            doc[i].lemma_.lower() in words.verbs for i in range(max(0, start - 4), start - 1)
        )
        described = after < len(doc) and (
            doc[after].text.startswith(")") or doc[after].lemma_.lower() in words.ends
        )
        if not (brought or described):
            kept.extend(run)
    return kept


def _one_region(doc: Doc, start: int, end: int, words: RefWords) -> bool:
    """Whether the region word ending the reference ``doc[start:end]`` means one region: not a
    plural noun («республики должны», «соседние области», "the republics"), not a word of
    ``words.fields`` used alone as a field of knowledge (a genitive noun after it: «в области
    химии», but «в нашей области компенсации» is the speaker's) and, in a language with
    ``words.articles``, a lone region word only after one ("the krai should", not "a different
    republic"); never after a word of ``words.others`` («каждый край», «в другой области»)."""
    token = doc[end - 1]
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if before is not None and before.lemma_.lower() in words.others:
        return False  # «каждый край», «в другой области»
    if token.morph:  # pymorphy3's parse (Russian)
        field = end - start == 1 and _field(token, after, words.fields)
        return not (_plural(token, before, after) or field)
    if _plural_word(token):  # no morphology (English): a plural differs from its lemma by "s"
        return False
    articles = words.articles
    return not articles or end - start > 1 or (before is not None and before.lower_ in articles)


def _plural(token: Token, before: Token | None, after: Token | None) -> bool:
    """A plural noun, by its own number, its adjective's before it or, when no noun governs
    it (not «правительство области»), its predicate's after it («области должны»): a verb or
    a short adjective, not a full adjective, which opens the next noun phrase («ввести в
    республике трёхлетние гранты» is one republic)."""
    if token.pos_ != "NOUN":
        return False
    agreeing = [token]
    if before is not None and before.pos_ in _AGREEING:
        agreeing.append(before)
    governed = before is not None and before.pos_ == "NOUN"
    if not governed and after is not None and _predicate(after):
        agreeing.append(after)
    return any("Plur" in word.morph.get("Number") for word in agreeing)


def _predicate(token: Token) -> bool:
    """A word that can be the predicate of a noun before it: a verb or a short adjective
    («должны», «нужны»)."""
    return token.pos_ in _PREDICATES or (
        token.pos_ == "ADJ" and "Short" in token.morph.get("Variant")
    )


def _field(token: Token, after: Token | None, fields: frozenset[str]) -> bool:
    """A word of ``fields`` followed by a genitive noun («области химии»): a field of
    knowledge, not a region."""
    return (
        token.lemma_ in fields
        and after is not None
        and after.pos_ == "NOUN"
        and "Gen" in after.morph.get("Case")
    )


#: What agrees with a Russian noun in number: its adjective before it, its predicate after
#: it when nothing governs the noun («области должны», «республики могут»; «стратегии
#: области нужны показатели» is one region).
_AGREEING = frozenset({"ADJ", "VERB", "AUX", "DET"})
#: Parts of speech that are always a possible predicate (adjectives only in their short form).
_PREDICATES = frozenset({"VERB", "AUX"})


class RefWords(NamedTuple):
    """The words of ``classify_<lang>.yaml`` that :func:`_one_region` reads."""

    fields: frozenset[str]  # ``field_nouns``: region words that also name a field
    articles: frozenset[str]  # ``region_articles``: what a lone region word needs before it
    others: frozenset[str]  # ``other_regions``: lemmas before it that make it any region or none


@cache
def ref_words(lang: str) -> RefWords:
    """:class:`RefWords` of ``lang``, as lower-case words."""
    return RefWords(*_word_sets(lang, ("field_nouns", "region_articles", "other_regions")))


def _word_sets(lang: str, keys: tuple[str, ...]) -> Iterator[frozenset[str]]:
    """The lists ``keys`` of ``classify_<lang>.yaml``, each as a set of lower-case words."""
    words = classify_words(lang)
    return (frozenset(w.lower() for w in words[k]) for k in keys)


class OriginWords(NamedTuple):
    """The words of ``classify_<lang>.yaml`` that :func:`_not_origin` reads."""

    starts: frozenset[str]  # ``origin_words``: "from", «из»
    ends: frozenset[str]  # ``origin_ends``: lemmas of the reporting verbs that follow a person
    verbs: frozenset[str]  # ``origin_verbs``: lemmas of verbs that bring people from elsewhere


@cache
def origin_words(lang: str) -> OriginWords:
    """:class:`OriginWords` of ``lang``, as lower-case words."""
    return OriginWords(*_word_sets(lang, ("origin_words", "origin_ends", "origin_verbs")))


def doc_targets(doc: Doc) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` of ``doc.spans["targets"]`` in order, as ``profile_matcher``
    kept them."""
    found = kept(doc, "targets")
    if found is None:
        found = [(s.start, s.end, s.label_) for s in doc.spans.get("targets", [])]
    return sorted(found)


def _sentence_starts(doc: Doc) -> list[int]:
    return [start for start, _ in sentence_bounds(doc)] or [0]


def _sentence_of(starts: list[int], token: int) -> int:
    return bisect.bisect_right(starts, token) - 1


# ---------------------------------------------------------------- patterns from data


def profile_patterns(profile: Profile, lang: str) -> list[dict[str, Any]]:
    """The matcher's patterns for ``lang``: the profile's codebooks and ``classify_<lang>.yaml``."""
    patterns: list[dict[str, Any]] = []

    def add(kind: str, label: str, phrases: Iterable[str], **extra: Any) -> None:
        for phrase in dict.fromkeys(p for p in phrases if p.strip()):
            patterns.append({"kind": kind, "label": label, "pattern": phrase, **extra})

    for value in profile.values.values():
        add("value", value.id, [*value.cues.get(lang, ()), value.label.get(lang, "")])
        add("value_exclude", value.id, value.exclude.get(lang, ()))
        for rule, context in enumerate(value.context, 1):
            add("value_context", value.id, context.cues.get(lang, ()), rule=rule, role="cue")
            add("value_context", value.id, context.with_.get(lang, ()), rule=rule, role="with")
    for document in profile.documents.values():
        add("target", document.id, [*document.cues.get(lang, ()), document.label.get(lang, "")])
    words = classify_words(lang)
    for region in profile.regions.values():
        phrases = [*region.phrases(lang), *region.places.get(lang, ()), *_adjective(region, words)]
        add("region", region.id, phrases, region_kind=region.kind)
    for kind, phrases in words["region_heads"].items():
        add("region_head", kind, phrases)
    for kind, phrases in words["our_region"].items():
        add("region_ref", kind, phrases)
    add("region_aside", "aside", words["region_aside"])
    add("region_not", "not", words["not_regions"])
    return patterns


def _adjective(region: Any, words: dict[str, Any]) -> list[str]:
    """The adjective of a region named "adjective + region word" («Вологодская область») when
    the adjective alone names it too («вологодское кружево», «в псковских школах»): regions of
    the kinds in ``lone_adjectives``, less the adjectives of ``not_lone_adjectives``
    («московский» is mostly the city's, «приморский» any seaside)."""
    if region.kind not in words["lone_adjectives"]:
        return []
    name = region.name.get(words["language"], "").split()
    if len(name) != 2 or name[0].lower() in words["not_lone_adjectives"]:
        return []
    return [name[0].lower()]


@cache
def classify_words(lang: str) -> dict[str, Any]:
    """``classify_<lang>.yaml``: region words, "our region" and aside phrases, procedural items,
    the words that find the head of a proposal, phrases in which a measure word is none, the
    words that address a meeting's audience and the word a region in a title stands for."""
    path = shipped_data(f"classify_{lang}.yaml")
    data = read_data_file(path, "classification file")
    problems = []
    if not isinstance(data, LineDict) or data.get("language") != lang:
        raise ProfileError(f"{path}:1: must be a mapping with 'language: {lang}'")
    for key in ("region_heads", "our_region"):
        node = data.get(key)
        if not isinstance(node, LineDict) or not all(
            isinstance(v, list) and all(isinstance(p, str) and p.strip() for p in v)
            for v in node.values()
        ):
            problems.append(f"{path}:{data.line_of(key)}: '{key}' must map kinds to phrase lists")
    for key in (
        "procedural",
        "region_aside",
        "not_regions",
        "field_nouns",
        "region_articles",
        "other_regions",
        "head_openers",
        "head_skip",
        "head_ends",
        "head_joins",
        "conditions",
        "funded",
        "sends",
        "outputs",
        "refers_back",
        "federal_matters",
        "not_cues",
        "addresses",
        "lone_adjectives",
        "not_lone_adjectives",
        "origin_words",
        "origin_ends",
        "origin_verbs",
    ):
        phrases = data.get(key)
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            problems.append(f"{path}:{data.line_of(key)}: '{key}' must list phrases")
    if not isinstance(data.get("region_word"), str) or not data["region_word"].strip():
        problems.append(
            f"{path}:{data.line_of('region_word')}: 'region_word' must be the word a region "
            "named in a session's title stands for (регион, region)"
        )
    if problems:
        raise ProfileError("\n".join(problems))
    return data
