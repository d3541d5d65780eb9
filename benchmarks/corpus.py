"""A generated corpus for the speed and memory benchmarks: real word forms, seeded.

The corpus is generated from real word forms: the pymorphy3 dictionary for Russian and
spacy-lookups-data's English lemma tables, drawn with a Zipf distribution and set in
templates with cue phrases (and hard negatives) so that proposals occur. The same seed
gives the same text on every run.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

SEED = 2024
FORUM_YEAR = 2024
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")

# ---------------------------------------------------------------- vocabulary


class Vocabulary:
    """Word pools by slot, each drawn with a Zipf distribution over a shuffled order.

    Shuffling first means the frequent words are not the alphabetically first ones; the
    Zipf law gives the long tail of rare forms that real text has (and that a per-form
    cache has to cope with). The order is fixed per language, so every text generated
    from one vocabulary shares its frequent words, as texts of one forum do.
    """

    def __init__(self, lang: str, pools: dict[str, Sequence[str]], exponent: float = 1.0) -> None:
        self.lang = lang
        self.size = len({w for words in pools.values() for w in words})
        order = random.Random(f"{SEED}-{lang}-order")
        self._pools: dict[str, tuple[list[str], list[float]]] = {}
        for slot, words in pools.items():
            ordered = sorted(set(words))
            order.shuffle(ordered)
            weights = itertools.accumulate(
                1.0 / (rank + 1) ** exponent for rank in range(len(ordered))
            )
            self._pools[slot] = (ordered, list(weights))

    def draw(self, slot: str, rng: random.Random) -> str:
        words, cumulative = self._pools[slot]
        return words[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


# Names, abbreviations, archaic, slang and misspelt forms are not ordinary text.
_RU_NAMES = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Init"}
_RU_SKIP = frozenset({"Abbr", "Erro", "Dist", "Infr", "Slng", "Arch"} | _RU_NAMES)
_RU_SLOTS = {"NOUN": "N", "ADJF": "A", "PRTF": "A", "INFN": "I", "ADVB": "D"}


def russian_pools(stride: int = 20) -> dict[str, list[str]]:
    """Word forms from pymorphy3's dictionary: every ``stride``-th form, sorted into slots.

    About 200k forms of over 100k lemmas, in every case, number, tense and person; takes
    about two seconds.
    """
    from toolkit.notes.names import morph

    dictionary = morph().dictionary
    words = dictionary.words
    pools: dict[str, list[str]] = {slot: [] for slot in "NAIDVM"}
    for form in dict.fromkeys(itertools.islice(words.iterkeys(), 0, None, stride)):
        if not form.isalpha():
            continue
        para, idx = words[form][0]
        tag = dictionary.build_tag_info(para, idx)
        if tag.grammemes & _RU_SKIP:
            continue
        if tag.POS == "VERB":
            pools["M" if "impr" in tag.grammemes else "V"].append(form)
        elif tag.POS in _RU_SLOTS:
            pools[_RU_SLOTS[tag.POS]].append(form)
    pools["D"] += ["очень", "также", "уже", "сейчас", "часто", "быстро", "вместе", "особенно"]
    pools["M"] += ["создайте", "поддержите", "развивайте", "объедините", "запустите", "сделайте"]
    return pools


def english_pools() -> dict[str, list[str]]:
    """Word forms from spacy-lookups-data: the lemma table's inflected keys and WordNet lemmas."""
    from toolkit.nlp.morphology import _lookups_table, english_lemmas

    index = _lookups_table("en_lemma_index")

    def plain(word: str) -> bool:
        return word.isalpha() and word.islower() and 2 < len(word) <= 14

    lemmas = {pos: {w for w in index[pos] if plain(w)} for pos in ("noun", "verb", "adj", "adv")}
    pools: dict[str, list[str]] = {
        "N": sorted(lemmas["noun"]),
        "A": sorted(lemmas["adj"]),
        "D": sorted(lemmas["adv"]),
        "I": sorted(lemmas["verb"]),
        "V": [],
    }
    for form, lemma in english_lemmas().items():
        if not plain(form):
            continue
        if lemma in lemmas["verb"]:
            pools["V"].append(form)
        elif lemma in lemmas["noun"]:
            pools["N"].append(form)
        elif lemma in lemmas["adj"]:
            pools["A"].append(form)
    pools["M"] = pools["I"]
    return pools


# ---------------------------------------------------------------- templates

_COMMON = {
    "ru": {
        "P": [
            "в",
            "на",
            "с",
            "по",
            "для",
            "к",
            "из",
            "о",
            "от",
            "у",
            "за",
            "при",
            "до",
            "без",
            "через",
            "между",
            "под",
            "после",
            "среди",
            "вокруг",
        ],
        "C": [
            "и",
            "а",
            "но",
            "что",
            "или",
            "чтобы",
            "если",
            "поэтому",
            "когда",
            "хотя",
            "потому что",
        ],
        "R": [
            "Красноярском крае",
            "Иркутской области",
            "Новосибирске",
            "Томской области",
            "Республике Тыва",
            "Алтайском крае",
            "Омске",
            "Сибири",
        ],
        "L": [
            "Волкова",
            "Тарасов",
            "Панова",
            "Дорофеев",
            "Волковой",
            "Тарасова",
            "Пановой",
            "И. Волкова",
            "А. Тарасов",
        ],
    },
    "en": {
        "P": [
            "in",
            "on",
            "with",
            "for",
            "of",
            "to",
            "from",
            "at",
            "by",
            "about",
            "between",
            "after",
            "under",
            "through",
            "across",
            "without",
        ],
        "C": ["and", "but", "or", "because", "while", "so", "although", "when", "as", "if"],
        "R": [
            "Krasnoyarsk Krai",
            "Irkutsk Oblast",
            "Novosibirsk",
            "Tomsk Oblast",
            "the Republic of Tyva",
            "Altai Krai",
            "Omsk",
            "Siberia",
        ],
        "L": ["Morozov", "Lavrova", "Krylov", "Oorzhak", "I. Morozov", "Dr. Lavrova"],
    },
}

PEOPLE = {
    "ru": ["Ирина Волкова", "Алексей Тарасов", "Светлана Панова", "Игорь Дорофеев"],
    "en": ["Ilya Morozov", "Daria Lavrova", "Vsevolod Krylov", "Chechek Oorzhak"],
}

# Slots: N noun, A adjective, V finite verb, I infinitive, M imperative, D adverb,
# P preposition, C conjunction, R region, L person, Y past year, K number.
TEMPLATES = {
    "ru": {
        "plain": [
            "{A} {N} {V} {N} {P} {A} {N}.",
            "{N} {A} {N} {D} {V} {P} {N} {N}.",
            "{P} {A} {N} {V} {K} {N}, {C} {N} {V} {D}.",
            "По словам {L}, {A} {N} {V} {N} {P} {N}.",
            "{N} {N} {V} {P} {A} {N} и {A} {N}.",
            "{D} {V} {A} {N}: {N}, {N} и {N}.",
            "{A} {N} {P} {R} {V} {D}, {C} {N} {V} {A} {N}.",
            "{L} {V}, что {A} {N} {V} {N} {N}.",
            "Это {A} {N} {N}, т. е. {N} {A} {N} {P} {N}.",
            "За {K} г. {N} {V} {A} {N} {P} {R}.",
        ],
        "cue": [
            "Предлагаем {I} {A} {N} {P} {N} {N}.",
            "Необходимо {I} {N} {A} {N} {P} {R}.",
            "{A} {N} следует {I} {N} {P} {N}.",
            "Важно {I} {N} {N}, {C} {N} {V} {D}.",
            "Давайте {I} {A} {N} {P} {N}.",
            "{M} {A} {N} {P} {N} {N}.",
            "{I} {A} {N} {P} {N}.",
            "{L} предложила {I} {N} {A} {N}.",
            "Нужно {I} {N} {P} {A} {N}.",
            "Рекомендуем {I} {N} {N} до {K} года.",
        ],
        "hard": [
            "Нужно ли {I} {A} {N} {P} {N}?",
            "В {Y} году {N} {V} {I} {A} {N}.",
            "Ранее предлагалось {I} {N} {A} {N}.",
            "Не нужно {I} {A} {N}.",
            "{V} ли {A} {N} {N}?",
        ],
        "clause": ", {C} {A} {N} {V} {N} {P} {N}",
    },
    "en": {
        "plain": [
            "The {A} {N} {V} {D} {P} {N} and {N}.",
            "{A} {N} {V} the {N} of {A} {N}.",
            "In {R}, {N} {V} {K} {N}, and {N} {V} {D}.",
            "According to {L}, the {N} {V} {A} {N} {P} {N}.",
            "Most {N} {V} on a {A} {N} or a {A} {N}.",
            "{L} {V} that {A} {N} {V} the {N}.",
            "The {N}, e.g. {N} and {N}, {V} {D} {P} {R}.",
            "Over {K} {N} {V} the {A} {N} last year.",
        ],
        "cue": [
            "We propose to {I} a {A} {N} {P} {N}.",
            "Regions should {I} the {N} of {A} {N}.",
            "There is a need for a {A} {N} in {R}.",
            "Let us {I} the {A} {N} together.",
            "{M} {A} {N} {P} {N} and {N}.",
            "It is necessary to {I} {A} {N}.",
            "The ministry must {I} {N} with {A} {N}.",
            "{L} suggested that {N} {I} {A} {N}.",
            "We recommend that the {N} {I} {A} {N} by {K}.",
        ],
        "hard": [
            "Should the region {I} {A} {N}?",
            "In {Y} the ministry recommended to {I} {A} {N}.",
            "We do not need a {A} {N}.",
            "Earlier, {N} had to {I} the {N}.",
        ],
        "clause": ", {C} {A} {N} {V} {N} {P} {N}",
    },
}
_SLOT = re.compile(r"\{([A-Z])\}")


class TextGenerator:
    """Seeded sentences and note blocks in one language, from templates and a vocabulary."""

    MIX = (("plain", 0.7), ("cue", 0.2), ("hard", 0.1))

    def __init__(self, lang: str, vocabulary: Vocabulary, rng: random.Random) -> None:
        self.lang = lang
        self.vocabulary = vocabulary
        self.rng = rng
        self.templates = TEMPLATES[lang]
        self.common = _COMMON[lang]

    def _fill(self, slot: str) -> str:
        if slot == "Y":
            return str(self.rng.randint(2010, FORUM_YEAR - 1))
        if slot == "K":
            return str(self.rng.choice([self.rng.randint(2, 500), self.rng.randint(2025, 2035)]))
        if slot in self.common:
            return self.rng.choice(self.common[slot])
        word = self.vocabulary.draw(slot, self.rng)
        return word.capitalize() if slot == "M" else word

    def sentence(self) -> str:
        kind = self.rng.choices([k for k, _ in self.MIX], [w for _, w in self.MIX])[0]
        template = self.rng.choice(self.templates[kind])
        if template.endswith(".") and self.rng.random() < 0.35:
            template = template[:-1] + self.templates["clause"] + "."
        text = _SLOT.sub(lambda m: self._fill(m.group(1)), template)
        return text[:1].upper() + text[1:]

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 5)))


@dataclass(frozen=True)
class Block:
    """One unit the extractor turns into a ``Doc``: a paragraph or a list item."""

    text: str
    kind: str  # "paragraph" | "item"
    section: str | None


@dataclass
class Corpus:
    """Generated blocks of one language, with word and word-form counts."""

    lang: str
    blocks: list[Block]
    words: int
    forms: int

    def chunks(self, count: int) -> list[list[Block]]:
        """The blocks in ``count`` consecutive slices of about equal size."""
        size = -(-len(self.blocks) // count)
        return [self.blocks[i : i + size] for i in range(0, len(self.blocks), size)]


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def generate_corpus(generator: TextGenerator, words: int) -> Corpus:
    """Blocks until ``words`` words: paragraphs, list items, some under a proposals heading."""
    rng = generator.rng
    blocks: list[Block] = []
    total = 0
    forms: set[str] = set()
    while total < words:
        if rng.random() < 0.55:
            block = Block(generator.paragraph(), "paragraph", None)
        else:
            block = Block(generator.sentence(), "item", "proposals" if rng.random() < 0.2 else None)
        found = _WORD.findall(block.text)
        forms.update(w.lower() for w in found)
        total += len(found)
        blocks.append(block)
    return Corpus(generator.lang, blocks, total, len(forms))


def make_generator(vocabulary: Vocabulary, seed: int) -> TextGenerator:
    """A generator whose draws are seeded by ``seed`` (the vocabulary's order is fixed)."""
    return TextGenerator(vocabulary.lang, vocabulary, random.Random(f"{seed}-{vocabulary.lang}"))


def load_vocabulary(lang: str) -> Vocabulary:
    """The vocabulary of real word forms for ``lang`` (pymorphy3 or spacy-lookups-data)."""
    return Vocabulary(lang, russian_pools() if lang == "ru" else english_pools())
