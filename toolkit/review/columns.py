"""The review workbook's sheets and columns: names, who fills them, and their help text.

Everything the other review modules and the documentation agree on lives here, so a new
column is added in one place (and described in ``docs/review-workbook.md``).
"""

from __future__ import annotations

REVIEW_NAME = "review.xlsx"
BACKUPS_DIR = "backups"
PROPOSALS_SHEET = "proposals"
HELP_SHEET = "help"
ORPHANED_SHEET = "orphaned"

#: Columns rewritten from the register on every update.
REGISTER_COLUMNS = (
    "id",
    "session",
    "track",
    "format",
    "speaker",
    "organisation",
    "text",
    "values",
    "targets",
    "regions",
    "cluster",
    "support",
    "score",
)
#: Columns the analysts fill; carried over on every update.
ANALYST_COLUMNS = (
    "decision",
    "merge_into",
    "wording_ru",
    "wording_en",
    "values_override",
    "targets_override",
    "comment",
)
COLUMNS = REGISTER_COLUMNS + ANALYST_COLUMNS
#: Extra columns of the orphaned sheet, in front of the proposal's own.
ORPHAN_COLUMNS = ("orphaned_on", "reason")
DECISIONS = ("pending", "accepted", "rejected", "merged")

WIDTHS = {
    "id": 15, "session": 22, "track": 14, "format": 12, "speaker": 20, "organisation": 24,
    "text": 60, "values": 20, "targets": 20, "regions": 16, "cluster": 15, "support": 8,
    "score": 7, "decision": 11, "merge_into": 15, "wording_ru": 45, "wording_en": 45,
    "values_override": 20, "targets_override": 20, "comment": 32, "orphaned_on": 12, "reason": 30,
}  # fmt: skip
WRAPPED = {"organisation", "text", "wording_ru", "wording_en", "comment", "reason"}
HEADER_FILL = "D9D9D9"
ANALYST_HEADER_FILL = "FFD966"
ANALYST_FILL = "FFF2CC"
FLAG_FILL = "F8CBAD"

HELP: dict[str, tuple[str, str]] = {
    "id": (
        "Идентификатор предложения (P- и 10 шестнадцатеричных цифр). По нему решения "
        "сохраняются при обновлении. Не изменяйте.",
        "Proposal id (P- and 10 hex digits). Decisions are kept across updates by it. Do not edit.",
    ),
    "session": (
        "Идентификатор сессии, где прозвучало предложение.",
        "Id of the session where the proposal was made.",
    ),
    "track": ("Трек форума.", "Forum track."),
    "format": (
        "Формат сессии: пленарное заседание, панельная дискуссия и т. п.",
        "Session format: plenary, panel, roundtable, …",
    ),
    "speaker": (
        "Кто внёс предложение; пусто, если определить не удалось.",
        "Who made the proposal; empty when nobody can be told.",
    ),
    "organisation": ("Организация выступающего.", "The speaker's organisation."),
    "text": (
        "Текст предложения так, как он записан в заметках.",
        "The proposal as written in the session notes.",
    ),
    "values": (
        "Ценностные принципы, найденные автоматически (идентификаторы через «; », список ниже).",
        "Value principles found automatically (ids separated by '; ', listed below).",
    ),
    "targets": (
        "Типы документов стратегического планирования, найденные автоматически "
        "(идентификаторы, список ниже).",
        "Strategic planning document types found automatically (ids, listed below).",
    ),
    "regions": ("Регионы, названные в тексте.", "Regions named in the text."),
    "cluster": (
        "Группа похожих предложений из разных сессий; её строки стоят рядом.",
        "Group of near-duplicate proposals across sessions; its rows are kept together.",
    ),
    "support": (
        "Сколько разных сессий выдвинули это предложение.",
        "How many distinct sessions raised it.",
    ),
    "score": (
        "Уверенность автоматического извлечения, от 0 до 1.",
        "How sure the extractor is, from 0 to 1.",
    ),
    "decision": (
        "Ваше решение: pending — не рассмотрено, accepted — принять, rejected — отклонить, "
        "merged — объединить с другим предложением (заполните merge_into).",
        "Your decision: pending (not reviewed yet), accepted, rejected, or merged (folded "
        "into another proposal: fill merge_into).",
    ),
    "merge_into": (
        "Для merged: id предложения, с которым объединить это; в документе их источники "
        "объединяются.",
        "For merged: the id of the proposal this one joins; the documents combine their sources.",
    ),
    "wording_ru": (
        "Итоговая формулировка для документов на русском; пусто — текст из заметок.",
        "Final wording for Russian documents; empty means the text from the notes.",
    ),
    "wording_en": (
        "Итоговая формулировка для документов на английском; пусто — текст из заметок.",
        "Final wording for English documents; empty means the text from the notes.",
    ),
    "values_override": (
        "Заменяет values: идентификаторы через «;» или «,»; «-» — ни одного.",
        "Replaces values: ids separated by ';' or ','; '-' for none.",
    ),
    "targets_override": (
        "Заменяет targets: идентификаторы через «;» или «,»; «-» — ни одного.",
        "Replaces targets: ids separated by ';' or ','; '-' for none.",
    ),
    "comment": (
        "Ваш комментарий. Сюда же toolkit дописывает пометку, если текст предложения в "
        "заметках изменился: проверьте решение и удалите пометку.",
        "Your comment. toolkit also writes a note here when the proposal's text changed in "
        "the notes: check the decision, then delete the note.",
    ),
}
