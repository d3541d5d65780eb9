"""One Doc's token attributes as plain lists, read once: what the rules walk instead of Tokens.

Building a ``Token`` per token and look-up cost the detector a third of its time; one
``Doc.to_array`` per doc gives the same attributes as string ids. Each ``to_array`` call costs
more than reading a short block's tokens, so the components share one read per doc:
:func:`token_arrays`. The lemmatisers and the sentencizer read the words from it and write
what they set on the tokens back into it (:meth:`TokenArrays.set_sentence_starts`, the
``lemma``, ``pos`` and ``morph`` lists), as must any component that sets token attributes.
The blank pipelines' tokenizer hands each doc it makes its arrays already
(:meth:`TokenArrays.of_new_doc`, :func:`share`): it knows the words and spaces, each word
form's ``LOWER`` and flags are remembered once (:func:`lexical_row`) and a new doc has no
lemma, part of speech or morphology, so no ``to_array`` is needed (it and its ``tolist`` were
about 24 µs of a 29-token block). Columns are lists or tuples and never changed in place, only
replaced; a doc's objects that live as long as it does are kept few (tuples of plain values,
shared zero columns, the arrays kept on the doc's own span-group proxy), as each of them costs
the garbage collector's collections while the doc's batch is in flight.

The arrays also carry what the components hand on to each other in plain form: the block's
place (section, kind, year, turn; each ``doc._`` read builds an accessor) and, next to each
span group a component writes, the same spans as tuples (:func:`keep`, :func:`kept`):
reading a ``SpanGroup`` builds a ``Span`` and three ``Token`` objects per span.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import chain
from operator import add, itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

from spacy.attrs import (
    IS_ALPHA,
    IS_PUNCT,
    IS_SPACE,
    LEMMA,
    LOWER,
    MORPH,
    ORTH,
    POS,
    SENT_START,
    SPACY,
)
from spacy.tokens import Doc, Span, SpanGroup

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.vocab import Vocab

_Bounded = TypeVar("_Bounded", bound=tuple)

#: The token attributes the rules read, one ``Doc.to_array`` per doc instead of a ``Token``
#: object per token and look-up (``doc.text`` and ``doc.sents`` walk every token too).
_COLUMNS = [ORTH, LOWER, LEMMA, IS_ALPHA, IS_PUNCT, IS_SPACE, POS, MORPH, SPACY, SENT_START]
# Context the caller sets on each Doc before the pipeline runs (see toolkit.extract and
# detector.note_doc): the block's section and kind, the session's year, and its place in the
# speaker's turn (blocks of the same speaker just before this one, whether the block before
# ended in a question; a Doc made on its own reads as the first block of a turn that answers
# nothing). :func:`block_place` reads them.
_PLACE = (
    ("toolkit_section", None),
    ("toolkit_block_kind", "paragraph"),
    ("toolkit_year", None),
    ("toolkit_turn", (0, False)),
)
for _name, _default in _PLACE:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


#: Where ``doc._.<name>`` keeps its value in ``doc.user_data`` (spaCy's key for a doc
#: extension), and the defaults: each ``doc._`` builds an accessor, a dict look-up does not.
#: ``tests/test_speed.py`` pins the keys to what ``doc._`` reads and writes.
def extension_key(name: str) -> tuple:
    """Where ``doc._.<name>`` keeps its value in ``doc.user_data`` (spaCy's key)."""
    return ("._.", name, None, None)


_PLACE_KEYS = tuple(extension_key(name) for name, _ in _PLACE)
_PLACE_DEFAULTS = tuple(default for _, default in _PLACE)

#: Morphological features by ``MORPH`` hash: ``{"Case": "Dat", …}``, shared by every doc.
_FEATURES: dict[int, dict[str, str]] = {}


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """``(start, end)`` of each of ``doc.sents``, or of the whole doc when no sentences are
    set, read from one array instead of a ``Span`` per sentence (an empty doc has none)."""
    shared = _shared(doc)
    if shared is not None:
        return shared.sentences()
    length = len(doc)
    if length < 2:
        return [(0, length)] if length else []
    flags = doc.to_array(SENT_START).tolist()  # a few dozen tokens: lists beat numpy here
    return list(_bounds(flags, length))


def _bounds(flags: list[int], length: int) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of each sentence from spaCy's ``SENT_START`` of each token (1 starts
    one; the first token always does)."""
    starts = [0]
    at = 0
    for _ in range(flags.count(1) - (flags[0] == 1)):  # list.index scans in C
        at = flags.index(1, at + 1)
        starts.append(at)
    return tuple(zip(starts, [*starts[1:], length], strict=True))


class TokenArrays:
    """One Doc's token attributes as lists of string ids, read once with ``Doc.to_array``,
    and where its sentences start (``doc.sents`` walks every token in Python).

    Every column becomes a list at once (one ``tolist`` costs less than a call per column,
    and the components read nearly all of them); the lemmatisers and the sentencizer replace
    theirs with what they set.
    """

    __slots__ = (
        *("alpha", "is_space", "lemma", "length", "lower", "morph", "orth", "pos", "punct"),
        *("bounds", "kept", "place", "space", "strings", "_starts", "forms", "forms_by"),
    )

    def __init__(self, doc: Doc) -> None:
        self.strings = doc.vocab.strings
        self.length = len(doc)
        self.kept: dict[str, tuple[Any, list]] = {}
        self.place: tuple | None = None
        self.forms: Sequence[Sequence[Any]] = ()
        self.forms_by: Any = None
        if not self.length:
            self.orth = self.lower = self.lemma = self.alpha = self.punct = self.is_space = []
            self.pos = self.morph = self.space = []
            self.bounds: tuple[tuple[int, int], ...] = ()
            return
        columns = doc.to_array(_COLUMNS).T.tolist()
        self.orth, self.lower, self.lemma, self.alpha, self.punct = columns[:5]
        self.is_space, self.pos, self.morph, self.space, self._starts = columns[5:]

    @classmethod
    def of_new_doc(
        cls,
        doc: Doc,
        orth: Sequence[int],
        space: Sequence[bool],
        lexical: Sequence[Sequence[Any]],
        forms_by: Any = None,
    ) -> TokenArrays:
        """The arrays of a doc just made from ``orth`` and ``space`` (a tokenizer's words),
        without reading the doc: ``lexical`` holds its tokens' ``LOWER``, ``IS_ALPHA``,
        ``IS_PUNCT`` and ``IS_SPACE`` columns (:func:`lexical_row` of each word), then the
        form columns of the tokenizer ``forms_by`` (:meth:`form`), and a new doc has no lemma,
        part of speech, morphology or sentence start but the first."""
        arrays = cls.__new__(cls)
        arrays.strings = doc.vocab.strings
        arrays.length = length = len(orth)
        arrays.kept = {}
        arrays.place = None
        arrays.orth, arrays.space = orth, space
        arrays.lower, arrays.alpha, arrays.punct, arrays.is_space = lexical[:4]
        arrays.forms = lexical[4:]
        arrays.forms_by = forms_by if arrays.forms else None
        arrays.lemma = arrays.pos = arrays.morph = _zeros(length)
        arrays._starts = _zeros(length, first=1)
        return arrays

    def form(self, column: FormColumn | None) -> Sequence[Any] | None:
        """Each token's value of a form column (:func:`form_column`), if the tokenizer that
        made the doc computed it with the doc's words; else ``None`` (work it out per form)."""
        if column is None or self.forms_by is not column[0]:
            return None
        return self.forms[column[1]]

    def __getattr__(self, name: str) -> Any:
        """The sentences, worked out the first time they are read (only unset slots come
        here): a sentencizer sets them before anything reads them."""
        if name != "bounds":
            raise AttributeError(name)
        self.set_sentence_starts(self._starts)
        return self.bounds

    def set_sentence_starts(self, flags: list[int]) -> None:
        """Where sentences start, from spaCy's ``SENT_START`` of each token: what a
        sentencizer just set on the doc."""
        self.bounds = _bounds(flags, self.length)

    def sentences(self) -> list[tuple[int, int]]:
        """``(start, end)`` token positions of each sentence."""
        return list(self.bounds)

    def text_of(self, start: int, end: int) -> str:
        """The text of tokens ``start``..``end``, without the last one's trailing space (the
        words and their spaces joined in C)."""
        if end <= start:
            return ""
        words = _texts(self.orth[start:end], self.strings)
        trailing = chain(map(_TRAILING.__getitem__, self.space[start : end - 1]), ("",))
        return "".join(map(add, words, trailing))

    def word(self, i: int) -> str:
        text = _TEXTS.get(self.orth[i])
        return text if text is not None else _texts(self.orth[i : i + 1], self.strings)[0]

    def feature(self, i: int, name: str) -> str | None:
        """The value of morphological feature ``name`` of token ``i`` ("Dat" for ``Case``)."""
        key = self.morph[i]
        features = _FEATURES.get(key)
        if features is None:
            text = self.strings[key] if key else ""
            features = dict(f.split("=", 1) for f in text.split("|") if "=" in f)
            _FEATURES[key] = features
        return features.get(name)


#: The text of each word form by ORTH id, shared by every vocabulary (an id is the hash of
#: its text): a ``StringStore`` look-up decodes a new ``str`` each time.
_TEXTS: dict[int, str] = {}
_MAX_TEXTS = 200_000
#: A token's trailing whitespace by its ``SPACY`` flag (a bool or 0/1)
_TRAILING = ("", " ")


def _texts(orths: Sequence[int], strings: Any) -> list[str]:
    """The texts of the word forms ``orths``, decoded once per form."""
    found = list(map(_TEXTS.get, orths))
    if None in found:
        for i, text in enumerate(found):
            if text is None:
                found[i] = text = strings[orths[i]]
                if len(_TEXTS) < _MAX_TEXTS:
                    _TEXTS[orths[i]] = text
    return found


def _shared(doc: Doc) -> TokenArrays | None:
    """The arrays :func:`share` gave ``doc``, unless its tokens changed since.

    They are an attribute of the doc's ``doc.spans`` (spaCy's proxy of its span groups, a
    ``UserDict`` only the doc holds), for as long as the doc lives (a batch of docs waits for
    the trained classifier after the other components ran): no weak reference, callback or
    table by the doc's ``id``. ``Doc.copy`` gives the copy a new proxy, without them.
    """
    try:
        found = doc.spans._toolkit_arrays
    except AttributeError:
        return None
    return found if found.length == len(doc) else None


def share(doc: Doc, arrays: TokenArrays) -> TokenArrays:
    """Make ``arrays`` what :func:`token_arrays` gives for ``doc`` while it lives."""
    doc.spans._toolkit_arrays = arrays
    return arrays


def forget(doc: Doc) -> None:
    """Drop what :func:`share` gave ``doc``: the next :func:`token_arrays` reads the doc."""
    vars(doc.spans).pop("_toolkit_arrays", None)


def token_arrays(doc: Doc) -> TokenArrays:
    """``doc``'s :class:`TokenArrays`, read once and shared for as long as the doc lives.

    :func:`_shared` written out here and in :func:`kept` (a dozen calls each per block: a
    Python call less each)."""
    try:
        arrays = doc.spans._toolkit_arrays
    except AttributeError:
        return share(doc, TokenArrays(doc))
    return arrays if arrays.length == len(doc) else share(doc, TokenArrays(doc))


#: One tuple of zeros per doc length and first value (a new doc's lemma, part of speech and
#: morphology; its sentence starts), shared by the docs: the columns are never changed in
#: place, only replaced.
_ZEROS: dict[tuple[int, int], tuple[int, ...]] = {}
_MAX_ZEROS = 4096


def _zeros(length: int, first: int = 0) -> tuple[int, ...]:
    zeros = _ZEROS.get((length, first))
    if zeros is None:
        zeros = (first,) + (0,) * (length - 1) if length else ()
        if length < _MAX_ZEROS:
            _ZEROS[length, first] = zeros
    return zeros


#: Word forms whose lexical row :func:`lexical_row` remembers, per tokenizer.
_MAX_LEXICAL = 200_000

#: What a component sets on a token worked out from the word form's text alone (its lemma,
#: its kind for the sentencizer), and where its tokenizer keeps it: ``(tokenizer, index)``.
FormValue = Callable[[str], Any]
FormColumn = tuple[Any, int]


def form_column(nlp: Language, value: FormValue) -> FormColumn | None:
    """Have ``nlp``'s tokenizer work ``value`` out once per new word form, next to its
    lexical row, and hand it on with each doc's arrays (:meth:`TokenArrays.form`): a component
    reads its column instead of a look-up per token in a table of its own (each one a few
    cache misses in a table of tens of thousands of forms). ``None`` if the tokenizer is not
    one that keeps form columns (a trained pipeline's)."""
    tokenizer = nlp.tokenizer
    add = getattr(tokenizer, "add_form_column", None)
    return None if add is None else (tokenizer, add(value))


def lexical_row(
    vocab: Vocab,
    orth: int,
    known: dict[int, tuple],
    forms: Sequence[FormValue] = (),
    text: str | None = None,
) -> tuple[Any, ...]:
    """The word ``orth`` as a tokenizer hands it on: its ORTH id, then the ``LOWER``,
    ``IS_ALPHA``, ``IS_PUNCT`` and ``IS_SPACE`` of its lexeme (made now if the form is new),
    then each of ``forms`` of its text (the form columns), read once per form (``known`` keeps
    the rows by ORTH id, up to :data:`_MAX_LEXICAL`). ``text`` is the form's text if the
    caller has it (else it is read from the lexeme). The rows of a doc's words, transposed,
    are the columns :meth:`TokenArrays.of_new_doc` takes after the words."""
    row = known.get(orth)
    if row is None:
        lexeme = vocab[orth]
        row = (orth, lexeme.lower, int(lexeme.is_alpha), int(lexeme.is_punct), int(lexeme.is_space))
        if forms:
            text = lexeme.orth_ if text is None else text
            row += tuple([value(text) for value in forms])
        if len(known) < _MAX_LEXICAL:
            known[orth] = row
    return row


def filter_bounds(spans: list[_Bounded]) -> list[_Bounded]:
    """spaCy's ``filter_spans`` for tuples that start with a span's ``(start, end)``: the
    longest (then first) of overlapping spans wins, the winners in order of their start."""
    if len(spans) < 2:
        return list(spans)
    ordered = sorted(spans, key=lambda s: (s[1] - s[0], -s[0]), reverse=True)
    result = []
    seen: set[int] = set()
    for span in ordered:
        if span[0] not in seen and span[1] - 1 not in seen:
            result.append(span)
            seen.update(range(span[0], span[1]))
    return sorted(result, key=itemgetter(0))


def block_place(
    doc: Doc, arrays: TokenArrays | None = None
) -> tuple[str | None, str, int | None, tuple[int, bool]]:
    """``doc._``'s ``toolkit_section``, ``toolkit_block_kind``, ``toolkit_year`` and
    ``toolkit_turn`` (what the caller set before the pipeline ran), read once per doc;
    ``arrays`` are the doc's (:func:`token_arrays`) if the caller has them."""
    arrays = arrays or token_arrays(doc)
    if arrays.place is None:
        arrays.place = tuple(map(doc.user_data.get, _PLACE_KEYS, _PLACE_DEFAULTS))
    return arrays.place


def set_place(
    doc: Doc, section: str | None, block_kind: str, year: int | None, turn: tuple[int, bool]
) -> None:
    """Set what :func:`block_place` reads, as ``doc._.toolkit_section = …`` would."""
    doc.user_data.update(zip(_PLACE_KEYS, (section, block_kind, year, turn), strict=True))


#: A span's ``start`` and ``end`` token, handed on without its ``Span`` (a plain tuple: a
#: named one costs a Python call to make, and the sentence bounds are tuples already).
Bounds = tuple[int, int]


def set_group(
    doc: Doc, key: str, spans: Sequence[Span] = (), attrs: dict[str, Any] | None = None
) -> SpanGroup:
    """``doc.spans[key] = spans`` (with ``attrs``), the group made here and stored in the
    mapping behind spaCy's ``SpanGroups`` proxy: its ``__setitem__`` (a ``UserDict``'s, with a
    check and a call to make the group) cost twice the group itself, nine groups per block.
    What ``doc.spans`` reads afterwards is the same; ``tests/test_speed.py`` pins it."""
    group = SpanGroup(doc, name=key, attrs=attrs, spans=spans)
    try:
        doc.spans.data[key] = group
    except AttributeError:  # a spaCy whose proxy keeps its groups elsewhere
        doc.spans[key] = group
    return group


def get_group(doc: Doc, key: str) -> SpanGroup | None:
    """``doc.spans.get(key)``, read from the mapping behind the proxy (see :func:`set_group`)."""
    try:
        return doc.spans.data.get(key)
    except AttributeError:
        return doc.spans.get(key)


def keep(
    doc: Doc,
    key: str,
    plain: Sequence,
    group: SpanGroup | None = None,
    arrays: TokenArrays | None = None,
) -> None:
    """Remember ``plain``, one item per span of ``group``, just written to ``doc.spans[key]``
    (by default read from there), for the components after this one (:func:`kept`). Nothing in
    it may refer to ``doc`` (a ``Span`` does): the arrays would keep the doc alive. ``arrays``
    are the doc's (:func:`token_arrays`) if the caller has them."""
    arrays = arrays or token_arrays(doc)
    arrays.kept[key] = (group if group is not None else doc.spans[key], plain)


def kept(doc: Doc, key: str) -> Sequence | None:
    """What :func:`keep` remembered of ``doc.spans[key]``, or ``None`` when nothing was kept or
    the group was replaced or changed since (then read the group itself)."""
    spans = doc.spans
    try:
        arrays = spans._toolkit_arrays
    except AttributeError:
        return None
    found = arrays.kept.get(key)
    if found is None or arrays.length != len(doc):
        return None
    group, plain = found
    try:
        current = spans.data.get(key)
    except AttributeError:  # as in :func:`get_group`
        current = spans.get(key)
    if current is not group or len(group) != len(plain):
        return None
    return plain
