"""A resolution wording for every proposal, suggested from its parse (issue 11).

Speech is not wording: «Поэтому я предлагаю закрепить ценностные принципы…», "Regions
should stop funding one-off festivals, he said." A planning department needs «Закрепить
ценностные принципы…», "Recommend that regions stop funding one-off festivals." The
rewording works on the words of the sentence as the extraction pipeline parsed them:

1. strip what is not the measure (``base.py``): discourse openers («И ещё одно:», "So my
   first point:"), reporting frames («По словам Мельникова,», "Koroleva said that",
   ", he said"), hedges and trailing justifications (", because …", «, иначе …»);
2. turn the speaker's form into the resolution's (``russian.py``, ``english.py``):
   first-person, reported, modal and need sentences become an infinitive (ru) or an
   imperative (en) item, or a recommendation to the addressee they name («Регионам
   следует…» → «Рекомендовать органам исполнительной власти субъектов…»), with
   pymorphy3 inflecting the Russian words that change role.

The word lists are data (``data/wording_ru.yaml``, ``wording_en.yaml``, see ``rules.py``).
The result is only a suggestion: the register keeps it in ``wording``, and the review
workbook offers it to the analyst; it never replaces what an analyst wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from .base import Rewording
from .rules import WordingRules, default_rules, parse_rules, read_rules
from .words import finish, words_of

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "WordingRules",
    "default_rules",
    "parse_rules",
    "read_rules",
    "rewording",
    "suggest_wording",
    "wording_for",
]


@cache
def rewording(lang: str) -> Rewording:
    """The shipped rewording for ``lang`` (built once per process)."""
    rules = default_rules(lang)
    if lang == "ru":
        from .russian import RussianRewording

        return RussianRewording(rules)
    from .english import EnglishRewording

    return EnglishRewording(rules)


def wording_for(tokens: Iterable[Any], lang: str) -> str:
    """The suggested resolution wording of a parsed sentence or list item (a spaCy span)."""
    words = words_of(tokens)
    return (rewording(lang)(words) or finish(words)) if words else ""


def suggest_wording(text: str, lang: str, nlp: Language | None = None) -> str:
    """The suggested resolution wording of ``text``, parsed with ``nlp`` (or a new pipeline)."""
    if nlp is None:
        nlp = _pipeline(lang)
    return wording_for(nlp(text), lang)


@cache
def _pipeline(lang: str) -> Language:
    from .. import build_pipeline

    return build_pipeline(lang)
