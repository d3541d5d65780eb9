"""The review workbook: content, round trips with analyst edits, and what drafting gets."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zipfile
from dataclasses import fields
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from toolkit.cli import cli
from toolkit.draft.items import draft_items
from toolkit.errors import ReviewError
from toolkit.profile import Profile, default_profile
from toolkit.register import Decision, Proposal, write_register
from toolkit.review import ReviewLabel, labels, merge_chain, read_decisions, update_workbook

HEADER = [
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
    "decision",
    "merge_into",
    "wording_ru",
    "wording_en",
    "values_override",
    "targets_override",
    "route",
    "comment",
    "suggested_route",
    "suggested_wording",
]
NOW = dt.datetime(2026, 11, 26, 12, 0, 0)


def make(pid: str, session: str, text: str, **extra: object) -> Proposal:
    """A register row; ``route`` and ``wording`` are set whether or not the register has them."""
    extra.setdefault("speaker", None)
    extra.setdefault("language", "en")
    known = {f.name for f in fields(Proposal)}
    proposal = Proposal(
        id=pid,
        session=session,
        text=text,
        start=0,
        end=len(text),
        **{k: v for k, v in extra.items() if k in known},  # type: ignore[arg-type]
    )
    for name, value in extra.items():
        if name not in known:
            setattr(proposal, name, value)
    return proposal


@pytest.fixture(scope="module")
def profile() -> Profile:
    return default_profile()


@pytest.fixture
def proposals() -> list[Proposal]:
    return [
        make(
            "P-a",
            "s1",
            "Regions should open a design centre in every federal district.",
            values=["creative-labour", "cultural-heritage"],
            targets=["regional-strategy"],
            regions=["tomsk-oblast"],
            cluster="C-1",
            support=2,
            speaker="Irina Volkova",
            organisation="Government",
            track="strategy",
            format="panel",
            score=0.9,
        ),
        make(
            "P-b",
            "s1",
            "It is necessary to train museum managers in digital skills.",
            cluster="C-2",
        ),
        make("P-c", "s2", "Create a regional film commission with a one-stop shop.", cluster="C-3"),
        make(
            "P-d",
            "s2",
            "We propose a network of design centres in every district.",
            regions=["krasnoyarsk-krai"],
            cluster="C-1",
            support=2,
        ),
        make(
            "P-e", "s3", "Municipal strategies should include creative industries.", cluster="C-5"
        ),
    ]


def columns(sheet) -> dict[str, int]:
    """Header name to 1-based column index."""
    return {cell.value: cell.column for cell in sheet[1] if cell.value}


def row_of(sheet, pid: str) -> int:
    col = columns(sheet)["id"]
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, col).value == pid)


def edit(path: Path, edits: dict[str, dict[str, str]]) -> None:
    """Type into the analyst columns the way a script or Excel would: by header name."""
    workbook = load_workbook(path)
    sheet = workbook["proposals"]
    cols = columns(sheet)
    for pid, cells in edits.items():
        row = row_of(sheet, pid)
        for name, value in cells.items():
            sheet.cell(row, cols[name]).value = value
    workbook.save(path)


def sheet_rows(path: Path, name: str = "proposals") -> list[dict[str, object]]:
    sheet = load_workbook(path)[name]
    header = [c.value for c in sheet[1]]
    return [
        dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]


# ------------------------------------------------------------------ writing


def test_workbook_content(tmp_path: Path, proposals, profile) -> None:
    path = tmp_path / "review.xlsx"
    report = update_workbook(path, proposals, profile, NOW)
    assert (report.rows, report.new, report.kept, report.backup) == (5, 5, 0, None)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["proposals", "help", "orphaned", "needs translation"]
    sheet = workbook["proposals"]
    assert [c.value for c in sheet[1]] == HEADER
    rows = sheet_rows(path)
    assert [r["id"] for r in rows] == ["P-a", "P-d", "P-b", "P-c", "P-e"]  # cluster C-1 together
    first = rows[0]
    assert first["values"] == "creative-labour; cultural-heritage"
    assert (first["speaker"], first["organisation"], first["track"], first["format"]) == (
        "Irina Volkova",
        "Government",
        "strategy",
        "panel",
    )
    assert (first["support"], first["score"], first["decision"]) == (2, 0.9, "pending")
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:W6"
    decision, route = sheet.data_validations.dataValidation
    assert decision.formula1 == '"pending,accepted,rejected,merged,not a proposal"'
    assert str(decision.sqref) == "N2:N6"
    assert str(route.sqref) == "T2:T6"
    assert [sheet.cell(1, c).value for c in (19, 20)] == ["targets_override", "route"]
    hidden = [k for k, d in sheet.column_dimensions.items() if d.hidden]
    assert [sheet[f"{k}1"].value for k in hidden] == ["suggested_route", "suggested_wording"]
    cols = columns(sheet)
    assert sheet.cell(2, cols["text"]).alignment.wrap_text
    assert sheet.column_dimensions["G"].width > sheet.column_dimensions["L"].width
    analyst = sheet.cell(2, cols["decision"]).fill.fgColor.rgb
    assert analyst != sheet.cell(2, cols["text"]).fill.fgColor.rgb
    assert sheet.cell(2, cols["comment"]).fill.fgColor.rgb == analyst
    help_rows = {r[0]: r for r in workbook["help"].iter_rows(values_only=True) if r[0]}
    for name in HEADER:
        assert help_rows[name][2] and help_rows[name][3], name
    assert any("а" <= ch <= "я" for ch in help_rows["decision"][2])
    assert "creative-labour" in help_rows and "regional-strategy" in help_rows
    assert [c.value for c in workbook["orphaned"][1]][:3] == ["orphaned_on", "reason", "id"]
    assert workbook["orphaned"].max_row == 1


def test_text_is_never_a_formula_and_control_characters_are_cleaned(tmp_path, profile) -> None:
    path = tmp_path / "review.xlsx"
    update_workbook(path, [make("P-x", "s1", '=HYPERLINK("x") & <w:p> \x0bend\x01')], profile)
    cell = load_workbook(path)["proposals"]["G2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("x") & <w:p> \nend'


def test_empty_register(tmp_path: Path, profile) -> None:
    path = tmp_path / "review.xlsx"
    report = update_workbook(path, [], profile)
    assert report.rows == 0
    assert [c.value for c in load_workbook(path)["proposals"][1]] == HEADER
    assert sheet_rows(path) == []
    assert read_decisions(path, profile, set()) == ({}, [])
    assert draft_items([], {}, include_pending=False) == []
    update_workbook(path, [], profile)  # and again, over the empty one


#: Writes a review workbook, then reads it back and imports numpy, in a fresh process.
WITHOUT_NUMPY = """
import sys
from pathlib import Path
from toolkit.profile import default_profile
from toolkit.register import Proposal
from toolkit.review import read_decisions, update_workbook
path = Path(sys.argv[1])
proposal = Proposal("P-0000000001", "s1", "Create a fund.", 0, 1, None, "en")
update_workbook(path, [proposal], default_profile())
read_decisions(path, default_profile(), {proposal.id})
print("numpy" in sys.modules)
import numpy
from openpyxl.compat.numbers import NUMERIC_TYPES
print(numpy.float64 in NUMERIC_TYPES)
"""


@pytest.mark.parametrize("first", ["", "import numpy"], ids=["alone", "numpy imported first"])
def test_the_workbook_is_written_and_read_without_numpy(tmp_path: Path, first: str) -> None:
    """openpyxl imports numpy only for numpy's number types, which the toolkit never writes:
    a rebuild from the extraction cache (no spaCy) does without its import; where numpy is
    imported already, openpyxl takes its types as usual, and numpy imports after either."""
    path = tmp_path / "review.xlsx"
    result = subprocess.run(
        [sys.executable, "-c", f"{first}\n{WITHOUT_NUMPY}", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == (["False", "False"] if not first else ["True", "True"])
    assert [c.value for c in load_workbook(path)["proposals"][2]][:2] == ["P-0000000001", "s1"]


# ------------------------------------------------------------------ round trips


def test_round_trip_keeps_every_decision(tmp_path: Path, proposals, profile) -> None:
    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile)
    edit(
        path,
        {
            "P-a": {
                "decision": "accepted",
                "wording_ru": "Создать центр дизайна",
                "wording_en": "Open a design centre",
                "values_override": "creative-labour, life",
                "targets_override": "state-programme",
            },
            "P-b": {"decision": "rejected", "comment": "too vague"},
            "P-d": {"decision": "merged", "merge_into": "P-a"},
        },
    )
    expected = {
        "P-a": Decision(
            "accepted",
            None,
            "Создать центр дизайна",
            "Open a design centre",
            ["creative-labour", "life"],
            ["state-programme"],
            "",
        ),
        "P-b": Decision("rejected", comment="too vague"),
        "P-d": Decision("merged", merge_into="P-a"),
    }
    ids = {p.id for p in proposals}
    assert read_decisions(path, profile, ids) == (expected, [])
    report = update_workbook(path, list(reversed(proposals)), profile)
    assert (report.kept, report.new, report.orphaned, report.rematched) == (3, 0, 0, [])
    assert read_decisions(path, profile, ids) == (expected, [])


def test_columns_are_read_by_name_in_any_order(tmp_path: Path, profile) -> None:
    path = tmp_path / "review.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "proposals"
    sheet.append(["comment", "Decision", "id", "text", "merge_into"])
    sheet.append(["ok", "Accepted ", "P-a", "x", None])
    sheet.append([None, "merged", "P-b", "y", "P-a"])
    workbook.save(path)
    decisions, _ = read_decisions(path, profile)
    assert decisions == {
        "P-a": Decision("accepted", comment="ok"),
        "P-b": Decision("merged", merge_into="P-a"),
    }


def test_analyst_columns_of_their_own_are_kept(tmp_path: Path, proposals, profile) -> None:
    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile)
    workbook = load_workbook(path)
    sheet = workbook["proposals"]
    sheet.cell(1, len(HEADER) + 1).value = "Priority"
    sheet.cell(row_of(sheet, "P-c"), len(HEADER) + 1).value = "high"
    workbook.create_sheet("notes")["A1"] = "my own sheet"
    workbook.save(path)
    update_workbook(path, proposals, profile)
    workbook = load_workbook(path)
    assert workbook["notes"]["A1"].value == "my own sheet"
    row = next(r for r in sheet_rows(path) if r["id"] == "P-c")
    assert row["Priority"] == "high"


def test_edited_text_is_rematched_and_flagged(tmp_path: Path, proposals, profile) -> None:
    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile)
    edit(
        path,
        {
            "P-a": {"decision": "accepted", "comment": "keep"},
            "P-d": {"decision": "merged", "merge_into": "P-a"},
        },
    )
    edited = make(
        "P-a2", "s1", "Regions should open a design centre in each federal district.", cluster="C-1"
    )
    report = update_workbook(path, [edited, *proposals[1:]], profile)
    assert report.rematched == [("P-a", "P-a2")]
    assert (report.kept, report.orphaned, report.new) == (1, 0, 0)
    rows = {r["id"]: r for r in sheet_rows(path)}
    assert "P-a" not in rows
    assert rows["P-a2"]["decision"] == "accepted"
    assert rows["P-a2"]["comment"] == (
        "text changed in notes: was «Regions should open a design centre in every federal "
        "district.» (P-a) | keep"
    )
    assert rows["P-d"]["merge_into"] == "P-a2"  # the merge follows the new id
    sheet = load_workbook(path)["proposals"]
    flagged = sheet.cell(row_of(sheet, "P-a2"), 7).fill.fgColor.rgb
    assert flagged != sheet.cell(row_of(sheet, "P-b"), 7).fill.fgColor.rgb
    decisions, _ = read_decisions(path, profile, {"P-a2", *(p.id for p in proposals[1:])})
    assert decisions["P-d"].merge_into == "P-a2"


def test_a_different_text_or_session_is_not_rematched(tmp_path: Path, proposals, profile) -> None:
    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile)
    edit(path, {"P-a": {"decision": "accepted"}})
    moved = make("P-a2", "s2", proposals[0].text)  # same text, other session: not the same
    report = update_workbook(path, [moved, *proposals[1:]], profile)
    assert (report.rematched, report.orphaned, report.new) == ([], 1, 1)


def test_disappeared_decisions_move_to_orphaned(tmp_path: Path, proposals, profile) -> None:
    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile)
    edit(
        path,
        {
            "P-c": {"decision": "rejected", "comment": "duplicate of last year"},
            "P-e": {"wording_en": "Municipal strategies include creative industries"},
        },
    )
    remaining = [proposals[0], proposals[1], proposals[3]]  # P-c and P-e gone; P-b had no input
    report = update_workbook(path, remaining, profile, dt.date(2026, 11, 27))
    assert report.orphaned == 2
    orphans = {r["id"]: r for r in sheet_rows(path, "orphaned")}
    assert set(orphans) == {"P-c", "P-e"}
    assert orphans["P-c"]["decision"] == "rejected"
    assert orphans["P-c"]["comment"] == "duplicate of last year"
    assert orphans["P-c"]["orphaned_on"] == "2026-11-27"
    assert orphans["P-c"]["text"] == proposals[2].text
    assert orphans["P-e"]["wording_en"] == "Municipal strategies include creative industries"
    # never deleted by later runs, not duplicated either
    report = update_workbook(path, remaining[:2], profile)
    assert report.orphaned == 0
    assert [r["id"] for r in sheet_rows(path, "orphaned")] == ["P-c", "P-e"]
    _, warnings = read_decisions(path, profile, {p.id for p in remaining})
    assert any("orphaned" in w for w in warnings)
    # a proposal that comes back gets its decision back
    report = update_workbook(path, proposals, profile)
    assert report.restored == 2
    assert sheet_rows(path, "orphaned") == []
    rows = {r["id"]: r for r in sheet_rows(path)}
    assert rows["P-c"]["decision"] == "rejected"


def test_backup_before_each_update(tmp_path: Path, proposals, profile) -> None:
    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile)
    edit(path, {"P-a": {"decision": "accepted"}})
    before = path.read_bytes()
    report = update_workbook(path, proposals, profile, NOW)
    assert report.backup == tmp_path / "backups" / "review-2026-11-26T12-00-00.xlsx"
    assert report.backup.read_bytes() == before
    edit(path, {"P-b": {"decision": "accepted"}})
    second = update_workbook(path, proposals, profile, NOW)  # same second: a new name
    assert second.backup == tmp_path / "backups" / "review-2026-11-26T12-00-00-2.xlsx"
    assert report.backup.read_bytes() == before


def test_backup_only_when_something_changed(tmp_path: Path, proposals, profile) -> None:
    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile, NOW)
    again = update_workbook(path, proposals, profile, NOW)
    assert again.backup is None and not (tmp_path / "backups").exists()
    assert "backed up" not in again.summary()
    edit(path, {"P-a": {"decision": "accepted"}})
    edited = update_workbook(path, proposals, profile, NOW)
    assert edited.backup is not None
    assert update_workbook(path, proposals, profile, NOW).backup is None
    changed = update_workbook(path, proposals[:-1], profile, NOW)  # a proposal disappeared
    assert changed.backup is not None
    assert len(list((tmp_path / "backups").iterdir())) == 2
    assert {r["id"]: r["decision"] for r in sheet_rows(path)}["P-a"] == "accepted"


def test_review_twice_makes_no_backup(runner, sample_workspace: Path, proposals) -> None:
    outputs = sample_workspace / "outputs"
    write_register(proposals, outputs / "register.jsonl")
    for _ in range(2):
        result = runner.invoke(cli, ["-w", str(sample_workspace), "review"])
        assert result.exit_code == 0, result.output
    assert "backed up" not in result.output
    assert not (outputs / "backups").exists()


# ------------------------------------------------------------------ analysts' mistakes


def test_bad_analyst_values_are_all_reported_with_their_cell(tmp_path, proposals, profile) -> None:
    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile)
    edit(
        path,
        {
            "P-a": {"decision": "acepted"},
            "P-b": {"decision": "merged", "merge_into": "P-zzz"},
            "P-c": {"decision": "merged"},
            "P-d": {
                "decision": "accepted",
                "values_override": "life; beauty",
                "targets_override": "regional-strategy, no-such-plan",
            },
            "P-e": {"merge_into": "P-a"},
        },
    )
    with pytest.raises(ReviewError) as caught:
        read_decisions(path, profile, {p.id for p in proposals})
    lines = caught.value.message.splitlines()
    sheet = load_workbook(path)["proposals"]
    row = {p.id: row_of(sheet, p.id) for p in proposals}
    assert lines == [
        f"review.xlsx:proposals!N{row['P-a']}: unknown decision 'acepted'; use pending, "
        "accepted, rejected, merged or not a proposal",
        f"review.xlsx:proposals!R{row['P-d']}: unknown value principle 'beauty'; use ids from "
        "the help sheet, separated by ';'",
        f"review.xlsx:proposals!S{row['P-d']}: unknown planning document type 'no-such-plan'; "
        "use ids from the help sheet, separated by ';'",
        f"review.xlsx:proposals!O{row['P-b']}: merge_into P-zzz is not the id of a proposal in "
        "the register; copy the id from the id column",
        f"review.xlsx:proposals!O{row['P-c']}: decision is 'merged' but merge_into is empty; "
        "give the id of the proposal this one joins",
        f"review.xlsx:proposals!O{row['P-e']}: merge_into is P-a but decision is 'pending'; "
        "set decision to merged or clear merge_into",
    ]
    # and updating the workbook keeps what they typed, mistakes included
    update_workbook(path, proposals, profile)
    rows = {r["id"]: r for r in sheet_rows(path)}
    assert rows["P-a"]["decision"] == "acepted"
    assert rows["P-d"]["values_override"] == "life; beauty"


def test_merge_cycle_is_reported(tmp_path: Path, proposals, profile) -> None:
    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile)
    edit(
        path,
        {
            "P-a": {"decision": "merged", "merge_into": "P-b"},
            "P-b": {"decision": "merged", "merge_into": "P-c"},
            "P-c": {"decision": "merged", "merge_into": "P-a"},
            "P-e": {"decision": "merged", "merge_into": "P-e"},
        },
    )
    with pytest.raises(ReviewError) as caught:
        read_decisions(path, profile)
    message = caught.value.message
    assert message.count("cycle") == 1
    assert "P-a → P-b → P-c → P-a" in message
    assert "review.xlsx:proposals!O" in message
    assert "cannot be merged into itself" in message


@pytest.mark.parametrize("final", ["rejected", "not a proposal"])
def test_merge_into_a_proposal_not_taken_up_is_an_error(
    tmp_path: Path, proposals, profile, final
) -> None:
    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile)
    edit(
        path,
        {
            "P-a": {"decision": final},
            "P-d": {"decision": "merged", "merge_into": "P-a"},
            "P-c": {"decision": "merged", "merge_into": "P-b"},
        },
    )
    with pytest.raises(ReviewError, match=f"merged into P-a, which is {final}"):
        read_decisions(path, profile)


@pytest.mark.parametrize("lock", [".~lock.review.xlsx#", "~$review.xlsx"])
def test_locked_workbook_is_left_untouched(tmp_path: Path, proposals, profile, lock) -> None:
    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile)
    before = path.read_bytes()
    (tmp_path / lock).write_text("analyst,host,1234;")
    with pytest.raises(ReviewError) as caught:
        update_workbook(path, proposals[:1], profile)
    message = caught.value.message
    assert str(path) in message and "open in another program" in message and lock in message
    assert "\n" not in message
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


@pytest.mark.parametrize(
    "content",
    [b"\x00garbage\xffbytes" * 10, b"", b"PK\x03\x04 truncated zip"],
    ids=["garbage", "empty", "truncated"],
)
def test_damaged_workbook_is_left_untouched(tmp_path: Path, proposals, profile, content) -> None:
    path = tmp_path / "review.xlsx"
    path.write_bytes(content)
    for call in (
        lambda: update_workbook(path, proposals, profile),
        lambda: read_decisions(path, profile),
    ):
        with pytest.raises(ReviewError) as caught:
            call()
        message = caught.value.message
        assert message.startswith(f"{path}: damaged") and "backups" in message
        assert "\n" not in message
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.xlsx"]


def test_zip_that_is_not_a_workbook_is_damaged(tmp_path: Path, proposals, profile) -> None:
    path = tmp_path / "review.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    before = path.read_bytes()
    with pytest.raises(ReviewError, match="damaged"):
        update_workbook(path, proposals, profile)
    assert path.read_bytes() == before


def test_missing_workbook_means_no_decisions(tmp_path: Path, profile) -> None:
    assert read_decisions(tmp_path / "review.xlsx", profile) == ({}, [])


# ------------------------------------------------------------------ what drafting gets


def test_before_review_everything_is_drafted_as_pending(proposals) -> None:
    items = draft_items(proposals, {}, include_pending=False)
    # register order; P-d is a near-duplicate of P-a (cluster C-1) and folds into it
    assert [i.id for i in items] == ["P-a", "P-b", "P-c", "P-e"]
    assert {i.status for i in items} == {"pending"}
    assert items[0].wording == {} and items[0].sources == [proposals[0], proposals[3]]
    assert items[0].support == 2 and items[0].regions == ["tomsk-oblast", "krasnoyarsk-krai"]


def test_decided_cluster_members_are_not_folded(proposals) -> None:
    items = draft_items(proposals, {"P-d": Decision("accepted")}, include_pending=True)
    assert [i.id for i in items] == ["P-a", "P-b", "P-c", "P-d", "P-e"]


def test_after_review_only_accepted_with_merged_folded(proposals) -> None:
    decisions = {
        "P-a": Decision(
            "accepted",
            wording_en="Open a design centre",
            values_override=["life"],
            targets_override=[],
        ),
        "P-b": Decision("rejected"),
        "P-d": Decision("merged", merge_into="P-e"),
        "P-e": Decision("merged", merge_into="P-a"),  # a chain: P-d → P-e → P-a
        "P-c": Decision("pending", wording_ru="Создать кинокомиссию"),
    }
    (item,) = draft_items(proposals, decisions, include_pending=False)
    assert item.id == "P-a" and item.status == "accepted"
    assert [p.id for p in item.sources] == ["P-a", "P-d", "P-e"]
    assert item.sessions == ["s1", "s2", "s3"] and item.support == 3
    assert item.regions == ["tomsk-oblast", "krasnoyarsk-krai"]
    assert (item.values, item.targets) == (["life"], [])
    assert item.wording == {"en": "Open a design centre"}
    assert item.wording_in("en") == ("Open a design centre", False)

    items = draft_items(proposals, decisions, include_pending=True)
    assert [(i.id, i.status) for i in items] == [("P-a", "accepted"), ("P-c", "pending")]
    assert items[1].wording == {"ru": "Создать кинокомиссию"}
    assert items[1].targets == proposals[2].targets


def test_merged_into_pending_appears_only_with_include_pending(proposals) -> None:
    decisions = {"P-b": Decision("merged", merge_into="P-c"), "P-a": Decision("accepted")}
    assert [i.id for i in draft_items(proposals, decisions, include_pending=False)] == ["P-a"]
    items = draft_items(proposals, decisions, include_pending=True)
    folded = next(i for i in items if i.id == "P-c")
    assert [p.id for p in folded.sources] == ["P-c", "P-b"]
    assert "P-b" not in [i.id for i in items]


def test_draft_items_refuse_a_cycle(proposals) -> None:
    decisions = {
        "P-a": Decision("merged", merge_into="P-b"),
        "P-b": Decision("merged", merge_into="P-a"),
    }
    with pytest.raises(ReviewError, match="cycle"):
        draft_items(proposals, decisions, include_pending=False)


def test_decisions_from_the_workbook_drive_the_draft(tmp_path: Path, proposals, profile) -> None:
    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile)
    edit(
        path, {"P-c": {"decision": "accepted"}, "P-b": {"decision": "merged", "merge_into": "P-c"}}
    )
    decisions, _ = read_decisions(path, profile, {p.id for p in proposals})
    (item,) = draft_items(proposals, decisions, include_pending=False)
    assert [p.id for p in item.sources] == ["P-c", "P-b"]


def test_decisions_are_read_again_once_the_workbook_changes(
    tmp_path: Path, proposals, profile
) -> None:
    """The workbook is read once per version: an edit saved in between is always seen."""
    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile)
    ids = {p.id for p in proposals}
    assert "P-c" not in read_decisions(path, profile, ids)[0], "pending"
    for decision in ("accepted", "rejected"):
        edit(path, {"P-c": {"decision": decision}})
        assert read_decisions(path, profile, ids)[0]["P-c"].decision == decision


# ------------------------------------------------------------------ the command


def test_review_command(runner, sample_workspace: Path, proposals) -> None:
    outputs = sample_workspace / "outputs"
    result = runner.invoke(cli, ["-w", str(sample_workspace), "review"])
    assert result.exit_code == 1
    assert "run `toolkit extract -o outputs/register.jsonl` first" in result.output

    write_register(proposals, outputs / "register.jsonl")
    result = runner.invoke(cli, ["-w", str(sample_workspace), "review"])
    assert result.exit_code == 0, result.output
    assert "5 proposals, 5 new, 0 decisions kept" in result.output
    assert [r["id"] for r in sheet_rows(outputs / "review.xlsx")][:2] == ["P-a", "P-d"]

    edit(outputs / "review.xlsx", {"P-a": {"decision": "acepted"}})
    other = outputs / "other.jsonl"
    write_register(proposals[:2], other)
    result = runner.invoke(cli, ["-w", str(sample_workspace), "review", "--register", str(other)])
    assert result.exit_code == 1, result.output  # updated, but the analysts' typo is an error
    assert "2 proposals, 0 new, 1 decisions kept" in result.output
    assert "previous workbook backed up to" in result.output
    assert "review.xlsx:proposals!N2: unknown decision 'acepted'" in result.output
    assert len(list((outputs / "backups").iterdir())) == 1


def test_review_help_has_an_example(runner) -> None:
    result = runner.invoke(cli, ["review", "--help"])
    assert result.exit_code == 0
    assert "Example: toolkit review" in result.output


def test_same_text_under_a_new_id_is_kept_without_a_flag(
    tmp_path: Path, proposals, profile
) -> None:
    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile)
    edit(path, {"P-b": {"decision": "accepted"}})
    renamed = make("P-b2", "s1", "It is necessary to train  museum managers in digital skills.")
    report = update_workbook(path, [proposals[0], renamed], profile)
    assert (report.kept, report.rematched, report.orphaned) == (1, [], 0)
    rows = {r["id"]: r for r in sheet_rows(path)}
    assert rows["P-b2"]["decision"] == "accepted" and rows["P-b2"]["comment"] is None


def test_overrides_accept_labels_and_a_dash_for_none(tmp_path: Path, proposals, profile) -> None:
    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile)
    label = profile.label("values", "creative-labour", "ru")
    edit(
        path,
        {
            "P-a": {
                "decision": "accepted",
                "values_override": f"{label}, LIFE",
                "targets_override": "-",
            }
        },
    )
    decisions, _ = read_decisions(path, profile)
    assert decisions["P-a"].values_override == ["creative-labour", "life"]
    assert decisions["P-a"].targets_override == []


@pytest.mark.parametrize("column", ["decision", "wording_en"])
def test_a_cleared_analyst_header_stops_the_update(
    tmp_path: Path, proposals, profile, column
) -> None:
    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile)
    workbook = load_workbook(path)
    sheet = workbook["proposals"]
    cell = sheet.cell(row=2, column=columns(sheet)["decision"])
    cell.value = "accepted"
    sheet.cell(row=1, column=columns(sheet)[column]).value = None
    workbook.save(path)
    before = path.read_bytes()
    with pytest.raises(ReviewError, match=f"proposals!1: column '{column}' is missing"):
        update_workbook(path, proposals, profile)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"score": "high"}, "field 'score' has the wrong type"),
        ({"values": None}, "field 'values' has the wrong type"),
        ({"language": "de"}, "field 'language' must be en or ru"),
    ],
)
def test_a_hand_edited_register_is_a_one_line_error(
    runner, sample_workspace: Path, record, message
) -> None:
    register = sample_workspace / "outputs" / "register.jsonl"
    good = {
        "id": "P-1",
        "session": "s",
        "text": "Regions should act.",
        "start": 0,
        "end": 5,
        "speaker": None,
        "language": "en",
    }
    register.write_text(json.dumps({**good, **record}) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["-w", str(sample_workspace), "review"])
    assert result.exit_code == 1
    assert f"{register}:1: not a register record ({message})" in result.output
    assert "Traceback" not in result.output


def test_a_formula_in_an_analyst_cell_is_reported(tmp_path: Path, proposals, profile) -> None:
    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile)
    edit(path, {"P-a": {"decision": "accepted", "wording_en": "=G2"}})
    with pytest.raises(ReviewError, match=r"proposals!Q\d+: formulas are not evaluated here"):
        read_decisions(path, profile)


def test_a_merged_proposal_names_its_session_once(runner, sample_workspace: Path) -> None:
    import docx

    outputs = sample_workspace / "outputs"
    cases = {  # session: the two speakers merged, what the sources line shows
        "music-festivals-roundtable": (
            (None, "Vsevolod Krylov"),
            "Music Festivals and the Siberian Scene (Vsevolod Krylov)",
        ),
        "local-identity-new-markets": (
            ("Alina Sedova", "Bair Tsyrenov"),
            "Local Identity as a Key to New Markets (Alina Sedova, Bair Tsyrenov)",
        ),
        "fashion-retail-international": (
            (None, None),
            "Russian Fashion Business in International Retail",
        ),
    }
    for note in (sample_workspace / "session_notes").rglob("*.md"):
        if note.stem not in cases:
            note.unlink()  # three sessions are enough, and quicker to draft
    proposals, decisions = [], {}
    for n, (session, ((one, two), _)) in enumerate(cases.items()):
        proposals.append(make(f"P-{n}a", session, f"Create fund number {n}.", speaker=one))
        proposals.append(make(f"P-{n}b", session, f"Set up fund number {n}.", speaker=two))
        decisions[f"P-{n}a"] = {"decision": "accepted"}
        decisions[f"P-{n}b"] = {"decision": "merged", "merge_into": f"P-{n}a"}
    write_register(proposals, outputs / "register.jsonl")
    assert runner.invoke(cli, ["-w", str(sample_workspace), "review"]).exit_code == 0
    edit(outputs / "review.xlsx", decisions)
    result = runner.invoke(cli, ["-w", str(sample_workspace), "draft", "--lang", "en"])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(outputs / "proposals-draft-en.docx"))
    lines = [p.text.split("Source: ")[1] for p in document.paragraphs if "Source: " in p.text]
    assert sorted(lines) == sorted(shown for _, shown in cases.values())


# ------------------------------------------------------------------ merge chains


@pytest.mark.parametrize(
    ("merges", "start", "ids", "cycle"),
    [
        ({}, "P-a", ["P-a"], None),
        ({"P-a": "P-b"}, "P-a", ["P-a", "P-b"], None),
        ({"P-a": "P-b", "P-b": "P-c"}, "P-a", ["P-a", "P-b", "P-c"], None),
        ({"P-a": "P-b", "P-b": "P-a"}, "P-a", ["P-a", "P-b"], ["P-a", "P-b", "P-a"]),
        (
            {"P-s": "P-a", "P-a": "P-b", "P-b": "P-a"},
            "P-s",
            ["P-s", "P-a", "P-b"],
            ["P-a", "P-b", "P-a"],
        ),
        ({"P-a": None}, "P-a", ["P-a"], None),  # merged with no target: the chain stops there
    ],
)
def test_merge_chain(merges, start, ids, cycle) -> None:
    decisions = {pid: Decision("merged", merge_into=target) for pid, target in merges.items()}
    chain = merge_chain(start, decisions)
    assert (chain.ids, chain.cycle, chain.root) == (ids, cycle, ids[-1])


# ------------------------------------------------------------------ not a proposal


def test_not_a_proposal_is_a_decision_of_its_own(tmp_path: Path, proposals, profile) -> None:
    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile)
    typed = {"P-a": "accepted", "P-b": "Not a  proposal", "P-c": "rejected"}
    edit(path, {pid: {"decision": decision} for pid, decision in typed.items()})
    decisions, _ = read_decisions(path, profile, {p.id for p in proposals})
    assert decisions["P-b"].decision == "not a proposal"
    for include_pending in (False, True):
        shown = [i.id for i in draft_items(proposals, decisions, include_pending)]
        assert "P-b" not in shown and "P-c" not in shown and "P-a" in shown


def test_labels_for_training(tmp_path: Path, profile) -> None:
    path = tmp_path / "review.xlsx"
    rows = [
        make("P-1", "s1", "Create a regional design centre.", decision="accepted"),
        make("P-2", "s1", "Let us recall last year's forum.", decision="not a proposal"),
        make("P-3", "s2", "Отменить налог на студии.", language="ru", decision="rejected"),
        make("P-4", "s2", "Объединить с предыдущим.", language="ru", decision="merged"),
        make("P-5", "s2", "Please go ahead.", decision="pending"),
    ]
    update_workbook(path, rows, profile)
    typed = {p.id: {"decision": p.decision} for p in rows}  # type: ignore[attr-defined]
    typed["P-4"]["merge_into"] = "P-3"
    edit(path, typed)
    found = labels(path)
    assert [(lb.id, lb.session, lb.language, lb.is_proposal) for lb in found] == [
        ("P-1", "s1", "en", True),
        ("P-2", "s1", "en", False),
        ("P-3", "s2", "ru", True),
        ("P-4", "s2", "ru", True),
    ]
    assert found[1] == ReviewLabel("P-2", "s1", "Let us recall last year's forum.", "en", False)
    edit(path, {"P-5": {"decision": "maybe"}})
    with pytest.raises(ReviewError, match=r"review.xlsx:proposals!N\d+: unknown decision 'maybe'"):
        labels(path)
    with pytest.raises(ReviewError, match="no review workbook"):
        labels(tmp_path / "missing.xlsx")


# ------------------------------------------------------------------ route


def test_route_comes_from_the_register_and_the_analysts_edit_wins(
    tmp_path: Path, proposals, profile
) -> None:
    path = tmp_path / "review.xlsx"
    for p, route in zip(
        proposals, ["state-programme", "regional-law", None, None, None], strict=True
    ):
        p.route, p.route_basis = route, "inferred" if route else None  # type: ignore[attr-defined]
    update_workbook(path, proposals, profile)
    sheet = load_workbook(path)["proposals"]
    cols = columns(sheet)
    found = sheet.cell(row_of(sheet, "P-a"), cols["route"])
    assert found.value == "state-programme" and found.font.i, "a suggestion is grey italic"
    (route_list,) = [v for v in sheet.data_validations.dataValidation if v.errorTitle == "route"]
    help_sheet = load_workbook(path)["help"]
    choices = [c.value for (c,) in help_sheet[route_list.formula1.split("!")[1].replace("$", "")]]
    assert choices == [*profile.documents, "procedural"]
    assert read_decisions(path, profile)[0] == {}, "a route left as found is no decision"

    edit(path, {"P-a": {"route": "Regional-Strategy"}, "P-b": {"route": "procedural"}})
    proposals[0].route = proposals[1].route = "municipal-strategy"  # type: ignore[attr-defined]
    proposals[2].route = "federal-level"  # type: ignore[attr-defined]
    report = update_workbook(path, proposals, profile)
    assert report.kept == 2
    rows = {r["id"]: r for r in sheet_rows(path)}
    assert rows["P-a"]["route"] == "Regional-Strategy" and rows["P-b"]["route"] == "procedural"
    assert rows["P-c"]["route"] == "federal-level", "an untouched route follows the register"
    decisions, _ = read_decisions(path, profile)
    assert (decisions["P-a"].route, decisions["P-b"].route) == ("regional-strategy", "procedural")
    items = {i.id: i for i in draft_items(proposals, decisions, include_pending=True)}
    assert (items["P-a"].route, items["P-a"].route_basis) == ("regional-strategy", "analyst")
    assert (items["P-b"].route, items["P-b"].route_basis) == (None, "analyst")
    assert (items["P-c"].route, items["P-c"].route_basis) == ("federal-level", None)

    edit(path, {"P-c": {"route": "a strategy of sorts"}})
    with pytest.raises(ReviewError, match=r"proposals!T\d+: unknown planning document type"):
        read_decisions(path, profile)


def test_a_workbook_from_before_the_route_column_is_upgraded(
    tmp_path: Path, proposals, profile
) -> None:
    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile)
    edit(path, {"P-a": {"decision": "accepted"}})
    workbook = load_workbook(path)
    sheet = workbook["proposals"]
    for name in ("suggested_wording", "suggested_route", "route"):  # as the first release wrote it
        sheet.delete_cols(columns(sheet)[name])
    workbook.save(path)
    update_workbook(path, proposals, profile)
    assert [c.value for c in load_workbook(path)["proposals"][1]] == HEADER
    assert read_decisions(path, profile)[0]["P-a"].decision == "accepted"
    # but a route header cleared in a workbook that has the column is data about to be lost
    workbook = load_workbook(path)
    sheet = workbook["proposals"]
    sheet.cell(1, columns(sheet)["route"]).value = None
    workbook.save(path)
    with pytest.raises(ReviewError, match="column 'route' is missing"):
        update_workbook(path, proposals, profile)


# ------------------------------------------------------------------ suggested wording


def test_suggested_wording_fills_only_empty_cells(tmp_path: Path, profile) -> None:
    path = tmp_path / "review.xlsx"
    ru = make(
        "P-r",
        "s1",
        "Предлагаю создать сеть центров.",
        language="ru",
        wording="Создать сеть центров.",
    )
    en = make(
        "P-e",
        "s1",
        "Regions should stop one-off festivals.",
        wording="Recommend that regions stop one-off festivals.",
    )
    typed = make("P-t", "s1", "We must fund studios.", wording="Fund studios.")
    update_workbook(path, [ru, en, typed], profile)
    sheet = load_workbook(path)["proposals"]
    cols = columns(sheet)
    cell = sheet.cell(row_of(sheet, "P-r"), cols["wording_ru"])
    assert (
        cell.value == "Создать сеть центров."
        and cell.font.i
        and cell.font.color.rgb.endswith("808080")
    )
    assert sheet.cell(row_of(sheet, "P-r"), cols["wording_en"]).value is None
    assert sheet.cell(row_of(sheet, "P-e"), cols["wording_en"]).value == en.wording  # type: ignore[attr-defined]
    assert read_decisions(path, profile)[0] == {}, "a suggestion is not an analyst's wording"

    edit(path, {"P-t": {"wording_en": "Fund the studios of small towns."}})
    ru.wording = "Создать сеть региональных центров."  # type: ignore[attr-defined]
    typed.wording = "Finance studios."  # type: ignore[attr-defined]
    report = update_workbook(path, [ru, en, typed], profile)
    assert report.kept == 1
    rows = {r["id"]: r for r in sheet_rows(path)}
    assert rows["P-r"]["wording_ru"] == "Создать сеть региональных центров.", "refreshed"
    assert rows["P-t"]["wording_en"] == "Fund the studios of small towns.", "never overwritten"
    sheet = load_workbook(path)["proposals"]
    assert not sheet.cell(row_of(sheet, "P-t"), columns(sheet)["wording_en"]).font.i
    decisions, _ = read_decisions(path, profile)
    assert decisions == {"P-t": Decision(wording_en="Fund the studios of small towns.")}
    items = {i.id: i for i in draft_items([ru, en, typed], decisions, include_pending=True)}
    assert items["P-r"].wording == {"ru": "Создать сеть региональных центров."}
    assert items["P-t"].wording == {"en": "Fund the studios of small towns."}

    # a proposal that disappears with only a suggestion in its row leaves no orphan
    report = update_workbook(path, [en, typed], profile)
    assert report.orphaned == 0


def test_an_analyst_wording_equal_to_an_old_suggestion_is_kept_once_edited(
    tmp_path: Path, profile
) -> None:
    path = tmp_path / "review.xlsx"
    proposal = make("P-e", "s1", "Regions should act.", wording="Recommend that regions act.")
    update_workbook(path, [proposal], profile)
    edit(path, {"P-e": {"wording_en": "Recommend that the regions act now."}})
    proposal.wording = ""  # type: ignore[attr-defined]  # the suggestion is withdrawn
    update_workbook(path, [proposal], profile)
    assert sheet_rows(path)[0]["wording_en"] == "Recommend that the regions act now."
    edit(path, {"P-e": {"wording_en": None}})
    proposal.wording = "Recommend that regions act."  # type: ignore[attr-defined]
    update_workbook(path, [proposal], profile)
    assert sheet_rows(path)[0]["wording_en"] == "Recommend that regions act.", "empty is refilled"


# ------------------------------------------------------------------ needs translation


def test_needs_translation_sheet(tmp_path: Path, proposals, profile) -> None:
    path = tmp_path / "review.xlsx"
    proposals[2].language = "ru"
    proposals[2].wording = "Создать кинокомиссию."  # type: ignore[attr-defined]
    update_workbook(path, proposals, profile)
    assert sheet_rows(path, "needs translation") == []
    edit(
        path,
        {
            "P-a": {"decision": "accepted"},
            "P-b": {"decision": "accepted", "wording_ru": "Обучить руководителей музеев."},
            "P-c": {"decision": "accepted"},
            "P-d": {"decision": "merged", "merge_into": "P-a"},
            "P-e": {"decision": "rejected"},
        },
    )
    report = update_workbook(path, proposals, profile)
    rows = sheet_rows(path, "needs translation")
    assert [(r["id"], r["language"], r["missing"], r["merged"]) for r in rows] == [
        ("P-a", "en", "ru", "P-d"),
        ("P-c", "ru", "en", None),
    ]
    assert rows[1]["wording_ru"] == "Создать кинокомиссию."
    assert report.untranslated == 2
    assert "2 accepted proposals have no wording in one of the documents' languages" in (
        report.summary()
    )
    decisions, _ = read_decisions(path, profile)
    items = draft_items(proposals, decisions)
    assert {i.id: i.needs_translation(["ru", "en"]) for i in items} == {
        "P-a": ["ru"],
        "P-b": [],
        "P-c": ["en"],
    }
    assert items[0].needs_translation(["en"]) == []


# ------------------------------------------------------------------ decisions before writing


@pytest.mark.parametrize(
    ("edits", "kept"),
    [
        ({}, 5),
        (
            {
                "P-a": {
                    "decision": " Accepted ",
                    "wording_en": "Open a design centre",
                    "values_override": "creative-labour, life",
                },
                "P-b": {"decision": "rejected", "comment": 12.0},
                "P-d": {"decision": "merged", "merge_into": "P-a"},
                "P-e": {"route": "state-programme", "comment": "=1+1"},
            },
            5,
        ),
        (  # mistakes: the same message for the same cell
            {
                "P-a": {"decision": "acepted"},
                "P-b": {"decision": "merged", "merge_into": "P-zzz"},
                "P-d": {"targets_override": "no-such-plan", "decision": "accepted"},
            },
            5,
        ),
        ({"P-a": {"decision": "merged", "merge_into": "P-d"}, "P-d": {"merge_into": "P-a"}}, 5),
        ({"P-c": {"decision": "rejected"}, "P-e": {"wording_en": "Kept aside"}}, 3),  # orphans
    ],
    ids=["untouched", "decided", "mistakes", "merge cycle", "orphaned"],
)
def test_decisions_read_before_writing_are_those_read_from_the_file(
    tmp_path: Path, proposals, profile, edits, kept
) -> None:
    """The build drafts from the decisions of the update about to be written, as the workbook
    is written: they are what reading the written workbook gives, warnings and errors alike."""
    from toolkit.review.update import plan_update

    path = tmp_path / "review.xlsx"
    update_workbook(path, proposals, profile)
    workbook = load_workbook(path)
    workbook["proposals"].cell(1, workbook["proposals"].max_column + 1).value = "Our notes"
    workbook.save(path)
    edit(path, edits)
    now = [p for p in proposals if p.id not in ("P-c", "P-e")][:kept] if kept < 5 else proposals
    ids = {p.id for p in now}

    def outcome(read) -> tuple[object, ...]:
        try:
            return read()
        except ReviewError as exc:
            return ("error", exc.message)

    planned = plan_update(path, now, profile)
    before = outcome(planned.decisions)
    planned.write()
    after = outcome(lambda: read_decisions(path, profile, ids))
    assert before == after
    assert before[0] == "error" or isinstance(before[0], dict)
