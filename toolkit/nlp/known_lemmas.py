"""Lemmas of the shipped codebook phrases, computed once and shipped beside the data.

Lemmatising the ~1,400 profile phrases of a language took a third of building its pipeline,
at every start. ``data/pattern_lemmas.json`` keeps them with a fingerprint of what produced
them (the versions of spaCy and of the lemma data, the source of our morphology and its
``data/lemmas_ru.yaml`` and ``data/lemmas_en.yaml``); a table whose fingerprint differs from
the installed one is ignored (the phrases are lemmatised as before), and tests/test_speed.py
fails until it is rebuilt with ``python tools/pattern_lemmas.py``. Phrases a forum adds in
forum.yaml are not in the table and are lemmatised when the pipeline is built.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from ..yamlio import shipped_data

TABLE = shipped_data("pattern_lemmas.json")


def fingerprint(lang: str) -> str:
    """What the lemmas of ``lang`` depend on: library versions and our morphology's source."""
    import spacy

    from . import morphology

    if lang == "ru":
        import pymorphy3
        import pymorphy3_dicts_ru as data
    else:
        import spacy_lookups_data as data
    sources = (
        Path(morphology.__file__).read_bytes()
        + shipped_data("lemmas_ru.yaml").read_bytes()
        + shipped_data("lemmas_en.yaml").read_bytes()
    )
    source = hashlib.sha1(sources).hexdigest()[:12]
    versions = [spacy.__version__, data.__version__] + (
        [pymorphy3.__version__] if lang == "ru" else []
    )
    return f"{lang} {' '.join(versions)} morphology.py {source}"


@cache
def known_lemmas(lang: str) -> dict[str, list[str]]:
    """``{phrase: lemmas}`` from the shipped table, or nothing when it is not fresh."""
    try:
        table = json.loads(TABLE.read_text(encoding="utf-8")).get(lang) or {}
    except (OSError, ValueError):
        return {}
    if table.get("fingerprint") != fingerprint(lang):
        return {}
    return table.get("lemmas") or {}


def with_known_lemmas(patterns: Iterable[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """The patterns, those of the shipped table carrying their ``lemmas`` already."""
    known = known_lemmas(lang)
    return [
        {**p, "lemmas": known[p["pattern"]]} if p.get("pattern") in known else p for p in patterns
    ]
