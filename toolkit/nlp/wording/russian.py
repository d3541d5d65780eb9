"""Russian: «Предлагаю создать сеть…» → «Создать сеть…»; «Регионам следует…» → «Рекомендовать…».

A Russian resolution item is an infinitive («Создать…», «Включить…»), a recommendation to
an addressee in the dative («Рекомендовать органам исполнительной власти субъектов
Российской Федерации…») or «Обеспечить, чтобы…» for what no one in particular is to do.
Words that change role are inflected with pymorphy3 (:mod:`toolkit.nlp.inflect`): the
accusative after «призываю» becomes the dative, a need's nominative the accusative,
«создадим» / «пускали» the infinitive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise
from typing import Any

from .. import inflect
from .base import Rewording, Rewrite
from .rules import Phrases, norm
from .words import Word, added, find, is_only, starts

Hit = tuple[int, list[Word]] | None


class RussianRewording(Rewording):
    """The Russian rewrites; each returns where its cue stood and the new words."""

    def rewrites(self) -> list[Rewrite]:
        return [
            self.agreed,
            self.hortative,
            self.let,
            self.directive,
            self.modal,
            self.personal_modal,
            self.need,
            self.evaluated,
            self.evaluated_by_copula,
            self.awaited,
            self.necessary,
            self.precondition,
            self.example,
            self.imperative,
            self.proposed,
            self.purpose_only,
            self.called_for,
            self.supported,
            self.accusative_fragment,
            self.requested_by_noun,
            self.conditional,
            self.dash_item,
        ]

    def recast(self, words: list[Word]) -> list[Word]:
        """A quotation and the request said with it («"…", — сказал он и попросил X …»), a
        request before a colon («Прошу законодателей: упростите …»), «Давайте договоримся: X
        делают …», an assent before the proposal («поддержал и предложил …») and a gerund
        aside after the speaker («Бельский, подводя итог, попросил …») in the forms the
        rewrites know."""
        words = self.resolution_content(self.need_contrasted(self.cleft_request(words)))
        words = self.suggesting_question(words)
        words = self.means_only(self.request_after_quote(self.request_after_report(words)))
        words = self.request_before_colon(self.optative(self.topic_before_colon(words)))
        words = self.hortative_before_colon(words)
        words = self.without_aside_of_speaker(self.without_assent(self.proposed_after(words)))
        return self.rule_named(self.referent_named(self.proposal_after_topic(words)))

    def proposal_after_topic(self, words: list[Word]) -> list[Word]:
        """«Лагерь при музее, на две недели, — это я предлагаю сделать в каждом районе» →
        «Создать лагерь при музее, на две недели, в каждом районе» (session 19): a noun phrase
        named before the dash, then «это (я|мы) предлагаю (бы) …» and the infinitive; the
        phrase in the accusative is the infinitive's object (a vague «сделать» gives way to
        the verb the noun takes)."""
        dash = next((i for i, w in enumerate(words) if w.text in ("—", "–")), -1)
        after = words[dash + 1 :]
        if dash < 1 or not after or after[0].norm != "это":
            return words
        person = starts(after, self.lists["first_person"], 1)
        at = 1 + person + (after[1 + person : 2 + person] != [] and after[1 + person].norm == "бы")
        verb = after[at : at + 1]
        if not person or not verb or verb[0].lemma not in self.rules.lemmas["directive_verbs"]:
            return words
        at += 1 + (after[at + 1 : at + 2] != [] and after[at + 1].norm == "бы")
        infinitive, rest = after[at : at + 1], after[at + 1 :]
        named = words[:dash]
        named = named[:-1] if named[-1].text == "," else named
        if not infinitive or not inflect.is_infinitive(infinitive[0].text) or self.has_verb(named):
            return words
        moved = self.in_accusative(named)
        if moved is None:
            return words
        moved[-1] = replace(moved[-1], space=" ")
        if starts(infinitive, self.lists["vague_verbs"]):  # the verb the head noun takes
            joined = _joined_adjective(moved)
            verb = self.noun_item(moved[joined:])[: -len(moved[joined:])]
            return [*verb, *self.lower(moved), *rest]
        return [replace(infinitive[0], space=" "), *self.lower(moved), *rest]

    def in_accusative(self, named: list[Word]) -> list[Word] | None:
        """A nominative noun phrase in the accusative, adjectives joined by «или», «и» before
        the noun included («археологический или исторический лагерь»); None when it is none."""
        joined = _joined_adjective(named)
        forms, count = self.change_case(self.texts(named[joined:]), "nomn", "accs")
        if not count:
            return None
        moved = [replace(w, text=f) for w, f in zip(named[joined:], forms, strict=False)]
        if joined:  # the first adjective as the one next to the noun: «археологический лагерь»
            noun = self.texts(named[joined + 1 : joined + count])
            first, _ = self.change_case([named[0].text, *noun], "nomn", "accs")
            if not first:
                return None
            moved = [replace(named[0], text=first[0]), named[1], *moved]
        return [*moved, *named[joined + count :]]

    def proposed_after(self, words: list[Word]) -> list[Word]:
        """«Он попросил, чтобы все видео шли с субтитрами, и предложил закрепить это в
        правилах» → «Он попросил, чтобы все видео шли с субтитрами, и закрепить это …»
        (session 18): a second proposing verb of the same speaker whose infinitive points
        back («это») at the first request goes; the two are one item, not the last alone."""
        verbs = self.rules.lemmas["directive_verbs"] | self.rules.lemmas["appeal_verbs"]
        first = next((i for i, w in enumerate(words[:6]) if w.lemma in verbs), -1)
        if first < 0 or [w.norm for w in words[first + 1 : first + 3]] != [",", "чтобы"]:
            return words
        for at in range(first + 4, len(words) - 3):
            second = words[at + 2]
            joined = words[at].text == "," and words[at + 1].norm == "и"
            same = second.lemma in verbs and self.agrees_past(words[first], second)
            if not joined or not same:
                continue
            asked = words[at + 3 :]
            pointed = any(starts(asked, self.lists["object_pronouns"], i) for i in range(1, 3))
            if asked and inflect.is_infinitive(asked[0].text) and pointed:
                return [*words[: at + 2], *asked]
            return words
        return words

    def requested_by_noun(self, words: list[Word]) -> Hit:
        """«Он завершил выступление просьбой к министерству продлить программу …» →
        «Рекомендовать министерству продлить программу …»: a request named by its noun, its
        addressee after «к», then what is asked."""
        for at, word in enumerate(words[1:10], 1):
            if word.lemma not in self.rules.lemmas["request_nouns"] or at + 3 >= len(words):
                continue
            found = self.infinitive_at(words, at + 2, 8) if words[at + 1].norm == "к" else -1
            negated = find(words[:at], self.lists["negations"])[1]
            addressee = self.recase(words[at + 2 : found], "datv", "datv") if found > 0 else None
            if addressee is None or negated:
                return None
            return at, [*self.recommend(addressee), *words[found:]]
        return None

    def conditional(self, words: list[Word]) -> Hit:
        """«Я бы сделал гастрольный маршрут …» → «Сделать гастрольный маршрут …», «Я бы в совет
        сразу закладывал квоту …» → «Закладывать в совет сразу квоту …», «Я бы не стал
        вводить квоты» → «Не вводить квоты»: what speakers say they would do themselves is
        their proposal; not a verb of saying or wishing (``conditional_stops``)."""
        lead = starts(words, self.lists["conditional_leads"])
        said = len(words) > 3 and words[1].norm == "бы"  # «договорился бы …»: its «я бы» went
        subject = said and {"NPRO", "nomn"} <= inflect.parses(words[2].text)[0].tag.grammemes
        said = said and not subject  # not «Сделал бы я это иначе»
        if said and inflect.is_finite_verb(words[0].text, "past"):  # with the lead-in
            words = [words[0], *words[2:]]
        elif not lead:
            return None
        verb = next(
            (
                i
                for i in range(lead, min(len(words), lead + 10))
                if (words[i].is_punct and not self.names_listed(words, i))
                or inflect.is_finite_verb(words[i].text, "past")
            ),
            -1,
        )
        if verb < 0 or words[verb].is_punct or verb + 1 >= len(words):
            return None
        if words[verb].lemma in self.rules.lemmas["conditional_stops"]:
            return None
        between = words[lead:verb]
        negated = any(w.norm == "не" for w in between)
        between = [w for w in between if w.norm != "не"]
        rest = words[verb + 1 :]
        if words[verb].lemma == "стать" and inflect.is_infinitive(rest[0].text):
            head, rest = rest[0], rest[1:]  # «Я бы не стал вводить …»: the verb it governs
        else:
            form = inflect.infinitive(words[verb].text)
            if not form:
                return None
            head = replace(words[verb], text=form)
        head = replace(head, space=" " if between else head.space)
        if between:
            between[-1] = replace(between[-1], space=words[verb].space)
        item = self.infinitives([head, *self.lower(between), *rest])
        return len(words), [*self.negative(negated), *item]  # the other rewrites' cues first

    def accusative_fragment(self, words: list[Word]) -> Hit:
        """«Маршрут по Волге и поддержку местных хозяйств.», «Упаковку и сертификацию для
        экспорта.»: an answer to «что нужно?» in the accusative, with no verb, names what is to
        be provided (``provide``); a nominative item («Единый реестр мастеров.») stays."""
        content = [w for w in words if not w.is_punct]
        if len(content) < 2 or not inflect.has_case(content[0].text, "accs"):
            return None  # the cheap test first: this runs on every sentence
        if self.has_verb(words):
            return None
        cases = [
            {p.tag.case for p in inflect.parses(w.text) if p.tag.POS in ("NOUN", "ADJF")}
            for w in content
        ]
        if "accs" not in cases[0]:
            return None
        for index, found in enumerate(cases):  # the object itself, not «запрет на продажу»
            if found == {"accs"}:
                lead = index
                while lead and inflect.part_of_speech(content[lead - 1].text) == "ADJF":
                    lead -= 1
                if lead == 0 or content[lead - 1].norm == "и":
                    break
        else:
            return None  # «Налоговые льготы для инвесторов.»: a nominative item
        wished = [w for w in words if w.norm != "бы"]  # «И стипендию бы таким практикантам»
        return len(words), [*added(self.rules.words["provide"]), *self.lower(wished)]

    def dash_item(self, words: list[Word]) -> Hit:
        """A verbless item whose dash stands for the verb left out (session 18): «Колледжу
        искусств — открыть программу …» → «Рекомендовать колледжу искусств открыть …»,
        «Ученикам — стипендии.» → «Ввести для учеников стипендии.», «Шерсть — мыть здесь» →
        «Мыть шерсть здесь», «Культработника — в село.» → «Направить культработника в село.»,
        «В Златоусте — отделение гравюры.» → «Предусмотреть в Златоусте отделение гравюры.»
        Before the dash a noun phrase (a relative clause between commas may follow it) or
        a place; after it an infinitive, a noun phrase or where to: no verb anywhere else."""
        dash = next((i for i, w in enumerate(words) if w.text in ("—", "–")), -1)
        rest = words[dash + 1 :]
        if dash < 1 or not rest or rest[0].is_punct:
            return None
        before = words[:dash]
        named = before[:-1] if before[-1].text == "," else before
        relative = next(  # «Выпускникам …, которые едут работать в село, —», «Тем, кто …, —»
            (i for i in range(1, len(named)) if named[i].lemma in self.relative_words), -1
        )
        if relative > 0 and named[relative - 1].text == ",":
            named = named[: relative - 1]
        rest = self.without_said_after(rest)
        paired = any(w.text in ("—", "–") for w in rest)  # «Туристам — тропы, жителям — работа»
        if not named or paired or self.has_verb(named) or self.clause_after(rest):
            return None
        if inflect.part_of_speech(named[0].text) == "PREP":  # «В Златоусте, в … школе, — …»
            if find(named, self.lists["first_person"])[1]:
                return None  # «У нас региональная неделя – раз в месяц»: a statement
            measure = self.named_measure(rest)
            if measure is None:
                return None
            return dash, [*measure[0], *self.lower(before), *measure[1]]
        if any(w.is_punct for w in named) or starts(named, self.lists["lead_nouns"]):
            return None  # «Задача — …», «Одно — …»: a lead-in, not who or what
        texts = self.texts(named)
        if inflect.is_infinitive(rest[0].text):
            if self.change_case(texts, "datv", "datv")[1]:
                addressee = self.recase(before, "datv", "datv")
                return None if addressee is None else (dash, [*self.recommend(addressee), *rest])
            if not self.object_free(rest[1:2]):
                return None  # «Цель — создать сеть …»: the verb has its own object
            forms, count = self.change_case(texts, "nomn", "accs")
            if not count:
                forms, count = self.change_case(texts, "accs", "accs")
            if not count:
                return None
            moved = [replace(w, text=f) for w, f in zip(named, forms, strict=False)]
            moved = [*moved, *named[count:]]
            moved[-1] = replace(moved[-1], space=" ")
            return dash, [replace(rest[0], space=" "), *self.lower(moved), *rest[1:]]
        whom = self.change_case(texts, "datv", "datv")[1] or bool(self.pronoun_genitive(named))
        if whom and not self.change_case(texts, "nomn", "nomn")[1]:  # «Ученикам — стипендии»
            measure = self.named_measure(rest) or self.named_measure(rest, case="accs")
            if measure is None:
                return None
            return dash, [*measure[0], *self.for_whom(before), *measure[1]]
        if self.where_to(rest) and self.change_case(texts, "accs", "accs")[1] == len(named):
            return dash, [*added(self.rules.words["direct"]), *self.lower(named), *rest]
        shared = rest[0].lemma in self.rules.lemmas["share_nouns"] and self.where_to(rest[1:])
        forms, count = self.change_case(texts, "nomn", "gent") if shared else ([], 0)
        if count:  # «Туристический сбор — часть в сельский бюджет» → «Направить часть
            whole = [replace(w, text=f) for w, f in zip(named, forms, strict=False)]  # сбора …»
            whole = [*whole, *named[count:]]
            whole[-1] = replace(whole[-1], space=" ")
            share_forms, changed = self.change_case([rest[0].text], "nomn", "accs")
            share = replace(rest[0], text=share_forms[0] if changed else rest[0].text, space=" ")
            return dash, [*added(self.rules.words["direct"]), share, *self.lower(whole), *rest[1:]]
        return None

    def without_said_after(self, rest: list[Word]) -> list[Word]:
        """The item after a dash less the speaker's remarks that close it, clauses of their
        own after a comma with the speaker in them or a report of what was said («…, об этом
        вчера говорили на экотуризме, мы поддерживаем»)."""
        said = self.rules.lemmas["report_verbs"]
        for at in range(1, len(rest) - 1):
            part = rest[at + 1 :]
            if rest[at].text != "," or starts(part, self.lists["subordinators"]):
                continue
            spoken = find(part, self.lists["first_person"])[1] or any(w.lemma in said for w in part)
            if spoken and self.is_statement(part):
                return [*rest[:at], Word(".", "", ".")]
        return rest

    def rule_named(self, words: list[Word]) -> list[Word]:
        """«Лучший исполнитель без диплома вести занятия не может — вот это правило надо менять
        на федеральном уровне, …» → «Менять на федеральном уровне правило, по которому лучший
        исполнитель без диплома вести занятия не может, …» (session 18): a statement, then a
        call on «это правило» / «такой порядок» (``rule_nouns``: «по которому»; ``state_nouns``:
        «ситуацию, при которой») names the rule by the statement."""
        dash = next((i for i, w in enumerate(words) if w.text in ("—", "–")), -1)
        statement = self.drop_leading(words[:dash]) if dash > 2 else []
        while statement and (framed := self.drop_report(self.drop_frame(statement))) != statement:
            statement = self.drop_leading(framed)  # «Он отметил, что …», «По его словам, …»
        calls = ("modal_predicates", "personal_modals", "need_words", "hortatives")
        found = [find(statement, self.lists[name])[0] for name in calls]
        called = any(at >= 0 and not self.is_negated(statement, at) for at in found)
        if not self.is_statement(statement) or called or statement[-1].is_punct:
            return words  # «… вести занятия не может —»: a negated modal states
        rest = words[dash + 1 :]
        rest = rest[starts(rest, self.lists["subject_particles"]) :]  # «вот это правило»
        pointed = starts(rest, self.lists["anaphors"]) or (rest[:1] and rest[0].lemma == "такой")
        if len(rest) < 4 or not pointed:
            return words
        noun = rest[1]
        rule = noun.lemma in self.rules.lemmas["rule_nouns"]
        size = starts(rest, self.lists["modal_predicates"], 2)
        found = self.infinitive_at(rest, 2 + size, 1) if size else -1
        head = inflect.head_noun([noun.text], "nomn") or inflect.head_noun([noun.text], "accs")
        state = noun.lemma in self.rules.lemmas["state_nouns"]
        if found < 0 or head is None or not (rule or state):
            return words
        case = "datv" if rule else "loct"
        wanted = {case, "plur"} if head.tag.number == "plur" else {case, head.tag.gender}
        which = inflect.parses(self.rules.words["rule_relative"])[0].inflect(wanted)
        if which is None:
            return words
        forms, count = self.change_case([noun.text], "nomn", "accs")
        after = rest[found + 1 :]
        comma = next((i for i, w in enumerate(after) if w.is_punct), len(after))
        place, tail = after[:comma], after[comma:]
        if place:
            place[-1] = replace(place[-1], space=" ")
        named = replace(noun, text=forms[0] if count else noun.text, space="")
        preposition = self.rules.words["rule_link" if rule else "state_link"]
        link = [Word(",", " ", ","), *added(preposition), *added(which.word)]
        said = [*self.lower(statement[:-1]), replace(statement[-1], space="")]
        return [replace(rest[found], space=" "), *place, named, *link, *said, *tail]

    def clause_after(self, rest: list[Word]) -> bool:
        """Whether a verb stands after the dash other than an infinitive opening it or one in
        a subordinate clause («, чтобы он не бегал на вахту»): then the words are a statement
        or another call («…; краю стоит дать …»), not a verbless item."""
        start = 1
        for end in [*(i for i, w in enumerate(rest) if w.is_punct), len(rest)]:
            part = rest[start:end]
            subordinate = start > 1 and starts(part, self.lists["subordinators"])
            if self.has_verb(part) and not subordinate:
                return True
            start = end + 1
        return False

    def object_free(self, following: Sequence[Word]) -> bool:
        """Whether the word after an infinitive leaves its object free (no noun or adjective in
        the accusative there: «мыть здесь», «брать к нам»; not «создать сеть»)."""
        if not following or inflect.part_of_speech(following[0].text) in ("PREP", "ADVB"):
            return True
        return not any(
            "accs" in p.tag and p.tag.POS in ("NOUN", "ADJF", "NPRO")
            for p in inflect.parses(following[0].text)
        )

    def where_to(self, rest: list[Word]) -> bool:
        """«в село.», «на север.»: where to, a preposition with the accusative, and nothing
        more than a short noun phrase."""
        content = [w for w in rest if not w.is_punct]
        if not 2 <= len(content) <= 4 or content[0].norm not in ("в", "во", "на"):
            return False
        return inflect.head_noun(self.texts(content[1:]), "accs") is not None

    def pronoun_genitive(self, words: list[Word]) -> str | None:
        """«Тем», «Всем» alone (a pronoun adjective in the dative standing for people, before
        «, кто …»): its genitive («тех», «всех»); None for anything else."""
        if len(words) != 1:
            return None
        wanted = {"ADJF", "Apro", "datv", "plur"}  # «тем» is read first as an instrumental
        reading = next(
            (p for p in inflect.parses(words[0].text) if wanted <= p.tag.grammemes), None
        )
        if reading is None:
            return None
        genitive = reading.inflect({"gent", "plur"})
        return genitive.word if genitive is not None else None

    def for_whom(self, dative: list[Word]) -> list[Word]:
        """«Малым городам» → «для малых городов», «им» → «для них», «Тем, кто …» → «для тех,
        кто …»: the dative of whom a measure is for, after ``provide_for``."""
        pronoun = (
            self.pronoun_genitive(dative[:1]) if dative[1:2] and dative[1].text == "," else None
        )
        if pronoun:
            first = replace(dative[0], text=pronoun)
            return [*added(self.rules.words["provide_for"]), first, *dative[1:]]
        forms, count = self.change_case([w.text for w in dative], "datv", "gent")
        whom = [*(replace(w, text=f) for w, f in zip(dative, forms, strict=False)), *dative[count:]]
        if inflect.part_of_speech(dative[0].text) == "NPRO" and whom[0].norm[:1] in "ие":
            whom[0] = replace(whom[0], text="н" + whom[0].text.lower())  # «для них»
        return [*added(self.rules.words["provide_for"]), *self.lower(whom)]

    def supported(self, words: list[Word]) -> Hit:
        """«Мы поддерживаем введение уголовной ответственности для дропов» → «Поддержать
        введение …»: what the speaker (or «мы», «я полностью») supports, a noun phrase in the
        accusative, is the item; not «Мы не поддерживаем …» nor a verb after it."""
        lead = starts(words, self.lists["first_person"])
        at = lead + starts(words[lead:], self.lists["particles"])
        while at < len(words) and inflect.part_of_speech(words[at].text) == "ADVB":
            at += 1  # «Мы полностью поддерживаем …»
        if (
            not lead
            or at >= len(words) - 2
            or words[at].lemma not in self.rules.lemmas["support_verbs"]
        ):
            return None
        tag = inflect.parses(words[at].text)[0].tag
        if tag.person != "1per" or find(words[:at], self.lists["negations"])[1]:
            return None
        rest = words[at + 1 :]
        head = inflect.head_noun(self.texts(rest[:3]), "accs")
        if head is None or "inan" not in head.tag or self.is_verb(rest[0]) or rest[0].is_punct:
            return None
        if find(rest, self.lists["concession_links"])[1]:
            return None  # «Мы поддерживаем идею, но …»: the objection is the point
        return at, [*added(self.rules.words["support"]), *self.lower(rest)]

    def called_for(self, words: list[Word]) -> Hit:
        """«Участники призвали к созданию единого реестра …», «Она выступила за создание …»
        → «Обеспечить создание единого реестра …»: a call for a measure named by its noun."""
        cases = {"к": "datv", "за": "accs", "на": "loct"}
        for at, word in enumerate(words[:7]):
            after = words[at + 1 : at + 2]
            if not after or f"{word.lemma} {after[0].norm}" not in self.rules.lemmas["call_for"]:
                continue
            if any(w.is_punct for w in words[:at]) or len(words) < at + 3:
                return None
            named = self.named_measure(words[at + 2 :], case=cases[after[0].norm])
            return None if named is None else (at, [*named[0], *named[1]])
        return None

    def resolution_content(self, words: list[Word]) -> list[Word]:
        """«Прошу секретариат включить в резолюцию программу «дом за рубль», налоговые льготы …»
        → «Предусмотреть программу «дом за рубль», налоговые льготы …»: the resolution holds the
        measures themselves, not a request to include them."""
        at, size = find(words, self.lists["resolution_inclusions"])
        rest = words[at + size :] if at >= 0 else []
        if len(rest) < 2 or self.has_verb(rest):
            return words
        if any(w.text == "," for w in rest):  # a list: one verb for all
            return [*added(self.rules.words["provide"]), *self.lower(rest)]
        return self.noun_item(rest)

    def cleft_request(self, words: list[Word]) -> list[Word]:
        """«Поэтому первое, о чём я прошу коллег …, — это отдельная программа …» →
        «Предусмотреть отдельную программу …», «А вот что нужно — так это чтобы каждый ребёнок
        …» → «Обеспечить, чтобы каждый ребёнок …» (session 18): a relative lead-in that asks
        or needs, then a dash; what follows it is the measure, a noun phrase as its item."""
        start = next((i for i in range(5) if starts(words, self.lists["request_relatives"], i)), -1)
        if start < 0 or any(self.is_verb(w) for w in words[:start]):
            return words
        verbs = self.rules.lemmas["appeal_verbs"] | self.rules.lemmas["directive_verbs"]
        dash = next(
            (i for i in range(start + 2, min(len(words) - 2, start + 20)) if words[i].text in "—–"),
            -1,
        )
        lead = words[start:dash]
        asking = any(w.lemma in verbs for w in lead) or find(lead, self.lists["need_words"])[1]
        inner = any(w.text in (".", ":") or w.norm in ("что", "чтобы") for w in lead[1:])
        if dash < 0 or not asking or inner:  # not «Что касается музеев, хотел бы …, что …»
            return words
        rest = words[dash + 1 :]
        rest = rest[starts(rest, self.lists["cleft_links"]) :]
        if rest and rest[0].norm == "чтобы":
            return self.clause(rest[1:]) or words
        if not rest or self.is_call(rest):
            return rest or words
        measure = self.named_measure(rest)
        return [*measure[0], *self.lower(measure[1])] if measure else words

    def named_inside(self, word: Word) -> bool:
        """A capital inside the sentence: a name («Петрова»)."""
        return word.text[:1].isupper() and not word.initial

    def need_contrasted(self, words: list[Word]) -> list[Word]:
        """«Нужна не разовая акция, а постоянная программа» → «Нужна постоянная программа»:
        what is needed is after «а»; what is not, before it, goes."""
        size = starts(words, self.lists["need_words"])
        if not size or len(words) < size + 5 or words[size].norm != "не":
            return words
        contrast = next(
            (i for i in range(size + 2, min(len(words) - 1, size + 10)) if words[i].text == ","), -1
        )
        if contrast < 0 or words[contrast + 1].norm != "а" or words[size + 1].norm == "только":
            return words  # not «Нужно не только ремонтировать …, а ещё и …»
        if any(self.is_verb(w) for w in words[size:contrast]):
            return words  # what is not needed is a noun, not a call
        return [*words[:size], *words[contrast + 2 :]]

    def requesting(self, word: Word) -> bool:
        lemmas = self.rules.lemmas
        return word.lemma in lemmas["appeal_verbs"] or word.lemma in lemmas["directive_verbs"]

    def request_after_quote(self, words: list[Word]) -> list[Word]:
        """«"Нам не нужен ещё один сканер …", — сказал он и попросил министерства …
        предусмотреть …» → «он попросил министерства … предусмотреть …»; «…, — сказал он,
        предложив ввести …» → «он предложил ввести …»: the quotation states, the request after
        the attribution is the measure."""
        for dash in range(3, len(words) - 5):
            said = words[dash + 1]
            if (
                words[dash].text not in ("—", "–")
                or words[dash - 1].text != ","
                or words[dash - 2].text not in ("»", '"', "”")
                or said.lemma not in self.rules.lemmas["report_verbs"]
            ):
                continue
            for link in range(dash + 3, min(dash + 6, len(words) - 2)):
                subject, verb = words[dash + 2 : link], words[link + 1]
                if any(w.is_punct for w in subject) or words[link].norm not in ("и", ","):
                    continue
                if words[link].norm == "и" and self.requesting(verb):
                    return [*subject, *words[link + 1 :]]
                gerund = next((p for p in inflect.parses(verb.text) if p.tag.POS == "GRND"), None)
                if words[link].norm == "," and gerund is not None:
                    form = self.past_like(gerund.normal_form, said)
                    if form and self.requesting(replace(verb, lemma=norm(gerund.normal_form))):
                        return [*subject, replace(verb, text=form), *words[link + 2 :]]
            return words
        return words

    def topic_before_colon(self, words: list[Word]) -> list[Word]:
        """«Маршрут: я бы связал Горный Алтай …» → «я бы связал Горный Алтай …»: a short
        nominative noun phrase naming the topic before a colon, the speaker's own call after
        it; the topic is said again in the call."""
        colon = next((i for i, w in enumerate(words[:9]) if w.text == ":"), -1)
        lead = words[: max(colon, 0)]  # «И, конечно, маршрут:»: the opener goes with it
        start = max((i + 1 for i, w in enumerate(lead) if w.text == ","), default=0)
        topic = lead[start:]
        loose = any(w.is_punct for w in topic) or any(self.is_verb(w) for w in lead)
        if not topic or len(topic) > 4 or start > 5 or loose:
            return words
        head = inflect.head_noun(self.texts(topic))
        after = words[colon + 1 :]
        if head is None or not starts(after, self.lists["first_person"]) or len(after) < 4:
            return words
        if not any(self.is_verb(w) for w in after[:4]):
            return words  # «…, только факты: вы – нам, мы – вам»: a slogan, no call
        return after

    def optative(self, words: list[Word]) -> list[Word]:
        """«Распространить бы их на работников культуры …» → «Распространить их …»: an
        infinitive with «бы» opening the sentence is a wish, the item the infinitive."""
        if len(words) > 3 and inflect.is_infinitive(words[0].text) and words[1].norm == "бы":
            return [replace(words[0], space=words[1].space), *words[2:]]
        return words

    def request_after_report(self, words: list[Word]) -> list[Word]:
        """«Гринёв заметил, что на маршрутах нет связи, и призвал Минцифры России включить …»
        → «Гринёв призвал Минцифры России включить …»: a finding reported or a view supported,
        then a request of the same speaker joined by «, и» (the verbs agree): the request is
        the measure, the finding its reason; so after a promise of the speaker's own and «, но»
        («Хасанов пообещал проверить это, но попросил центр включить …», session 18)."""
        lemmas = self.rules.lemmas
        for at, said in enumerate(words[1:4], 1):
            if any(w.is_punct for w in words[:at]):
                return words
            reported = any(said.lemma in lemmas[k] for k in ("report_verbs", "assent_verbs"))
            reported = reported or said.lemma in lemmas["promise_verbs"]  # «пообещал …, но
            if not reported or not inflect.is_finite_verb(said.text, "past"):
                continue
            for link in range(at + 3, len(words) - 3):
                asked = words[link + 2]
                joined = words[link].text == "," and words[link + 1].norm in ("и", "но")
                if joined and self.requesting(asked) and self.agrees_past(said, asked):
                    both = self.call_and_request(words[at + 1 : link], words[link + 3 :])
                    return both or [*words[:at], *words[link + 2 :]]
            return words
        return words

    def call_and_request(self, reported: list[Word], asked: list[Word]) -> list[Word] | None:
        """«Она настаивала, что … надо отремонтировать здания школ, и попросила включить это в
        программу» → «… отремонтировать здания школ и включить это в программу» (session 18):
        when the request points back («это») at what was reported and that holds a call of
        its own, the call is the measure and the request goes on with it; None otherwise."""
        if len(reported) < 3 or reported[0].text != "," or reported[1].norm != "что":
            return None
        pointed = any(starts(asked, self.lists["object_pronouns"], i) for i in range(1, 3))
        call = reported[2:]
        bare = [w for w in asked if not starts([w], self.lists["object_pronouns"])]
        if starts(bare, self.lists["resolution_inclusions"]):
            return None  # «и попросила внести это в резолюцию»: the reported call alone
        if not pointed or not inflect.is_infinitive(asked[0].text) or not self.has_modal(call):
            return None
        return [*call[:-1], replace(call[-1], space=" "), *added("и"), *asked]

    def agrees_past(self, one: Word, other: Word) -> bool:
        """Two past verbs of the same number and gender (one speaker)."""
        if not inflect.is_finite_verb(other.text, "past"):
            return False
        first, second = inflect.parses(one.text)[0].tag, inflect.parses(other.text)[0].tag
        return (first.number, first.gender) == (second.number, second.gender)

    def past_like(self, infinitive_form: str, said: Word) -> str | None:
        """The past of a verb in the number and gender of another («сказала» → «предложила»)."""
        tag = inflect.parses(said.text)[0].tag
        verb = next((p for p in inflect.parses(infinitive_form) if p.tag.POS == "INFN"), None)
        wanted = {"VERB", "past", "plur"} if tag.number == "plur" else None
        wanted = wanted or {"VERB", "past", "sing", tag.gender or "masc"}
        changed = verb.inflect(wanted) if verb is not None else None
        return changed.word if changed else None

    def request_before_colon(self, words: list[Word]) -> list[Word]:
        """«Поэтому прошу законодателей: упростите согласование …», «Я призываю коллег из
        мэрий: не сдавайте набережную …, дробите её …» → «прошу законодателей упростить …»:
        the speaker's request, then the commands it holds; the commands become infinitives."""
        colon = next((i for i, w in enumerate(words[:12]) if w.text == ":"), -1)
        verb = next(
            (
                i
                for i, w in enumerate(words[: max(colon, 0)])
                if self.requesting(w) and "1per" in inflect.parses(w.text)[0].tag
            ),
            -1,
        )
        rest = words[colon + 1 :]
        named = words[verb + 1 : colon]
        if verb < 0 or not named or any(w.is_punct or self.is_verb(w) for w in named):
            return words
        first = 1 if rest and rest[0].norm == "не" else 0
        if len(rest) <= first + 1 or not inflect.is_imperative(rest[first].text):
            return words
        if inflect.is_infinitive(rest[first].text):
            return words
        commands = self.commands_as_infinitives(rest)
        form = inflect.infinitive(rest[first].text) or rest[first].text
        commands[first] = replace(rest[first], text=form)
        return [*words[: colon - 1], replace(words[colon - 1], space=" "), *commands]

    def hortative_before_colon(self, words: list[Word]) -> list[Word]:
        """«Тогда давайте сделаем так: соседние области договариваются о …», «Давайте
        договоримся: три области вместе разрабатывают …» → «пусть соседние области
        договариваются о …»: what is to be done follows the colon, its subject named."""
        at = find(words[:4], self.lists["hortatives"])[0]
        size = starts(words, self.lists["hortative_frames"], at + 1) if at >= 0 else 0
        colon = at + 1 + size
        if not size:  # «Модератор предложила компромисс: знак выдаёт ассоциация …»
            colon = next((i for i, w in enumerate(words[:7]) if w.text == ":"), -1)
            at = next((i for i, w in enumerate(words[:colon]) if self.requesting(w)), -1)
            size = colon - at - 1 if at >= 0 and 0 < colon - at <= 3 else 0
            at = 0
        if not size or colon >= len(words) - 3 or words[colon].text != ":":
            return words
        clause = words[colon + 1 :]
        if starts(words, self.lists["hortatives"], at) and inflect.is_first_plural(clause[0].text):
            return [*words[: at + 1], *self.lower(clause)]  # «Давайте так и сделаем: поручим …»
        if not any(inflect.is_finite_verb(w.text, "pres") for w in clause[:6]):
            return words
        if any(inflect.is_infinitive(w.text) for w in clause[:6]):
            return words  # «Я хотел бы попросить: может быть, подумать о …»
        if starts(clause, self.lists["let_words"]) or starts(clause, self.lists["hortatives"]):
            return words  # «Я прошу одного: пусть таможня признаёт …»
        let = Word("пусть", " ", "пусть", -1, words[at].initial)
        return [*words[:at], let, *self.lower(clause)]

    def without_aside_of_speaker(self, words: list[Word]) -> list[Word]:
        """«Бельский, подводя итог, попросил министерства …» → «Бельский попросил …», «Учитель
        из Сатки, не назвавший себя, предложил …» → «Учитель из Сатки предложил …»: a gerund
        or participle phrase between commas after the speaker; «Завершая, Стрельникова
        обратилась …» → «Стрельникова обратилась …»: a lone gerund before the speaker."""
        said = self.rules.lemmas["report_verbs"]
        if len(words) > 5 and words[1].text == "," and self.is_gerund(words[0]):
            near = range(3, min(8, len(words)))
            verb = next((i for i in near if self.requesting(words[i])), -1)
            verb = verb if verb > 0 else next((i for i in near if words[i].lemma in said), -1)
            if verb > 0 and self.subject_like(words[2:verb]):
                words = words[2:]
        comma = next((i for i, w in enumerate(words[:6]) if w.is_punct), -1)
        if comma < 1 or words[comma].text != "," or not words[0].text[:1].isupper():
            return words
        if not self.subject_like(words[:comma]) or comma + 3 >= len(words):
            return words
        opening = comma + 1 + (words[comma + 1].norm == "не")  # «не назвавший себя»
        kind = inflect.part_of_speech(words[opening].text)
        if kind not in ("GRND", "PRTF"):
            return words
        reach = range(opening + 1, min(len(words) - 1, opening + 7))
        close = next((i for i in reach if words[i].text == ","), -1)
        if close < 0 or not self.requesting(words[close + 1]):
            return words
        return [*words[: comma - 1], replace(words[comma - 1], space=" "), *words[close + 1 :]]

    def is_gerund(self, word: Word) -> bool:
        """Whether the word is a gerund («завершая», «подводя»)."""
        return inflect.part_of_speech(word.text) == "GRND"

    def strip(self, words: list[Word]) -> list[Word]:
        """As in both languages, but a hedge that suggests («может быть») before an
        addressee's future is kept as the «пусть» it means (:meth:`hedged_future`)."""
        return super().strip(self.hedged_future(words))

    def drop_negated_lead(self, words: list[Word]) -> list[Word]:
        """As in both languages; and a need denied before a comma, then the need
        («(Сафина ответила, что) вышивальщицам кооператив не нужен, им нужна общая витрина»
        → «вышивальщицам нужна общая витрина»: the pronoun takes the dative it stands for)."""
        words = super().drop_negated_lead(words)
        for at in range(1, len(words) - 3):
            size = starts(words, self.lists["need_words"], at + 1) if words[at].norm == "не" else 0
            if not size:
                continue
            ends = [i for i in range(at + 1 + size, min(len(words), at + 8)) if words[i].is_punct]
            if not ends or words[ends[0]].text != ",":
                return words
            rest = words[ends[0] + 1 :]
            pronoun = starts(rest, self.lists["dative_pronouns"])
            if not starts(rest, self.lists["need_words"], pronoun):
                return words
            start = max(
                (i + 1 for i, w in enumerate(words[:at]) if w.norm in (",", "что")), default=0
            )
            whom = []
            for word in words[start:at]:
                if not inflect.has_case(word.text, "datv") or word.is_punct:
                    break
                whom.append(word)
            return [*whom, *rest[pronoun:]] if whom else rest
        return words

    def is_name(self, word: Word) -> bool:
        """A name or surname as pymorphy3 reads it («Лобов», «Олег»)."""
        readings = inflect.parses(word.text)[:2] if super().is_name(word) else ()
        return any("Name" in p.tag or "Surn" in p.tag or "Patr" in p.tag for p in readings)

    def drop_concession(self, words: list[Word]) -> list[Word]:
        """Also a command after «но» («Это хорошо, но дайте малым производителям дорогу в
        магазины» → «дайте …», which :meth:`imperative` words)."""
        at, size = find(words, self.lists["concession_links"], 2)
        after = self.drop_leading(words[at + size :]) if at > 0 else []
        commanded = len(after) > 3 and inflect.is_imperative(after[0].text)
        first = words[0].text if words else ""  # not «Откройте зал, но не трогайте …»
        if commanded and not self.holds_call(words[:at]) and not inflect.is_imperative(first):
            return after
        return super().drop_concession(words)

    def hedged_future(self, words: list[Word]) -> list[Word]:
        """«И, может быть, область возьмёт на себя оборудование» → «пусть область возьмёт
        …», which :meth:`let` words as «Рекомендовать области взять …»; not a past or present
        («Возможно, край выделил помещение» states), not after a frame or with a modal."""
        at = 0
        while at < len(words) and (words[at].is_punct or starts(words, self.lists["openers"], at)):
            at += starts(words, self.lists["openers"], at) or 1
        size = starts(words, self.lists["suggesting_hedges"], at)
        if not size or at + size >= len(words) or words[at + size].text != ",":
            return words
        clause = words[at + size + 1 :]
        verb = next((i for i, w in enumerate(clause[:7]) if inflect.is_finite_verb(w.text)), -1)
        if verb < 1 or self.has_modal(clause[:verb]) or any(w.is_punct for w in clause[:verb]):
            return words
        tag = inflect.parses(clause[verb].text)[0].tag
        head = inflect.head_noun(self.texts(clause[:verb]))
        if "futr" not in tag or tag.person != "3per" or not self.is_addressee(head):
            return words
        let = next(iter(self.lists["let_words"].by_first))  # «пусть»
        return [*added(let), *clause]

    def reworded(self, words: list[Word]) -> list[Word] | None:
        """As in both languages, then a second call joined to the item loses its modal word:
        «Не доверять, а нужно создать …» → «Не доверять, а создать …», «Защищать интересы
        бизнеса, нужно делать всё …» → «…, делать всё …»; the listener left between the verb
        and its object goes («просим рассмотреть Вас вопрос» → «Рассмотреть вопрос»)."""
        item = super().reworded(words)
        if item is None:
            return None
        item = [  # «Если регион хочет роста, рекомендовать ему …»: the resolution's word inside
            replace(w, text=w.text[:1].lower() + w.text[1:])
            if i and w.at < 0 and item[i - 1].text == ","
            else w
            for i, w in enumerate(item)
        ]
        recommend = norm(self.rules.words["recommend"])
        opening = next(  # also after a condition: «Пока …, рекомендовать области …»
            (i for i, w in enumerate(item) if w.at < 0 and w.norm == recommend), -1
        )
        if opening == 0:
            item = self.gapped(self.on_own(item))
        elif opening > 0:
            item = [*item[:opening], *self.on_own(item[opening:])]
        item = self.joined_call(self.possibility_considered(self.made_formal(item)))
        if not self.is_call(item[:2]):
            return self.joined_modal(item)
        listener = starts(item, self.lists["listener_objects"], 1)
        leading = listener and inflect.is_infinitive(item[0].text) and len(item) > 2
        if leading and inflect.part_of_speech(item[1 + listener].text) in ("NOUN", "ADJF"):
            item = [item[0], *item[1 + listener :]]  # «Рассмотреть Вас вопрос»
        index = 2
        while index < len(item):
            size = starts(item, self.lists["modal_predicates"], index)
            comma = item[index - 1].text == ","  # «Защищать интересы бизнеса, нужно делать …»
            linked = comma or (
                item[index - 2].text == "," and starts(item, self.lists["call_links"], index - 1)
            )
            asked = index + size < len(item) and item[index + size].norm == "ли"  # «можно ли»
            if size and linked and not asked and self.infinitive_at(item, index + size, 6) >= 0:
                item = [*item[:index], *item[index + size :]]
            index += 1
        return self.joined_modal(item)

    def joined_modal(self, item: list[Word]) -> list[Word]:
        """A second call joined after «, и» with its own modal and a word or two before it
        (session 18): «…, и это надо сделать частью школьной программы» → «…, и сделать это
        частью …», «…, и для этого нужно снять …» → «…, и для этого снять …», «…, и
        муниципалитетам стоит это закрепить» → «…, и рекомендовать муниципалитетам это
        закрепить», «…, и нам стоит попробовать» → «…, и попробовать», «…, и начинать стоит
        с …» → «…, и начинать с …». Not a negated modal («и не надо будет …»)."""
        for link in range(2, len(item) - 3):
            if item[link - 1].text != "," or not starts(item, self.lists["call_links"], link):
                continue
            modal = next(
                (i for i in range(link + 2, min(link + 5, len(item))) if self.modal_at(item, i)),
                -1,
            )
            between = item[link + 1 : modal]
            if (
                modal < 0
                or any(w.is_punct for w in between)
                or find(between, self.lists["negations"])[1]
            ):
                continue
            size = starts(item, self.lists["modal_predicates"], modal)
            after = item[modal + size :]
            verb = self.infinitive_at(after, 0, 3)
            head = link + 1
            if inflect.is_infinitive(between[-1].text) and verb != 0:  # «и начинать стоит с …»
                return [*item[:modal], *after]
            if verb < 0:
                continue
            kind = inflect.part_of_speech(between[0].text)
            if is_only(between, self.lists["first_person"]):  # «и нам стоит попробовать»
                return [*item[:head], *after]
            if kind in ("PREP", "ADVB"):  # «и для этого нужно снять …»
                return [*item[:modal], *after]
            texts = self.texts(between)
            dative = self.change_case(texts, "datv", "datv")[1] == len(between)
            if dative and self.is_addressee(inflect.head_noun(texts, "datv")):
                recommend = added(self.rules.words["recommend"].lower())
                return [*item[:head], *recommend, *between, *after]
            count = self.change_case(texts, "accs", "accs")[1]
            placed = between[count : count + 1]  # «а программы для него нужно разработать …»
            if not count or (placed and inflect.part_of_speech(placed[0].text) != "PREP"):
                continue  # not the infinitive's object
            if item[link].norm != "и":  # «, а программы для него разработать …»: kept in front
                return [*item[:modal], *after]
            moved = [*between[:-1], replace(between[-1], space=" ")]
            infinitive = replace(after[verb], space=" ")
            return [*item[:head], infinitive, *moved, *after[:verb], *after[verb + 1 :]]
        return item

    def modal_at(self, item: list[Word], at: int) -> bool:
        return bool(starts(item, self.lists["modal_predicates"], at))

    def joined_call(self, item: list[Word]) -> list[Word]:
        """«Обеспечить, чтобы фестивали … отдавали часть сцены …, и что это условие надо
        прописать …» → «…, и прописать это условие …»: a second reported call joined by «и что»
        (see :meth:`parallel_calls`) loses its «что» and its modal word like the first."""
        for at in range(2, len(item) - 4):
            if item[at - 1].text != "," or [w.norm for w in item[at : at + 2]] != ["и", "что"]:
                continue
            clause = item[at + 2 :]
            modal, size = find(clause[:5], self.lists["modal_predicates"])
            found = self.infinitive_at(clause, modal + size, 3) if modal >= 0 else -1
            if found < 0:
                return item
            rest = [*clause[:modal], *clause[modal + size :]]
            return [*item[: at + 1], *self.infinitive_first(rest, found - size)]
        return item

    def on_own(self, item: list[Word]) -> list[Word]:
        """«Рекомендовать регионам сами решать» → «… самостоятельно решать»: the subject's
        «сам» no longer agrees with the addressee in the dative (up to a clause of its own)."""
        out: list[Word] = []
        for index, word in enumerate(item):
            if index and self.is_subordinate(item, index):
                return [*out, *item[index:]]
            alone = starts([word], self.lists["self_words"])
            out.append(replace(word, text=self.rules.words["on_own"]) if alone else word)
        return out

    def possibility_considered(self, item: list[Word]) -> list[Word]:
        """«Посмотреть, можно ли в этой программе выделить квоту …» → «Рассмотреть возможность
        выделить в этой программе квоту …»: whether a measure is possible is to be considered."""
        if len(item) < 6 or not starts(item, self.lists["possibility_checks"]):
            return item
        if item[1].text != "," or [w.norm for w in item[2:4]] != ["можно", "ли"]:
            return item
        found = self.infinitive_at(item, 4, 6)
        if found < 0:
            return item
        return [
            *added(self.rules.words["consider_possibility"]),
            *self.lower(self.infinitive_first(item[4:], found - 4)),
        ]

    def made_formal(self, item: list[Word]) -> list[Word]:
        """«Сделать единую биржу вакансий …» → «Создать …», «Сделать программу» →
        «Разработать …»: a colloquial verb (``vague_verbs``) opening the item gives way to the
        verb its object takes (``noun_verbs``), where that verb creates something."""
        if len(item) < 3 or not starts(item, self.lists["vague_verbs"]):
            return item
        end = next((i for i, w in enumerate(item) if i and w.is_punct), len(item))
        if any(inflect.parses(w.text)[0].tag.case == "ablt" for w in item[2:end]):
            return item  # «Сделать такое обучение межрегиональным»: made into, not made
        if any(self.made_into(item, i, end) for i in range(3, end)):
            return item  # «Сделать такую школу ежегодной и …»: «ежегодной» read as ablt too
        head = inflect.head_noun(self.texts(item[1:end]), "accs")
        verb = self.rules.verb_for(norm(head.normal_form)) if head is not None else ""
        if (
            head is None
            or "inan" not in head.tag
            or not starts(added(verb), self.lists["making_verbs"])
        ):
            return item
        return [replace(item[0], text=verb), *item[1:]]

    def made_into(self, item: list[Word], at: int, end: int) -> bool:
        """Whether the adjective at ``at`` says what the object is made into: it can be read
        in the instrumental, it follows the object noun and no noun follows it («такую школу
        ежегодной и …»), unlike «для молодёжной политики»."""
        readings = inflect.parses(item[at].text)
        if not any(p.tag.POS == "ADJF" and p.tag.case == "ablt" for p in readings):
            return False
        after = item[at + 1 : at + 2]
        closed = at + 1 >= end or (after and (after[0].is_punct or after[0].norm in ("и", "или")))
        return bool(closed) and inflect.part_of_speech(item[at - 1].text) == "NOUN"

    def gapped(self, item: list[Word]) -> list[Word]:
        """«Рекомендовать области взять на себя оборудование, а округ — помещение …»: the
        second addressee of a verb left out after «, а» takes the dative too («а округу —»)."""
        for at in range(2, len(item) - 3):
            if item[at - 1].text != "," or item[at].norm != "а":
                continue
            dash = next((i for i in range(at + 2, min(len(item), at + 6)) if item[i].is_punct), -1)
            if dash < 0 or item[dash].text not in ("—", "–"):
                continue
            part = item[at + 1 : dash]
            if not self.is_addressee(inflect.head_noun(self.texts(part))):
                continue
            addressee = self.recase(part, "nomn", "datv")
            if addressee is not None:
                return [*item[: at + 1], *addressee, *item[dash:]]
        return item

    # -------------------------------------------------------------- the check

    def sound(self, words: list[Word], item: list[Word]) -> bool:
        """A rewrite may cut and move, but not leave a fixed expression in two («ещё раз» →
        «Рекомендовать разу …», «Так называемые» → «Называемые …»), start with a word torn
        from the word that governed it («Итог этой работы …» → «Этой работы …», «надо
        признать неблагополучными» → «Неблагополучными»), nor leave a verb without the object
        that stood before it («сумму выплаты следовало бы увеличить» → «Увеличить, …»), nor
        recommend to the speaker or the listener («Рекомендовать мне …»)."""
        kept = {w.at for w in item if w.at >= 0}
        at = 0
        while at < len(words):
            size = starts(words, self.lists["fixed_expressions"], at)
            inside = {w.at for w in words[at : at + size]}
            if size and kept & inside and not inside <= kept:
                return False
            at += size or 1
        first = item[0].at if item else -1
        torn = first > 0 and self.torn_at(words, first)
        lead = next((i for i, w in enumerate(item) if w.at >= 0), 0)  # the resolution's words
        ensured = lead and starts(item, self.lists["subordinators"], lead - 1)  # «чтобы мы …»
        # «Все просили меня обратиться …» → «Рекомендовать мне …», «Я согласен …» →
        # «Предусмотреть меня …»: the resolution's verb with the speaker as its object
        size = starts(item, self.lists["first_person"], lead) if lead and not ensured else 0
        following = item[lead + size] if size and lead + size < len(item) else None
        named = following is not None and (  # «всем дальневосточным регионам»: an addressee
            self.is_noun(following) or inflect.part_of_speech(following.text) == "ADJF"
        )
        to_speaker = size and not named  # «Рекомендовать каждому району …» names who
        verbless = self.has_verb(words) and not self.has_verb(item)  # «Неблагополучными.»
        lost = verbless or self.object_lost(words, item, kept)
        return not torn and not to_speaker and not lost

    def is_noun(self, word: Word) -> bool:
        return inflect.part_of_speech(word.text) == "NOUN"

    def names_something(self, words: list[Word]) -> bool:
        """A noun that is no person's name («парковку», «маркетплейс»; not «Крюков»)."""
        return any(self.is_noun(w) and not self.is_name(w) for w in words if not w.is_punct)

    def has_verb(self, words: list[Word]) -> bool:
        """Whether the words hold a verb, a modal word or a verb the resolution added."""
        return any(
            w.at < 0
            or inflect.is_infinitive(w.text)
            or inflect.is_finite_verb(w.text)
            or inflect.part_of_speech(w.text) in ("PRED", "PRTS", "ADJS")
            for w in words
            if not w.is_punct
        )

    def may_cut(self, words: list[Word], at: int) -> bool:
        """Not inside a fixed expression, not between a word and the one it governs."""
        inside = any(
            i + starts(words, self.lists["fixed_expressions"], i) > at
            for i in range(max(0, at - 4), at)
        )
        return not inside and not self.torn_at(words, at)

    def torn_at(self, words: list[Word], at: int) -> bool:
        """Whether the word at ``at`` is a noun or adjective in an oblique case that the word
        before it governs: «Итог | этой работы», «признать | неблагополучными»; not after
        a conjunction or an adverb («Поэтому | денег не хватает»)."""
        if not at or at >= len(words) or words[at - 1].is_punct:
            return False  # «Прошу Вас» with no full stop: nothing after it (session 13: crashed)
        if starts(words, self.lists["modal_predicates"], at):
            return False  # «Я бы считал | возможным вернуть …»: the modal goes with the rewrite
        parses = inflect.parses(words[at].text)
        cases = {p.tag.case for p in parses if p.tag.POS}
        # a dative may open an item («То есть | людям надо помочь» → «Помочь людям»)
        oblique = parses[0].tag.POS in ("NOUN", "ADJF", "PRTF", "NPRO") and not (
            cases & {"nomn", "accs"} or cases <= {"datv"}
        )
        governor = inflect.part_of_speech(words[at - 1].text)
        return oblique and governor.lower() in self.rules.lemmas["governing_parts"]

    def object_lost(self, words: list[Word], item: list[Word], kept: set[int]) -> bool:
        """Whether a verb that takes an object ends its clause in the item while a noun in
        the accusative before it in the sentence was cut: «сумму этой выплаты, 150 тысяч,
        следовало бы увеличить, …» → «Увеличить, …»."""
        for index, word in enumerate(item):
            following = item[index + 1 : index + 2]
            if word.at < 0 or (following and not following[0].is_punct):
                continue
            if (
                not inflect.is_infinitive(word.text)
                or "tran" not in inflect.parses(word.text)[0].tag
            ):
                continue
            start = max(0, word.at - 10)
            for back in range(word.at - 1, start - 1, -1):
                before = words[back]
                if before.text in (".", ":", ";") or starts(
                    words, self.lists["subordinators"], back
                ):
                    break
                cut = before.at not in kept and not before.is_punct
                previous = words[back - 1].text if back else ""
                governed = previous and inflect.part_of_speech(previous) == "PREP"
                noun = inflect.parses(before.text)[0]
                if cut and not governed and noun.tag.POS == "NOUN" and noun.tag.case == "accs":
                    return True
        return False

    # -------------------------------------------------------------- helpers

    def has_modal(self, words: list[Word]) -> bool:
        lists = ("modal_predicates", "personal_modals", "hortatives", "let_words", "need_words")
        words = self.without(words, self.lists["hedges"])  # «может быть», «надо сказать»
        lacking = find(words, self.lists["negative_predicatives"])[1]  # «проверять некому»
        return (not lacking and any(inflect.is_infinitive(w.text) for w in words)) or any(
            find(words, self.lists[name])[1] for name in lists
        )

    def is_call(self, words: list[Word]) -> bool:
        verbs = self.rules.lemmas["directive_verbs"] | self.rules.lemmas["appeal_verbs"]
        return self.has_modal(words) or any(w.lemma in verbs for w in words)

    def is_reason(self, words: list[Word]) -> bool:
        """Also with a modal word that calls for nothing here («стоит денег»: no infinitive)."""
        if not self.is_statement(words) or any(inflect.is_infinitive(w.text) for w in words):
            return False
        lists = ("personal_modals", "hortatives", "let_words", "need_words")
        verbs = self.rules.lemmas["directive_verbs"] | self.rules.lemmas["appeal_verbs"]
        called = any(find(words, self.lists[name])[1] for name in lists)
        wished = find(words, self.lists["modal_predicates"])[1] and any(  # «Важно, чтобы …»
            w.norm == "чтобы" for w in words
        )
        return not called and not wished and not any(w.lemma in verbs for w in words)

    def is_statement(self, words: list[Word]) -> bool:
        """A finite verb that is no command; a form read first as a past tense states
        («чтобы заказы шли …», not «шли» of «слать»)."""
        return any(
            inflect.is_finite_verb(w.text)
            and (not inflect.is_imperative(w.text) or "past" in inflect.parses(w.text)[0].tag)
            for w in words
        )

    def subject_like(self, words: Sequence[Word]) -> bool:
        """A short subject of a reporting or proposing verb, with no verb and no punctuation:
        «Он», «Глеб Румянцев», «Я бы», «Муравьёв тут же», «Тобольцева в конце презентации»;
        a verb joined by «и» before the report is the same speaker's («Тарабукина поддержала и
        (добавила, что …)»)."""
        if len(words) > 2 and words[-1].norm == "и" and self.is_verb(words[-2]):
            words = words[:-2]
        if len(words) > 6:
            return False
        allowed = ("NOUN", "NPRO", "ADJF", "ADVB", "PRCL", "PREP", "NUMR", "CONJ", "")
        return all(
            w.text == "."
            if w.is_punct
            else w.text[:1].isupper() or inflect.part_of_speech(w.text) in allowed
            for w in words
        )

    def addressed(self, clause: list[Word]) -> bool:
        """Whether a clause is only the listener or the speaker («Вы, пожалуйста, …»)."""
        bare = self.without(clause, self.lists["clause_starters"])
        return is_only(bare, self.lists["first_person"])

    def said_link(self, words: list[Word], at: int) -> int:
        """«…, надо сказать, что и здесь не обойтись …»: the «что» goes with the hedge."""
        return self.hedge_link(words, at)

    def joins_predicates(self, before: list[Word], after: list[Word]) -> bool:
        """«…привыкли к микрорайону, может быть, пользовались …», «если …записалось на
        субботний день, может быть, предусмотреть …»: the hedge stands between two clauses,
        so one comma stays; not in «Я бы, конечно, предложил …» nor «Мы предлагаем,
        конечно, создать …» (one clause)."""
        start = max((i + 1 for i, w in enumerate(before) if w.is_punct), default=0)
        clause = before[start:]
        listed = after and inflect.is_infinitive(after[0].text)
        if listed and any(inflect.is_infinitive(w.text) for w in clause):
            return True  # «помочь им с работой, может быть, открыть своё дело»: a list
        opening = clause[starts(clause, self.lists["clause_starters"]) :]  # «но если …»
        verbal = any(inflect.is_infinitive(w.text) for w in clause)
        if verbal and after and starts(opening, self.lists["purpose_words"]):
            return True  # «Чтобы ускорить, конечно, нужны ресурсы»: the purpose clause ends
        if (
            after
            and inflect.is_imperative(after[0].text)
            and not inflect.is_infinitive(after[0].text)
            and not self.addressed(clause)
        ):
            return True  # «…, разумеется, поговорите с ней»: a command of its own
        finite = any(inflect.is_finite_verb(w.text) for w in clause)
        if not finite or not after:
            return False
        if inflect.is_finite_verb(after[0].text):
            return True
        governs = inflect.is_finite_verb(clause[-1].text)  # «если мы сможем, наверное, сделать»
        return bool(starts(opening, self.lists["conditions"])) and not governs  # «Когда идут
        # такие стройки, конечно, очень внимательно нужно …»: the condition ends at its comma

    def vocative_size(self, words: list[Word], at: int) -> int:
        """«коллеги», or a first name with a patronymic: «Владимир Владимирович»."""
        polite = starts(words, self.lists["polite_words"], at)
        if polite and self.vocative_size(words, at + polite) == 2:
            return polite + 2  # «Прошу Вас, уважаемый Владимир Владимирович, дать …»
        pair = words[at : at + 2]
        named = len(pair) == 2 and all(w.text[:1].isupper() for w in pair)
        if named and any("Patr" in p.tag for p in inflect.parses(pair[1].text)):
            return 2
        first = pair[0].text[:1].isupper() and inflect.parses(pair[0].text)
        if at and first and {"Name", "nomn"} <= set(first[0].tag.grammemes):
            return 1  # «Прошу Вас тоже, Алексей, поработать»
        return super().vocative_size(words, at)

    def lower(self, words: list[Word]) -> list[Word]:
        """The first word in lower case, unless it is a name («Новосибирскую», «Минкультуры»,
        «Оренбургской» written with a capital inside the sentence)."""
        kind = inflect.part_of_speech(words[0].text) if words else None
        function = kind in ("PREP", "CONJ", "PRCL")
        inside = words and not words[0].initial and kind in ("ADJF", "NOUN")
        placed = (
            kind == "ADJF"
            and "Apro" not in inflect.parses(words[0].text)[0].tag  # «Всех районов»: no name
            and any(  # «Ленинградской (и Псковской) области»: a name
                w.lemma in self.rules.lemmas["place_nouns"] for w in words[1:4]
            )
        )
        inside = inside or placed
        if (
            words
            and words[0].text[:1].isupper()
            and (function or not (inside or inflect.is_proper(words[0].text)))
        ):
            first = words[0]
            return [replace(first, text=first.text[0].lower() + first.text[1:]), *words[1:]]
        return words

    def place_head(self, words: list[Word], case: str) -> Any | None:
        """:func:`inflect.head_noun`, but «Тверской (и Ярославской) области» is headed by
        «области» (pymorphy3 reads «Тверской» as a street's name too)."""
        head = inflect.head_noun(self.texts(words), case)
        if head is None or "Geox" not in head.tag:
            return head
        place = next(
            (i for i, w in enumerate(words[1:4], 1) if w.lemma in self.rules.lemmas["place_nouns"]),
            -1,
        )
        return inflect.head_noun(self.texts(words[place:]), case) if place > 0 else head

    def is_addressee(self, head: Any) -> bool:
        """Someone a resolution can recommend to: a person or an organisation (an
        ``addressee_nouns`` lemma, or a body pymorphy3 tags as one: «МЧС», «Минприроды»)."""
        lemma = norm(head.normal_form) if head is not None else ""
        return (
            head is not None
            and head.tag.POS == "NOUN"
            and lemma not in self.rules.lemmas["beneficiary_nouns"]
            and (
                "anim" in head.tag
                or "Orgn" in head.tag
                or lemma in self.rules.lemmas["addressee_nouns"]
            )
        )

    def recase(self, words: list[Word], source: str, target: str) -> list[Word] | None:
        """A noun phrase in another case; a bare «регионам» becomes the resolution's phrase."""
        texts = [w.text for w in words]
        forms, count = self.change_case(texts, source, target)
        if not count:
            return None
        head = inflect.head_noun(texts, source)
        if target == "datv" and count == len(words) == 1 and head is not None:
            official = self.rules.addressees.get(norm(head.normal_form))
            if official:
                return added(official[head.tag.number or "sing"])
        changed = [replace(w, text=form) for w, form in zip(words, forms, strict=False)]
        return self.lower([*changed, *words[count:]])

    def recase_inside(self, words: list[Word], case: str) -> list[Word] | None:
        """The dative of an addressee from inside the sentence: a capital there is a name's
        («Поручу Правительству …» → «Рекомендовать Правительству …») and stays."""
        addressee = self.recase(words, case, "datv")
        if addressee is not None and words[0].text[:1].isupper() and len(addressee) == len(words):
            first = addressee[0]
            upper = replace(first, text=first.text[:1].upper() + first.text[1:])
            addressee = [upper, *addressee[1:]]
        return addressee

    def recommend(self, addressee: list[Word]) -> list[Word]:
        return [*added(self.rules.words["recommend"]), *addressee]

    def ensure(self) -> list[Word]:
        return added(self.rules.words["ensure"])

    def negative(self, negated: bool) -> list[Word]:
        return added(self.rules.words["negative"]) if negated else []

    def infinitives(self, words: list[Word], number: str | None = None) -> list[Word]:
        """The main clause's verb and those coordinated with it as infinitives.

        «включим … и опубликуем» → «включить … и опубликовать»; a verb with its own subject
        («, а театры получают») or in a subordinate clause stays as it is.
        """
        out: list[Word] = []
        for index, word in enumerate(words):
            if index and self.clause_at(words, index):
                return [*out, *words[index:]]
            skipped = len(out) > 1 and starts(out[-1:], self.lists["skip_words"])
            last = out[-2:-1] if skipped else out[-1:]  # «и сами принимайте» → «и сами принимать»
            coordinated = not out or starts(last, self.lists["coordinators"])
            if not coordinated and index > 2 and out[-3].norm == "и":  # «и через год сравнивают»
                coordinated = inflect.part_of_speech(out[-2].text) == "PREP"
            form = inflect.infinitive(word.text) if inflect.is_finite_verb(word.text) else None
            if form and coordinated and self.future_be(word) and self.infinitive_next(words, index):
                continue  # «и будут продвигать» → «и продвигать», not «и быть продвигать»
            if form is None and self.finite_here(word, "past"):  # «вели», read first as a name
                form = next(
                    p.normal_form
                    for p in inflect.parses(word.text)
                    if p.tag.POS == "VERB" and "past" in p.tag
                )
            agrees = number is None or inflect.parses(word.text)[0].tag.number in (number, None)
            out.append(replace(word, text=form) if form and coordinated and agrees else word)
        return out

    def infinitive_next(self, words: Sequence[Word], index: int) -> bool:
        return index + 1 < len(words) and inflect.is_infinitive(words[index + 1].text)

    def noun_item(self, words: list[Word], case: str = "accs") -> list[Word]:
        """«отдельную квоту …» → «Ввести отдельную квоту …» (the verb the noun takes)."""
        head = inflect.head_noun([w.text for w in words], case)
        verb = self.rules.verb_for(norm(head.normal_form) if head is not None else "")
        return [*added(verb), *self.lower(words)]

    def infinitive_at(self, words: Sequence[Word], start: int, reach: int) -> int:
        """Index of the first infinitive within ``reach`` words of ``start``; -1 if none. The
        commas of a list are not counted («Владимирской, Ивановской, Костромской и Ярославской
        областям сделать …»)."""
        index, end = start, start + reach
        while index < min(len(words), end):
            if words[index].is_punct and not self.listed_at(words, index):
                return -1
            if inflect.is_infinitive(words[index].text):
                return index
            end += words[index].is_punct  # a list's comma
            index += 1
        return -1

    def listed_at(self, words: Sequence[Word], at: int) -> bool:
        """Whether the comma at ``at`` parts two words of one list, adjectives or nouns in the
        same case («Новгородской, Псковской и Ленинградской областям»)."""
        if words[at].text != "," or at == 0 or at + 1 >= len(words):
            return False
        left, right = words[at - 1].text, words[at + 1].text
        kind = inflect.part_of_speech(left)
        if kind not in ("ADJF", "NOUN") or inflect.part_of_speech(right) != kind:
            return False
        return any(
            inflect.has_case(left, case) and inflect.has_case(right, case)
            for case in ("datv", "accs", "nomn", "gent", "ablt")
        )

    def infinitive_past_name(self, words: Sequence[Word]) -> int:
        """An infinitive after a name in quotation marks («центры «Мой бизнес» открыть …»):
        the quotes are no clause break; -1 when other punctuation comes first."""
        quoted = False
        for index, word in enumerate(words[:10]):
            if word.text in ("«", "»", '"'):
                quoted = True
            elif word.is_punct:
                return -1
            elif quoted and inflect.is_infinitive(word.text):
                return index
        return -1

    def infinitive_past_adverbs(self, words: Sequence[Word], start: int) -> int:
        """«надо чётко, последовательно отработать …», «должен предельно чётко и конкретно
        сформулировать …»: an infinitive after a run of adverbs joined by commas or «и»."""
        index = start
        while index < len(words) and (
            inflect.part_of_speech(words[index].text) == "ADVB" or words[index].norm in (",", "и")
        ):
            index += 1
        adverbs = any(inflect.part_of_speech(w.text) == "ADVB" for w in words[start:index])
        found = index < len(words) and inflect.is_infinitive(words[index].text)
        return index if adverbs and found and words[index - 1].norm not in (",", "и") else -1

    def infinitive_past_commas(self, words: Sequence[Word], start: int) -> int:
        """«можно было бы под эгидой ООН с США, даже с европейскими странами, обсудить …»:
        an infinitive after adverbial phrases between commas, with no verb of their own."""
        if start >= len(words) or inflect.part_of_speech(words[start].text) != "PREP":
            return -1
        index = start
        while index < min(len(words), start + 25):
            word = words[index]
            opener = starts(words, self.lists["openers"], index)  # «то есть» is no «есть»
            if opener > 1:
                index += opener
                continue
            if word.is_punct and word.text != ",":
                return -1
            if inflect.is_infinitive(word.text):
                return index
            if inflect.is_finite_verb(word.text) or self.is_subordinate(list(words), index):
                return -1
            index += 1
        return -1

    def is_adverbial(self, words: Sequence[Word]) -> bool:
        """«В региональном законе …», «Для молодых бюро …»: kept in front of the verb."""
        return bool(words) and inflect.part_of_speech(words[0].text) in ("PREP", "ADVB", "CONJ")

    def is_negated(self, words: list[Word], at: int) -> bool:
        return at > 0 and starts(words, self.lists["negations"], at - 1) == 1

    def split_subject(self, words: list[Word]) -> tuple[list[Word], list[Word]]:
        """As in both languages, but a participial phrase between commas stays with its noun:
        «Работу иллюстраторов в проектах, финансируемых из бюджета, необходимо …»; a
        condition before a dash stays a condition («А если вуз имеет результаты, – готовит
        кадры, – места должны ему предоставляться …» lost the «если» clause)."""
        dashes = [i for i, w in enumerate(words) if w.text in ("—", "–")]
        opened = words[starts(words, self.lists["call_links"]) :]  # «А если …», not «что пока»
        marked = any(w.text in (";", ":") for w in words)
        if dashes and starts(opened, self.lists["conditions"]) and not marked:
            subject, _ = self.split_subject(words[dashes[-1] + 1 :])
            return subject, self.condition_of(opened[: len(opened) - len(words) + dashes[-1]])
        commas = [i for i, w in enumerate(words) if w.text == ","]
        if commas and self.names_in_list(words, commas):
            return words, []  # «Тыве, Хакасии и Республике Алтай стоит …»: one addressee
        enclosed = len(commas) >= 2 and commas[-1] == len(words) - 1 > commas[-2] + 1
        if enclosed and inflect.part_of_speech(words[commas[-2] + 1].text) == "PRTF":
            return words, []
        inner = words[commas[-2] + 1 : commas[-1]] if len(commas) >= 2 else []
        start = commas[-3] + 1 if len(commas) >= 3 else 0
        marked = any(w.text in (";", ":", "—", "–") for w in words)
        head = words[start : commas[-2]] if enclosed and not marked else []
        head = head[starts(head, self.lists["clause_starters"]) :]
        if (
            head
            and inflect.part_of_speech(inner[0].text) in ("NUMR", "NOUN", "")  # «150 тысяч»
            and not self.is_statement([*head, *inner])
            and not find([*head, *inner], self.lists["subordinators"])[1]
            and not find(head, self.lists["first_person"])[1]
            and inflect.head_noun(self.texts(inner), "nomn") is None
        ):  # «сумму этой выплаты, 150 тысяч, следовало бы увеличить»: an apposition
            return words[commas[-2] - len(head) : -1], []
        if enclosed and self.places_listed(words, commas):
            return words, []  # «командам из малых городов, из Воркуты, из Норильска, нужен …»
        governed = inner[:1] and inflect.part_of_speech(inner[0].text) == "PREP"
        if (
            starts(inner, self.lists["relatives"], 1 if governed else 0)  # «из которых …»
            and not find(words[: commas[-2]], self.lists["subordinators"])[1]
            and not self.is_statement(words[: commas[-2]])  # «закон приняли, который …, а»
        ):
            return words, []  # «людей, которые жили в этом доме, далеко нельзя …»: one subject
        subject, condition = super().split_subject(words)
        commas = [i for i, w in enumerate(words) if w.text == ","]
        purpose = words[: commas[0]] if len(commas) == 1 and not condition else []
        short = 1 < len(purpose) <= 8 and not find(purpose, self.lists["first_person"])[1]
        if short and starts(purpose, self.lists["purpose_words"]):
            condition = self.condition_of(purpose)  # «Чтобы успеть к лету, нужны …»: one short
        return subject, condition  # clause of purpose stays in front, as a condition does

    def names_in_list(self, words: list[Word], commas: list[int]) -> bool:
        """Whether the words are one list of short noun phrases in one oblique case, the last
        joined by «и» / «или» («Тыве, Хакасии и Республике Алтай», «Томской, Омской и
        Новосибирской областям»): one addressee or object, not a lead-in and a subject; a
        nominative list is left alone (a vocative before the subject looks the same)."""
        parts = [words[a + 1 : b] for a, b in pairwise([-1, *commas])]
        if len(parts[0]) == 2 and self.is_noun(parts[0][0]):  # «маяки Балтийска, Зеленоградска
            parts[0] = parts[0][1:]  # и Кронштадта»: the list of the head noun's dependents
        last = words[commas[-1] + 1 :]
        joint = next((i for i, w in enumerate(last) if w.norm in ("и", "или")), -1)
        if joint < 1:
            return False
        parts += [last[:joint], last[joint + 1 :]]
        shared: set[str] | None = None
        for part in parts:
            if not 1 <= len(part) <= 3 or any(w.is_punct or self.is_verb(w) for w in part):
                return False
            if not any(self.is_noun(w) for w in part):
                return False  # «Томской, Омской и Новосибирской областям»: one shared noun
            cases = {
                p.tag.case
                for p in inflect.parses(part[0].text)
                if p.tag.POS in ("NOUN", "ADJF") and p.tag.case
            }
            shared = cases if shared is None else shared & cases
        return bool((shared or set()) - {"nomn"})

    def places_listed(self, words: list[Word], commas: list[int]) -> bool:
        """Whether the parts between commas repeat a preposition of the phrase before them, a
        list that names what that phrase means («молодым командам из малых городов, из
        Воркуты, из Норильска,»): one subject, not clauses."""
        first = words[: commas[0]]
        parts = [words[a + 1 : b] for a, b in pairwise(commas)]
        used = {w.norm for w in first[1:] if inflect.part_of_speech(w.text) == "PREP"}
        return bool(used) and all(
            1 < len(part) <= 4 and part[0].norm in used and not self.has_verb(part)
            for part in parts
        )

    def condition_of(self, words: list[Word]) -> list[Word]:
        """A condition as it stands before the item: dashes out, one comma at its end."""
        kept: list[Word] = []
        for word in words:
            comma = word.text in (",", "—", "–")  # a dash between clauses reads as a comma
            if comma and (not kept or kept[-1].text == ","):
                continue
            if comma:
                kept[-1] = replace(kept[-1], space="")
            kept.append(Word(",", " ", ",", word.at) if comma else word)
        while kept and kept[-1].is_punct:
            kept.pop()
        return [*kept[:-1], replace(kept[-1], space=""), Word(",", " ")] if kept else []

    def one_phrase(self, words: list[Word], after: list[Word]) -> bool:
        """Words before a comma with no predicate of their own, no condition and no clause
        after, that open an adverbial or go on in one («С учётом острого, | чувствительного …
        дефицита кадров», «Министерство обороны вместе с Минстроем, | вместе с регионами»
        должны …); not «Вопросы непростые, | нужно …» nor «Мир огромный, | поэтому …»."""
        lists = (
            self.lists["conditions"],
            self.lists["subordinators"],
            self.lists["clause_starters"],
            self.lists["openers"],
            self.lists["first_person"],  # «нам, ремесленникам, нужно», «…, мы должны»
        )
        predicates = ("VERB", "INFN", "PRTS", "ADJS", "PRED", "GRND")
        opens = bool(words) and inflect.part_of_speech(words[0].text) == "PREP"
        kinds = [inflect.part_of_speech(w.text) for w in after[:2]]
        goes_on = kinds[:1] == ["PREP"] or kinds == ["ADVB", "PREP"]  # «, вместе с регионами»
        return (
            (opens or goes_on)
            and not any(w.text in (":", ";", "—", "–") for w in words)
            and not any(starts(part, phrases) for phrases in lists for part in (words, after))
            and not find(words, self.lists["subordinators"])[1]
            and not any(inflect.part_of_speech(w.text) in predicates for w in words)
        )

    # -------------------------------------------------------------- the rewrites

    def hortative(self, words: list[Word]) -> Hit:
        """«Давайте включим …» → «Включить …»; «Давайте не будем …» → «Не …»."""
        size = starts(words, self.lists["hortatives"])
        rest = self.drop_leading(words[size:]) if size else []
        ours = len(rest) > 2 and rest[0].norm == "мы" and rest[1].norm != "будем"
        if ours and any(inflect.is_first_plural(w.text) for w in rest[1:5]):
            rest = rest[1:]  # «Давайте мы это обсудим …»: no «Обсудить мы это …»
            if [w.norm for w in rest[:2]] == ["с", "вами"]:
                rest = rest[2:]  # «Давайте мы с вами вместе подумаем»
        listener = starts(rest, self.lists["first_person"])  # «Давайте вы будете приходить …»
        will = listener and len(rest) > listener + 1 and rest[listener].lemma == "быть"
        if will and inflect.is_infinitive(rest[listener + 1].text):
            rest = rest[listener + 1 :]
        if len(rest) > 2 and rest[0].norm == "не" and rest[1].norm == "будем":
            found = self.infinitive_at(rest, 2, 4)  # «не будем это откладывать»
            if found == 2:
                return 0, [*self.negative(True), *rest[2:]]
            objects = self.lists["object_pronouns"]
            if found < 0 or not is_only(rest[2:found], objects):
                return None  # «не будем каждый регион делать …»: no clean item
            return 0, [*self.negative(True), *self.infinitive_first(rest[2:], found - 2)]
        if len(rest) > 1 and rest[0].norm == "будем" and inflect.is_infinitive(rest[1].text):
            rest = rest[1:]  # «Давайте будем выплачивать …»: no «Быть выплачивать …»
        if rest and inflect.is_infinitive(rest[0].text):
            return 0, rest  # «Давайте считать вместе»
        found = self.infinitive_at(rest, 1, 5)
        verbal = any(inflect.is_finite_verb(w.text) for w in rest[:found])
        plain = not any(w.is_punct for w in rest[:found])  # «такие здания отдавать …»: with an
        if found > 0 and plain and not verbal:  # infinitive «давайте» names no subject, what
            return 0, self.infinitive_first(rest, found)  # stands before it is its object or
        # an adverbial («вместе с вузами писать»)
        if len(rest) > 1 and rest[0].norm == "не" and inflect.is_infinitive(rest[1].text):
            return 0, rest  # «Давайте не превращать это в …»
        later = next(
            (
                i
                for i in range(1, 9)  # «Давайте хотя бы один раз попробуем …»
                if i < len(rest)
                and inflect.is_first_plural(rest[i].text)
                and not any(w.is_punct and w.text not in '«»"' for w in rest[:i])
            ),
            0,
        )
        if later and rest[later].norm == "будем":  # «давайте всем … будем выплачивать»
            if later + 1 < len(rest) and inflect.is_infinitive(rest[later + 1].text):
                moved = [*rest[:later], *rest[later + 1 :]]
                return 0, self.infinitive_first(moved, later)
            return None  # no «Быть»
        if later and not self.is_adverbial(rest[:later]) and later > 5:
            return None  # far: only after adverbials («через год на следующем «Приливе»»)
        acting = self.acting_subject(rest)
        if acting is not None:  # «Давайте области и края вместе закажут …»
            return 0, acting
        be = next((i for i, w in enumerate(rest[:7]) if self.future_be(w)), -1)
        plain = be > 0 and not any(w.is_punct for w in rest[:be])
        if plain and not inflect.is_infinitive(rest[be + 1].text) and not later:
            head = inflect.head_noun(self.texts(rest[be + 1 :]), "nomn")  # «Давайте в каждом
            was = replace(rest[be], text=inflect.past("быть", head))  # туре будет время …»
            return 0, [*self.ensure(), *self.lower([*rest[:be], was, *rest[be + 1 :]])]
        if later and not inflect.is_first_plural(rest[0].text):  # «Давайте это сделаем»
            verb = replace(
                rest[later], text=inflect.infinitive(rest[later].text) or rest[later].text
            )
            moved = self.infinitive_first([*rest[:later], verb, *rest[later + 1 :]], later)
            return 0, self.ours_as_infinitives(self.infinitives(moved))  # «…, и выложить его»
        if not rest or not inflect.is_first_plural(rest[0].text):
            return None
        if sum(not w.is_punct for w in rest) == 1 < sum(not w.is_punct for w in words[size:]):
            return None  # «Да, давайте так и сделаем»: «Сделать.» names nothing
        return 0, self.ours_as_infinitives(self.infinitives(rest))

    def names_listed(self, words: Sequence[Word], at: int) -> bool:
        """Whether the comma at ``at`` parts two names of one list («Ингушетия, Северная
        Осетия и …») or two words in the same case (:meth:`listed_at`)."""
        if words[at].text != "," or at == 0 or at + 1 >= len(words):
            return False
        named = all(not w.initial and w.text[:1].isupper() for w in (words[at - 1], words[at + 1]))
        joined = words[at + 1].norm == "и" and at + 2 < len(words)  # «и волгоградскую, и
        if joined:  # калмыцкую степь»: the words either side of «, и» in one list
            pair = [words[at - 1], replace(words[at], text=","), words[at + 2]]
            return self.listed_at(pair, 1)
        return named or self.listed_at(words, at)

    def acting_subject(self, rest: list[Word]) -> list[Word] | None:
        """After «давайте», a subject in the nominative and its verb in the third person
        future («области и края вместе закажут …») are what the resolution asks of them:
        «Рекомендовать …» or «Обеспечить, чтобы …» (:meth:`clause`)."""
        verb = next((i for i, w in enumerate(rest[:9]) if inflect.is_finite_verb(w.text)), -1)
        if verb < 1 or any(
            w.is_punct and not self.names_listed(rest, i) for i, w in enumerate(rest[:verb])
        ):
            return None
        tag = inflect.parses(rest[verb].text)[0].tag
        if tag.person != "3per" or "futr" not in tag:
            return None
        head = inflect.head_noun(self.texts(rest[:verb]))
        if head is None or not inflect.has_case(rest[0].text, "nomn"):
            return None
        if "Geox" in head.tag and rest[0].text[:1].isupper():  # «Давайте Якутия и Магадан …»
            addressee = self.recase_inside(rest[:verb], "nomn")
            if addressee is None or len(addressee) != verb:
                return None
            addressee[-1] = replace(addressee[-1], space=" ")
            return [*self.recommend(addressee), *self.infinitives(rest[verb:])]
        return self.clause(rest, present=True)

    def joins_call(self, words: list[Word], tail: list[Word]) -> bool:
        """After «давайте», a later verb of the first person plural is the call's («Давайте
        составим список …, и разошлём его в районы»), not a statement to cut."""
        ours = any(inflect.is_first_plural(w.text) for w in tail[1:3])
        return ours and bool(starts(self.drop_leading(words), self.lists["hortatives"]))

    def agreed(self, words: list[Word]) -> Hit:
        """«Мы договорились, что к марту подготовим перечень …» → «К марту подготовить
        перечень …», «Давайте договоримся, что каждый регион пришлёт …» → «Обеспечить, чтобы
        каждый регион прислал …»: what the meeting agreed on, by the speaker's side only."""
        for at, word in enumerate(words[:6]):
            if word.lemma not in self.rules.lemmas["agreed_verbs"]:
                continue
            before = self.without(words[:at], self.lists["hortatives"])
            ours = not before or is_only(before, self.lists["first_person"])
            that = words[at + 1 : at + 3]
            if not ours or [w.norm for w in that] != [",", "что"] or len(words) < at + 5:
                return None
            clause = words[at + 3 :]
            if self.has_modal(clause[:4]):
                return None  # «договорились, что нужно …»: the modal rewrite words it
            return 0 if starts(words, self.lists["hortatives"]) else at, self.clause(
                clause, present=True
            )
        return None

    def ours_as_infinitives(self, words: list[Word]) -> list[Word]:
        """After «давайте», every later verb of the first person plural joined by «и» is the
        item's too, even past a relative clause («соберём перечень домов, где есть студии, и
        выложим его» → «…, и выложить его»): a relative clause has a subject of its own."""
        out = list(words)
        for index in range(1, len(out)):
            word = out[index]
            joined = out[index - 1].norm == "и"
            if joined and inflect.is_first_plural(word.text) and inflect.is_finite_verb(word.text):
                out[index] = replace(word, text=inflect.infinitive(word.text) or word.text)
        return out

    def imperative(self, words: list[Word]) -> Hit:
        """«Перестаньте оценивать …» → «Перестать оценивать …»; after adverbials too: «С учётом
        специфики обеспечьте …» → «С учётом специфики обеспечить …», «Вы тоже подумайте» →
        «Подумать»."""
        if not words or starts(words, self.lists["hortatives"]):
            return None
        for at, word in enumerate(words[:10]):
            if (word.is_punct and word.text != ",") or (at and self.is_subordinate(words, at)):
                return None
            if not inflect.is_known(word.text):
                continue  # «Горбань ответила …»: a surname, not the imperative of a guessed verb
            usual = inflect.parses(word.text)[0].tag
            # not «чтобы заказы … шли …»: a past tense first read, not «шли» of «слать»
            verb = usual.POS == "VERB" and "past" not in usual
            commands = inflect.is_imperative(word.text) and (not at or verb)
            if starts([word], self.lists["speaker_possessives"]):
                commands = False  # «Нашей области нужна …»: «наш», not «нашить»
            if commands and word.lemma in self.rules.lemmas["report_verbs"] and "indc" in usual:
                return None  # «Вы правильно говорите, …»: what the listener says, no command
            if commands and not inflect.is_infinitive(word.text):
                lists = (self.lists["first_person"], self.lists["leading_adverbs"])
                before = self.without(words[:at], *lists)
                if any(w.text == "," for w in before):
                    return None
                commands = self.commands_as_infinitives(self.infinitives(words[at:]))
                objects = self.change_case(self.texts(before), "accs", "accs")[1]
                if before and objects == len(before):
                    verb = replace(commands[0], space=" ")  # «Дагестан добавьте» → «Добавить
                    before[-1] = replace(before[-1], space=commands[0].space)  # Дагестан»
                    return 0, [verb, *self.lower(before), *commands[1:]]
                return 0, [*self.lower(before), *self.lower(commands)]
            if inflect.is_finite_verb(word.text) or usual.POS in ("ADJS", "INFN", "PRED"):
                return None
        return None

    def commands_as_infinitives(self, words: list[Word]) -> list[Word]:
        """Every later imperative of the main clause as an infinitive too: «прикиньте это всё,
        и своё видение представьте» → «прикинуть …, и своё видение представить»."""
        out: list[Word] = []
        for index, word in enumerate(words):
            if index and self.is_subordinate(words, index):
                return [*out, *words[index:]]
            command = inflect.is_imperative(word.text) and not inflect.is_infinitive(word.text)
            command = command and inflect.part_of_speech(word.text) == "VERB"  # not «на три года»
            form = inflect.infinitive(word.text) if command and index else None
            out.append(replace(word, text=form) if form else word)
        return out

    def purpose_only(self, words: list[Word]) -> Hit:
        """«Главное, чтобы соблюдали …» (the opener gone): «Обеспечить, чтобы соблюдали …»;
        the last resort (a call after the purpose, «Чтобы снять конфликт, она предложила …»,
        comes first). The speaker's own remark after «, —» goes first («…, о чём снимать, —
        пусть будут общие условия, а темы мы выбираем сами»: session 18)."""
        remark = next(
            (
                i
                for i in range(2, len(words))
                if words[i].text in ("—", "–") and words[i - 1].text == ","
            ),
            -1,
        )
        if (
            remark > 0
            and words[0].norm == "чтобы"
            and find(words[remark:], self.lists["first_person"])[1]
        ):
            words = [*words[: remark - 1], Word(".", "", ".")]
        clause = words[1:]
        comma = next((i for i, w in enumerate(words) if w.text == ","), len(words))
        verb = next(
            (i for i, w in enumerate(words) if self.is_verb(w) and self.main_at(words, i)), -1
        )
        if comma < verb:  # «чтобы блогерам, которые получили грант, не диктовали»: the main
            comma = next((i for i in range(verb, len(words)) if words[i].text == ","), len(words))
        contrast = not self.main_verb_after(words, comma)  # «…, а не …»
        alone = len(words) > 2 and words[0].norm == "чтобы" and contrast
        modal = words[1:comma] if self.asked_after(words[comma + 1 :]) else clause
        if alone and self.is_statement(clause) and not self.has_modal(modal):  # not «… ускорить»
            return len(words), self.clause(clause, present=True)
        return None

    def asked_after(self, rest: list[Word]) -> bool:
        """Whether the words after a comma are an indirect question with an infinitive and no
        modal word («, о чём снимать», «, что открыть»): the object of the verb before it."""
        governed = 1 if rest and inflect.part_of_speech(rest[0].text) == "PREP" else 0
        asked = rest[governed : governed + 1]
        pronoun = bool(asked) and any(
            p.tag.POS == "NPRO" and p.normal_form in ("что", "кто")
            for p in inflect.parses(asked[0].text)
        )
        lists = ("modal_predicates", "personal_modals", "need_words")
        return pronoun and not any(find(rest, self.lists[name])[1] for name in lists)

    def main_verb_after(self, words: list[Word], comma: int) -> bool:
        """Whether a clause after ``comma`` states something of its own: a finite verb not in
        a clause a subordinator opens («, которую сделает область», «, и чтобы ведомство
        следило»)."""
        links = self.lists["coordinators"]
        start = comma
        while start < len(words):
            end = next(
                (i for i in range(start + 1, len(words)) if words[i].text == ","), len(words)
            )
            part = words[start + 1 : end]
            part = part[starts(part, links) :]
            if not starts(part, self.lists["subordinators"]) and any(
                inflect.is_finite_verb(w.text) for w in part
            ):
                return True
            start = end
        return False

    def proposed(self, words: list[Word]) -> Hit:
        """«Мы выступили с предложением построить госпиталь» → «Построить госпиталь», «Я
        предлагаю Вам такую инициативу – разработать …» → «Разработать …»: the speaker's
        proposal named with its infinitive; not «Мы не поддержали предложение ввести …»."""
        for at, word in enumerate(words[:14]):
            if not at or word.lemma not in self.rules.lemmas["proposal_nouns"]:
                continue
            before = words[:at]
            speaker = find(before, self.lists["first_person"])[1] or any(
                inflect.is_finite_verb(w.text) and inflect.parses(w.text)[0].tag.person == "1per"
                for w in before
            )
            voiced = any(w.lemma in self.rules.lemmas["voiced_verbs"] for w in before)
            if not (speaker or voiced) or find(before, self.lists["negations"])[1]:
                return None  # «Прозвучало предложение передать …» is voiced, a measure
            index, clause = at + 1, 0
            while size := starts(words, self.lists["proposal_links"], index):
                index += size
                clause = clause or index * (words[index - 1].norm == "чтобы")
            if clause and len(words) > clause + 2:  # «внести предложение о том, чтобы …»
                return at, [*self.ensure(), *self.lower(words[clause:])]
            while index < len(words) - 1 and self.named_inside(words[index]):
                index += 1  # «предложение Петрова о создании …»
            if words[index:] and words[index].norm in ("о", "об"):
                named = self.named_measure(words[index + 1 :], case="loct")  # «о создании …»
                if named is not None:
                    return at, [*named[0], *named[1]]
            conceded = find(words[index:], self.lists["concession_links"])[1]
            if index < len(words) and inflect.is_infinitive(words[index].text) and not conceded:
                return at, words[index:]  # not «Мы согласны с предложениями X, но исходим из …»
            return None
        return None

    def referent_named(self, words: list[Word]) -> list[Word]:
        """«Старые клубы пустуют, их нужно передать молодёжи» → «Старые клубы пустуют, старые
        клубы нужно передать молодёжи» (the rewrites then keep the call): a pronoun opening a
        modal call after a statement stands for the statement's subject."""
        for at in range(1, len(words) - 3):  # «Музеи — их надо …»: a one-word topic
            if words[at].text not in (",", ";", "—", "–"):
                continue
            pronoun = at + 1 + bool(starts(words[at + 1 : at + 2], self.lists["call_links"]))
            if pronoun >= len(words) - 2 or words[pronoun].norm not in self.referents:
                continue
            call = words[pronoun:]
            if not find(call[:3], self.lists["modal_predicates"])[1] or self.holds_call(words[:at]):
                return words
            topic = words[at].text in ("—", "–") and not any(w.is_punct for w in words[:at])
            return [*words[:pronoun], *self.named_in_statement(words[:at], call, topic)]
        return words

    def named_in_statement(
        self, statement: list[Word], call: list[Word], topic: bool = False
    ) -> list[Word]:
        """«…школьные актовые залы по вечерам стоят пустые, | их надо открыть для трупп» →
        «школьные актовые залы надо открыть для трупп»: «их», «её», «его» at the head of the
        call stand for the noun phrase that opens the statement's last clause, when it agrees
        in number and gender; otherwise the call as it is. A ``topic`` («Фотоархивы районных
        газет — их надо забрать …», session 19) is only that noun phrase, no clause after it."""
        at = next((i for i, w in enumerate(call[:3]) if w.norm in self.referents), -1)
        if at < 0 or at + 1 >= len(call):
            return call
        if inflect.part_of_speech(call[at + 1].text) in ("NOUN", "ADJF"):
            return call  # «их работу»: a possessive
        ends = [i for i, w in enumerate(statement) if w.text in (",", ";", "—", "–", ":")]
        last = statement[ends[-1] + 1 :] if ends else statement
        last = last[starts(last, self.lists["coordinators"]) :]
        size = 0  # the subject: adjectives, its noun, nouns in the genitive after it
        while size < len(last) and inflect.part_of_speech(last[size].text) in ("ADJF", "PRTF"):
            size += 1  # «заброшенная кирха»: a participle agrees as an adjective does
        if size >= len(last) or inflect.part_of_speech(last[size].text) != "NOUN":
            return call
        size += 1
        while size < len(last) and inflect.parses(last[size].text)[0].tag.case == "gent":
            size += 1
        phrase, quoted = last[:size], []
        closing = next((i for i, w in enumerate(last) if w.text == "»"), -1)
        if size < len(last) and last[size].text == "«" and closing > size:
            quoted = last[size : closing + 1]  # «программа «Мастер и ученик»»: the name goes too
        missing = [w.norm for w in last[size + len(quoted) :]] == ["нет"]  # «Площадки нет —»
        case = "gent" if missing else "nomn"
        head = inflect.head_noun(self.texts(phrase), case)
        bare = size + len(quoted) == len(last) and not topic
        if head is None or bare or case not in head.tag:
            return call  # «…, вышивки, и их надо собирать»: a list, no clause of its own
        number, gender = self.referents[call[at].norm]
        if head.tag.number != number or (gender and head.tag.gender not in gender):
            return call
        forms, count = self.change_case(self.texts(phrase), case, "accs")
        if not count:
            return call  # the head noun and its adjectives change, a genitive after them stays
        forms = [*forms[:count], *self.texts(phrase[count:])]
        named = [replace(w, text=f, space=" ") for w, f in zip(phrase, forms, strict=False)]
        named = [*self.lower(named), *quoted]
        named[-1] = replace(named[-1], space=call[at].space)
        return [*call[:at], *named, *call[at + 1 :]]

    @property
    def referents(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """«их» → plural, «её» → feminine, «его» → masculine or neuter singular."""
        return {
            "их": ("plur", ()),
            "ее": ("sing", ("femn",)),
            "её": ("sing", ("femn",)),
            "его": ("sing", ("masc", "neut")),
        }

    def cut_justification(self, words: list[Word]) -> list[Word]:
        words = self.drop_remark(self.drop_evaluation(super().cut_justification(words)))
        return self.without_reason_after(self.without_commitment(words))

    def remark_after_aside(self, after: list[Word]) -> bool:
        """«Нужно отсканировать их в 3D — все, пока они ещё стоят, — это недорого»: a
        remark («, это …») or a statement after the aside's closing dash goes with it
        (session 18)."""
        after = [w for w in after if w.text not in (".", "!")]
        remark = starts([Word(","), *after], self.lists["remarks"])
        return bool(after) and bool(remark or self.is_statement(after)) and not self.is_call(after)

    def without_reason_after(self, words: list[Word]) -> list[Word]:
        """A reason joined with no conjunction after the call (session 18): «Оплачивать дорогу
        мастерам из сёл, автобус дороже, чем вся выручка за день», «…, одна республика не
        потянет»: a clause of its own after the last commas, opened by a noun phrase and
        stating (a finite verb or a comparative), no call, no clause word; it goes."""
        links = ("subordinators", "coordinators", "call_links", "conditions", "relatives")
        for at in range(3, len(words) - 2):
            tail = [w for w in words[at + 1 :] if w.text not in (".", "!")]
            if words[at].text != "," or any(starts(tail, self.lists[name]) for name in links):
                continue
            named = tail[0].text[:1].islower() and tail[0].lemma not in self.relative_words
            kind = inflect.part_of_speech(tail[0].text)  # not «насколько …», «сколько …»
            named = (
                named
                and kind in ("NOUN", "ADJF")
                and not starts(tail, self.lists["question_words"])
            )
            head = inflect.head_noun(self.texts(tail[:3]), "nomn") if named else None
            marks = [i for i, w in enumerate(tail) if w.is_punct]  # only «, чем …» after it
            compared = (
                [w.norm for w in tail[marks[0] : marks[0] + 2]] == [",", "чем"] if marks else False
            )
            if head is None or head.tag.POS != "NOUN" or (marks and not compared):
                continue  # not «…, они проработают …»: a pronoun names who was asked
            if find(tail, self.lists["relatives"])[1]:
                continue
            stated = compared or any(  # not «…, каждый мастер получит номер»: what the
                inflect.is_finite_verb(w.text)  # measure will do spells it out
                and ("futr" not in inflect.parses(w.text)[0].tag or self.is_negated(tail, i))
                for i, w in enumerate(tail)
            )
            if stated and not self.is_call(tail) and self.own_verb_before(words[:at]):
                return [*words[:at], *words[len(words) - (len(words[at + 1 :]) - len(tail)) :]]
        return words

    @property
    def relative_words(self) -> frozenset[str]:
        return self.rules.lemmas["relative_lemmas"]

    def own_verb_before(self, words: list[Word]) -> bool:
        """Whether the words hold the call and the clause a reason would follow has its verb
        (not «чтобы потом, после выявления заболеваний, | реакция была», not «чтобы Коми, |
        Архангельская область … сделали»)."""
        opened = max(
            (i for i, w in enumerate(words) if starts(words, self.lists["subordinators"], i)),
            default=-1,
        )
        if opened == 0:
            return False  # «Если есть возможность …, | мы бы довели …»: the main clause follows
        clause = words[opened + 1 :] if opened >= 0 else words
        verb = any(self.is_verb(w) or inflect.is_infinitive(w.text) for w in clause)
        return verb and self.holds_call(words)

    def without_commitment(self, words: list[Word]) -> list[Word]:
        """«Давайте сделаем этот календарь сами, — я готова вести таблицу», «Сделайте карту
        края, мы будем по ней водить туристов»: what the speaker takes on, after a comma or a
        dash that closes the call, is no part of the item (``speaker_commitments``)."""
        for at in range(3, len(words) - 3):
            if words[at].text not in (",", "—", "–") or words[at + 1].text in ("—", "–"):
                continue
            speaker = at + 1 + (words[at + 1].text in ("—", "–"))
            speaker += words[speaker].norm in ("а", "и")  # «Пусть область купит, а мы будем …»
            if speaker >= len(words) - 1 or words[speaker].norm not in ("я", "мы"):
                continue
            promised = starts(words[speaker + 1 : speaker + 2], self.lists["speaker_commitments"])
            if not promised and not self.own_next_step(words[speaker + 1 : speaker + 4]):
                continue
            before = words[: at - (words[at - 1].text == ",")]
            commanded = any(inflect.is_imperative(w.text) for w in before[:3])  # «Сделайте …»
            called = self.holds_call(before) or commanded
            if called and not starts(before, self.lists["conditions"]):
                return before
        return words

    def own_next_step(self, words: list[Word]) -> bool:
        """«я это понесу в департамент», «я создам сегодня»: a verb in the first person, not
        in the past, within the words after «я» / «мы» (what the speaker will do next); not
        a verb of saying, thinking or wishing («мы считаем, их возможно тиражировать»)."""
        said = self.rules.lemmas["conditional_stops"] | self.rules.lemmas["report_verbs"]
        for word in words:
            if word.is_punct:
                return False
            found = inflect.parses(word.text)[:1]
            if word.norm == "не":
                return False  # «я не знаю»: no step taken
            if found and found[0].tag.POS == "VERB":
                own = found[0].tag.person == "1per" and "past" not in found[0].tag
                asked = word.lemma in self.rules.lemmas["appeal_verbs"] and "futr" in found[0].tag
                return own and (word.lemma not in said or asked)  # «и я попрошу об этом …»
        return False

    def keeps_remark(self, before: list[Word], remark: list[Word]) -> bool:
        """A remark that judges the call (:meth:`rejects`) or an apposition to the word before
        the dash («включить в список ребят – детей, которые достигли 18 лет»)."""
        if self.rejects(remark):
            return True
        dash = len(before) > 1 and before[-1].text in ("—", "–")  # not after a colon
        if not dash or not remark or before[-2].is_punct:
            return False
        first = [p for p in inflect.parses(remark[0].text) if p.tag.POS in ("NOUN", "ADJF")]
        last = {p.tag.case for p in inflect.parses(before[-2].text) if p.tag.POS == "NOUN"}
        return any(p.tag.case in last for p in first)

    def rejects(self, remark: list[Word]) -> bool:
        """«– это будет не очень хорошо»: a remark on the call («это») with a negation
        judges it; not «— сейчас эти расходы часто не принимают» (a fact, an aside)."""
        opened = starts(remark, self.lists["remark_subjects"])
        return bool(opened and find(remark, self.lists["negations"])[1])

    def drop_remark(self, words: list[Word]) -> list[Word]:
        """«Объединяться – это очень важно», «… прав потребителей – это две стороны одной
        медали»: a remark opened by «это» after a dash closing the call goes; not one that
        judges it against («– это будет не очень хорошо») nor one that holds a call."""
        dashes = [i for i, w in enumerate(words) if w.text in ("—", "–") and i > 1]
        if not dashes:
            return words
        at = dashes[-1]
        tail = [w for w in words[at + 1 :] if w.text not in ".!…"]
        opened = starts(tail, self.lists["remark_subjects"])
        called = any(inflect.is_infinitive(w.text) for w in tail)  # «– это важно» is no call
        if not opened or len(tail) > 10 or self.rejects(tail) or called:
            return words
        before = words[:at]
        comma = max((i for i, w in enumerate(before) if w.text == ","), default=-1)
        if starts(before, self.lists["subordinators"], comma + 1):
            return words  # «…, что диспансеризация – это удобно»: the clause says it
        if len(before) > 2 and before[-1].text == "," and self.judges_call(tail[opened:]):
            before = before[:-1]  # «…, — это вопрос к федеральному законодательству»
        return before if self.has_modal(before) and not before[-1].is_punct else words

    def judges_call(self, rest: list[Word]) -> bool:
        """Whether what follows «, — это» speaks about the call (a verb: «решается одним
        постановлением»; a noun with a preposition: «вопрос к законодательству», «работа для
        университета»), not names the measure itself («укомплектованность ФАПов», «в
        программу аттестации»)."""
        if any(inflect.is_finite_verb(w.text) for w in rest):
            return True
        noun = bool(rest) and any(
            p.tag.POS == "NOUN" and p.tag.case == "nomn" for p in inflect.parses(rest[0].text)
        )
        return noun and any(inflect.part_of_speech(w.text) == "PREP" for w in rest[1:3])

    def drop_lead_in(self, words: list[Word]) -> list[Word]:
        """As in both languages; and a long lead-in of the speaker's own speech before a colon
        («Если вы обратили внимание, я же всё время говорю на всех коллегиях (…): необходимо
        …»): what follows the colon is the call."""
        words = super().drop_lead_in(words)
        named = next(  # «…, они просили передать просьбу – рассмотреть возможность …»
            (
                i
                for i, w in enumerate(words[:40])
                if w.text in ("—", "–")
                and i > 1
                and starts(words, self.lists["lead_nouns"], i - 1)
                and self.is_verb(words[i - 2])  # «передать просьбу –», not «а главное –»
            ),
            -1,
        )
        if named > 0 and self.is_call(words[named + 1 :]):
            return words[named + 1 :]
        asked = self.asked_before_dash(words)
        if asked:
            return words[asked:]
        colon = next(  # «):» is one token
            (i for i, w in enumerate(words[:40]) if w.is_punct and w.text.endswith(":")), -1
        )
        if colon < 0:
            return words
        lead, rest = words[:colon], words[colon + 1 :]
        verbs = self.rules.lemmas["report_verbs"] | self.rules.lemmas["appeal_verbs"]
        speaking = any(  # «Я прошу: пусть край заложит …» too
            w.lemma in verbs
            and inflect.is_finite_verb(w.text)
            and inflect.parses(w.text)[0].tag.person == "1per"
            for w in lead
        )
        said = [  # «Ну и надо честно сказать: архиву нужны …» (session 18): to be said is no call
            w for w in lead if w.lemma in verbs and inflect.is_infinitive(w.text)
        ]
        said = said if said and said[-1] is lead[-1] else []  # not «Надо думать о мастерах:»
        speaking = speaking or (bool(said) and len(lead) <= 6 and self.has_modal(lead))
        called = self.is_call(rest) or bool(starts(rest, self.lists["let_words"]))
        return rest if speaking and called else words

    def questions_after(self, rest: list[Word]) -> bool:
        return bool(starts(rest, self.lists["question_words"]))

    def spells_out(self, tail: list[Word]) -> bool:
        """As in both languages, up to a clause «, кто …» too («…: с интернетом, с кофе, с
        работой для тех, кто работает удалённо» spells the measure out)."""
        relatives = self.rules.lemmas["relative_lemmas"]
        stop = next(
            (
                i
                for i in range(1, len(tail))
                if tail[i - 1].text == "," and tail[i].lemma in relatives
            ),
            len(tail),
        )
        return super().spells_out(tail[:stop])

    def announced(self, lead: list[Word]) -> bool:
        """As in both languages, but a lead word that is no noun («одно», «главное») names
        what follows only at the end of the lead-in («Я прошу одного:»), not when it agrees
        with a noun after it («открыла хотя бы одно место для молодёжи:»)."""
        return any(
            starts([w], self.lists["lead_nouns"])
            and (
                i == len(lead) - 1
                or inflect.part_of_speech(w.text) == "NOUN"
                or lead[i + 1].is_punct
            )
            for i, w in enumerate(lead)
        )

    def asked_before_dash(self, words: list[Word]) -> int:
        """Where the call starts after «(Третье,) о чём Зырянова попросила, — не забыть …»:
        a relative lead-in that names the request, then a dash; 0 when there is none."""
        if not starts(words, self.lists["request_relatives"]):
            return 0
        verbs = self.rules.lemmas["appeal_verbs"] | self.rules.lemmas["directive_verbs"]
        for at in range(2, min(len(words) - 2, 10)):
            if words[at].text in ("—", "–") and words[at - 1].text == ",":
                asking = any(w.lemma in verbs for w in words[: at - 1]) or bool(
                    find(words[: at - 1], self.lists["conditional_leads"])[1]
                )  # «(Первое,) что я бы сделал, — договорился бы …»
                return at + 1 if asking and self.is_call(words[at + 1 :]) else 0
        return 0

    def drop_evaluation(self, words: list[Word]) -> list[Word]:
        """An evaluation after a dash closes an item that names the measure: «Подготовить
        такие кадры – одна из важнейших задач …» → «Подготовить такие кадры», «Развитие
        молодёжных движений – стратегическая задача» → «Обеспечить развитие …»."""
        dashes = [i for i, w in enumerate(words) if w.text in ("—", "–")]
        if not dashes or dashes[-1] < 2:
            return words
        at = dashes[-1]
        tail = [w for w in words[at + 1 :] if w.text != "."]
        evaluated = any(w.lemma in self.rules.lemmas["evaluation_nouns"] for w in tail)
        infinitive = any(inflect.is_infinitive(w.text) for w in tail)  # «– задача: сделать …»
        if not evaluated or len(tail) > 8 or self.is_statement(tail) or infinitive:
            return words
        before = self.drop_leading(words[:at])
        if before and (inflect.is_infinitive(before[0].text) or self.has_modal(before)):
            return before  # «При этом важно избежать … – важнейшая задача»: the call before
        plain = not any(w.is_punct for w in before) and not self.is_statement(before)
        plain = plain and not find(before, self.lists["first_person"])[1]  # «Я согласен с …»
        if not plain or self.has_modal(before) or self.is_adverbial(before):
            return words
        measure = self.named_measure(before) if before else None
        return words if measure is None else [*measure[0], *self.lower(measure[1])]

    def call_clause(self, before: list[Word], after: list[Word]) -> list[Word] | None:
        """«Мы мало делаем, | должны делать больше» → «Мы должны делать больше»: the
        speaker's statement, then a personal modal with the same subject left out; not
        «Центр, | должен …» (a subject of its own) nor «Мы, я думаю, можем …» (an aside)."""
        before = self.drop_leading(before)
        speaker = starts(before, self.lists["first_person"])
        if not speaker or any(w.is_punct for w in before) or self.has_modal(before):
            return None
        if not self.is_statement(before):
            return None
        return [*before[:speaker], *after] if starts(after, self.lists["personal_modals"]) else None

    def possessive_goes(self, before: list[Word], after: list[Word]) -> bool:
        """Before a word, unless a one-letter preposition would then need its «о»: «с
        нашими способностями» stays (not «с способностями»), «в нашей стране» → «в стране»."""
        if after[0].is_punct or any(
            w.lemma in self.rules.lemmas["possessed_kept"] for w in after[:3]
        ):
            return False  # «с нашей помощью»: who helps is the point
        if inflect.part_of_speech(after[0].text) not in ("NOUN", "ADJF", "PRTF", "NUMR", ""):
            return False  # «и в нашем тоже», «на наши вот эти»: the possessive is the noun
        sounds = self.rules.euphony.get(before[-1].norm, "") if before else ""
        vowels = norm(self.rules.words["vowels"])
        first = after[0].norm
        vowel = first[:1] in vowels
        return not (first[:1] in sounds and (vowel or first[1:2] not in vowels))

    def is_subordinate(self, words: list[Word], at: int) -> bool:
        return bool(starts(words, self.lists["subordinators"], at))

    def clause_at(self, words: list[Word], at: int) -> bool:
        """A clause of its own opens here; «как» and «чем» open one only with a verb before
        the next mark or «и» («заказать курс как дополнительный и заплатить за него»)."""
        if not self.is_subordinate(words, at):
            return False
        if words[at].norm not in ("как", "чем"):
            return True
        for word in words[at + 1 :]:
            if word.is_punct or word.norm in ("и", "или", "а", "но"):
                return False
            if inflect.is_finite_verb(word.text) or inflect.is_infinitive(word.text):
                return True
        return False

    def let(self, words: list[Word]) -> Hit:
        """«Пусть кластер станет …» → «Обеспечить, чтобы кластер стал …»; an object before
        «пусть» goes after the verb («Волонтёрские часы пусть вуз засчитывает как практику» →
        «Рекомендовать вузу засчитывать волонтёрские часы как практику»)."""
        size = starts(words, self.lists["let_words"])
        if size:
            return 0, self.clause(words[size:], present=True)
        at = next(
            (i for i in range(1, min(16, len(words))) if starts(words, self.lists["let_words"], i)),
            -1,
        )
        if at > 0 and self.let_subject(words[:at]):  # «Крупные компании пусть софинансируют …»
            return 0, self.clause([*words[:at], *words[at + 1 :]], present=True)
        if at < 0 or at >= 7 or any(w.is_punct or self.is_verb(w) for w in words[:at]):
            return None
        if not inflect.has_case(words[0].text, "accs"):
            return None
        head = inflect.head_noun(self.texts(words[:at]), "accs")
        rest = words[at + 1 :]
        verb = next((i for i, w in enumerate(rest[:5]) if inflect.is_finite_verb(w.text)), -1)
        if head is None or self.is_addressee(head) or verb < 0:
            return None  # «Регионы пусть …»: who acts, not what is done
        if any(w.is_punct for w in rest[:verb]):
            return None
        obj = self.lower(words[:at])
        if verb == 0 and self.done_by_anyone(rest):  # «Дорогу пусть оплачивают»: no one named
            form = replace(rest[0], text=inflect.infinitive(rest[0].text), space=" ")
            return 0, [form, *obj[:-1], replace(obj[-1], space=rest[0].space), *rest[1:]]
        if verb == 0:  # «Эту работу пусть ведёт областной центр»: who acts after the verb
            end = next((i for i, w in enumerate(rest) if w.is_punct), len(rest))
            actor = inflect.head_noun(self.texts(rest[1:end]))
            transitive = any("tran" in p.tag for p in inflect.parses(rest[0].text))
            if end < 2 or not transitive or not self.is_addressee(actor):
                return None
            closing = rest[end - 1].space
            actor_words = [*rest[1 : end - 1], replace(rest[end - 1], space=" ")]
            rest = [*actor_words, replace(rest[0], space=closing), *rest[end:]]
            verb = end - 1
        space = rest[verb].space
        moved = [*rest[:verb], replace(rest[verb], space=" "), *obj[:-1]]
        moved = [*moved, replace(obj[-1], space=space), *rest[verb + 1 :]]
        return 0, self.clause(moved, present=True)

    def done_by_anyone(self, rest: list[Word]) -> bool:
        """Whether the verb after «пусть» is a third person plural with no one named after it
        up to the next mark («пусть оплачивают,»): an impersonal call, the item its infinitive."""
        tag = inflect.parses(rest[0].text)[0].tag
        plural = {"VERB", "3per", "plur"} <= set(tag.grammemes)
        return plural and (len(rest) == 1 or rest[1].is_punct)

    def let_subject(self, subject: list[Word]) -> bool:
        """Whether the words before «пусть» name who acts: a nominative phrase headed by
        someone to recommend to, alone or with a relative clause between commas («Крупные
        компании, которые работают на территориях, пусть …»); not an object («Эту работу
        пусть …») nor a lead-in."""
        first = next((i for i, w in enumerate(subject) if w.is_punct), len(subject))
        if not first or first > 4 or any(self.is_verb(w) for w in subject[:first]):
            return False
        head = inflect.head_noun(self.texts(subject[:first]), "nomn")
        if head is None or not self.is_addressee(head) or "accs" in head.tag:
            return False
        if first == len(subject):
            return True
        aside = subject[first + 1 : -1]  # a dashed apposition may follow: «— горнорудные, —»
        return (
            subject[first].text == ","
            and subject[-1].text in (",", "—", "–")
            and bool(starts(aside, self.lists["relatives"]))
            and all(w.text in (",", "—", "–") for w in aside if w.is_punct)
            and sum(self.is_verb(w) for w in aside) == 1
        )

    def clause(self, words: list[Word], present: bool = False) -> list[Word]:
        """«чтобы фестивали обменивались …» → «Рекомендовать фестивалям обмениваться …»,
        or «Обеспечить, чтобы …» when the subject is not someone to recommend to."""
        words = self.without_reason_aside(words)
        tense = None if present else "past"
        verb = next(
            (
                i
                for i, w in enumerate(words)
                if self.finite_here(w, tense) and self.main_at(words, i)
            ),
            -1,
        )
        found = self.infinitive_at(words, 0, 8)
        if found >= 0 and (verb < 0 or found < verb):
            return self.infinitive_first(words, found)  # «чтобы этот вопрос поставить …»
        person = inflect.parses(words[verb].text)[0].tag.person if verb >= 0 else None
        following = self.infinitive_at(words, verb + 1, 3) if verb >= 0 else -1
        future = following >= 0 and "futr" in inflect.parses(words[verb].text)[0].tag
        if future and words[verb].lemma == "быть":  # «будете анализировать»
            words = [*words[:verb], *words[verb + 1 :]]
            verb = following - 1
        subject = words[:verb] if verb > 0 else []
        bare = starts(subject, self.lists["subject_particles"])  # «пусть хотя бы область …»
        if bare and len(subject) > bare:
            words, verb, subject = words[bare:], verb - bare, subject[bare:]
        head = self.place_head(subject, "nomn") if subject else None  # «Тверская область»
        if present and verb == 0:  # «Пусть будет один общий портал …»: the subject follows
            return self.verb_first(words)
        if subject and is_only(subject, self.lists["first_person"]):
            able = words[verb].lemma in self.rules.lemmas["ability_verbs"] and words[verb + 1 :]
            if able and inflect.is_infinitive(words[verb + 1].text):  # «чтобы мы могли открыть»
                return words[verb + 1 :]
            return self.infinitives(words[verb:])
        listener = starts(subject, self.lists["first_person"])
        if person in ("1per", "2per") and (not subject or self.is_adverbial(subject) or listener):
            kept = self.without(subject, self.lists["first_person"])
            return [*self.lower(kept), *self.lower(self.infinitives(words[verb:]))]
        state = norm(inflect.parses(words[verb].text)[0].normal_form) if verb >= 0 else ""
        passive = self.rules.lemmas["state_verbs"] | self.rules.lemmas["ability_verbs"]
        acts = state not in passive  # «чтобы советники появились», «чтобы мастера могли …»
        content = self.lists["content_links"]  # «…, и чтобы ведомство за этим следило»
        paired = any(  # «чтобы работодатели платили …, а регион доплачивал …»: two doers
            words[i].text == ","
            and words[i + 1].norm in ("а", "и")
            and (
                any(inflect.is_finite_verb(w.text, tense) for w in words[i + 2 : i + 6])
                or bool(starts(words, content, i + 2))
            )
            for i in range(verb + 1, len(words) - 2)
        )
        contrasted = any(  # «Пусть сами мастера и проверяют, а не чиновники»: who acts is
            [w.norm for w in words[i : i + 3]] == [",", "а", "не"]  # set against another
            and inflect.has_case(words[i + 3].text, "nomn")
            and inflect.part_of_speech(words[i + 3].text) == "NOUN"
            for i in range(verb + 1, len(words) - 3)
        )
        if subject and not self.is_adverbial(subject) and self.is_addressee(head) and acts:
            addressee = None if paired or contrasted else self.recase(subject, "nomn", "datv")
            if addressee is not None:
                number = inflect.parses(words[verb].text)[0].tag.number
                return [*self.recommend(addressee), *self.infinitives(words[verb:], number)]
        if head is None and subject:  # «до конца года каждый регион пришлёт» → «прислал»
            last = subject[-1].text
            head = next(
                (p for p in inflect.parses(last) if {"NOUN", "nomn"} <= p.tag.grammemes), None
            )
        if present and verb > 0:
            head = self.subject_after(words[verb + 1 : verb + 6], head)
            form = norm(inflect.infinitive(words[verb].text) or words[verb].text)
            number = inflect.parses(words[verb].text)[0].tag.number
            past = inflect.is_finite_verb(words[verb].text, "past")  # «чтобы на слёт ездили
            changed = (
                words[verb]
                if past
                else replace(  # не директора, а …»: as said
                    words[verb], text=inflect.past(form, head, number)
                )
            )
            words = [
                *words[:verb],
                changed,
                *self.joined_past(self.coordinated_past(words[verb + 1 :], head, number)),
            ]
        return [*self.ensure(), *self.lower(words)]

    def main_at(self, words: list[Word], at: int) -> bool:
        """Whether the word at ``at`` stands outside a relative clause between commas that
        follows the subject («группы, которые снимают в станицах, хотя бы сообщают …»: not
        «снимают»)."""
        opened = max(
            (
                i
                for i, w in enumerate(words[:at])
                if w.text == "," and starts(words, self.lists["relatives"], i + 1)
            ),
            default=-1,
        )
        return opened < 0 or any(w.text == "," for w in words[opened + 1 : at])

    def without_reason_aside(self, words: list[Word]) -> list[Word]:
        """«(пусть) завод, раз уж ушёл, хотя бы отдаст …» → «завод хотя бы отдаст …»: a reason
        between commas after a short subject (``reason_asides``) is no part of the item."""
        comma = next((i for i, w in enumerate(words[:6]) if w.is_punct), -1)
        if (
            comma < 1
            or words[comma].text != ","
            or not starts(words, self.lists["reason_asides"], comma + 1)
        ):
            return words
        if any(self.is_verb(w) for w in words[:comma]):
            return words
        reach = range(comma + 2, min(len(words) - 2, comma + 9))
        close = next((i for i in reach if words[i].text == ","), -1)
        if close < 0:
            return words
        return [*words[: comma - 1], replace(words[comma - 1], space=" "), *words[close + 1 :]]

    def finite_here(self, word: Word, tense: str | None) -> bool:
        """A finite verb, also where pymorphy3's usual reading is a name a word in lower case
        cannot be («чтобы студии сами вели занятия»: «вели» first read as the name «Вели»)."""
        if inflect.is_finite_verb(word.text, tense):
            return True
        found = inflect.parses(word.text)
        named = (
            word.text.islower()
            and bool(found)
            and {"Name", "Surn", "Geox"} & found[0].tag.grammemes
        )
        return bool(named) and any(
            p.tag.POS == "VERB" and (tense is None or tense in p.tag) for p in found
        )

    def subject_after(self, following: list[Word], head: Any | None) -> Any | None:
        """«знак выдаёт ассоциация мастеров»: the noun before the verb may be its object
        (nominative and accusative alike) when the one after it can only be the subject;
        the verb then agrees with that one («чтобы знак выдавала ассоциация …»). Particles
        and agreeing words before that noun are passed over («будет хотя бы одна точка»,
        «выдаёт независимая лаборатория», session 18)."""
        lead = starts(following, self.lists["measure_particles"])
        while lead < min(len(following) - 1, 3) and inflect.part_of_speech(
            following[lead].text
        ) in ("ADJF", "NUMR", "PRTF"):
            lead += 1
        following = following[lead:]
        if head is None and following:  # «Пусть его оплачивает центр …»: «его» is the object
            usual = inflect.parses(following[0].text)[:1]
            if usual and {"NOUN", "nomn"} <= usual[0].tag.grammemes:
                return usual[0]
        if head is None or not following or not inflect.has_case(head.word, "accs"):
            return head
        nouns = [p for p in inflect.parses(following[0].text) if p.tag.POS == "NOUN"]
        subject = bool(nouns) and all("nomn" in p.tag for p in nouns)
        usual = inflect.parses(following[0].text)[0].tag.POS == "NOUN"
        if usual and not subject and nouns and "nomn" in nouns[0].tag:  # «решение принимает
            acting = self.is_addressee(nouns[0]) and not self.is_addressee(head)  # совет»: who
            return nouns[0] if acting else head  # can act is the subject (session 12)
        return nouns[0] if subject and usual else head

    def verb_first(self, words: list[Word]) -> list[Word]:
        """«(Пусть) будет один общий портал …, а регионы подключаются к нему» → «Обеспечить,
        чтобы был один общий портал …, а регионы подключались к нему»: the verb agrees with
        the noun after it; a clause joined by «, а» with its own subject follows."""
        end = next((i for i, w in enumerate(words) if w.is_punct), len(words))
        head = inflect.head_noun(self.texts(words[1:end]))
        if head is None or not inflect.is_finite_verb(words[0].text):
            return [*self.ensure(), *self.lower(words)]
        form = norm(inflect.infinitive(words[0].text) or words[0].text)
        first = replace(words[0], text=inflect.past(form, head, head.tag.number))
        return [*self.ensure(), *self.lower([first, *self.joined_past(words[1:])])]

    def joined_past(self, words: list[Word]) -> list[Word]:
        """Each clause joined by «, а» / «, и» with a subject of its own, its verb in the
        past agreeing with that subject: «, а регионы подключаются» → «…подключались»."""
        out = list(words)
        for at in range(1, len(out) - 2):
            if out[at - 1].text != "," or out[at].norm not in ("а", "и"):
                continue
            verb = next(
                (
                    i
                    for i in range(at + 2, min(len(out), at + 6))
                    if out[i].is_punct or inflect.is_finite_verb(out[i].text)
                ),
                -1,
            )
            if verb < 0 or out[verb].is_punct or "past" in inflect.parses(out[verb].text)[0].tag:
                continue
            head = inflect.head_noun(self.texts(out[at + 1 : verb]))
            form = inflect.infinitive(out[verb].text)
            if head is not None and form:
                out[verb] = replace(out[verb], text=inflect.past(norm(form), head, head.tag.number))
        return out

    def coordinated_past(self, words: list[Word], head: Any, number: str | None) -> list[Word]:
        """Verbs joined by «и» to the clause's verb, in the past like it: «станут … и привлекут»
        → «стали … и привлекли», «будут продолжаться и только расширяться» → «… и расширялись»."""
        out: list[Word] = []
        for index, word in enumerate(words):
            if index and self.is_subordinate(words, index):
                return [*out, *words[index:]]
            back = len(out)
            while back and starts(out[back - 1 : back], self.lists["particles"]):
                back -= 1
            joined = back and out[back - 1].norm == "и"
            finite = (
                inflect.is_finite_verb(word.text) and "past" not in inflect.parses(word.text)[0].tag
            )
            if joined and (finite or inflect.is_infinitive(word.text)):
                form = norm(inflect.infinitive(word.text) or word.text)
                word = replace(word, text=inflect.past(form, head, number))
            out.append(word)
        return out

    def directive(self, words: list[Word]) -> Hit:
        """«Предлагаю …», «Иванов предложил регионам …», «Призываю министерства …»,
        «обратилась к министерству с просьбой включить …»."""
        lemmas = self.rules.lemmas
        verbs = lemmas["directive_verbs"] | lemmas["appeal_verbs"]
        for at, word in enumerate(words[:30]):
            if word.lemma not in verbs:
                continue
            subject = words[:at]
            future = at and inflect.is_infinitive(word.text) and self.future_be(words[at - 1])
            if future and self.infinitive_at(words, at + 1, 8) < 0:
                return None  # «Мы будем предлагать это на Совете»: no measure named
            if future:  # «Я буду предлагать правительству области продлить …»
                subject = words[: at - 1]
            joined = self.speaker_after_statement(subject)
            if joined:  # «У нас один театр на всю область, и я прошу, чтобы …»
                subject = joined
            commas = [i for i, w in enumerate(subject) if w.text == ","]
            if commas and starts(subject, self.lists["purpose_words"]):
                subject = subject[commas[-1] + 1 :]  # «Чтобы снять конфликт, она предложила …»
            opened = self.drop_leading(subject)
            if self.speaker_joined(opened):  # «Обращаю на это внимание и прошу позаниматься …»
                subject = opened = []
            spoken = (
                None
                if self.subject_like(subject)
                else self.spoken_after_adverbial(opened, word, words[at + 1 :])
            )
            if spoken is not None:  # a long adverbial: «С учётом … бюджета мы предлагаем …»
                return at, spoken
            placed = self.reported_after_adverbial(subject, word, words[at + 1 :])
            if placed is not None:  # «Для малых музеев, где …, Лукин предложил видеосвязь …»
                return at, placed
            if at >= 14 and not joined:
                continue  # far in the sentence: only after a long adverbial
            if not self.subject_like(subject) or starts(opened, self.lists["conditions"]):
                continue  # «если мы хотим быть успешными, …»: a condition
            if inflect.is_infinitive(word.text) and not future:
                return None  # «Рекомендовать органам …»: already the resolution's form
            rest = words[self.after_skips(words, at + 1) :]
            rest = rest[starts(rest, self.lists["speech_circumstances"]) :]  # «из зала»
            rest = rest[1:] if rest[:1] and rest[0].text == "," else rest
            if (
                len(rest) > 1
                and starts(rest, self.lists["coordinators"])
                and rest[1].lemma in verbs
            ):
                rest = rest[1:]  # «Я предложил бы и просил бы рассмотреть …»
            if rest and rest[0].lemma in self.rules.lemmas["appeal_verbs"]:
                word = rest[0]  # «Я хотел Вас попросить: подумать о …»: the request is the verb
                rest = self.drop_leading(rest[self.after_skips(rest, 1) :])
            found = self.directed(word, rest) if rest else None
            fronted = self.fronted_addressee(subject) if found else None
            if fronted is not None and found and inflect.is_infinitive(found[0].text):
                return at, [*self.recommend(fronted), *found]  # «А самим комбинатам я бы
            if found and subject and inflect.is_infinitive(found[0].text):  # посоветовала …»
                subject = [w for w in subject if not starts([w], self.lists["additive_adverbs"])]
                head = inflect.head_noun(self.texts(subject), "accs")
                thing = head is not None and "inan" in head.tag and not self.is_addressee(head)
                named = any(self.named_inside(w) for w in subject[1:]) or starts(
                    subject, self.lists["person_words"]
                )  # «Модератор Василий Пономарёв предложил …»: a person, whatever pymorphy3 says
                thing = (
                    thing and len(subject) > 1 and not named
                )  # «Особое внимание прошу …», not «Кох предложила»
                if thing and not starts(subject, self.lists["first_person"]):
                    moved = [replace(w, space=" ") for w in self.lower(subject)]
                    return at, [found[0], *moved, *found[1:]]  # «Особое внимание прошу уделить …»
            moved = self.object_before_speaker(subject, found) if found and subject else None
            if moved is not None:  # «Дайверов-любителей лектор призвал не запрещать …»
                return at, moved
            return (at, found) if found else None
        return None

    def object_before_speaker(self, subject: list[Word], found: list[Word]) -> list[Word] | None:
        """«Дайверов-любителей лектор призвал не запрещать, а привлечь …» → «Не запрещать
        дайверов-любителей, а привлечь …» (session 18): an object in the accusative fronted
        before a speaker word (a pronoun, a role, a name) goes after the first infinitive."""
        if len(subject) < 2 or any(w.is_punct for w in subject) or not self.is_person(subject[-1]):
            return None
        thing = subject[:-1]
        named = self.is_name(thing[-1]) or starts(thing[-1:], self.lists["person_words"])
        if named or starts(thing, self.lists["first_person"]):
            return None
        head = inflect.head_noun(self.texts(thing), "accs")
        verb = next((i for i, w in enumerate(found[:3]) if inflect.is_infinitive(w.text)), -1)
        if head is None or verb < 0 or inflect.has_case(thing[0].text, "nomn"):
            return None
        moved = [replace(w, space=" ") for w in self.lower(thing)]
        moved[-1] = replace(moved[-1], space=found[verb].space)
        return [*found[:verb], replace(found[verb], space=" "), *moved, *found[verb + 1 :]]

    def fronted_addressee(self, subject: list[Word]) -> list[Word] | None:
        """The addressee in the dative put before the speaker and the proposing verb («А
        самим комбинатам я бы посоветовала открыть данные»), in the dative; None when none."""
        speaker = next(
            (i for i, w in enumerate(subject) if starts([w], self.lists["first_person"])), -1
        )
        fronted = self.drop_leading(subject[:speaker]) if speaker > 0 else []
        if not fronted or any(w.is_punct for w in fronted):
            return None
        if not inflect.has_case(fronted[0].text, "datv"):
            return None
        _, count = self.change_case(self.texts(fronted), "datv", "datv")
        head = self.place_head(fronted, "datv")
        if count != len(fronted) or not self.is_addressee(head):
            return None
        return self.recase(fronted, "datv", "datv")

    def is_verb(self, word: Word) -> bool:
        return inflect.is_finite_verb(word.text) or inflect.is_infinitive(word.text)

    def future_be(self, word: Word) -> bool:
        """«буду», «будем»: the future of «быть» before an infinitive."""
        return any(
            p.tag.POS == "VERB" and p.normal_form == "быть" and "futr" in p.tag
            for p in inflect.parses(word.text)
        )

    def speaker_after_statement(self, words: list[Word]) -> list[Word]:
        """The speaker alone when a statement with no call of its own comes before «, и я»
        («У нас один театр на всю область, и я | прошу, чтобы …»): the request is the item;
        otherwise nothing."""
        if len(words) < 5 or words[-3].text != "," or words[-2].norm not in ("и", "а"):
            return []
        if not is_only(words[-1:], self.lists["first_person"]):
            return []
        before = words[:-3]
        if self.holds_call(before) or starts(self.drop_leading(before), self.lists["conditions"]):
            return []
        return words[-1:]

    def speaker_joined(self, words: list[Word]) -> bool:
        """Whether the words are a clause of the speaker's own joined by «и» to the proposing
        verb after it («Я помню все предложения и | прошу …», «обращаю на это внимание и |
        прошу …»): the request is the item."""
        if len(words) < 2 or not starts(words[-1:], self.lists["coordinators"]):
            return False
        if any(w.is_punct for w in words) or self.has_modal(words):
            return False
        return any(
            inflect.is_finite_verb(w.text) and inflect.parses(w.text)[0].tag.person == "1per"
            for w in words
        )

    def spoken_after_adverbial(
        self, before: list[Word], verb: Word, rest: list[Word]
    ) -> list[Word] | None:
        """«С учётом возможностей бюджета мы предлагаем субсидировать …» → «С учётом
        возможностей бюджета субсидировать …»: the speaker's own «предлагаем» after an
        adverbial phrase goes, the adverbial stays in front of the infinitive. Not a reported
        «В докладе Иванов предложил …» (third person) nor a clause with a verb of its own."""
        parse = inflect.parses(verb.text)[0].tag
        if parse.person != "1per" or not before or inflect.part_of_speech(before[0].text) != "PREP":
            return None
        kept = self.without(before, self.lists["first_person"])
        if not kept or self.is_statement(kept) or any(w.text in (":", ";", "—", "–") for w in kept):
            return None
        if inflect.part_of_speech(kept[-1].text) == "ADVB":
            return None  # «В целом очень просим …»: no noun phrase, an intensifier
        rest = rest[self.after_skips(rest, 0) :]
        if not rest or not inflect.is_infinitive(rest[0].text):
            return None
        return [*kept[:-1], replace(kept[-1], space=" "), *rest]

    def reported_after_adverbial(
        self, before: list[Word], verb: Word, rest: list[Word]
    ) -> list[Word] | None:
        """«Для малых музеев, где своего переводчика не будет никогда, Лукин предложил
        видеосвязь …» → «Для малых музеев, где …, предусмотреть видеосвязь …» (session 18):
        a phrase of three words or more naming whom the measure is for, a comma, then the
        speaker; the phrase stays in front of the item."""
        comma = max((i for i, w in enumerate(before) if w.text == ","), default=-1)
        if comma < 3 or not self.subject_like(before[comma + 1 :]):
            return None
        phrase = [w for w in before[:comma] if not w.is_punct]
        if len(phrase) < 3 or not starts(before, self.lists["beneficiary_prepositions"]):
            return None  # not «В конце своего выступления, Петров предложил …»
        rest = rest[self.after_skips(rest, 0) :]
        found = self.directed(verb, rest) if rest else None
        return [*before[: comma + 1], *self.lower(found)] if found else None

    def directed(self, verb: Word, rest: list[Word]) -> list[Word] | None:
        """What follows a proposing or appealing verb, as the resolution item."""
        appeal = verb.lemma in self.rules.lemmas["appeal_verbs"]
        if rest[0].norm == "чтобы":
            return self.clause(rest[1:])
        aside = self.past_dash_aside(rest)
        if aside is not None:
            return aside
        link, size = find(rest[:10], self.lists["request_links"])
        if appeal and rest[0].norm in ("к", "в") and link > 1:  # «к министерству с просьбой
            case = "datv" if rest[0].norm == "к" else "accs"  # включить», «в Минобрнауки с …»
            addressee = self.recase_inside(rest[1:link], case)
            after = rest[link + size :]
            if addressee is not None and after and inflect.is_infinitive(after[0].text):
                return [*self.recommend(addressee), *after]
        named = self.named_between_commas(rest)
        if named is not None:  # «предлагаю вместе, Приморье и Сахалин, подготовить …»
            return named
        found = self.infinitive_at(rest, 0, 8)
        if found < 0:  # «призвал региональные центры «Мой бизнес» открыть …»
            found = self.infinitive_past_name(rest)
        if found < 0 and not appeal:  # «предлагаю при разработке нормативной базы … предусмотреть»
            found = self.infinitive_past_commas(rest, 0)
        if verb.lemma in self.rules.lemmas["demand_verbs"]:  # «Требую от прокуроров действовать»
            if rest[0].norm != "от" or found < 2:
                return None
            addressee = self.recase(rest[1:found], "gent", "datv")
            return None if addressee is None else [*self.recommend(addressee), *rest[found:]]
        if found < 0 and appeal:  # «прошу … эту программу восстановления приграничья проработать»
            far = self.last_infinitive(rest)
            if far > 0:
                return self.infinitive_first(rest, far)
            addressed = self.addressed_far(rest)
            if addressed is not None:
                return addressed
        if found == 0:
            return rest
        lists = (self.lists["hedges"], self.lists["particles"])
        if found > 0 and not self.without(rest[:found], *lists):  # «Прошу ещё раз поддержать»
            return self.infinitive_first(rest, found)
        if found > 0 and self.is_adverbial(rest[:found]):  # «Прошу на это обратить внимание»
            return self.infinitive_first(rest, found)
        if found == 1 and starts(rest, self.lists["negations"]):
            return rest  # «предложила не повторять …»
        case = "accs" if appeal else "datv"
        head = inflect.head_noun(self.texts(rest[:found]), case) if found > 0 else None
        dative = found > 0 and inflect.has_case(rest[0].text, "datv")
        if head is None and appeal and dative and inflect.part_of_speech(rest[0].text) != "NPRO":
            # «Поручаю военным прокурорам усилить …»
            head, case = inflect.head_noun(self.texts(rest[:found]), "datv"), "datv"
        if found > 0 and is_only(rest[:found], self.lists["request_objects"]):
            return rest[found:]  # «просил бы возможности посмотреть …» → «Посмотреть …»
        closes = found + 1 == len(rest) or (found > 0 and rest[found + 1].is_punct)
        pronoun = found > 0 and starts(rest, self.lists["object_pronouns"])  # «это делать»
        if found > 0 and (head is None or closes or pronoun) and not self.is_addressee(head):
            return self.infinitive_first(rest, found)  # «просил этот вопрос рассмотреть»
        if found > 0:
            addressee = self.recase_inside(rest[:found], case)
            return None if addressee is None else [*self.recommend(addressee), *rest[found:]]
        comma = next((i for i, w in enumerate(rest[:8]) if w.text == ","), -1)
        if appeal and comma > 0 and rest[comma + 1 : comma + 2] and rest[comma + 1].norm == "чтобы":
            return self.clause(rest[comma + 2 :])  # «попрошу Правительство, чтобы …»
        if appeal and comma > 0:  # «попрошу Министерство внутренних дел, они проработают …»
            promised = self.promised_by(rest[:comma], rest[comma + 1 :])
            if promised is not None:
                return promised
        rest = rest[self.after_skips(rest, 0) :]  # «предложил тогда …»
        offered = self.offered_to(rest) if not appeal else None
        if offered is not None:  # «предложил частным музеям схему софинансирования»
            return offered
        lead = starts(rest, self.lists["measure_particles"])  # «хотя бы общий фонд»
        head = inflect.head_noun(self.texts(rest[lead:]), "accs")
        if head is not None and not self.is_adverbial(rest[lead:]):
            return [*added(self.rules.verb_for(norm(head.normal_form))), *self.lower(rest)]
        return self.object_after_place(rest)

    def offered_to(self, rest: list[Word]) -> list[Word] | None:
        """«(Хасанов предложил) частным музеям схему софинансирования» → «Разработать для
        частных музеев схему софинансирования» (session 18): a dative of whom the measure is
        for, then the measure in the accusative; None unless both are there."""
        size = 0
        while size < min(len(rest), 4) and not rest[size].is_punct:
            kinds = {p.tag.POS for p in inflect.parses(rest[size].text) if p.tag.case == "datv"}
            if not kinds & {"NOUN", "ADJF", "NPRO"}:
                break
            size += 1
        head = inflect.head_noun(self.texts(rest[size:]), "accs") if size else None
        if head is None or "datv" in head.tag or not self.is_noun(rest[size - 1]):
            return None
        measure = self.named_measure(rest[size:], case="accs")
        if measure is None:
            return None
        return [*measure[0], *self.for_whom(rest[:size]), *self.lower(measure[1])]

    def object_after_place(self, rest: list[Word]) -> list[Word] | None:
        """«(предложил) для северных городов отдельный генеральный план» → «Разработать для
        северных городов отдельный генеральный план»: a phrase with a preposition before the
        object proposed stays between the verb and the object; None when no object follows."""
        if not rest or inflect.part_of_speech(rest[0].text) != "PREP":
            return None
        for at in range(2, min(len(rest), 7)):
            if rest[at].is_punct or self.is_verb(rest[at]):
                return None
            if inflect.has_case(rest[at].text, "gent"):
                continue  # «к созданию единого реестра ремесленников»: still the place's phrase
            head = inflect.head_noun(self.texts(rest[at:]), "accs")
            if (
                head is not None
                and inflect.head_noun(self.texts(rest[at - 1 : at]), "accs") is None
            ):
                verb = self.rules.verb_for(norm(head.normal_form))
                return [*added(verb), *self.lower(rest)]
        return None

    def named_between_commas(self, rest: list[Word]) -> list[Word] | None:
        """«(предлагаю) вместе, Приморье и Сахалин, подготовить …» → «Рекомендовать Приморью и
        Сахалину вместе подготовить …»: who is to act, named between commas in the nominative
        just before the infinitive, is the addressee; an adverb before it stays."""
        commas = [i for i, w in enumerate(rest[:10]) if w.text == ","]
        found = commas[1] + 1 if len(commas) > 1 else 0
        if not found or found >= len(rest) or not inflect.is_infinitive(rest[found].text):
            return None
        adverbial, inner = rest[: commas[0]], rest[commas[0] + 1 : commas[1]]
        if any(inflect.part_of_speech(w.text) != "ADVB" for w in adverbial):
            return None
        head = inflect.head_noun(self.texts(inner))
        if head is None or (not inner[0].text[:1].isupper() and not self.is_addressee(head)):
            return None
        if any(w.is_punct or self.is_verb(w) for w in inner):
            return None
        addressee = self.recase_inside(inner, "nomn")
        if addressee is None or len(addressee) != len(inner):
            return None
        addressee[-1] = replace(addressee[-1], space=" ")
        adverbial = [replace(w, space=" ") for w in self.lower(adverbial)]
        return [*self.recommend(addressee), *adverbial, *rest[found:]]

    def past_dash_aside(self, rest: list[Word]) -> list[Word] | None:
        """«Поручаю Правительству – с участием «Росатома», … – до 1 августа утвердить …» →
        «Рекомендовать Правительству с участием «Росатома», … до 1 августа утвердить …»;
        «Прошу – и по линии Правительства, и в регионах – поддерживать …»: the words between
        the dashes (no verb of their own) belong to the request, the dashes go."""
        dashes = [i for i, w in enumerate(rest[:30]) if w.text in ("—", "–")]
        if len(dashes) < 2 or dashes[0] > 6:
            return None
        head, inner, after = (
            rest[: dashes[0]],
            rest[dashes[0] + 1 : dashes[1]],
            rest[dashes[1] + 1 :],
        )
        found = self.infinitive_at(after, 0, 8)
        if found < 0 or not inner or self.is_statement(inner) or self.has_modal(inner):
            return None
        inner = [*inner[:-1], replace(inner[-1], space=" ")]
        if not head:
            return self.infinitive_first([*inner, *after], len(inner) + found)
        case = "datv" if inflect.has_case(head[0].text, "datv") else "accs"
        if not self.is_addressee(inflect.head_noun(self.texts(head), case)):
            return None
        addressee = self.recase_inside([*head[:-1], replace(head[-1], space=" ")], case)
        return None if addressee is None else [*self.recommend(addressee), *inner, *after]

    def promised_by(self, lead: list[Word], clause: list[Word]) -> list[Word] | None:
        """«попрошу Министерство внутренних дел, они проработают … и увеличат …» →
        «Рекомендовать Министерству внутренних дел проработать … и увеличить …»: the one
        asked, then a clause where a pronoun for it does the work in the future."""
        head = inflect.head_noun(self.texts(lead), "accs")
        _, count = self.change_case(self.texts(lead), "accs", "datv")
        genitive = all(inflect.has_case(w.text, "gent") for w in lead[count:])
        if not self.is_addressee(head) or not count or not genitive:
            return None  # «Министерство | внутренних дел»: only a genitive after the head
        if len(clause) < 3 or not starts(clause, self.lists["pronoun_subjects"]):
            return None
        verb = clause[1]
        if not inflect.is_finite_verb(verb.text) or "futr" not in inflect.parses(verb.text)[0].tag:
            return None
        addressee = self.recase_inside([*lead[:-1], replace(lead[-1], space=" ")], "accs")
        if addressee is None:
            return None
        return [*self.recommend(addressee), *self.infinitives(clause[1:])]

    def last_infinitive(self, words: list[Word]) -> int:
        """«прошу такую возможность …, социальном, экономическом развитии … рассмотреть»: an
        infinitive closing the clause, what stands before it (commas allowed, no verb) its
        object; -1 when there is none."""
        for index, word in enumerate(words[:24]):
            if (word.is_punct and word.text != ",") or inflect.is_finite_verb(word.text):
                return -1
            if inflect.is_infinitive(word.text):
                closes = index + 1 == len(words) or words[index + 1].is_punct
                return index if closes and index > 0 and words[index - 1].text != "," else -1
        return -1

    def addressed_far(self, rest: list[Word]) -> list[Word] | None:
        """«Поручу Правительству прямо сегодня-завтра, в ближайшие дни проработать …» →
        «Рекомендовать Правительству в ближайшие дни проработать …»; «Прошу органы
        прокуратуры, в том числе …, такую работу развернуть» → «Рекомендовать органам
        прокуратуры развернуть такую работу»: the addressee first, the clause of the
        infinitive after it, what stands between left out."""
        far = next((i for i, w in enumerate(rest[:20]) if inflect.is_infinitive(w.text)), -1)
        commas = [i for i, w in enumerate(rest[:far]) if w.text == ","]
        if far < 0 or not commas or any(w.is_punct and w.text != "," for w in rest[:far]):
            return None
        lead = rest[: commas[0]]
        case = "datv" if inflect.has_case(lead[0].text, "datv") else "accs"
        head = inflect.head_noun(self.texts(lead), case)
        _, count = self.change_case(self.texts(lead), case, "datv")
        if not self.is_addressee(head) or not count:
            return None
        while count < len(lead) and inflect.has_case(lead[count].text, "gent"):
            if inflect.part_of_speech(lead[count].text) not in ("NOUN", "ADJF"):
                break
            count += 1  # «органы прокуратуры», not «Правительству прямо сегодня-завтра»
        lead = [*lead[: count - 1], replace(lead[count - 1], space=" ")]
        addressee = self.recase_inside(lead, case)
        segment = rest[commas[-1] + 1 : far]
        if addressee is None or (segment and not self.is_adverbial(segment) and case == "datv"):
            return None
        return [
            *self.recommend(addressee),
            *self.infinitive_first(rest[commas[-1] + 1 :], len(segment)),
        ]

    def without(self, words: list[Word], *lists: Phrases) -> list[Word]:
        """The words with every phrase of the lists taken out («ещё раз» as one phrase)."""
        kept, index = [], 0
        while index < len(words):
            size = max(starts(words, phrases, index) for phrases in lists)
            if not size:
                kept.append(words[index])
            index += size or 1
        return kept

    def change_case(self, texts: list[str], source: str, target: str) -> tuple[list[str], int]:
        """:func:`inflect.change_case` with the relative pronouns of the rules; a phrase
        opened by a number written in digits («63-я статья»: pymorphy3 reads «я» as the
        pronoun) is not changed."""
        if texts and any(c.isdigit() for c in texts[0]):
            return [], 0
        return inflect.change_case(texts, source, target, self.rules.lemmas["relative_lemmas"])

    def texts(self, words: Sequence[Word]) -> list[str]:
        return [w.text for w in words]

    def infinitive_first(self, words: list[Word], found: int) -> list[Word]:
        """«это всё посчитать» → «посчитать это всё»: a resolution item starts with its verb
        (with its «не»); adverbs alone («сразу закладывать») stay in front."""
        lists = (self.lists["hedges"], self.lists["particles"], self.lists["consequence_adverbs"])
        before = [w for w in words[:found] if not any(starts([w], p) for p in lists)]
        negation = before[-1:] if starts(before[-1:], self.lists["negations"]) else []
        before = before[: len(before) - len(negation)]
        contrast = any(  # «не новые деньги просить, а провести …» → «Не просить новые деньги, а …»
            w.norm == "а" and words[i - 1].text == "," for i, w in enumerate(words) if i > found
        )
        if not negation and len(before) > 1 and before[0].norm == "не" and contrast:
            negation, before = before[:1], before[1:]
        if len(before) > 1 and before[-1].norm == "и":
            before = before[:-1]  # «Её и надо поддерживать»: a particle, nothing coordinated
        if not before:
            return [*negation, *words[found:]]
        adverbs = all(inflect.part_of_speech(w.text) == "ADVB" or w.text == "," for w in before)
        if adverbs or self.is_long_adverbial(before):  # «При разработке … базы предусмотреть»
            return self.lower([*before, *negation, *words[found:]])
        verb = [*negation, replace(words[found], space=" ")]
        pronoun = len(before) > 1 and starts(before[-1:], self.lists["anaphors"])
        governed = pronoun and (  # «об этом», «вместо этого»: the preposition's, not the verb's
            before[-2].is_punct or inflect.part_of_speech(before[-2].text) == "PREP"
        )
        if pronoun and not governed and inflect.part_of_speech(before[-1].text) == "NPRO":
            before = [replace(before[-1], space=" "), *before[:-1]]  # «в следующем году его
            # добавить» → «Добавить его в следующем году»: the pronoun next to its verb
        moved = [*before[:-1], replace(before[-1], space=words[found].space)]
        return [*verb, *self.lower(moved), *words[found + 1 :]]

    def is_long_adverbial(self, words: list[Word]) -> bool:
        """A prepositional phrase of four words or more with no verb («Для реализации этих и
        других инициатив»): a resolution keeps it in front of its verb."""
        objects = (  # «в целом по стране эти пространства»: the object, not the adverbial
            w
            for w in words
            if inflect.part_of_speech(w.text) in ("NOUN", "ADJF", "NPRO")
            and all(p.tag.case in ("nomn", "accs") for p in inflect.parses(w.text))
        )
        return (
            len(words) >= 4
            and inflect.part_of_speech(words[0].text) == "PREP"
            and next(objects, None) is None
            and not starts(words[-1:], self.lists["possessives"])  # «в этой части её»
            and not any(inflect.is_finite_verb(w.text) for w in words)
            and not any(self.is_subordinate(words, i) for i in range(1, len(words)))
        )

    def modal(self, words: list[Word]) -> Hit:
        """«Регионам следует …», «Школу нужно восстановить …», «Важно, чтобы …»."""
        start = 0
        while (hit := find(words, self.lists["modal_predicates"], start))[0] >= 0:
            at, size = hit
            start, after = at + 1, at + size
            adverb = after < len(words) - 2 and inflect.part_of_speech(words[after].text) == "ADVB"
            if adverb and words[after + 1].text == "," and words[after + 2].norm == "чтобы":
                after += 1  # «важно сегодня, чтобы …»
            joined = words[after + 1 : after + 3]
            if after < len(words) and words[after].text == "," and joined:
                if joined[0].norm == "чтобы":
                    return at, self.clause(words[after + 2 :])
                if [w.norm for w in joined] == ["если", "бы"]:  # «Было бы здорово, если бы …»
                    return at, self.clause(words[after + 3 :])
                wished = starts(words, self.lists["wished_if"], at) == size
                wished = wished and sum(not w.is_punct for w in words[after + 2 :]) > 2
                if wished and joined[0].norm == "если" and self.is_statement(words[after + 2 :]):
                    return at, self.clause(words[after + 2 :], present=True)  # «Лучше, если …»
            negated = self.is_negated(words, at)
            before, condition = self.split_subject(words[: at - negated])
            prohibits = bool(starts(words, self.lists["prohibitions"], at)) != bool(negated)
            if starts(before, self.lists["subordinators"]):
                continue  # «…, чтобы родители могли лучше контролировать»: not the call
            if len(before) <= 3 and find(before, self.lists["relatives"])[1]:
                continue  # «проблема, на которую стоит обратить внимание»: a relative clause
            if after < len(words) and words[after].norm == "ли":
                continue  # «Можно ли всё одинаково сделать, я не знаю»: a question
            if len(before) > 1 and starts(before, self.lists["first_person"]):
                before = self.drop_leading(before[starts(before, self.lists["first_person"]) :])
            found = self.infinitive_at(words, after, 10)
            if found < 0:
                found = self.infinitive_past_adverbs(words, after)
            if found > after and find(words[after:found], self.lists["modal_predicates"])[1]:
                continue  # «Столь же принципиально и решительно нужно бороться»: the later one
            prohibited = starts(words, self.lists["prohibitions"], at) and found >= 0
            if prohibited and "perf" in inflect.parses(words[found].text)[0].tag:
                continue  # «данные нельзя сравнить»: cannot be, not must not
            far = -1
            if found < 0 and not (before and inflect.is_infinitive(before[0].text)):
                far = self.infinitive_past_commas(words, after)
            if far > 0 and not negated:  # «можно было бы под эгидой ООН …, …, обсудить …»
                between = [w for w in words[after:far] if not starts([w], self.lists["hedges"])]
                while between and between[-1].text == ",":
                    between = between[:-1]
                verb = replace(words[far], space=" ")
                return at, [
                    *condition,
                    verb,
                    *between[:-1],
                    replace(between[-1], space=" "),
                    *words[far + 1 :],
                ]
            earlier = self.infinitive_at(before, 0, len(before))
            lasting = earlier < 0 or "perf" not in inflect.parses(before[earlier].text)[0].tag
            if found < 0 and prohibits and not negated and not lasting:
                continue  # «Эти данные сравнить нельзя»: cannot be, not must not
            no = self.negative(prohibits and not negated)  # «… нельзя» → «Не принимать …»
            if found < 0 and before and inflect.is_infinitive(before[0].text) and not negated:
                tail = [*before, *words[after:]]  # «Учить ремеслу надо …»
                return at, [*condition, *no, *(self.lower(tail) if no else tail)]
            stated = self.is_statement(before[:earlier])  # «трансляции не заменят … и тратить …»
            if found < 0 and earlier > 0 and not negated and after >= len(words) - 1 and not stated:
                marked = [*before[:earlier], *no, *before[earlier:]]  # «не» goes with the verb
                return at, [
                    *condition,
                    *self.infinitive_first(marked, earlier + len(no)),
                ]  # «… создать кампус было бы правильно»
            if found < 0 or (before and inflect.is_infinitive(before[0].text)):
                continue  # «Дотировать тиражи не нужно, лучше …»: the alternative is the item
            if starts(words, self.lists["comparative_modals"], at):
                words = self.without_comparison(words, found)
            return at, self.modal_item(words, before, condition, (after, found, prohibits))
        return None

    def without_comparison(self, words: list[Word], start: int) -> list[Word]:
        """«вкладывать в людей, чем в здания» → «вкладывать в людей, а не в здания»: a short
        comparison becomes the contrast; a long one, with a verb or a clause of its own («,
        чем каждому изобретать свою», «, чем одиннадцать маленьких, которые …»), goes."""
        for at in range(start + 1, len(words) - 1):
            if words[at].text == "," and words[at + 1].norm == "чем":
                rest = [w for w in words[at + 2 :] if w.text not in (".", "!")]
                short = len(rest) <= 4 and not any(w.is_punct or self.is_verb(w) for w in rest)
                if not short:
                    return words[:at]
                said = self.rules.words["contrast"].split()
                contrast = [Word(w, " ", w, words[at + 1].at, False) for w in said]
                return [*words[: at + 1], *contrast, *words[at + 2 :]]
        return words

    def modal_item(
        self,
        words: list[Word],
        before: list[Word],
        condition: list[Word],
        where: tuple[int, int, bool],
    ) -> list[Word]:
        """The item of «[кому/что] нужно [наречия] сделать …», by what stands before the modal."""
        after, found, negated = where
        lists = (self.lists["hedges"], self.lists["leading_adverbs"])
        before = self.without(before, self.lists["hedges"])  # «всё же важно …»: no «всё»
        trailing = len(before) > 2 and before[-1].text == ","
        if trailing and starts(before[-2:-1], self.lists["intensifiers"]):
            before = before[:-1]  # «В современных условиях особенно, чрезвычайно важно …»
            while len(before) > 1 and starts(before[-1:], self.lists["intensifiers"]):
                before = before[:-1]
        kept = self.without(words[after:found], *lists)
        no = self.negative(negated)
        verb = [*no, *self.infinitive_first([*kept, *words[found:]], len(kept))]
        if starts(words, self.lists["correlatives"], after) == found - after:
            verb = [*no, *words[after:]]  # «важно не только реализовать …, но и сохранить …»
        if not before or is_only(before, self.lists["first_person"]):
            return [*condition, *verb]
        addressed = self.addressee_after_adverbial(before, words[found])
        if addressed is not None:  # «В этих условиях российскому бизнесу важно проявлять …»
            adverbial, addressee = addressed
            return [*condition, *self.recommend(addressee), *self.lower(adverbial), *verb]
        if self.is_adverbial(before) and inflect.part_of_speech(before[0].text) == "PREP":
            # «С партнёрами надо проработать» → «Проработать с партнёрами»
            return [
                *condition,
                *no,
                *self.infinitive_first([*before, *kept, *words[found:]], len(before) + len(kept)),
            ]
        if self.is_adverbial(before):  # «Здесь нужно …», «Вместе над этим надо …»: kept in front
            while len(before) > 1 and starts(before[-1:], self.lists["first_person"]):
                before = before[:-1]  # «вместе с бизнесом нам нужно …»: «нам» goes
            return [*condition, *before, *verb]
        if self.body_unread(before):  # «Минцифры России надо поддержать …»: the ministry acts
            return [*condition, *self.recommend(before), *verb]
        dative = self.place_head(before, "datv")
        institution = dative is not None and (
            norm(dative.normal_form) in self.rules.lemmas["addressee_nouns"]
        )  # «краю стоит дать субсидию»: the krai gives; «людям надо помочь»: people are helped
        governs = norm(words[found].text) in self.rules.lemmas["dative_verbs"] and (
            not institution or self.receives(words, found)
        )
        function = ("CONJ", "PRCL", "PREP", "INTJ")  # «Её и надо …»: «и» is no dative noun
        noun = dative is not None and inflect.part_of_speech(dative.word) not in function
        readings = inflect.parses(dative.word) if dative is not None else ()
        thing = any(p.tag.case in ("nomn", "accs") for p in readings) and not (
            self.is_addressee(dative)
            or norm(dative.normal_form) in self.rules.lemmas["beneficiary_nouns"]
        )  # «Особенности здесь нужно учитывать»: what is taken into account, no addressee
        someone = dative is not None and not thing
        if inflect.has_case(before[0].text, "datv") and not governs and noun and someone:
            addressee = self.recase(before, "datv", "datv")
            if addressee is not None:
                return [*condition, *self.recommend(addressee), *verb]
        # «Школу нужно восстановить» → «Восстановить школу»
        moved = [*before, *kept, *words[found:]]
        return [*condition, *no, *self.infinitive_first(moved, len(before) + len(kept))]

    def body_unread(self, before: list[Word]) -> bool:
        """A body's short name pymorphy3 does not know, «Мин» and a genitive («Минцифры»),
        alone or with «России»: it reads as no dative, but keeps one form in every case and
        stands before the modal as the one who acts, as «Минприроды» does (blind17)."""
        name, rest = before[0], before[1:]
        return (
            name.text[:3] == "Мин"
            and inflect.indeclinable(name.text)
            and not any("Orgn" in p.tag for p in inflect.parses(name.text))
            and len(rest) <= 2
            and all(inflect.has_case(w.text, "gent") and w.text[:1].isupper() for w in rest)
        )

    def receives(self, words: list[Word], found: int) -> bool:
        """Whether the dative before «разрешить», «возмещать» (``recipient_verbs``) is the one
        allowed or paid, an institution too («вузам нужно разрешить принимать …»): so when no
        dative of its own follows the verb («регионам нужно компенсировать предприятиям …»)."""
        if norm(words[found].text) not in self.rules.lemmas["recipient_verbs"]:
            return False
        following = words[found + 1 : found + 2]
        return not following or not inflect.has_case(following[0].text, "datv")

    def addressee_after_adverbial(
        self, before: list[Word], verb: Word
    ) -> tuple[list[Word], list[Word]] | None:
        """«В этих условиях | российскому бизнесу» (важно проявлять …): a prepositional phrase,
        then the dative addressee of the modal; the adverbial and the addressee apart, or
        None («К этим регионам надо присмотреться»: the dative belongs to «к»)."""
        if not before or inflect.part_of_speech(before[0].text) != "PREP":
            return None
        if norm(verb.text) in self.rules.lemmas["dative_verbs"]:
            return None  # «в этом году людям надо помочь»: helped, not addressed
        for split in range(2, len(before)):
            if inflect.part_of_speech(before[split - 1].text) != "NOUN":
                continue  # «Для молодых | бюро»: the phrase has not ended
            if inflect.has_case(before[split].text, "gent"):
                continue  # «из районов | Курской области»: a genitive, no addressee
            tail = before[split:]
            _, count = self.change_case(self.texts(tail), "datv", "datv")
            head = inflect.head_noun(self.texts(tail), "datv")
            if (
                count == len(tail)
                and inflect.has_case(tail[0].text, "datv")
                and self.is_addressee(head)
            ):
                adverbial = [*before[: split - 1], replace(before[split - 1], space=" ")]
                addressee = self.recase_inside(tail, "datv")
                return None if addressee is None else (adverbial, addressee)
        return None

    def personal_modal(self, words: list[Word]) -> Hit:
        """«Школьные библиотеки должны перестать …», «Поддержка должна измеряться …»."""
        opening = starts(words, self.lists["personal_modals"])
        if opening and words[opening : opening + 1] and words[opening].norm == "быть":
            done = self.passive_item([], words[opening + 1 :])  # «Должна быть усилена работа»
            if done is not None:
                return 0, done
        at, size = find(words, self.lists["personal_modals"], 1)
        dashes = [i for i, w in enumerate(words[:at]) if w.text in ("—", "–")] if at > 0 else []
        if len(dashes) == 2 and dashes[1] == at - 1 and dashes[0] > 0:  # «области — и Вологодская,
            inner = words[dashes[0] + 1 : dashes[1]]  # и Архангельская — могли бы …»: the
            if inner and not self.is_statement(inner):  # apposition is left out of the item
                last = replace(words[dashes[0] - 1], space=" ")
                words = [*words[: dashes[0] - 1], last, *words[at:]]
                at = dashes[0]
        found = self.infinitive_at(words, at + size, 3) if at > 0 else -1
        if at > 0 and found < 0:
            found = self.infinitive_past_adverbs(words, at + size)
        if at > 0 and found < 0:
            found = self.infinitive_past_object(words, at + size)
        speaker = at > 1 and starts(words[at - 1 : at], self.lists["first_person"])
        if found < 0 and speaker and inflect.is_infinitive(words[0].text):
            return at, [*words[: at - 1], *words[at + size :]]  # «Решать задачи мы должны на …»
        if found < 0 and at > 0:
            done = self.done_by_after(words, at, size)
            return None if done is None else (at, done)
        if found < 0:
            return None
        negated = self.is_negated(words, at)
        commas = [i for i, w in enumerate(words[:at]) if w.text == ","]
        denied = commas and find(words[: commas[-1]], self.lists["negations"])[1]
        if denied and words[commas[-1] + 1].norm == "что":
            return None  # «…не исходили из того, что мама может ущемить …»: denied, no call
        subject, condition = self.split_subject(words[: at - negated])
        if condition:  # «если не во дворце, то в каждом моногороде должно …»
            subject = subject[starts(subject, self.lists["conditions_closed"]) :]
        opened = self.drop_leading(subject)  # «…, и поэтому все решения должны …»
        subject = opened if opened and not starts(opened, self.lists["first_person"]) else subject
        no = self.negative(negated)
        fixed = starts(subject, self.lists["fixed_expressions"])  # «Так называемые …»: no «так»
        core = self.without_relative(subject)  # «Мастер, который продаёт игрушки,» → «Мастер»
        if core != subject and find(subject, self.lists["first_person"])[1]:
            core = subject  # «Центр, который мы открыли, должен …»: the speaker's, left as said
        if core == subject and find(core, self.lists["relatives"])[1]:  # «Мастеру, который
            fronted = self.fronted_object(subject, words[found:], words[at])  # берёт ученика,
            if fronted is not None and not negated:  # округ должен платить …»
                return at, [*condition, *fronted]
        if not subject or find(core[fixed:], self.lists["subordinators"])[1]:
            return None  # «…, которые библиотекари могли бы тратить»: not the item's modal
        if subject[0].lemma in self.rules.lemmas["relative_lemmas"] and at > len(subject):
            return None  # «…, это важно для тех, кто не может приехать»: a relative clause
        # «мы должны очень внимательно подойти …»: the adverbs before the verb stay with it
        between, objects = [], []  # «должен своей карьерой отвечать» → «отвечать своей карьерой»
        middle = self.without(
            words[at + size : found], self.lists["hedges"], self.lists["leading_adverbs"]
        )
        for index, w in enumerate(middle):
            kind = inflect.part_of_speech(w.text)
            particles = self.lists["measure_particles"]  # «хотя бы часть дизайна»: the
            particle = any(  # particle stays with its object
                starts(middle, particles, i) > index - i for i in range(index + 1)
            )
            if kind == "ADVB" or (between and w.norm in ("и", ",")):  # «чётко и конкретно»
                between.append(w)
            elif kind in ("NOUN", "ADJF", "NPRO", "PREP", "NUMR") or particle:
                objects.append(w)
        if objects:
            verb = replace(words[found], space=" ")
            objects[-1] = replace(objects[-1], space=words[found].space)
            words = [*words[:found], verb, *objects, *words[found + 1 :]]
        if is_only(subject, self.lists["first_person"]):
            verb_phrase = [*between, *words[found:]]
            return at, [*condition, *no, *self.infinitive_first(verb_phrase, len(between))]
        if len(subject) > 1 and starts(subject[-1:], self.lists["first_person"]):
            moved = [*subject[:-1], *between, *words[found:]]  # «этой памятью мы должны гордиться»
            return at, [
                *condition,
                *no,
                *self.infinitive_first(moved, len(subject) - 1 + len(between)),
            ]
        fronted = self.fronted_object(subject, [*between, *words[found:]], words[at])
        if fronted is not None and not negated:  # «Налоговую ставку область могла бы снизить»
            return at, [*condition, *fronted]
        texts = self.texts(self.without(core, self.lists["particles"]))
        head = inflect.head_noun([t for t in texts if not any(c.isdigit() for c in t)])
        if head is None and core != subject:
            return None  # «63-я статья, которая существует, должна …»: no noun read
        if head is None:  # «У исследователей должен быть массив данных», «Там должна …»
            placed = self.placed_state(subject, [*between, *words[found:]], len(between))
            if placed is not None:
                return at, [*condition, *self.ensure(), *no, *placed]
            relative = find(subject, self.lists["relatives"])[1]  # «при котором арендаторы»
            if self.is_adverbial(subject) and not relative:  # «в этих центрах студенты …»
                head = self.subject_in_place(subject)
        passive = words[found].norm == "быть" and any(
            inflect.part_of_speech(w.text) == "PRTS" for w in words[found + 1 : found + 4]
        )  # «участники должны быть включены»: what is done to them, not what they do
        if passive and (done := self.passive_item(subject, words[found + 1 :])) is not None:
            return at, [*condition, *no, *done]
        possible = (
            starts(words, self.lists["possibility_modals"], at) and words[found].norm == "быть"
        )
        if possible and is_only(subject, self.lists["pronoun_subjects"]):
            return None  # «Это может быть сложно»: what may be, no call
        number = inflect.parses(words[at].text)[0].tag.number  # «Всё должно …»: the modal's
        if head is None and not is_only(subject, self.lists["pronoun_subjects"]):
            head = self.agreement_of(words[at], subject)  # «Дипломной работой должен быть …»
            if head is None or condition:
                return None
        placed = self.present_in_place(subject, words, found, head) if not negated else None
        if placed is not None:  # «Такие советы должны быть в каждом музее»
            return at, [*condition, *placed]
        able = words[found].norm in self.rules.lemmas["ability_verbs"]  # «должны иметь право»
        done_to = words[found].norm in self.rules.lemmas["passive_reflexives"]  # «освобождаться»
        able = able or done_to  # what others do to the addressee is secured, not recommended
        if self.is_addressee(head) and not (passive or able or self.is_adverbial(subject)):
            addressee = self.recase(subject, "nomn", "datv")
            if addressee is not None:
                return at, [*condition, *self.recommend(addressee), *no, *between, *words[found:]]
        if self.inverted(head, words[found:]):  # «Каталог мог бы вести республиканский центр»
            return self.acted_after(subject, words[found:], at)
        verb = replace(words[found], text=inflect.past(words[found].norm, head, number))
        rest = words[found + 1 :]
        clause = next(  # a clause of its own, or a list after a dash («— отремонтировать …»)
            (i for i in range(len(rest)) if self.is_subordinate(rest, i) or rest[i].text in "—–"),
            len(rest),
        )
        tail = [  # «видеть правду и делать выводы» → «видели правду и делали выводы»
            replace(w, text=inflect.past(w.norm, head, number))
            if inflect.is_infinitive(w.text) and i < clause and self.joined_at(words, found + i)
            else w
            for i, w in enumerate(rest)
        ]  # not in a clause of its own («…, которые захотят стать …, получить …»)
        return at, [*condition, *self.ensure(), *self.lower(subject), *no, *between, verb, *tail]

    def present_in_place(
        self, subject: list[Word], words: list[Word], found: int, head: Any | None
    ) -> list[Word] | None:
        """«Такие советы должны быть в каждом музее» → «Создать такие советы в каждом музее»
        (session 18): what must be somewhere is to be set up there, by the verb its noun takes;
        not «Регионам быть …» (an addressee cannot be told to exist)."""
        after = words[found + 1 : found + 2]
        if words[found].norm != "быть" or not after or head is None:
            return None
        if inflect.part_of_speech(after[0].text) != "PREP" or not self.is_addressee(head):
            return None
        measure = self.named_measure(subject)
        if measure is None:
            return None
        place = words[found + 1 :]
        return [*measure[0], *self.lower(measure[1]), *place]

    def infinitive_past_object(self, words: Sequence[Word], start: int) -> int:
        """«должны хотя бы часть дизайна заказывать …», «должны ещё лет десять участвовать
        …»: an infinitive after a short object or measure between the modal and the verb
        (nouns, adjectives, numerals, particles; no mark, no verb), or -1."""
        allowed = ("NOUN", "ADJF", "NPRO", "PREP", "NUMR", "ADVB", "PRCL", "CONJ")
        for index in range(start + 1, min(len(words), start + 6)):
            word = words[index]
            if word.is_punct or (self.is_verb(word) and not inflect.is_infinitive(word.text)):
                return -1
            if inflect.is_infinitive(word.text):
                middle = words[start:index]
                plain = all(inflect.part_of_speech(w.text) in allowed for w in middle)
                named = any(inflect.part_of_speech(w.text) in ("NOUN", "NUMR") for w in middle)
                return index if plain and named else -1
        return -1

    def agreement_of(self, modal: Word, subject: list[Word]) -> Any | None:
        """What the verb agrees with when no nominative noun opens the subject («Дипломной
        работой должен быть продукт», «Бюджетных мест должно быть больше», «Для фермеров места
        … должны быть бесплатными»): the modal's own gender and number (a reading of
        «должен», «должно», «должны»), when the subject states nothing; else None."""
        kinds = [inflect.part_of_speech(w.text) for w in subject if not w.is_punct]
        phrase = ("NOUN", "ADJF", "PRTF", "PREP", "NUMR", "NPRO", "PRCL")  # no clause («Одних
        if "NOUN" not in kinds or any(k not in phrase for k in kinds):  # запретов мало и …»)
            return None
        reading = inflect.parses(modal.text)[0]
        agrees = reading.tag.POS == "ADJS" and (reading.tag.gender or reading.tag.number == "plur")
        return reading if agrees else None

    def without_relative(self, subject: list[Word]) -> list[Word]:
        """The subject without the relative clause between commas that closes it («Мастер,
        который продаёт свои игрушки,» → «Мастер»)."""
        commas = [i for i, w in enumerate(subject) if w.text == ","]
        closed = len(commas) >= 2 and commas[-1] == len(subject) - 1 and commas[-2] > 0
        if closed and starts(subject, self.lists["relatives"], commas[-2] + 1):
            return subject[: commas[-2]]
        return subject

    def done_by_after(self, words: list[Word], at: int, size: int) -> list[Word] | None:
        """«Управлять центром должен совет, в котором …» → «Обеспечить, чтобы центром
        управлял совет, в котором …»: the infinitive before the modal, who is to act after
        it (a noun in the nominative); an adverbial before the infinitive stays in front."""
        first = next((i for i, w in enumerate(words[:at]) if inflect.is_infinitive(w.text)), -1)
        if first < 0 or (first and not self.is_adverbial(words[:first])):
            return None
        if any(w.is_punct or self.is_verb(w) for w in words[first + 1 : at]):
            return None
        after = words[at + size :]
        paired = starts(after, self.lists["correlatives"])  # «должны не только рестораны, но и …»
        paired = paired if paired < len(after) and after[0].norm != "и" else 0
        end = next((i for i, w in enumerate(after) if w.is_punct), len(after))
        head = inflect.head_noun(self.texts(after[paired:end]))
        if (
            head is None
            or end <= paired
            or self.is_verb(after[paired])
            or inflect.is_infinitive(after[paired].text)
        ):
            return None
        if any(p.tag.case == "accs" for p in inflect.parses(head.word)) and head.tag.case != "nomn":
            return None
        number = inflect.parses(words[at].text)[0].tag.number
        verb = replace(words[first], text=inflect.past(words[first].norm, head, number))
        objects = words[first + 1 : at]  # none in «Преподавать должны практики»: no «преподавать
        objects = (
            [*objects[:-1], replace(objects[-1], space=" ")] if objects else []
        )  # преподавали»
        return [*self.ensure(), *self.lower([*words[:first], *objects]), verb, *after]

    def fronted_object(
        self, subject: list[Word], verb_phrase: list[Word], modal: Word | None = None
    ) -> list[Word] | None:
        """«Налоговую ставку для малых студий | область (могла бы снизить)»: an object only in
        the accusative put before the one who acts → «Рекомендовать органам … области снизить
        налоговую ставку для малых студий …»; None when the words are no such pair."""
        readings = [p for p in inflect.parses(subject[0].text) if p.tag.POS in ("NOUN", "ADJF")]
        given = bool(readings) and all(p.tag.case == "datv" for p in readings)  # «Мастеру»
        case = "datv" if given else "accs"  # (session 18: whom the verb gives to, fronted)
        if len(subject) < 2 or not readings or all(p.tag.case != case for p in readings):
            return None
        only = all(p.tag.case == case for p in readings)  # «налоговую»; «эти» may be nomn
        if not only and not any("tran" in p.tag for p in inflect.parses(verb_phrase[0].text)):
            return None
        commas = [i + 1 for i, w in enumerate(subject) if w.text == ","]
        first = commas[-1] if given and commas and self.related_object(subject[: commas[-1]]) else 1
        for split in range(first, len(subject)):
            actor = subject[split:]
            if starts(actor, self.lists["coordinators"]):
                return None  # «гостиницы и рестораны могли бы …»: one subject of two nouns
            head = inflect.head_noun(self.texts(actor))
            authority = self.is_addressee(head)  # else people («жители»): to be secured
            people = head is not None and "anim" in head.tag and len(actor) <= 3
            if not inflect.has_case(actor[0].text, "nomn") or not (authority or people):
                continue
            if find(actor, self.lists["first_person"])[1]:
                return None
            after_noun = inflect.part_of_speech(subject[split - 1].text) == "NOUN"
            genitive = inflect.parses(actor[0].text)[0].tag.case == "gent" or (
                not given and inflect.has_case(actor[0].text, "gent")
            )  # «Мастеру округ …»: «округ» read first as the nominative
            if given and not self.agrees_with(modal, head):
                return None  # «Бюджету области должен помогать центр»: not «области»
            if after_noun and genitive:
                return None  # «Бюджет | области должен …»: the genitive of the subject
            thing = inflect.head_noun(self.texts(subject[:split]), case)
            if thing is None or (not only and (self.is_addressee(thing) or "anim" in thing.tag)):
                return None  # «Эти деньги область …», not «Эти регионы область …»
            addressee = self.recase(actor, "nomn", "datv")
            related = given and self.related_object(subject[:split])  # «Мастеру, который …,»
            if addressee is None or (any(w.is_punct for w in subject) and not related):
                return None
            closing = related and (not verb_phrase[1:] or verb_phrase[1].is_punct)
            obj = subject[: split - 1] if closing else subject[:split]
            obj = [*obj[:-1], replace(obj[-1], space=" ")]
            verb = replace(verb_phrase[0], space=" ")
            if not authority:  # «Часть денег на дворы жители должны распределять сами»
                done = replace(verb, text=inflect.past(verb.norm, head))
                actor = [*actor[:-1], replace(actor[-1], space=" ")]
                return [
                    *self.ensure(),
                    *self.lower(actor),
                    done,
                    *self.lower(obj),
                    *verb_phrase[1:],
                ]
            return [*self.recommend(addressee), verb, *self.lower(obj), *verb_phrase[1:]]
        return None

    def agrees_with(self, modal: Word | None, head: Any | None) -> bool:
        """Whether the modal («должен», «могла бы») agrees with the noun in number and, in
        the singular, in gender."""
        if modal is None or head is None:
            return False
        tag = inflect.parses(modal.text)[0].tag
        if tag.number and head.tag.number and tag.number != head.tag.number:
            return False
        return not (tag.number == "sing" and tag.gender and tag.gender != head.tag.gender)

    def related_object(self, words: list[Word]) -> bool:
        """«Мастеру, который берёт ученика,»: a noun and the relative clause between commas
        that closes it, nothing else punctuated."""
        commas = [i for i, w in enumerate(words) if w.is_punct]
        return (
            len(commas) == 2
            and commas[1] == len(words) - 1
            and words[commas[0]].text == words[commas[1]].text == ","
            and bool(starts(words, self.lists["relatives"], commas[0] + 1))
        )

    def acted_after(self, subject: list[Word], verb_phrase: list[Word], at: int) -> Hit:
        """«Каталог мог бы вести | республиканский центр развития библиотек.» → «Рекомендовать
        республиканскому центру развития библиотек вести каталог»: who acts, named after the
        verb and closing the sentence, is the addressee; otherwise no item."""
        end = next((i for i, w in enumerate(verb_phrase) if w.is_punct), len(verb_phrase))
        if any(w.text not in (".", "!") for w in verb_phrase[end:]) or end < 2:
            return None
        addressee = self.recase(verb_phrase[1:end], "nomn", "datv")
        if addressee is None or len(addressee) < end - 1:
            return None
        addressee[-1] = replace(addressee[-1], space=" ")
        closing = verb_phrase[end - 1].space
        obj = [
            replace(w, space=closing) if i == len(subject) - 1 else w for i, w in enumerate(subject)
        ]
        verb = replace(verb_phrase[0], space=" ")
        return at, [*self.recommend(addressee), verb, *self.lower(obj), *verb_phrase[end:]]

    def inverted(self, head: Any, words: list[Word]) -> bool:
        """Whether «head | verb …» may be object–verb–subject: the head reads as the
        accusative too, the verb is transitive and the noun right after it names who acts
        («Реестр мог бы вести областной центр»; not «Бюджет должен покрывать расходы»)."""
        if head is None or not any(p.tag.case == "accs" for p in inflect.parses(head.word)):
            return False
        if not any("tran" in p.tag for p in inflect.parses(words[0].text)):
            return False
        end = next((i for i, w in enumerate(words) if w.is_punct), len(words))
        after = inflect.head_noun(self.texts(words[1:end]))
        return self.is_addressee(after) and not self.is_addressee(head)

    def joined_at(self, words: list[Word], at: int) -> bool:
        """Whether a verb after ``at`` is joined to the one before: «, », «и», «а не»
        («стала отдельным мероприятием, а не делаться …» → «…, а не делалась …»)."""
        if words[at].text in (",", "и"):
            return True
        return words[at].norm == "не" and at > 0 and words[at - 1].norm == "а"

    def subject_in_place(self, place: list[Word]) -> Any | None:
        """The nominative noun after a place («в этих центрах | студенты»): the subject of
        the modal, where every reading of the noun is nominative; None when there is none."""
        for word in place[1:]:
            nouns = [p for p in inflect.parses(word.text) if p.tag.POS == "NOUN"]
            if nouns and all(p.tag.case == "nomn" for p in nouns):
                return nouns[0]
        return None

    def placed_state(self, place: list[Word], words: list[Word], found: int) -> list[Word] | None:
        """«У исследователей должен быть массив данных …» → «(Обеспечить, чтобы) у
        исследователей был массив данных …», «Там должна экономика развиваться» → «там
        развивалась экономика»: a place before the modal (a prepositional phrase or an
        adverb, no subject of its own), the subject after the verb; the verb agrees with it."""
        bare = self.without(place, self.lists["particles"])  # «Именно там»
        kinds = ("PREP", "ADVB")
        if not bare or inflect.part_of_speech(bare[0].text) not in kinds:
            return None  # not «…, то должно быть правило»
        if self.is_statement(place) or find(place, self.lists["first_person"])[1]:
            return None  # «у нас должна быть …»: the speaker's need, another rule
        if self.subject_in_place([Word(""), *place]) is not None:
            return None  # «в этих центрах студенты должны …»: «студенты» is the subject
        rest = words[found + 1 :]
        end = next((i for i, w in enumerate(rest) if w.is_punct), len(rest))
        start = 0
        while start < end and inflect.part_of_speech(rest[start].text) in ("CONJ", "PRCL"):
            start += 1  # «должны входить и производственники»
        head = inflect.head_noun(self.texts(rest[start:end]))
        if head is None or ("inan" not in head.tag and not self.is_addressee(head)):
            return None
        past = inflect.past(words[found].norm, head, head.tag.number)
        return [*self.lower(place), *words[:found], replace(words[found], text=past), *rest]

    def coordinated_case(self, words: list[Word], source: str, target: str) -> list[Word] | None:
        """Each noun phrase of «участники операции и их родственники» in another case."""
        out: list[Word] = []
        while words:
            forms, count = self.change_case([w.text for w in words], source, target)
            if not count and out and starts(words, self.lists["possessives"]):
                out.append(words[0])  # «и их родственники»: «их» stays
                words = words[1:]
                continue
            if not count:
                return None
            out += [replace(w, text=f) for w, f in zip(words, forms, strict=False)][:count]
            rest = words[count:]
            joint = next((i for i, w in enumerate(rest) if w.norm in ("и", "или")), -1)
            if joint < 0:
                return [*out, *rest]
            out += rest[: joint + 1]
            words = rest[joint + 1 :]
        return out

    def passive_item(self, subject: list[Word], words: list[Word]) -> list[Word] | None:
        """«злодеяния должны быть выявлены, зафиксированы, расследованы» → «Выявить,
        зафиксировать, расследовать злодеяния»: the participles as infinitives, then what
        they are done to, in the accusative."""
        stop, verbs = 0, []
        while stop < len(words):
            word = words[stop]
            kind = inflect.part_of_speech(word.text)
            if kind == "PRTS":
                form = next(p for p in inflect.parses(word.text) if p.tag.POS == "PRTS")
                verbs.append(replace(word, text=form.normal_form))
            elif kind == "ADVB" or word.text == "," or word.norm == "и":
                verbs.append(word)
            else:
                break
            stop += 1
        while verbs and (verbs[-1].is_punct or verbs[-1].norm == "и"):
            verbs, stop = verbs[:-1], stop - 1
        if not any(inflect.part_of_speech(w.text) == "PRTS" for w in words[:stop]):
            return None
        fixed = subject[: starts(subject, self.lists["fixed_expressions"])]  # «так называемые»
        if not subject or (self.is_adverbial(subject) and not fixed):  # «в работу комиссии
            after = self.coordinated_case(words[stop:], "nomn", "accs")  # должны быть вовлечены
            return None if not after else [*verbs, *self.lower(subject), *after]  # эксперты»
        thing = self.coordinated_case(subject[len(fixed) :], "nomn", "accs")
        if thing is None:
            return None
        thing = self.lower([*fixed, *thing])
        verbs[-1] = replace(verbs[-1], space=" ")
        thing[-1] = replace(thing[-1], space=words[stop - 1].space)
        return [*verbs, *thing, *words[stop:]]

    def need(self, words: list[Word]) -> Hit:
        """«Нужна дистанционная программа …» → «Разработать дистанционную программу …»."""
        at, size = find(words, self.lists["need_words"])
        subject = self.split_subject(words[:at])[0] if at >= 0 else []
        if at < 0 or starts(subject, self.lists["subordinators"]):
            return None  # «Если этого не хватает, …»: a condition, not the call
        relative = find(subject, self.lists["relatives"])[0]
        closed = relative >= 0 and subject[-1].text == "," and subject[relative - 1].text == ","
        if relative >= 0 and not closed:  # not «Фестивалям, которые прожили три сезона, нужны»
            return None  # «мероприятия, для развития которых нужны …»: a relative clause
        rest = words[self.after_skips(words, at + size) :]
        quote = rest[:1] if rest[:1] and rest[0].text in ("«", '"') else []
        rest = rest[len(quote) :]  # «нужна «малая модернизация»»: the quote stays, the case changes
        if not rest or rest[0].is_punct:
            later = rest[1:]
            return None if self.has_modal(later) else self.needed_before(words[:at], at)
        placed = self.place_before_measure(rest) if not quote else 0
        end = next((i for i, w in enumerate(rest) if w.is_punct), len(rest))
        alone = not self.is_call(rest[end:])  # not «…, но программы выгоднее делать …»
        if not placed and alone and self.is_adverbial(rest[:end]) and self.needed_noun(words[:at]):
            return self.needed_before(words[:at], at, rest)  # «Такие таблички нужны и в
        measure = self.named_measure(rest[placed:], quote)  # Орске» → «Предусмотреть такие
        if measure is None:  # таблички и в Орске»
            return None
        verb, phrase = measure
        phrase = [*rest[:placed], *phrase]  # «нужен в каждой области один человек»
        before, condition = self.split_subject(words[:at])
        if not before or is_only(before, self.lists["first_person"]):
            return at, [*condition, *verb, *self.lower(phrase)]
        if self.is_adverbial(before):
            return at, [*condition, *before, *self.lower([*verb, *self.lower(phrase)])]
        dative = inflect.has_case(before[0].text, "datv")  # «Малым городам нужны …» →
        if dative and self.change_case(self.texts(before), "datv", "gent")[1]:  # «… для малых
            return at, [*condition, *verb, *self.for_whom(before), *self.lower(phrase)]  # городов»
        return None

    def named_measure(
        self,
        rest: list[Word],
        quote: Sequence[Word] = (),
        case: str = "nomn",
        verb: str | None = None,
    ) -> tuple[list[Word], list[Word]] | None:
        """The verb a named noun phrase takes and the phrase in the accusative («нужна
        программа …» → «Разработать», «программу …»; «жду предложений» in the genitive →
        «предложения»); ``verb`` instead of the noun's own; None when no noun heads it.
        Adverbs before the phrase stay as they are («более действенной работы»)."""
        particles = starts(rest, self.lists["measure_particles"])  # «хотя бы один рейс»
        texts = [w.text for w in rest[particles:]]
        head = inflect.head_noun(
            [t for t in texts if not starts([Word(t)], self.lists["negations"])], case
        )
        if not rest or head is None or inflect.is_infinitive(rest[0].text):
            return None
        lead = particles
        texts = [w.text for w in rest]
        while lead < len(rest) - 1 and inflect.part_of_speech(rest[lead].text) == "ADVB":
            lead += 1
        forms, count = self.change_case(texts[lead:], case, "accs")
        changed = [replace(w, text=f) for w, f in zip(rest[lead:], forms, strict=False)]
        name = verb or self.rules.verb_for(norm(head.normal_form))
        return added(name), [*quote, *rest[:lead], *changed, *rest[lead + count :]]

    def evaluated(self, words: list[Word]) -> Hit:
        """«Очень важна поддержка малых музеев» → «Обеспечить поддержку малых музеев»: an
        evaluation opening the sentence names the measure; not «Для нас важна каждая семья»
        nor «Важны не слова, а дела»."""
        at = 0
        while size := starts(words, self.lists["intensifiers"], at):
            at += size
        size = starts(words, self.lists["evaluation_words"], at)
        rest = words[at + size :]
        if not size or not rest or rest[0].is_punct or starts(rest, self.lists["negations"]):
            return None
        kind = inflect.part_of_speech(rest[0].text)
        if (
            kind in ("NPRO", "PREP", "CONJ", "PRCL")
            or "Apro" in inflect.parses(rest[0].text)[0].tag
        ):
            return None  # «Важно каждое слово», «Важно это»
        measure = self.named_measure(rest)
        return (at, [*measure[0], *self.lower(measure[1])]) if measure else None

    def evaluated_by_copula(self, words: list[Word]) -> Hit:
        """«Одним из важнейших направлений является развитие экономики …» → «Обеспечить
        развитие экономики …»: the evaluation first, the measure after «является» / «должна
        стать»; not «Главным является то, что …» (no noun)."""
        at, size = find(words[:10], self.lists["copula_words"])
        lead = words[:at] if at > 0 else []
        if not any(w.lemma in self.rules.lemmas["evaluation_nouns"] for w in lead):
            return None
        rest = words[at + size :]
        pronoun = starts(rest, self.lists["object_pronouns"])  # «Задачей является это»
        if (
            not rest
            or rest[0].is_punct
            or pronoun
            or inflect.part_of_speech(rest[0].text) in ("NPRO", "PREP")
        ):
            return None
        measure = self.named_measure(rest)
        return (at, [*measure[0], *self.lower(measure[1])]) if measure else None

    def awaited(self, words: list[Word]) -> Hit:
        """«Жду конкретных предложений по обновлению …» → «Подготовить конкретные предложения
        по обновлению …»: the document the speaker awaits; what others await is secured
        («Граждане ждут более действенной работы …» → «Обеспечить более действенную работу
        …»); not «Жду Вас в гостях»."""
        at = next(
            (i for i, w in enumerate(words[:3]) if w.lemma in self.rules.lemmas["awaited_verbs"]),
            -1,
        )
        if at < 0 or not self.subject_like(words[:at]):
            return None
        rest, addressee = words[at + 1 :], None
        if rest[:1] and rest[0].norm == "от":  # «Жду от Правительства предложений …»
            nouns = self.rules.lemmas["awaited_nouns"]
            end = next((i for i, w in enumerate(rest[:8]) if i > 1 and w.lemma in nouns), 0)
            while end > 2 and inflect.part_of_speech(rest[end - 1].text) == "ADJF":
                end -= 1  # «конкретных предложений»: the adjective goes with what is awaited
            addressee = self.recase_inside(rest[1:end], "gent") if end else None
            if addressee is None:
                return None
            rest = rest[end:]
        case = "gent" if inflect.head_noun(self.texts(rest), "gent") is not None else "accs"
        head = inflect.head_noun(self.texts(rest), case)  # «жду план мероприятий …»
        if head is None or head.tag.POS != "NOUN" or "inan" not in head.tag:
            return None  # «Жду Вас в гостях»
        document = norm(head.normal_form) in self.rules.lemmas["awaited_nouns"]
        spoken = "1per" in inflect.parses(words[at].text)[0].tag  # «Мы ждём снимков …»
        if not document and (addressee is not None or spoken):
            return None  # only what others await is secured: «Граждане ждут работы …»
        # «Граждане ждут более действенной работы …» → «Обеспечить более действенную работу …»
        verb = self.rules.words["prepare" if document else "secure"]
        measure = self.named_measure(rest, case=case, verb=verb)
        if measure is None:
            return None
        named, phrase = measure
        if addressee is not None:
            return at, [*self.recommend(addressee), *self.lower(named), *self.lower(phrase)]
        return at, [*named, *self.lower(phrase)]

    def necessary(self, words: list[Word]) -> Hit:
        """«Напоминаю коллегам о необходимости строгого выполнения планов …» → «Обеспечить
        строгое выполнение планов …»: what the speaker says is necessary; not what someone
        else said («Иванов говорил о необходимости …» stays a report); the speaker agreeing
        with it too («Я полностью согласен с коллегой – с необходимостью строительства …»)."""
        at, size = find(words[:14], self.lists["necessity_phrases"])
        if at < 1:
            return None
        speaker = (
            starts(words, self.lists["first_person"])
            or any(
                (inflect.is_finite_verb(w.text) and inflect.parses(w.text)[0].tag.person == "1per")
                or w.lemma in self.rules.lemmas["emphasis_verbs"]  # «Модератор подчеркнул …»
                for w in words[:at]
            )
        )
        marks = any(w.is_punct and w.text not in ("—", "–") for w in words[:at])
        denied = find(words[:at], self.lists["negations"])[1]  # «Мы не согласны с …»
        if not speaker or marks or denied or self.has_modal(words[:at]):
            return None
        measure = self.named_measure(
            words[at + size :], case="gent", verb=self.rules.words["secure"]
        )
        return None if measure is None else (at, [*measure[0], *self.lower(measure[1])])

    def precondition(self, words: list[Word]) -> Hit:
        """«Это невозможно без развития сырьевой базы, без внимания к промышленности» →
        «Обеспечить развитие сырьевой базы, внимание к промышленности»: what something cannot
        be done without is the measure; only after «это» or nothing («Успех невозможно …»
        with a subject of its own stays as said)."""
        at, size = find(words[:6], self.lists["precondition_phrases"])
        if at < 0 or not is_only(words[:at] or [Word("это")], self.lists["object_pronouns"]):
            return None
        rest = words[at + size :]
        head = inflect.head_noun(self.texts(rest), "gent")
        if head is None or head.tag.POS != "NOUN":
            return None  # «Это невозможно без нас»
        secure = self.rules.words["secure"]
        measure = self.named_measure(rest, case="gent", verb=secure)
        if measure is None:
            return None
        verb, phrase = measure
        index = 1
        while index < len(phrase) - 2:  # «…, без внимания …» → «…, внимание …»
            if phrase[index - 1].text == "," and phrase[index].norm == "без":
                listed = self.named_measure(phrase[index + 1 :], case="gent", verb=secure)
                if listed is not None:
                    phrase = [*phrase[:index], *listed[1]]
            index += 1
        return at, [*verb, *self.lower(phrase)]

    def example(self, words: list[Word]) -> Hit:
        """«Например, это может быть бесплатное питание …, первоочередное зачисление …,
        психологическая помощь …» → «Предусмотреть бесплатное питание …, … психологическую
        помощь …»: what the speaker gives as examples of the measure; each listed noun phrase
        in the accusative."""
        size = starts(words, self.lists["example_phrases"])
        measure = self.named_measure(words[size:]) if size else None
        if measure is None:
            return None
        verb, phrase = measure
        out: list[Word] = []
        index = 0
        while index < len(phrase):  # «…, обязательно психологическая помощь …»
            word = phrase[index]
            out.append(word)
            index += 1
            if word.text != "," or index >= len(phrase) or self.is_subordinate(phrase, index):
                continue
            start = index
            while start < len(phrase) and inflect.part_of_speech(phrase[start].text) == "ADVB":
                start += 1
            forms, count = self.change_case(self.texts(phrase[start:]), "nomn", "accs")
            if count and inflect.head_noun(self.texts(phrase[start : start + count])):
                out += phrase[index:start]
                out += [replace(w, text=f) for w, f in zip(phrase[start:], forms, strict=False)]
                index = start + count
        return 0, [*verb, *self.lower(out)]

    def describes_measure(self, words: list[Word], at: int) -> bool:
        """«Нам нужна программа наставничества: мастер берёт ученика на два года, и
        республика платит обоим …»: a statement after the colon that closes a named measure
        (a need, a noun after the call) and a statement after the comma are its content."""
        colon = max((i for i, w in enumerate(words[:at]) if w.text == ":"), default=-1)
        if colon < 2 or any(w.is_punct for w in words[colon + 1 : at]):
            return False
        lead = words[:colon]
        needed = find(lead, self.lists["need_words"])[1] or find(lead, self.lists["lead_nouns"])[1]
        return bool(needed) and self.is_statement(words[colon + 1 : at])

    def spelled_after(self, reason: list[Word]) -> list[Word]:
        """As in both languages: a noun phrase after the colon that ends the reason («…, иначе
        пуха не будет: субсидия на …»), not a statement («…, потому что …: мошенники
        выводят деньги»)."""
        colon = next((i for i, w in enumerate(reason[:-2]) if w.text == ":"), -1)
        tail = reason[colon + 1 :] if colon >= 0 else []
        first = next((i for i, w in enumerate(tail) if w.is_punct), len(tail))
        named = tail and inflect.part_of_speech(tail[0].text) in ("NOUN", "ADJF", "PRTF", "NUMR")
        if named and self.spells_out(tail) and not self.is_statement(tail[:first]):
            return reason[colon:]
        return []

    def needed_noun(self, before: list[Word]) -> bool:
        """Whether the words before a need word are only the noun phrase needed, in the
        nominative («Такие таблички | нужны …»), no clause, no addressee."""
        if not before or any(w.is_punct for w in before) or self.is_adverbial(before):
            return False
        _, count = self.change_case(self.texts(before), "nomn", "nomn")
        head = inflect.head_noun(self.texts(before))
        complement = before[count:]  # «программа подъёмных и жилья …»: a genitive after it
        governed = not complement or (
            count > 0
            and inflect.has_case(complement[0].text, "gent")
            and not any(self.is_verb(w) for w in complement)
        )
        return governed and head is not None and not self.is_addressee(head)

    def place_before_measure(self, rest: list[Word]) -> int:
        """How many words of a place («в каждой области», a preposition, its agreeing words
        and noun) stand between a need word and the noun it names («нужен в каждой области
        один человек»); 0 when no noun in the nominative follows the place."""
        if not rest or inflect.part_of_speech(rest[0].text) != "PREP":
            return 0
        for index, word in enumerate(rest[1:5], 1):
            kind = inflect.part_of_speech(word.text)
            if kind == "NOUN":
                after = self.texts(rest[index + 1 :])
                named = inflect.head_noun(after, "nomn") if after else None
                return index + 1 if named is not None else 0
            if word.is_punct or kind not in ("ADJF", "PRTF", "NUMR", "NPRO"):
                return 0
        return 0

    def needed_before(self, words: list[Word], at: int, rest: Sequence[Word] = ()) -> Hit:
        """«Роддом, без сомнения, нам нужен» → «Предусмотреть роддом»: the need closes the
        sentence, or only a place follows it («Такие таблички нужны и в Орске»), and the noun
        stands before it."""
        thing = self.without(words, self.lists["first_person"], self.lists["hedges"])
        head = inflect.head_noun([w.text for w in thing]) if thing else None
        if head is None or self.is_adverbial(thing) or any(w.is_punct for w in thing):
            return None
        forms, count = self.change_case([w.text for w in thing], "nomn", "accs")
        moved = [replace(w, text=f) for w, f in zip(thing, forms, strict=False)]
        verb = added(self.rules.verb_for(norm(head.normal_form)))
        if rest:
            kept = [*thing[:-1], replace(thing[-1], space=" ")] if thing else []
            moved = [*moved[:-1], replace(moved[-1], space=" ")] if count == len(thing) else moved
            return at, [*verb, *self.lower([*moved, *kept[count:]]), *rest]
        return at, [*verb, *self.lower([*moved, *thing[count:]])]

    def drop_report(self, words: list[Word]) -> list[Word]:
        """«Он убеждён, что …», «Считаю, что …», «Участники сошлись на том, что …»; «Она
        (также) считает необходимым изменить …» → «изменить …»."""
        at = self.report_verb_at(words, 6)
        said = self.rules.lemmas["report_verbs"]
        while 0 <= at < len(words) - 3 and words[at + 1].norm == "и":
            if words[at + 2].lemma not in said:
                break
            at += 2  # «Лектор согласилась и сказала, что …»: the last verb of saying
        if at >= 0:
            rest = words[at + 1 :]
            judged = starts(rest, self.lists["skip_words"])
            if (
                judged + 1 < len(rest)
                and inflect.has_case(rest[judged].text, "ablt")
                and starts(rest, self.lists["modal_predicates"], judged)
                and inflect.is_infinitive(rest[judged + 1].text)
            ):
                return rest[judged + 1 :]
            expecting = self.rules.lemmas["expectation_verbs"]  # «выразил надежду, что …»
            hoped = words[at].lemma in expecting or any(w.lemma in expecting for w in rest[:1])
            counted = self.counted_on(rest) if hoped else None
            if counted is not None:
                return counted
            for index, following in enumerate(rest[:5]):
                linked = all(starts([w], self.lists["report_links"]) for w in rest[:index])
                if following.norm == "чтобы" and index and rest[index - 1].text == "," and linked:
                    return rest[index:]  # «Он настаивал на том, чтобы рейсы …»: a demand
                if following.norm == "что" and index and rest[index - 1].text == "," and linked:
                    clause = self.drop_leading(rest[index + 1 :])
                    modals = ("modal_predicates", "personal_modals", "need_words")
                    end = find(clause, self.lists["remarks"], 3)[0] if hoped else -1
                    if end > 0:  # «…, что правила расширят на …, это особенно важно для …»
                        stop = clause[-1:] if clause[-1].text in (".", "!") else []
                        clause = [*clause[:end], *stop]
                    if hoped and not any(
                        find(clause, self.lists[m])[1] for m in modals
                    ):  # «Надеюсь, что практика продолжится»
                        return self.clause(clause, present=True)
                    return clause
            return words
        return words

    def counted_on(self, rest: list[Word]) -> list[Word] | None:
        """«Рассчитываю на активное участие РСПП …» → «Обеспечить активное участие РСПП …»:
        what the speaker counts on, a noun in the accusative, is to be secured; not «на то,
        что …» (a clause) nor «на Вас» (a person)."""
        if len(rest) < 3 or rest[0].norm != "на" or rest[1].norm == "то":
            return None
        phrase = rest[1:]
        head = inflect.head_noun(self.texts(phrase), "accs")
        if head is None or "inan" not in head.tag or self.is_statement(phrase):
            return None
        return [*added(self.rules.words["secure"]), *self.lower(phrase)]


def _joined_adjective(words: list[Word]) -> int:
    """2 where a noun phrase opens with an adjective and «или» / «и» joining it to the next
    («археологический или исторический лагерь»): where the phrase the noun agrees with starts."""
    return 2 if len(words) > 3 and words[1].norm in ("или", "и") else 0
