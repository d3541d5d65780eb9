"""What the trained classifier sees of a sentence: the rules' verdict, its words and its place.

Each unit (a sentence the ``proposal_detector`` judged) becomes a bag of feature strings,
hashed to 64-bit keys for a sparse linear model. The rules contribute what they are good
at (their score, the cues and blockers that fired, each cue's lemma); the verb forms, the
sentence's ending and its neighbour's verdict let the model learn how far to trust them in
live speech. Bags of the sentence's own words were measured and left out: on a few
thousand annotated sentences they memorise topics and lowered F1 on unseen transcripts
(README, "Measured quality").

Live speech adds the unit's place in the conversation: its position in the block, the block's
length, how far into the speaker's turn it stands and whether the block before ended in a
question (an answer to "What do you propose?" tends to propose; a chair's opening block
rarely does). Measured on cross-validation and real-dev together (docs/training.md).

The classifier runs on every sentence of every note, so the keys are built without
``Token`` objects or per-unit strings: a block's token attributes are read once as
integer arrays, and each distinct feature string, verb analysis and cue is hashed once
per process (the caches stay small: a few hundred features, one entry per analysis).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from operator import itemgetter

from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc

from ..notes import Block
from .arrays import Bounds, block_place, token_arrays
from .cues import Cue

_ENDINGS = frozenset({"?", "!", ".", "…", ":", ";"})
#: The forms of at most this many first alphabetic words are features of their own.
_LEADING = 3


#: The string behind every feature key made in this process (a few thousand at most), so a
#: tool can name the features a model weighs (``tools/detector_variants.py``).
FEATURE_NAMES: dict[int, str] = {}


@cache
def _key(feature: str) -> int:
    """The feature string's hash, computed once per distinct string."""
    FEATURE_NAMES[key := get_string_id(feature)] = feature
    return key


#: A token's ORTH hash → how it ends a sentence ("word" unless it is an ending mark).
_ENDING_OF = {get_string_id(mark): mark for mark in _ENDINGS}
_QUESTION_MARK = get_string_id("?")


def _ending(orth: int) -> str:
    return _ENDING_OF.get(orth, "word")


#: ``len=<n>`` (words in the unit // 5, at most 8) and ``prev_end=<ending>``, by value.
_LENGTH_KEYS = tuple(_key(f"len={n}") for n in range(9))
_PREVIOUS_END_KEYS = {end: _key(f"prev_end={end}") for end in (*_ENDINGS, "word")}
#: ``end=<ending>`` and ``bias``, by value (a string built and hashed per unit otherwise)
_END_KEYS = {end: _key(f"end={end}") for end in (*_ENDINGS, "word")}
_BIAS = _key("bias")
#: the first unit's neighbour keys
_NO_PREVIOUS = (_key("prev_end=none"), _key("prev_rule=none"))
_HAS_QUESTION_MARK = _key("has_question_mark")


class _FormKeys:
    """One morphological analysis's feature keys: ``m=…`` and ``m0=…``, ``m1=…``, ``m2=…``."""

    __slots__ = ("anywhere", "leading")

    def __init__(self, forms: tuple[str, ...]) -> None:
        self.anywhere = tuple(_key(f"m={m}") for m in forms)
        self.leading = tuple(tuple(_key(f"m{n}={m}") for m in forms) for n in range(_LEADING))


_FORM_KEYS: dict[int, _FormKeys] = {}


def _form_keys(morph: int, strings: StringStore) -> _FormKeys:
    found = _FORM_KEYS.get(morph)
    if found is None:
        try:
            analysis = strings[morph] if morph else ""
        except KeyError:
            analysis = ""
        _FORM_KEYS[morph] = found = _FormKeys(_verb_forms(analysis))
    return found


def _verb_forms(analysis: str) -> tuple[str, ...]:
    """Mood, verb form and tense with person: what separates a call from a report."""
    fields = dict(part.split("=", 1) for part in analysis.split("|") if "=" in part)
    forms = []
    if fields.get("Mood") == "Imp":
        forms.append("imp")
    if fields.get("VerbForm") == "Inf":
        forms.append("inf")
    tense = fields.get("Tense")
    if tense:
        forms.append(
            tense.split(",")[0]
            + "".join(fields.get("Person", "").split(","))
            + "".join(fields.get("Number", "").split(","))
        )
    return tuple(forms)


class _Block:
    """A block's token attributes as Python lists of integers, read once from its arrays."""

    __slots__ = (
        *("alpha", "context", "forms", "has_forms", "lemma"),
        *("lower", "orth", "punct", "space", "strings"),
    )

    def __init__(self, doc: Doc) -> None:
        strings = doc.vocab.strings
        arrays = token_arrays(doc)
        morph, alpha, punct, space = arrays.morph, arrays.alpha, arrays.punct, arrays.is_space
        self.orth, self.lemma, self.lower = arrays.orth, arrays.lemma, arrays.lower
        known = _FORM_KEYS.get
        # English sets no morphology: its units have no verb-form keys to collect
        self.forms = [known(m) or _form_keys(m, strings) for m in morph] if any(morph) else []
        self.has_forms = any(forms.anywhere for forms in self.forms)
        self.alpha = alpha
        self.punct, self.space = punct, space
        self.strings = strings
        section, kind, _, (into_turn, answers) = block_place(doc, arrays)
        self.context = _context_keys(section, kind, min(into_turn, 3), bool(answers))

    def words(self, start: int, end: int) -> int:
        """How many tokens of ``start``..``end`` are neither punctuation nor whitespace (a
        token is never both: summed in C instead of a flag per token)."""
        return end - start - sum(self.punct[start:end]) - sum(self.space[start:end])

    def last(self, sent: Bounds) -> str:
        start, end = sent
        return _ending(self.orth[end - 1]) if end > start else "word"

    def cue_keys(self, cue: Cue) -> tuple[int, int]:
        lemma = self.lemma[cue.start] or self.lower[cue.start]
        return _cue_keys(cue.label_, self.strings[lemma] if lemma else "")


@cache
def _context_keys(
    section: str | None, kind: str, into_turn: int, answers: bool
) -> tuple[int, int, int, int]:
    """The keys of a block's place: its section and kind, how far into the turn, whether it
    answers a question (``into_turn`` already capped at 3)."""
    return (
        _key(f"section={section}"),
        _key(f"kind={kind}"),
        _key(f"turn_index={into_turn}"),
        _key(f"prevq={answers}|ti={min(into_turn, 1)}"),
    )


@lru_cache(maxsize=4096)  # a pasted transcript can be a block of thousands of units
def _unit_place_keys(i: int, count: int) -> tuple[int, int, int]:
    """The keys of the ``i``-th unit's place among ``count`` in its block."""
    return _place_keys(_place(i, count), min(i, 4), min(count // 3, 5))


@cache
def _place_keys(place: str, position: int, size: int) -> tuple[int, int, int]:
    return _key(f"place={place}"), _key(f"pos={position}"), _key(f"block_n={size}")


@cache
def _score_keys(score: float) -> tuple[str, int, int]:
    """A rule score's bin and the keys ``rule=<bin>`` and ``prev_rule=<bin>``."""
    score_bin = _bin(score)
    return score_bin, _key(f"rule={score_bin}"), _key(f"prev_rule={score_bin}")


@cache
def _reason_keys(reason: str, score_bin: str) -> tuple[int, int]:
    return _key(f"reason={reason}"), _key(f"reason={reason}|rule={score_bin}")


@cache
def _cue_keys(label: str, word: str) -> tuple[int, int]:
    return _key(f"cue={label}"), _key(f"cue={label}:{word.lower()}")


def _bin(score: float) -> str:
    return str(min(int(score * 10), 9))


def unit_keys(
    block: _Block,
    sent: Bounds,
    rule_score: float,
    reasons: list[str],
    cues: list[Cue],
    context: tuple[int, ...],
    ending: str,
) -> list[int]:
    """The sorted feature keys of one unit; ``context`` holds its place in the block,
    ``ending`` how the unit ends (:meth:`_Block.last`, also its next unit's neighbour key)."""
    start, end = sent
    keys = [_BIAS, _END_KEYS[ending], *block.context, *context]
    if _QUESTION_MARK in block.orth[start:end]:
        keys.append(_HAS_QUESTION_MARK)
    keys.append(_LENGTH_KEYS[min(block.words(start, end) // 5, 8)])
    leading = 0
    for i in range(start, end) if block.has_forms else ():
        forms = block.forms[i]
        keys.extend(forms.anywhere)
        if leading < _LEADING and block.alpha[i]:
            keys.extend(forms.leading[leading])
            leading += 1
    score, rule_key, _ = _score_keys(rule_score)
    keys.append(rule_key)
    for reason in reasons:
        keys.extend(_reason_keys(reason, score))
    for cue in cues:
        keys.extend(block.cue_keys(cue))
    keys.sort()  # same order in every process
    return keys


def _place(i: int, count: int) -> str:
    if count == 1:
        return "only"
    return "first" if i == 0 else ("last" if i == count - 1 else "middle")


def turn_places(blocks: Iterable[Block]) -> list[tuple[int, bool]]:
    """Each block's ``toolkit_turn``: how many blocks of its speaker came just before it,
    and whether the block before it ended in a question."""
    places: list[tuple[int, bool]] = []
    speaker: str | None = None
    into_turn, asked = 0, False
    for block in blocks:
        if block.speaker != speaker:
            speaker, into_turn = block.speaker, 0
        places.append((into_turn, asked))
        asked = block.text.rstrip().endswith("?")
        into_turn += 1
    return places


def doc_unit_features(
    doc: Doc, units: list[Bounds], scores: list[float], reasons: list[list[str]], cues: list[Cue]
) -> list[list[int]]:
    """Hashed features of every unit of a block, each with its neighbour's verdict."""
    if not units:
        return []
    keys: list[list[int]] = []
    block = _Block(doc)
    ordered = sorted(cues, key=itemgetter(0))
    position = 0
    previous = _NO_PREVIOUS
    for i, sent in enumerate(units):
        start, end = sent
        while position < len(ordered) and ordered[position].start < start:
            position += 1
        inside = []
        j = position
        while j < len(ordered) and ordered[j].start < end:
            if ordered[j].end <= end:
                inside.append(ordered[j])
            j += 1
        context = (*_unit_place_keys(i, len(units)), *previous)
        ending = block.last(sent)
        keys.append(unit_keys(block, sent, scores[i], reasons[i], inside, context, ending))
        previous = (_PREVIOUS_END_KEYS[ending], _score_keys(scores[i])[2])
    return keys
