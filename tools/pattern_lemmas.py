"""Rebuild ``toolkit/data/pattern_lemmas.json``: the lemmas of the shipped profile's phrases
and of the shipped cue files' phrases.

    python tools/pattern_lemmas.py

Run it after changing the shipped profile, spaCy, the lemma data or toolkit/nlp/morphology.py
(tests/test_speed.py says when). See toolkit/nlp/known_lemmas.py for why the table exists.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from toolkit.nlp import build_pipeline, classify, route
from toolkit.nlp.known_lemmas import TABLE, fingerprint
from toolkit.nlp.lexicon import default_lexicon
from toolkit.nlp.patterns import phrase_lemmas
from toolkit.profile import default_profile
from toolkit.textio import write_text_atomic


def compute_table() -> dict[str, Any]:
    """The table for the shipped profile, every phrase lemmatised by a freshly built pipeline."""
    profile = default_profile()
    table: dict[str, Any] = {}
    for lang in ("en", "ru"):
        nlp = build_pipeline(lang, profile=profile, classifier=False)
        phrases = sorted(
            {p["pattern"] for p in classify.profile_patterns(profile, lang)}
            | {p["pattern"] for p in route.routing_patterns(profile, lang)}
            | {p for phrases in default_lexicon(lang).phrases.values() for p in phrases}
        )
        lemmas = phrase_lemmas(nlp, "profile_matcher", phrases)
        table[lang] = {
            "fingerprint": fingerprint(lang),
            "lemmas": dict(zip(phrases, lemmas, strict=True)),
        }
    return table


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def table_text(table: dict[str, Any]) -> str:
    """JSON with one phrase a line, so a change reads well in a diff."""
    parts = []
    for lang, entry in table.items():
        rows = ",\n".join(
            f"      {_json(phrase)}: {_json(lemmas)}" for phrase, lemmas in entry["lemmas"].items()
        )
        parts.append(
            f'  "{lang}": {{\n    "fingerprint": {json.dumps(entry["fingerprint"])},\n'
            f'    "lemmas": {{\n{rows}\n    }}\n  }}'
        )
    return "{\n" + ",\n".join(parts) + "\n}\n"


def main() -> None:
    write_text_atomic(TABLE, table_text(compute_table()))
    print(f"wrote {TABLE}")


if __name__ == "__main__":
    main()
