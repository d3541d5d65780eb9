"""``profile_matcher``: which value principles, document types and regions a text names.

The profile's codebook cues, document-type cues and region names are phrase patterns
matched by lemma, so "в Красноярском крае" finds Krasnoyarsk Krai and "state programmes"
finds the state programme. Results land in ``doc.spans`` under ``values``, ``targets``
and ``regions``, each span labelled with the entry's id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..profile import Profile, default_profile, load_profile
from .cues import lemmatize_phrases

KINDS = ("values", "targets", "regions")


@Language.factory("profile_matcher", default_config={"profile_path": None})
def make_profile_matcher(nlp: Language, name: str, profile_path: str | None) -> ProfileMatcher:
    profile = load_profile(Path(profile_path)) if profile_path else default_profile()
    return ProfileMatcher(nlp, name, profile)


def profile_phrases(profile: Profile, lang: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """``{kind: {id: phrases}}`` for one language: labels count as cues too."""
    return {
        "values": {
            e.id: (*e.cues.get(lang, ()), e.label.get(lang, "")) for e in profile.values.values()
        },
        "targets": {
            e.id: (*e.cues.get(lang, ()), e.label.get(lang, "")) for e in profile.documents.values()
        },
        "regions": {r.id: r.phrases(lang) for r in profile.regions.values()},
    }


class ProfileMatcher:
    """Finds the profile's values, document types and regions in a ``Doc``."""

    def __init__(self, nlp: Language, name: str, profile: Profile) -> None:
        self.name = name
        self.matchers: dict[str, PhraseMatcher] = {}
        for kind, entries in profile_phrases(profile, nlp.lang).items():
            matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
            for entry_id, phrases in entries.items():
                phrases = [p for p in dict.fromkeys(phrases) if p.strip()]
                if phrases:
                    matcher.add(entry_id, lemmatize_phrases(nlp, phrases))
            self.matchers[kind] = matcher

    def __call__(self, doc: Doc) -> Doc:
        for kind, matcher in self.matchers.items():
            doc.spans[kind] = [Span(doc, s, e, label=key) for key, s, e in matcher(doc)]
        return doc

    # the patterns are rebuilt from the profile, which is the data to ship
    def to_bytes(self, exclude: tuple = ()) -> bytes:
        return b""

    def from_bytes(self, data: bytes, exclude: tuple = ()) -> ProfileMatcher:
        return self

    def to_disk(self, path: Any, exclude: tuple = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path: Any, exclude: tuple = ()) -> ProfileMatcher:
        return self
