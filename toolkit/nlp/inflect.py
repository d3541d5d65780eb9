"""Russian word forms for rewording, with pymorphy3: a noun phrase in another case, a verb's
infinitive or past tense.

A resolution item moves words into new roles: «Я призываю региональные министерства
включить…» becomes «Рекомендовать региональным министерствам включить…» (accusative →
dative), «чтобы муниципальные дома культуры пускали…» becomes «…домам культуры пускать…».
pymorphy3 knows every form; these helpers pick the reading that agrees with its
neighbours, since the first reading of «министерства» is the genitive singular.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..notes.names import morph

#: Parts of speech that agree with the head noun of a phrase (adjectives, participles,
#: ordinal and pronominal adjectives, numerals).
_AGREEING = frozenset({"ADJF", "PRTF", "NUMR"})
_PROPER = ("Name", "Surn", "Patr", "Geox", "Orgn", "Trad")


@lru_cache(maxsize=65536)
def parses(word: str) -> tuple[Any, ...]:
    """Every pymorphy3 reading of a word (lower-cased)."""
    return tuple(morph().parse(word.lower()))


def _restore_case(original: str, word: str) -> str:
    if original.isupper() and len(original) > 1:
        return word.upper()
    olds, news = original.split("-"), word.split("-")
    if len(olds) == len(news) > 1:  # «Кабардино-Балкария» → «Кабардино-Балкарии»
        return "-".join(_restore_case(o, n) for o, n in zip(olds, news, strict=True))
    return word[:1].upper() + word[1:] if original[:1].isupper() else word


def _fits(parse: Any, case: str, number: str | None, gender: str | None) -> bool:
    tag = parse.tag
    if case not in tag:
        return False
    if number and tag.number and tag.number != number:
        return False
    return not (gender and number == "sing" and tag.gender and tag.gender != gender)


def change_case(
    texts: list[str], source: str, target: str, relatives: frozenset[str] = frozenset()
) -> tuple[list[str], int]:
    """The noun phrase at the start of ``texts`` moved from case ``source`` to ``target``.

    Returns the new forms of the words that belong to the phrase (agreeing words, the head
    noun, coordinated heads) and how many they are; ``([], 0)`` when the first word cannot
    be read in ``source``. Words after the head (genitive dependents) are left as they are.
    A comma before one of the ``relatives`` (lemmas: «который» …) opens a clause, not another
    noun of the phrase («людей, которые …»).
    """
    chosen: list[tuple[str, Any]] = []
    number: str | None = None
    gender: str | None = None
    heads: list[Any] = []
    index = 0
    while index < len(texts):
        text = texts[index]
        if not any("а" <= c <= "я" or c == "ё" for c in text.lower()):
            break
        readings = [p for p in parses(text) if _fits(p, source, number, gender)]
        following_gender = (
            None if gender else _next_noun(texts[index + 1 : index + 2], source, number)
        )
        if following_gender is not None:  # «и трепетного отношения»: the noun's gender
            readings = [
                p
                for p in readings
                if p.tag.POS not in _AGREEING or p.tag.gender in (following_gender, None)
            ] or readings
        noun = next((p for p in readings if p.tag.POS in ("NOUN", "NPRO")), None)
        agreeing = next((p for p in readings if p.tag.POS in _AGREEING), None)
        pick = noun or agreeing
        listed = texts[index + 1 : index + 2] in (["и"], ["или"])  # «подъёмные и жильё»
        if noun is not None and agreeing is not None and index + 1 < len(texts) and not listed:
            number_ = agreeing.tag.number
            if any(
                p.tag.POS == "NOUN" and _fits(p, source, number_, None)
                for p in parses(texts[index + 1])
            ):
                pick = agreeing  # «малым городам»: «малым» agrees, it is not a noun here
        if pick is None:
            break
        chosen.append((text, pick))
        number = number or pick.tag.number
        if pick.tag.POS in ("NOUN", "NPRO"):
            heads.append(pick)
            gender = gender or pick.tag.gender
            patronymic = _patronymic(texts[index + 1 : index + 2], pick, source)
            if patronymic is not None:  # «Валерия Николаевича» → «Валерию Николаевичу»
                chosen.append((texts[index + 1], patronymic))
                index += 1
                surname = next(  # «Максима Станиславовича Орешкина» → «… Орешкину»
                    (
                        p
                        for text in texts[index + 1 : index + 2]
                        for p in parses(text)
                        if "Surn" in p.tag and _fits(p, source, number, gender)
                    ),
                    None,
                )
                if surname is not None:
                    chosen.append((texts[index + 1], surname))
                    index += 1
            named = _named_genitive(texts[index + 1 : index + 2], pick)
            if named:  # «Минтруд России и Банк России»: the name's genitive, then the next
                chosen.append((texts[index + 1], None))
                index += 1
            following = texts[index + 1 : index + 3]
            coordinated = len(following) > 1 and following[0] in ("и", "или", ",")
            relative = following[1:] and any(  # «людей, которые …»: a clause, not a noun
                p.normal_form in relatives for p in parses(following[1])
            )
            stated = texts[index + 3 : index + 4]  # «новая крыша, старая течёт»: a clause
            if following[:1] == [","] and stated and parses(stated[0])[0].tag.POS == "VERB":
                relative = True
            if (
                coordinated
                and not relative
                and any(_fits(p, source, None, None) for p in parses(following[1]))
            ):
                chosen.append((following[0], None))
                index += 2
                number = gender = None
                continue
            break
        if pick.tag.POS == "NUMR":
            number = None  # «две программы»: the noun after a numeral has its own number
        listed = texts[index + 1 : index + 4]  # «современная, непрерывная корректировка»
        if (
            pick.tag.POS in _AGREEING
            and len(listed) == 3
            and listed[0] == ","
            and any(
                p.tag.POS in _AGREEING and _fits(p, source, number, None) for p in parses(listed[1])
            )
            and (
                listed[2] in (",", "и", "или")
                or any(  # not «новая крыша, старая течёт»: a clause of its own
                    p.tag.POS in (*_AGREEING, "NOUN") and _fits(p, source, number, None)
                    for p in parses(listed[2])
                )
            )
        ):
            chosen.append((",", None))
            index += 1
        index += 1
    if not heads:
        return [], 0
    animacy = "anim" if any("anim" in h.tag for h in heads) else "inan"
    forms = []
    for text, parse in chosen:
        if parse is None or indeclinable(text):
            forms.append(text)
            continue
        wanted = {target}
        if (
            target == "accs"
            and parse.tag.POS in _AGREEING
            and (
                parse.tag.number == "plur"
                or parse.tag.gender == "masc"
                or parse.tag.POS == "NUMR"  # «три ставки», not «трёх ставки» (session 18)
            )
        ):
            wanted.add(animacy)  # «новых дизайнеров», «новые программы»
        changed = _inflect(parse, wanted, text) or _inflect(parse, {target}, text)
        forms.append(_restore_case(text, changed) if changed else text)
    return forms, len(chosen)


def _named_genitive(following: list[str], head: Any) -> bool:
    """Whether the word after a body's name is the place it belongs to, in the genitive
    («Минтруд России», «Банк России»), so a noun coordinated after it is the phrase's too."""
    if not following or "Orgn" not in head.tag or not following[0][:1].isupper():
        return False
    return any("Geox" in p.tag and "gent" in p.tag for p in parses(following[0]))


@lru_cache(maxsize=4096)
def indeclinable(word: str) -> bool:
    """Whether a noun keeps one form in every case: a reading pymorphy3 marks fixed
    («МЧС», «Минкультуры», «кафе»), or a ministry's short name made of «Мин» and a noun in
    the genitive («Минпросвещения»: «просвещения» is the genitive, so it does not become
    «Минпросвещениям»; «Минстрой», «Минтруд» decline)."""
    if any("Fixd" in p.tag and p.normal_form == word.lower() for p in parses(word)):
        return True
    rest = word[3:] if word[:3] == "Мин" and len(word) > 6 else ""
    readings = parses(rest) if rest.isalpha() and rest.islower() else ()
    genitive = {"NOUN", "gent", "sing"}
    return is_known(rest) and any(genitive <= set(p.tag.grammemes) for p in readings)


def _next_noun(following: list[str], case: str, number: str | None) -> str | None:
    """The gender of a singular noun that follows in ``case``, or None."""
    noun = next(
        (
            p
            for text in following
            for p in parses(text)
            if p.tag.POS == "NOUN" and _fits(p, case, number, None) and p.tag.number == "sing"
        ),
        None,
    )
    return noun.tag.gender if noun is not None else None


def _inflect(parse: Any, wanted: set[str], text: str) -> str | None:
    """``parse`` in the ``wanted`` form, from the same stem when the lexeme has one:
    «лучшие» → «лучшим», not the «наихорошим» pymorphy3 gives first."""
    changed = parse.inflect(wanted)
    if changed is None or changed.word[:2] == text.lower()[:2]:
        return changed.word if changed else None
    same = [f.word for f in parse.lexeme if f.tag == changed.tag and f.word[:2] == text.lower()[:2]]
    return same[0] if same else changed.word


def _patronymic(following: list[str], head: Any, case: str) -> Any | None:
    """The reading of a patronymic after a first name in ``case``, or None."""
    if not following or "Name" not in head.tag:
        return None
    return next((p for p in parses(following[0]) if "Patr" in p.tag and case in p.tag), None)


def head_noun(texts: list[str], case: str = "nomn") -> Any | None:
    """The reading of the first noun of a phrase in ``case`` (its lemma, animacy, number).

    Opening quotes and adverbs before the phrase are passed over; a preposition means the
    words are no noun phrase in ``case``.
    """
    texts = [t for t in texts if any(c.isalnum() for c in t)]
    while texts and part_of_speech(texts[0]) == "ADVB":
        texts = texts[1:]
    if texts and part_of_speech(texts[0]) == "PREP":
        return None
    for index, text in enumerate(texts):
        readings = [p for p in parses(text) if case in p.tag]
        if not readings:
            return None
        noun = next((p for p in readings if p.tag.POS in ("NOUN", "NPRO")), None)
        adjective = next((p for p in readings if p.tag.POS in ("ADJF", "PRTF")), None)
        more = index + 1 < len(texts)  # «молодые ребята»: «молодые» is rarely «молодая»
        if noun is not None and not (more and adjective and adjective.score > noun.score):
            return noun
    return None


def infinitive(word: str) -> str | None:
    """The infinitive of a finite verb form (past, future, imperative), if it is one."""
    verb = next((p for p in parses(word) if p.tag.POS == "VERB"), None)
    return _restore_case(word, verb.normal_form) if verb is not None else None


def is_infinitive(word: str) -> bool:
    found = parses(word)
    return bool(found) and found[0].tag.POS == "INFN"


def is_finite_verb(word: str, tense: str | None = None) -> bool:
    """Whether the usual reading of ``word`` is a finite verb (in ``tense`` when given)."""
    found = parses(word)
    return bool(found) and found[0].tag.POS == "VERB" and (tense is None or tense in found[0].tag)


def is_imperative(word: str) -> bool:
    return any(p.tag.POS == "VERB" and "impr" in p.tag and "excl" in p.tag for p in parses(word))


def is_first_plural(word: str) -> bool:
    """«создадим», «включим»: the verb of «давайте …»."""
    return any(
        p.tag.POS == "VERB" and (("1per" in p.tag and "plur" in p.tag) or "incl" in p.tag)
        for p in parses(word)
    )


def past(infinitive_form: str, head: Any | None, number: str | None = None) -> str:
    """The past tense of a verb agreeing with ``head`` (a noun reading): «измерялась».

    Without a head, ``number`` (the finite verb's own) decides: «включают» → «включали».
    """
    verbs = [p for p in parses(infinitive_form) if p.tag.POS == "INFN"]
    if head is None and number == "sing":
        wanted = {"VERB", "past", "sing", "neut"}
    elif head is None or head.tag.number == "plur":
        wanted = {"VERB", "past", "plur"}
    else:
        wanted = {"VERB", "past", "sing", head.tag.gender or "masc"}
    # the first reading may be an impersonal verb with no such form («стоить» as in «стоит
    # подумать»): the next reading is the personal one («патент стоил»)
    changed = next((c for verb in verbs if (c := verb.inflect(wanted))), None)
    return changed.word if changed else infinitive_form


def is_proper(word: str) -> bool:
    """Whether a capitalised word is a name (kept capitalised inside a sentence).

    Abbreviations count only when written in capitals: «ДК» stays, «Вузам» becomes «вузам».
    """
    if word.isupper() or any(c.isupper() for c in word[1:]):
        return True
    return any(any(t in p.tag for t in _PROPER) for p in parses(word)[:2])


@lru_cache(maxsize=65536)
def is_known(word: str) -> bool:
    """Whether the dictionary knows the word (a guessed reading may be a surname's)."""
    return bool(morph().word_is_known(word.lower()))


def has_case(word: str, case: str) -> bool:
    return any(case in p.tag for p in parses(word))


def part_of_speech(word: str) -> str:
    found = parses(word)
    return str(found[0].tag.POS or "") if found else ""
