"""Which words of ``toolkit/data/concepts.yaml`` the taggers would never bring to their concept.

A word is matched by the lemma the tagger gives (or its exact form), so a word listed in a
form the tagger does not give as a lemma reaches its concept only when written exactly so.
For each Russian word this takes its inflected forms (pymorphy3's lexeme, same part of
speech) and for each English word the word and its plural, tags them as the pipelines do and
lists the forms whose key is not the word's concept, with the lemma to list instead:

    python tools/understanding/concept_forms.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from toolkit import group  # noqa: E402
from toolkit.nlp import build_pipeline  # noqa: E402
from toolkit.nlp.morphology import morph  # noqa: E402

KEEP = {"NOUN": {"NOUN"}, "ADJF": {"ADJF"}, "INFN": {"INFN", "VERB"}, "ADVB": {"ADVB"}}


def ru_forms(word: str) -> list[str]:
    """The word's forms of its own part of speech (cases and numbers, persons and tenses)."""
    parse = morph().parse(word)[0]
    keep = KEEP.get(parse.tag.POS, {parse.tag.POS})
    forms = {word}
    if "-" not in word:
        forms.update(f.word for f in parse.lexeme if f.tag.POS in keep)
    return sorted(forms)


def en_forms(word: str) -> list[str]:
    """The word and its regular plural."""
    if word.endswith(("s", "x", "ch", "sh")):
        plural = word + "es"
    elif word.endswith("y") and word[-2:-1] not in "aeiou":
        plural = word[:-1] + "ies"
    else:
        plural = word + "s"
    return [word, plural]


def misses(lang: str) -> list[str]:
    """``concept: word -> lemma (forms)`` for every lemma of a word's forms that does not
    reach the word's concept: list it too, or leave a homograph («кину») be."""
    book = group.concepts()
    nlp = build_pipeline(lang, classifier=False)
    forms_of = ru_forms if lang == "ru" else en_forms
    rows = []
    for word, concept in sorted(book.words[lang].items()):
        forms = forms_of(word)
        wrong: dict[str, list[str]] = {}
        for form, doc in zip(forms, nlp.pipe(forms), strict=True):
            lemmas = group.word_forms(doc[:])
            keys = {
                group.word_key(lang, lemma, lower, False, False) for lemma, lower, _, _ in lemmas
            }
            unknown = lang == "en" and form != word and lemmas[0][0] == form
            if keys != {concept} and not unknown:  # a plural the table does not know
                got = " ".join(lemma for lemma, _, _, _ in lemmas)
                wrong.setdefault(f"{got} ({', '.join(sorted(map(str, keys)))})", []).append(form)
        rows += [
            f"{lang} {concept}: {word} -> {lemma}: {' '.join(forms)}"
            for lemma, forms in wrong.items()
        ]
    return rows


def main() -> int:
    rows = misses("ru") + misses("en")
    print("\n".join(rows) or "every form reaches its concept")
    return 0


if __name__ == "__main__":
    sys.exit(main())
