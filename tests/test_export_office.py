"""The reports open in an office suite: LibreOffice converts the .docx and .xlsx to PDF.

python-docx and openpyxl re-read what they wrote (tests/test_export.py); this is the check
that a program the offices use opens the files too. The PDF text is read back with poppler's
pdftotext (pypdf garbles Vietnamese stacked marks there) and must hold the exemplars the store
has. Skips without ``soffice`` and ``pdftotext`` unless PHONGTRAO_REQUIRE_OFFICE=1 (set in CI,
which installs LibreOffice and poppler-utils).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from phongtrao.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
if SOFFICE is None or PDFTOTEXT is None:
    _MISSING = "needs LibreOffice (soffice) and poppler-utils (pdftotext) to open the reports"
    if os.environ.get("PHONGTRAO_REQUIRE_OFFICE") == "1":
        pytest.fail(f"{_MISSING} (PHONGTRAO_REQUIRE_OFFICE=1 makes this a failure)", pytrace=False)
    pytest.skip(_MISSING, allow_module_level=True)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("office") / "store.db"
    result = CliRunner().invoke(cli, ["ingest", str(ROOT / "corpora" / "texts"), "--db", str(path), "--jobs", "1"])
    assert result.exit_code == 0, result.stderr
    return path


def _as_pdf(report: Path, tmp_path: Path) -> str:
    """The report converted by LibreOffice, as the text of its PDF pages."""
    profile = tmp_path / "profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), str(report)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "pdf" / (report.stem + ".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    return subprocess.run([PDFTOTEXT, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_libreoffice_opens_the_exemplar_summary(db, tmp_path, suffix):
    report = tmp_path / f"diem-hinh{suffix}"
    result = CliRunner().invoke(cli, ["export", "exemplars", "--db", str(db), "--out", str(report)])
    assert result.exit_code == 0, result.stderr
    conn = sqlite3.connect(db)
    names = [row[0] for row in conn.execute("SELECT DISTINCT coalesce(name, text) FROM exemplars ORDER BY id LIMIT 5")]
    conn.close()
    assert names
    text = " ".join(_as_pdf(report, tmp_path).split())
    if suffix == ".docx":
        assert "Tổng hợp điển hình tiên tiến" in text
    for name in names:
        assert " ".join(name.split()) in text, name
