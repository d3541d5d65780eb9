"""spaCy's lexical attributes: only those the components read, computed with spaCy's code.

Every word form a pipeline meets for the first time gets a lexeme, and spaCy computes some
twenty lexical attributes for it (shape, prefix, suffix, ``like_url``, ``like_num`` …) by
calling a Python function each: most of the tokenizer's time on notes full of new words.
:func:`keep_read_attributes` leaves a blank pipeline's vocabulary only the getters of
:data:`READ_ATTRIBUTES`, the ones the toolkit reads (token arrays, classifier features,
wording, grouping); the others keep spaCy's default (``False``, empty) for new forms. A
trained pipeline (``--model``) keeps all of them: its models read shapes and affixes.
:func:`speed_up_lexemes` gives it Russian ``like_num`` with the very same code and words,
reading them from a set instead of a list of 884 number words, and calls the ``str`` method
that spaCy's ``lower``, ``is_alpha`` and ``is_space`` call directly (a Python call less each
per new word form: a tenth of a new lexeme's cost).
"""

from __future__ import annotations

import types
from collections.abc import Callable
from functools import cache
from typing import Any

from spacy.attrs import IS_ALPHA, IS_PUNCT, IS_SPACE, IS_STOP, LIKE_NUM, LOWER
from spacy.language import Language

#: The lexical attributes something in the toolkit reads: ``lower_``, ``is_alpha``,
#: ``is_punct``, ``is_space`` (token arrays, features, wording) and ``is_stop`` (grouping).
#: A component that starts reading another one must add it here (a test compares the
#: register with every attribute computed).
READ_ATTRIBUTES = frozenset({LOWER, IS_ALPHA, IS_PUNCT, IS_SPACE, IS_STOP})


@cache
def russian_like_num() -> Callable[[str], bool]:
    """spaCy's Russian ``like_num`` with its number words in a frozenset."""
    from spacy.lang.ru import lex_attrs

    stock = lex_attrs.like_num
    names = {**stock.__globals__, "_num_words": frozenset(stock.__globals__["_num_words"])}
    return types.FunctionType(stock.__code__, names, stock.__name__, stock.__defaults__)


@cache
def builtin_getters() -> dict[Callable[[str], Any], Callable[[str], Any]]:
    """spaCy's lexical attribute getters that only call a ``str`` method, and that method:
    the same values without a Python call per new word form."""
    from spacy.lang import lex_attrs

    return {
        lex_attrs.lower: str.lower,
        lex_attrs.is_alpha: str.isalpha,
        lex_attrs.is_space: str.isspace,
    }


def speed_up_lexemes(nlp: Language) -> None:
    """Swap slow lexical attribute getters of ``nlp``'s vocabulary for identical fast ones."""
    from spacy.lang.ru import lex_attrs

    getters = nlp.vocab.lex_attr_getters
    if getters.get(LIKE_NUM) is lex_attrs.like_num:
        getters[LIKE_NUM] = russian_like_num()
    same = builtin_getters()
    for attr, getter in getters.items():
        if getter in same:
            getters[attr] = same[getter]


def keep_read_attributes(nlp: Language) -> None:
    """Compute only :data:`READ_ATTRIBUTES` for the word forms ``nlp`` meets from now on."""
    getters = nlp.vocab.lex_attr_getters
    for attr in [a for a in getters if a not in READ_ATTRIBUTES]:
        del getters[attr]
