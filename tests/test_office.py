"""LibreOffice's profiles: the toolkit records the installed version in them, so LibreOffice
skips its graphics self-tests at start (toolkit/draft/pdf.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from toolkit.draft import pdf
from toolkit.draft.pdf import EMPTY_SETTINGS, LAST_VERSION, SETTINGS, convert, installed_version

OTHER_ITEM = (
    '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse">'
    "<value>en-US</value></prop></item>"
)
END = "</oor:items>\n"


@pytest.fixture
def program(tmp_path: Path) -> str:
    """A LibreOffice installation laid out as on Linux, whose settings say version 7.4."""
    home = tmp_path / "libreoffice"
    (home / "program").mkdir(parents=True)
    (home / "share" / "registry").mkdir(parents=True)
    (home / "share" / "registry" / "main.xcd").write_text(
        '<oor:component-data oor:name="Setup"><node oor:name="Product">\n'
        '<prop oor:name="ooSetupVersion" oor:type="xs:string" oor:nillable="false">\n'
        "<value/></prop>\n"
        '<prop oor:name="ooSetupVersion">\n        <value>7.4</value>\n</prop>\n',
        encoding="utf-8",
    )
    soffice = home / "program" / "soffice"
    soffice.write_text("#!/bin/sh\n", encoding="utf-8")
    return str(soffice)


def test_the_version_is_read_from_the_installation(program: str, tmp_path: Path) -> None:
    installed_version.cache_clear()
    assert installed_version(program) == "7.4"
    assert installed_version(str(tmp_path / "elsewhere" / "program" / "soffice")) is None


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (None, EMPTY_SETTINGS.replace(END, LAST_VERSION.format("7.4") + "\n" + END)),
        (
            EMPTY_SETTINGS.replace(END, OTHER_ITEM + "\n" + END),
            EMPTY_SETTINGS.replace(
                END, OTHER_ITEM + "\n" + LAST_VERSION.format("7.4") + "\n" + END
            ),
        ),
        (  # LibreOffice was upgraded since: the older version is replaced, not repeated
            EMPTY_SETTINGS.replace(
                END, LAST_VERSION.format("7.3") + "\n" + OTHER_ITEM + "\n" + END
            ),
            EMPTY_SETTINGS.replace(
                END, OTHER_ITEM + "\n" + LAST_VERSION.format("7.4") + "\n" + END
            ),
        ),
        (  # already recorded: left as it is
            EMPTY_SETTINGS.replace(END, LAST_VERSION.format("7.4") + "\n" + END),
            EMPTY_SETTINGS.replace(END, LAST_VERSION.format("7.4") + "\n" + END),
        ),
        ("<oor:items><item cut short", "<oor:items><item cut short"),  # not ours to repair
    ],
)
def test_a_profile_records_the_installed_version(
    program: str, tmp_path: Path, before: str | None, after: str
) -> None:
    installed_version.cache_clear()
    profile = tmp_path / "profile"
    settings = profile / SETTINGS
    if before is not None:
        settings.parent.mkdir(parents=True)
        settings.write_text(before, encoding="utf-8")
    pdf._record_version(profile, program)
    assert settings.read_text(encoding="utf-8") == after


def test_unreadable_settings_are_left_alone(program: str, tmp_path: Path) -> None:
    installed_version.cache_clear()
    settings = tmp_path / "profile" / SETTINGS
    settings.parent.mkdir(parents=True)
    settings.write_bytes(b"\xff\xfe\x00garbage")
    pdf._record_version(tmp_path / "profile", program)  # no exception
    assert settings.read_bytes() == b"\xff\xfe\x00garbage"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_skips_its_self_tests_in_the_toolkits_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pins what the toolkit relies on: LibreOffice runs its graphics self-tests (and logs
    them in the profile) in a profile without the version, and not in the toolkit's."""
    document = docx.Document()
    document.add_paragraph("Page one.")
    source = tmp_path / "one.docx"
    document.save(str(source))
    bare = tmp_path / "bare-profile"
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={bare.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "bare"),
            str(source),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert (bare / "user" / "GraphicsRenderTests.log").is_file(), "LibreOffice's self-tests ran"

    monkeypatch.setattr(pdf, "_CACHE", tmp_path / "cache")
    written = convert([source], tmp_path / "out", processes=1).wait()
    assert written == [tmp_path / "out" / "one.pdf"]
    kept = tmp_path / "cache" / "libreoffice-0" / "profile"
    assert LAST_VERSION.format(installed_version(shutil.which("soffice") or "")) in (
        kept / SETTINGS
    ).read_text(encoding="utf-8")
    assert not (kept / "user" / "GraphicsRenderTests.log").exists(), "no self-tests"
