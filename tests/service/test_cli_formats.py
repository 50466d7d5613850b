"""`reportqa ingest` on a folder that mixes every format, a bad file among them."""

from __future__ import annotations

import json
import random
from pathlib import Path

import opencc
from click.testing import CliRunner

from eval.synth import generate
from service.cli import main
from tests.ingest.test_html import page
from tests.ingest.test_pdf import pdf, row_blocks
from tests.ingest.test_word import document


def test_a_folder_mixing_every_format_is_ingested_file_by_file(tmp_path: Path) -> None:
    reports = [generate(random.Random(seed), layout="row_tabs") for seed in range(60, 66)]
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text(reports[0].text, encoding="utf-8")
    (folder / "b.md").write_text(reports[1].text, encoding="gb18030")
    (folder / "c.html").write_text(page(reports[2]), encoding="utf-8")
    (folder / "d.docx").write_bytes(document(reports[3]))
    (folder / "e.pdf").write_bytes(pdf(row_blocks(reports[4].text), header=reports[4].agency))
    traditional = opencc.OpenCC("s2t").convert(reports[5].text)
    (folder / "f.txt").write_text(traditional, encoding="utf-8")
    (folder / "g.pdf").write_text("<html><body>年度报告</body></html>", encoding="utf-8")
    (folder / "notes.odt").write_bytes(b"skipped: not a report format")

    db = str(tmp_path / "mixed.db")
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", db, "--json", "--no-index"])
    assert result.exit_code == 1  # one file failed; the others are stored
    out = json.loads(result.stdout)
    files = {Path(f["path"]).name: f for f in out["files"]}
    assert sorted(files) == ["a.txt", "b.md", "c.html", "d.docx", "e.pdf", "f.txt", "g.pdf"]
    assert "not a PDF" in files["g.pdf"]["error"]
    by_name = dict(
        zip(["a.txt", "b.md", "c.html", "d.docx", "e.pdf", "f.txt"], reports, strict=True)
    )
    for name, report in by_name.items():
        found = files[name]
        assert found["status"] == "added", (name, found)
        assert (found["agency"], found["year"]) == (report.agency, report.year), name
        assert found["failed_checks"] == 0, name
    assert out["summary"]["added"] == 6 and out["summary"]["failed"] == 1

    listed = json.loads(CliRunner().invoke(main, ["reports", "--db", db, "--json"]).stdout)
    assert len(listed) == 6
