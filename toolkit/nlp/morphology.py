"""Lemmas and morphology without a trained model: pymorphy3 for Russian, lookups for English.

spaCy's stock pymorphy3 lemmatizer asks the analyser about every token; notes repeat the
same word forms over and over, so :class:`RussianMorphology` analyses each form once and
keeps the result (lemma, part of speech, morphology hash) in a per-process cache. It is a
component, not a monkeypatch, so it works the same with ``n_process > 1``.
"""

from __future__ import annotations

import gzip
import json
import re
import struct
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from typing import Any, NamedTuple, TypeVar

import numpy
from spacy.attrs import LEMMA, MORPH, POS
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

from ..errors import ProfileError
from ..notes.names import morph
from ..yamlio import read_data_file, shipped_data
from .arrays import TokenArrays, form_column, token_arrays
from .batching import BatchedComponent

T = TypeVar("T")

#: Whether a lower-cased form has a Russian letter (the others are not parsed)
_CYRILLIC = re.compile("[а-яё]").search

#: What :class:`EnglishLemmas` sets
_LEMMA = [LEMMA]
#: What :class:`RussianMorphology` sets, in the order of its packed rows
_SET = [LEMMA, POS, MORPH]
#: A row of :data:`_SET` packed as three native 64-bit unsigned integers (numpy's ``uint64``)
_PACK = struct.Struct("=3Q").pack

#: Word forms remembered per process: a forum's vocabulary fits many times over
DEFAULT_CACHE_SIZE = 200_000


def per_form(
    doc: Doc,
    known: dict[int, T],
    compute: Callable[[str], T],
    limit: int,
    arrays: TokenArrays | None = None,
) -> list[T]:
    """``compute`` of each token's text, asked once per word form (``known`` keeps answers
    by ORTH hash, up to ``limit`` forms): notes repeat the same forms over and over.
    ``arrays`` are the doc's (:func:`.arrays.token_arrays`) if the caller has them."""
    orths = (arrays or token_arrays(doc)).orth  # the caller sets token attributes from these
    values = list(map(known.get, orths))
    if None in values:
        strings = doc.vocab.strings
        for i, value in enumerate(values):
            if value is None:
                orth = orths[i]
                value = known.get(orth)  # the same new form earlier in the doc
                if value is None:
                    value = compute(strings[orth])
                    if len(known) < limit:
                        known[orth] = value
                values[i] = value
    return values


# pymorphy3 (OpenCorpora) tags → Universal Dependencies features spaCy understands.
_POS = {
    "NOUN": "NOUN",
    "ADJF": "ADJ",
    "ADJS": "ADJ",
    "COMP": "ADJ",
    "VERB": "VERB",
    "INFN": "VERB",
    "PRTF": "VERB",
    "PRTS": "VERB",
    "GRND": "VERB",
    "NUMR": "NUM",
    "ADVB": "ADV",
    "NPRO": "PRON",
    "PRED": "ADV",
    "PREP": "ADP",
    "CONJ": "CCONJ",
    "PRCL": "PART",
    "INTJ": "INTJ",
}
_FEATS = {
    "INFN": "VerbForm=Inf",
    "impr": "Mood=Imp",
    "indc": "Mood=Ind",
    "past": "Tense=Past",
    "pres": "Tense=Pres",
    "futr": "Tense=Fut",
    "1per": "Person=1",
    "2per": "Person=2",
    "3per": "Person=3",
    "sing": "Number=Sing",
    "plur": "Number=Plur",
    "nomn": "Case=Nom",
    "gent": "Case=Gen",
    "datv": "Case=Dat",
    "accs": "Case=Acc",
    "ablt": "Case=Ins",
    "loct": "Case=Loc",
    "masc": "Gender=Masc",
    "femn": "Gender=Fem",
    "neut": "Gender=Neut",
    "ADJS": "Variant=Short",
    "PRTF": "VerbForm=Part",
    "PRTS": "VerbForm=Part",
    "GRND": "VerbForm=Conv",
    "actv": "Voice=Act",
    "pssv": "Voice=Pass",
    "Name": "NameType=Giv",
    "Surn": "NameType=Sur",
    "Patr": "NameType=Pat",
}


@Language.factory(
    "ru_morph",
    default_config={"cache_size": DEFAULT_CACHE_SIZE},
    assigns=["token.lemma", "token.pos", "token.morph"],
)
def make_ru_morph(nlp: Language, name: str, cache_size: int) -> RussianMorphology:
    return RussianMorphology(nlp, name, cache_size)


class RussianMorphology(BatchedComponent):
    """Sets ``lemma_``, ``pos_`` and ``morph`` from pymorphy3, caching by word form.

    The blank pipelines' tokenizer parses each new form with its own row (a form column:
    :func:`.arrays.form_column`); for a doc of another tokenizer the cache is keyed by the
    token's ORTH hash, so a known form costs one dict lookup. Either keeps the form's three
    values packed as ``from_array`` reads them (a doc's rows are joined,
    not converted value by value); the part of speech and morphology of a pymorphy3 tag are
    worked out once per tag.
    """

    def __init__(
        self, nlp: Language, name: str = "ru_morph", cache_size: int = DEFAULT_CACHE_SIZE
    ) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.cache_size = cache_size
        self._cache: dict[int, bytes] = {}  # by ORTH: the form's row, packed (:meth:`_row`)
        self._lower: dict[str, tuple[int, int, int]] = {}  # "Школа" and "школа" parse alike
        self._tags: dict[str, tuple[int, int]] = {}
        self._column = form_column(nlp, self._row)  # the tokenizer parses each new form

    def analyse(self, form: str) -> tuple[int, int, int]:
        """``(lemma hash, POS id, morph hash)`` for a word form (it is parsed lower-cased)."""
        lower = form.lower()
        known = self._lower.get(lower)
        if known is None:
            known = self._analyse(lower)
            if len(self._lower) < self.cache_size:
                self._lower[lower] = known
        return known

    def _analyse(self, lower: str) -> tuple[int, int, int]:
        if _CYRILLIC(lower):
            tag, normal_form = quick_parse(lower)
            pos, feats = self._tag(tag)
            lemma = normal_form.replace("ё", "е")
        else:
            pos, feats, lemma = POS_IDS["X"], 0, lower
        return self.vocab.strings.add(lemma), pos, feats

    def _tag(self, tag) -> tuple[int, int]:
        """``(POS id, morph hash)`` of a pymorphy3 tag."""
        key = str(tag)
        known = self._tags.get(key)
        if known is None:
            feats = "|".join(sorted({_FEATS[g] for g in tag.grammemes if g in _FEATS}))
            pos = POS_IDS.get(_POS.get(tag.POS or "", "X"), 0)
            known = self._tags[key] = (pos, self.vocab.morphology.add(feats) if feats else 0)
        return known

    def _row(self, form: str) -> bytes:
        """:meth:`analyse` of a form packed as the three 64-bit values ``from_array`` reads."""
        return _PACK(*self.analyse(form))

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        arrays = token_arrays(doc)
        rows = arrays.form(self._column)
        if rows is None:
            rows = per_form(doc, self._cache, self._row, self.cache_size, arrays)
        values = numpy.frombuffer(b"".join(rows), dtype=numpy.uint64).reshape(-1, 3)
        doc.from_array(_SET, values)
        arrays.lemma, arrays.pos, arrays.morph = values.T.tolist()
        return doc

    def to_bytes(self, exclude: tuple = ()) -> bytes:  # the cache is rebuilt on use
        return b""

    def from_bytes(self, data: bytes, exclude: tuple = ()) -> RussianMorphology:
        return self

    def to_disk(self, path, exclude: tuple = ()) -> None:
        return None

    def from_disk(self, path, exclude: tuple = ()) -> RussianMorphology:
        return self


def quick_parse(lower: str) -> tuple:
    """``(tag, normal form)`` of :func:`best_parse`, without building every parse.

    For a form in pymorphy3's dictionary its ``parse`` ranks the dictionary's readings by
    P(tag | word) (a stable sort; the dictionary order when no reading has a probability)
    after building a normal form and a ``Parse`` for each: here only the winner's normal
    form is built, and a form with one reading (half of them) needs no probability at all.
    Initials (the next units) are upper-case letters, never a lower-cased form. Forms outside
    the dictionary and lemmas of :func:`adjective_lemmas` or :func:`preferred_lemmas` take
    :func:`best_parse`.
    """
    tables = _tables()
    if any(letter in lower for letter in tables.replaced):  # «еще» is also «ещё»
        found = tables.similar_items(lower, tables.substitutes)
    else:
        parses = tables.readings(lower)
        found = [(lower, parses)] if parses else []
    if not found:
        return _first_parse(lower)
    paradigms, gramtab = tables.paradigms, tables.gramtab

    def tag_of(para_id: int, idx: int) -> Any:
        paradigm = paradigms[para_id]  # suffixes, then tags, then prefixes
        return gramtab[paradigm[len(paradigm) // 3 + idx]]

    if len(found) == 1 and len(found[0][1]) == 1:
        fixed, ((para_id, idx),) = found[0]
        tag = tag_of(para_id, idx)
    else:
        readings = [(fixed, para_id, idx) for fixed, parses in found for para_id, idx in parses]
        tags = [tag_of(para_id, idx) for _, para_id, idx in readings]
        probs = tables.probs  # P(tag | word) × MULTIPLIER
        weights = [probs.get(f"{lower}:{tag}", 0) for tag in tags]
        best = weights.index(max(weights))  # the first of the most probable: a stable sort
        fixed, para_id, idx = readings[best]
        tag = tags[best]
    normal_form = fixed if idx == 0 else tables.normal_form(para_id, idx, fixed)
    if normal_form in tables.overridden:
        return _first_parse(lower)
    return tag, normal_form


def _first_parse(lower: str) -> tuple:
    """``(tag, normal form)`` of :func:`best_parse`, the way pymorphy3 builds it."""
    parse = best_parse(lower)
    return parse.tag, parse.normal_form


class _Tables(NamedTuple):
    """What :func:`quick_parse` reads of pymorphy3's dictionary, looked up once."""

    similar_items: Callable[..., list]
    readings: Callable[[str], list | None]
    substitutes: dict  # compiled by pymorphy3
    replaced: tuple[str, ...]  # the letters it replaces
    paradigms: list
    gramtab: list
    probs: Any
    normal_form: Callable[[int, int, str], str]
    overridden: frozenset[str]  # lemmas best_parse reads again (adjectives, preferred)


@cache
def _tables() -> _Tables:
    analyser = morph()
    dictionary = analyser.dictionary
    return _Tables(
        dictionary.words.similar_items,
        dictionary.words.get,
        analyser.char_substitutes,
        tuple(letter.decode("utf-8") for letter in analyser.char_substitutes),
        dictionary.paradigms,
        dictionary.gramtab,
        analyser.prob_estimator.p_t_given_w,
        dictionary.build_normal_form,
        adjective_lemmas() | frozenset(preferred_lemmas()),
    )


def best_parse(lower: str):  # pymorphy3 has no type stubs
    """pymorphy3's first parse of a lower-cased form, or its adjective parse when the first
    is a noun of :func:`adjective_lemmas` («малого» is «малый», not «малое»), or the parse of
    the lemma :func:`preferred_lemmas` names («округу» is «округ», not «округа»)."""
    parses = morph().parse(lower)
    first = parses[0].normal_form
    if first in adjective_lemmas():
        return next((p for p in parses if p.tag.POS == "ADJF"), parses[0])
    preferred = preferred_lemmas().get(first)
    if preferred:
        return next((p for p in parses if p.normal_form == preferred), parses[0])
    return parses[0]


@cache
def adjective_lemmas() -> frozenset[str]:
    """``prefer_adjective`` of ``data/lemmas_ru.yaml``: noun lemmas whose forms are read as
    the adjective when they can be one (pymorphy3 ranks «малое» first for «малого»)."""
    words = _lemma_entry("lemmas_ru.yaml", "prefer_adjective", list, "a list of lemmas")
    return frozenset(_letters(w) for w in words)


@cache
def preferred_lemmas() -> dict[str, str]:
    """``prefer_lemma`` of ``data/lemmas_ru.yaml``: lemma → the lemma its forms take instead
    when they can (pymorphy3 ranks the rare «округа» first for «округу»)."""
    pairs = _lemma_entry("lemmas_ru.yaml", "prefer_lemma", dict, "a mapping of lemma to lemma")
    return {_letters(k): _letters(v) for k, v in pairs.items()}


def _lemma_entry(name: str, key: str, shape: type, what: str) -> list[str] | dict[str, str]:
    """``key`` of the shipped lemma file ``name``: a list of strings, or a mapping of strings
    to strings (``shape``); anything else is a :class:`ProfileError` saying it needs ``what``."""
    path = shipped_data(name)
    data = read_data_file(path, "lemma file")
    found = data.get(key) if isinstance(data, dict) else None
    words = [*found, *found.values()] if isinstance(found, dict) else found
    if not isinstance(found, shape) or not all(isinstance(w, str) for w in words):
        raise ProfileError(f"{path}:1: needs '{key}': {what}")
    return found


def _letters(word: str) -> str:
    return word.lower().replace("ё", "е")


def _lookups_table(name: str) -> dict:
    path = resources.files("spacy_lookups_data") / "data" / f"{name}.json.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as handle:
        return json.load(handle)


@cache
def english_lemmas() -> dict[str, str]:
    """spacy-lookups-data's English lemma table (case-sensitive as shipped)."""
    return _lookups_table("en_lemma_lookup")


@cache
def english_verbs() -> frozenset[str]:
    """Base forms of English verbs (WordNet index in spacy-lookups-data)."""
    return frozenset(w for w in _lookups_table("en_lemma_index")["verb"] if "_" not in w)


@cache
def english_words() -> frozenset[str]:
    """Common English words (WordNet index in spacy-lookups-data), lower case."""
    index = _lookups_table("en_lemma_index")
    return frozenset(w for words in index.values() for w in words if "_" not in w)


@cache
def clitic_lemmas() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """``clitic_forms``, ``clitic_hosts`` and ``perfect_markers`` of ``data/lemmas_en.yaml``:
    where the clitic "'s" is "is" or "has", which its form alone does not tell."""
    forms, hosts, perfect = (
        frozenset(w.lower() for w in _lemma_entry("lemmas_en.yaml", key, list, "a list of words"))
        for key in ("clitic_forms", "clitic_hosts", "perfect_markers")
    )
    return forms, hosts, perfect


@Language.factory("en_lemma", default_config={}, assigns=["token.lemma"])
def make_en_lemma(nlp: Language, name: str) -> EnglishLemmas:
    return EnglishLemmas(nlp, name)


class EnglishLemmas(BatchedComponent):
    """Lookup lemmas, lower-cased, with a lower-case fallback for capitalised words.

    Worked out once per word form by the blank pipelines' tokenizer (a form column:
    :func:`.arrays.form_column`), else cached by the token's ORTH hash; set for the whole doc
    at once.
    """

    def __init__(self, nlp: Language, name: str = "en_lemma") -> None:
        self.name = name
        self.vocab = nlp.vocab
        self._cache: dict[int, int] = {}
        strings = nlp.vocab.strings
        forms, hosts, perfect = clitic_lemmas()
        self._clitics = frozenset(strings.add(w) for w in forms)
        self._hosts = frozenset(strings.add(w) for w in hosts)
        self._perfect = frozenset(strings.add(w) for w in perfect)
        self._be, self._have = strings.add("be"), strings.add("have")
        self._column = form_column(nlp, self.lemma)  # the tokenizer works lemmas out per form

    def lemma(self, form: str) -> int:
        """The hash of a word form's lemma."""
        table = english_lemmas()
        text = form.replace("’", "'")
        found = table.get(text) or table.get(text.lower()) or text.lower()
        return self.vocab.strings.add(found.lower())

    def _clitic_copulas(self, lower: Sequence[int], lemmas: Sequence[int]) -> list[int]:
        """ "it's" → "it be", "it's been" → "it have be": the clitic after a host word is a
        verb, which the lookup by form cannot tell from a possessive. ``lemmas`` as they are
        when no clitic follows a host, else a list of them with those set."""
        clitics = self._clitics
        if clitics.isdisjoint(lower):
            return lemmas
        lemmas = list(lemmas)
        last = len(lower) - 1
        for i in range(1, last + 1):
            if lower[i] in clitics and lower[i - 1] in self._hosts:
                perfect = i < last and lower[i + 1] in self._perfect
                lemmas[i] = self._have if perfect else self._be
        return lemmas

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        arrays = token_arrays(doc)
        lemmas = arrays.form(self._column)
        if lemmas is None:
            lemmas = per_form(doc, self._cache, self.lemma, DEFAULT_CACHE_SIZE, arrays)
        lemmas = self._clitic_copulas(arrays.lower, lemmas)
        doc.from_array(_LEMMA, numpy.array(lemmas, dtype=numpy.uint64).reshape(-1, 1))
        arrays.lemma = lemmas
        return doc
