"""The user documentation in docs/ covers every file format, field and column the code writes.

Each name is taken from the code (the register's dataclass, the workbook's columns, the
front-matter keys, the keys of the shipped profile data, the templates' context), so a new
field that nobody documented fails here. The examples in the docs are parsed as the toolkit
would parse them, and every link leads somewhere.
"""

from __future__ import annotations

import json
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import yaml

from toolkit import review
from toolkit.cli import cli
from toolkit.draft.context import KINDS
from toolkit.draft.documents import sample_context
from toolkit.notes.head import import_rules
from toolkit.notes.parse import KNOWN_KEYS, PERSON_KEYS, parse_note
from toolkit.profile import DEFAULT_FILES, SECTIONS, default_profile, parse_profile
from toolkit.register import Proposal
from toolkit.yamlio import load_yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def code_names(text: str) -> set[str]:
    """Every name written as code (`name`, `a.b`, `a[]`) in a page, and each of its parts."""
    names: set[str] = set()
    for span in re.findall(r"`([^`\n]+)`", text):
        names.add(span)
        names.update(re.findall(r"[A-Za-z_][\w-]*", span))
        names.update(re.findall(r"[A-Za-z_][\w.-]*\w", span))  # file names: review.xlsx
    return names


def fenced(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


def keys_of(node: Any) -> set[str]:
    """Every mapping key anywhere in a YAML tree, but the language codes of texts."""
    if isinstance(node, dict):
        found = {str(k) for k in node if k not in ("ru", "en")}
        return found.union(*(keys_of(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(keys_of(v) for v in node))
    return set()


def context_paths(node: Any) -> set[str]:
    """Leaf and branch names of a template context: ``forum``, ``name``, ``proposals``…"""
    if isinstance(node, dict):
        return set(node).union(*(context_paths(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(context_paths(v) for v in node))
    return set()


# ---------------------------------------------------------------- every name is documented


def test_every_register_field_is_documented() -> None:
    documented = code_names(doc("register.md"))
    missing = [f.name for f in fields(Proposal) if f.name not in documented]
    assert not missing, f"docs/register.md does not describe {missing}"


def test_every_workbook_sheet_column_and_decision_is_documented() -> None:
    documented = code_names(doc("review-workbook.md"))
    names = [
        *review.COLUMNS,
        *review.ORPHAN_COLUMNS,
        *review.DECISIONS,
        *review.TRANSLATION_COLUMNS,
        review.PROPOSALS_SHEET,
        review.HELP_SHEET,
        review.ORPHANED_SHEET,
        review.TRANSLATION_SHEET,
        review.REVIEW_NAME,
    ]
    missing = [n for n in names if n not in documented]
    assert not missing, f"docs/review-workbook.md does not describe {missing}"


def test_every_front_matter_key_and_import_label_is_documented() -> None:
    documented = code_names(doc("notes-format.md"))
    missing = [k for k in sorted(KNOWN_KEYS | PERSON_KEYS) if k not in documented]
    missing += [k for k in sorted(set(import_rules().labels.values())) if k not in documented]
    assert not missing, f"docs/notes-format.md does not describe {missing}"


def test_every_profile_key_is_documented() -> None:
    """The top-level sections and every key the shipped profile and codebooks use."""
    data = ROOT / "toolkit" / "data"
    used = keys_of(yaml.safe_load((data / "profile.yaml").read_text(encoding="utf-8")))
    for name in DEFAULT_FILES.values():
        used |= keys_of(yaml.safe_load((data / name).read_text(encoding="utf-8")))
    used |= {*SECTIONS, "forum", "formats", "replace", "level", "group"}
    documented = code_names(doc("profile.md"))
    missing = sorted(k for k in used if k not in documented)
    assert not missing, f"docs/profile.md does not describe {missing}"


@pytest.mark.parametrize("kind", KINDS)
def test_every_template_variable_is_documented(kind: str) -> None:
    documented = code_names(doc("templates.md"))
    names = context_paths(sample_context(kind, "ru", default_profile()))
    missing = sorted(n for n in names if n not in documented)
    assert not missing, f"docs/templates.md does not describe {missing} of {kind} templates"


def test_gold_fields_are_documented() -> None:
    documented = code_names(doc("evaluation.md"))
    assert {"session", "text", "speaker"} <= documented


# ---------------------------------------------------------------- the examples are real


@pytest.mark.parametrize("example", fenced(doc("notes-format.md"), "markdown"))
def test_example_notes_check_clean(example: str) -> None:
    note = parse_note(Path("example.md"), example, default_profile())
    assert note.ok and not note.issues, [str(i) for i in note.issues]
    assert any(b.role == "proposals" for b in note.blocks)
    assert all(b.speaker in {p.name for p in note.session.people} for b in note.blocks if b.turn)


def test_example_profile_is_valid() -> None:
    (example,) = fenced(doc("profile.md"), "yaml")
    profile = parse_profile(load_yaml(example), "docs/profile.md", default_profile())
    assert profile.warnings == []
    assert list(profile.tracks) == ["urban-design", "music"]
    assert "digital-skills" in profile.values


def test_example_register_and_gold_lines_are_valid() -> None:
    (register,) = fenced(doc("register.md"), "json")
    assert Proposal.from_json(json.loads(register)).id.startswith("P-")
    for line in fenced(doc("evaluation.md"), "json")[0].splitlines():
        record = json.loads(line)
        assert isinstance(record["session"], str) and isinstance(record["text"], str)


# ---------------------------------------------------------------- links and pointers


def _anchors(text: str) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces as '-'."""
    return {
        re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", heading.strip().lower()))
        for heading in re.findall(r"^#+ (.+)$", text, re.MULTILINE)
    }


LINKED = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


@pytest.mark.parametrize("page", LINKED, ids=lambda p: p.name)
def test_every_link_leads_somewhere(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"^```.*?^```|`[^`\n]*`", "", text, flags=re.MULTILINE | re.DOTALL)  # code
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if target.startswith(("http://", "https://")):
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.exists(), f"{page.name}: broken link {target}"
        if anchor:
            assert anchor in _anchors(linked.read_text(encoding="utf-8")), (
                f"{page.name}: no heading for {target}"
            )


def test_docs_index_lists_every_page() -> None:
    index = doc("README.md")
    assert all(f"({p.name})" in index for p in DOCS.glob("*.md") if p.name != "README.md")


def test_no_pointer_to_a_spec_outside_the_repository() -> None:
    """Users who clone the project have no ../shared/SPEC.md: docs/ replaces it."""
    files = [
        ROOT / "README.md",
        *(ROOT / "toolkit").rglob("*.py"),
        *(ROOT / "toolkit" / "data").rglob("*.yaml"),
        *(ROOT / "toolkit" / "data").rglob("*.md"),
    ]
    stale = [str(f) for f in files if re.search(r"SPEC\.md|SPEC §", f.read_text("utf-8"))]
    assert not stale


def test_help_points_to_the_docs(runner) -> None:
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "Documentation: " in result.output and "docs/README.md" in result.output
    assert "docs/README.md" in (ROOT / "README.md").read_text(encoding="utf-8")
