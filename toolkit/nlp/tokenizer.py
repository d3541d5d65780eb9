"""spaCy's tokenisation, remembered per whitespace-delimited chunk.

spaCy's tokenizer splits a text into runs of whitespace and non-whitespace characters and
tokenises each run on its own (prefixes, suffixes, infixes, special cases); a last pass then
applies the special cases that span several runs («в т.ч.», "д-р биол. наук"). Its own cache
still walks every character and runs that last pass over every token, which made it a third
of extraction. :class:`CachedTokenizer` asks spaCy's tokenizer once per distinct run and
builds each ``Doc`` from the remembered words and spaces, so the tokens, their texts and
their trailing spaces are exactly spaCy's, and hands the doc on with its token arrays
(:meth:`.arrays.TokenArrays.of_new_doc`) so that no component reads them from the doc again.
A text that holds one of the special cases spanning runs is tokenised by spaCy whole, as
before (its arrays are then read from the doc when first needed). What a component sets
per word form (a lemma, a sentence kind) rides along: :meth:`CachedTokenizer.add_form_column`
works it out once per new form with the form's row, and the doc's arrays carry its column.
Token-level ``NORM`` values of special cases ("т.е." → "то есть") are not copied: no
component reads ``NORM``.

A blank pipeline names :data:`BLANK_TOKENIZER` in its config, so ``spacy.blank`` builds
spaCy's tokenizer once, already wrapped, and after the vocabulary has dropped the lexical
attributes nothing reads (:mod:`.lexemes`): the thousand lexemes of spaCy's special cases
are made as cheaply as every later one (a tenth of a second less per pipeline).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import accumulate, chain, filterfalse
from typing import Any

from spacy.attrs import IDX, ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import registry

from .affixes import affix_tokenizer
from .arrays import FormValue, TokenArrays, lexical_row, share
from .lexemes import keep_read_attributes

#: Runs remembered per pipeline: a forum's vocabulary fits many times over; beyond it a run
#: is tokenised by spaCy each time.
DEFAULT_CACHE_SIZE = 200_000
#: A word run, the single space spaCy folds into its last token, and the whitespace after it.
_RUNS = re.compile(r"(\S+)( ?)(\s*)")
_LEADING_SPACE = re.compile(r"\s+")
#: Marks that end a word ("слово," "word.") and are split off without asking spaCy.
_MARKS = frozenset(",.:;!?")
#: How far back from a run's end the suffix rules are searched: a rule matching more than
#: the mark makes the run go to spaCy.
_SUFFIX_REACH = 4
#: The registered name of the blank pipelines' tokenizer (``[nlp.tokenizer]`` in the config).
BLANK_TOKENIZER = "toolkit.BlankTokenizer.v1"


class CachedTokenizer:
    """Gives the ``Doc`` spaCy's ``tokenizer`` gives, remembering each run's tokens."""

    def __init__(self, tokenizer: Tokenizer, cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab
        self.cache_size = cache_size
        #: each run's tokens as :func:`.arrays.lexical_row` rows (ORTH id first)
        self._runs: dict[str, tuple[tuple[int, ...], ...]] = {}
        self._lexical: dict[int, tuple[int, ...]] = {}  # the rows by ORTH id
        #: what components work out per word form, kept in the rows (:meth:`add_form_column`)
        self._forms: tuple[FormValue, ...] = ()
        self._specials = frozenset(tokenizer.rules or {})
        self._spanning = _spanning_specials(tokenizer)
        search = tokenizer.suffix_search
        self._suffixes = getattr(search, "__self__", None)  # the compiled suffix rules
        # marks split off words by :meth:`_word_and_mark`; none when spaCy would first try a
        # token_match on the whole run or the suffix rules are not one compiled pattern
        usable = tokenizer.token_match is None and isinstance(self._suffixes, re.Pattern)
        self._marks = _MARKS if usable and tokenizer.prefix_search is not None else frozenset()

    def __call__(self, text: str) -> Doc:
        if self._spanning and self._spans_runs(text):
            return self.tokenizer(text)
        if _single_spaced(text):  # words between single spaces: each piece is a run
            return self._doc(text.split(" "), None)
        leading = _LEADING_SPACE.match(text)
        runs: list[str] = [leading.group()] if leading else []
        folded: list[bool] = [False] if leading else []  # a single space after the run
        for word, space, rest in _RUNS.findall(text, leading.end() if leading else 0):
            runs.append(word)
            folded.append(bool(space))
            if rest:
                runs.append(rest)
                folded.append(False)
        return self._doc(runs, folded)

    def _doc(self, runs: list[str], folded: list[bool] | None) -> Doc:
        """The ``Doc`` of ``runs``; ``folded`` says which one has a single space after it
        (``None``: all but the last)."""
        known = self._runs
        try:
            found = list(map(known.__getitem__, runs))
        except KeyError:
            learnt = self._learn(list(filterfalse(known.__contains__, runs)))
            if len(known) < self.cache_size:  # it had room for every run learnt
                found = list(map(known.__getitem__, runs))
            else:  # some runs may be in ``learnt`` only
                found = [known[run] if run in known else learnt[run] for run in runs]
        # one transposition gives the words and the lexical columns of the whole doc
        columns = tuple(zip(*chain.from_iterable(found), strict=False)) or ((),)  # rows of five
        words = columns[0]
        sizes = list(map(len, found))
        if folded is None and 0 not in sizes:  # runs between single spaces: the usual block
            spaces = _spaces_of(sizes)
        else:
            spaces_list: list[bool] = []
            for number, tokens in enumerate(found):
                spaces_list.extend([False] * len(tokens))
                if folded is None:
                    spaces_list[-1] = number < len(runs) - 1
                elif folded[number]:
                    spaces_list[-1] = True
            spaces = tuple(spaces_list)
        # a Doc made from ORTH ids looks its lexemes up without hashing each word again
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if words:  # the components' arrays, from what is known here instead of the doc
            share(doc, TokenArrays.of_new_doc(doc, words, spaces, columns[1:], self))
        return doc

    def _learn(self, runs: list[str]) -> dict[str, tuple[tuple[int, ...], ...]]:
        """The rows of spaCy's tokens of each run (:func:`.arrays.lexical_row`: the ORTH id and
        the lexical attributes the components read), remembered while the cache has room.

        A word of letters only that is no special case is one token (spaCy's affix rules
        split at punctuation, digits and symbols: checked once on the 940,000 forms of the
        benchmark vocabularies, and by a test on thousands of dictionary forms), and so is a
        number of ASCII digits (a year, a count: a test on tens of thousands of them); such a
        word with a comma, full stop … after it is two tokens when spaCy's suffix rule takes
        just that mark (:meth:`_word_and_mark`). The other runs, joined by single spaces, are
        tokenised by one call unless the joined text holds a special case spanning runs or a
        run of whitespace (which would merge with the joining spaces): then each is asked
        alone.
        """
        made: dict[str, tuple[tuple[int, ...], ...]] = {}
        asked = []
        specials = self._specials
        add = self.vocab.strings.add
        vocab, rows, forms = self.vocab, self._lexical, self._forms
        for run in dict.fromkeys(runs):  # the rows made here, without a loop per run
            if (run.isalpha() or _is_number(run)) and run not in specials:
                made[run] = (lexical_row(vocab, add(run), rows, forms, run),)
            elif run[-1] in self._marks and self._word_and_mark(run):
                word, mark = run[:-1], run[-1]
                made[run] = (
                    lexical_row(vocab, add(word), rows, forms, word),
                    lexical_row(vocab, add(mark), rows, forms, mark),
                )
            else:
                asked.append(run)
        learnt: dict[str, tuple[int, ...]] = {}  # the asked runs' ORTH ids, made rows below
        joined = " ".join(asked)
        if any(run[0].isspace() for run in asked) or (self._spanning and self._spans_runs(joined)):
            for run in asked:
                learnt[run] = tuple(t.orth for t in self.tokenizer(run))
        elif asked:
            doc = self.tokenizer(joined)
            tokens = doc.to_array([IDX, ORTH]).tolist()
            token = end = 0
            for run in asked:
                end += len(run) + 1
                first = token
                while token < len(tokens) and tokens[token][0] < end:
                    token += 1
                learnt[run] = tuple(orth for _, orth in tokens[first:token])
        for run, orths in learnt.items():
            made[run] = tuple([lexical_row(vocab, orth, rows, forms) for orth in orths])
        room = self.cache_size - len(self._runs)
        if room > 0:
            self._runs.update(made if len(made) <= room else list(made.items())[:room])
        return made

    def add_form_column(self, value: FormValue) -> int:
        """Work ``value`` of each new word form's text out with its lexical row, from now on,
        and hand each doc its column (:meth:`.arrays.TokenArrays.form`): the column's index.
        The runs learnt so far are forgotten (their rows lack it)."""
        self._forms = (*self._forms, value)
        self._runs, self._lexical = {}, {}
        return len(self._forms) - 1

    def _word_and_mark(self, run: str) -> bool:
        """Whether spaCy splits ``run``, a word of letters (or ASCII digits) and a mark, into
        the two: neither the run nor the word is a special case, no prefix rule matches, and
        the first suffix rule that matches takes the mark alone. The suffix rules are searched
        from the last few characters only (a whole-run search tries every position: most of
        spaCy's time on such a run); their look-behinds still see the letters before ("U.S.",
        "USA.")."""
        word = run[:-1]
        if not (word.isalpha() or _is_number(word)):
            return False
        if run in self._specials or word in self._specials:
            return False
        prefix = self.tokenizer.prefix_search(run)
        if prefix is not None and prefix.end() > prefix.start():
            return False
        suffix = self._suffixes.search(run, max(0, len(run) - _SUFFIX_REACH))
        return suffix is not None and suffix.start() == len(word) and suffix.end() == len(run)

    def _spans_runs(self, text: str) -> bool:
        """Whether a special case holding whitespace occurs in ``text`` (``в т.ч.``)."""
        tail, phrases = self._spanning
        return tail.search(text) is not None and any(p in text for p in phrases)

    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        for text in texts:
            yield self(text)

    # serialisation is spaCy's tokenizer's: the cache is rebuilt on use
    def to_bytes(self, **kwargs: Any) -> bytes:
        return self.tokenizer.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs: Any) -> CachedTokenizer:
        self.tokenizer.from_bytes(data, **kwargs)
        self._reset()
        return self

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        self.tokenizer.to_disk(path, **kwargs)

    def from_disk(self, path: Any, **kwargs: Any) -> CachedTokenizer:
        self.tokenizer.from_disk(path, **kwargs)
        self._reset()
        return self

    def _reset(self) -> None:
        """Forget what was learnt from the tokenizer's rules, keeping the form columns the
        components asked for (their indices stay theirs)."""
        forms = self._forms
        self.__init__(self.tokenizer, self.cache_size)
        self._forms = forms


def _is_number(word: str) -> bool:
    """A run of ASCII digits only ("2031"): one token for spaCy, like a word of letters."""
    return word.isascii() and word.isdigit()


def _single_spaced(text: str) -> bool:
    """Whether ``text.split(" ")`` is ``text.split()``: words between single spaces.

    A printable text holds no whitespace but the space (every other whitespace character is
    a separator or a control character), so only two spaces in a row or a space at either end
    can tell the two apart: a few scans in C instead of splitting twice. Any other text is
    split both ways."""
    if text.isprintable():
        return bool(text) and "  " not in text and text[0] != " " and text[-1] != " "
    return text.split(" ") == text.split()


def _spaces_of(sizes: list[int]) -> tuple[bool, ...]:
    """Each token's trailing space in runs of ``sizes`` tokens (none empty) between single
    spaces, the last run followed by none: only the last token of a run has one, marked at
    the runs' ends (a loop over the ends cost half of joining a tuple per run in C)."""
    spaces = [False] * sum(sizes)
    for end in accumulate(sizes):
        spaces[end - 1] = True
    spaces[-1] = False
    return tuple(spaces)


@registry.tokenizers(BLANK_TOKENIZER)
def blank_tokenizer(
    cache_size: int = DEFAULT_CACHE_SIZE,
) -> Callable[[Language], CachedTokenizer]:
    """spaCy's tokenizer for the pipeline's language (:func:`.affixes.affix_tokenizer`),
    cached, in a vocabulary that computes only the lexical attributes the toolkit reads (set
    before the special cases' lexemes)."""

    def make(nlp: Language) -> CachedTokenizer:
        keep_read_attributes(nlp)
        return CachedTokenizer(affix_tokenizer(nlp), cache_size)

    return make


def _spanning_specials(tokenizer: Tokenizer) -> tuple[re.Pattern, tuple[str, ...]] | None:
    """The special cases with whitespace between other characters, and a pattern for what
    follows their first whitespace (a quick test before looking for the phrases)."""
    rules = tokenizer.rules or {}
    phrases = tuple(sorted(k for k in rules if not k.isspace() and re.search(r"\s", k)))
    if not phrases:
        return None
    tails = sorted({re.search(r"\s.*", p, re.S).group() for p in phrases}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, tails))), phrases
