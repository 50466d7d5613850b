"""Word reports: generated reports written as .docx by python-docx (paragraphs, real tables
with merged header and label cells, page headers and footers) read back exactly."""

from __future__ import annotations

import io
import random
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eval.synth import SynthReport, generate
from ingest.errors import UnreadableFileError
from ingest.pipeline import read_bytes, read_file
from tests.ingest.readback import table_cells
from tests.ingest.test_html import _COLSPAN, _ROWSPAN


def _grid(rows: list[list[str]]) -> tuple[dict[tuple[int, int], tuple[str, int, int]], int]:
    """Cells placed as a printed table places them: (row, column) -> (text, rows, columns)."""
    placed: dict[tuple[int, int], tuple[str, int, int]] = {}
    taken: set[tuple[int, int]] = set()
    width = 0
    table_4 = False
    for r, cells in enumerate(rows):
        table_4 = table_4 or cells[0] == "行政复议"
        c = 0
        for text in cells:
            while (r, c) in taken:
                c += 1
            down = _ROWSPAN.get(text, 1) if not (text == "总计" and table_4) else 1
            across = _COLSPAN.get(text, 1)
            placed[(r, c)] = (text, down, across)
            taken |= {(r + i, c + j) for i in range(down) for j in range(across)}
            c += across
            width = max(width, c)
    return placed, width


def document(report: SynthReport) -> bytes:
    out = docx.Document()
    section = out.sections[0]
    section.header.paragraphs[0].text = report.agency  # repeated on every page
    section.footer.paragraphs[0].text = "- 1 -"
    block: list[list[str]] = []

    def table() -> None:
        if not block:
            return
        placed, width = _grid(block)
        grid = out.add_table(rows=len(block), cols=width)
        for (r, c), (text, down, across) in placed.items():
            cell = grid.cell(r, c)
            if down > 1 or across > 1:
                cell = cell.merge(grid.cell(min(r + down, len(block)) - 1, c + across - 1))
            cell.text = text
        block.clear()

    for line in report.text.split("\n"):
        if "\t" in line:
            block.append(line.split("\t"))
        else:
            table()
            if line.strip():
                out.add_paragraph(line)
    table()
    data = io.BytesIO()
    out.save(data)
    return data.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9))
def test_generated_documents_read_back_exactly(seed: int) -> None:
    report = generate(random.Random(seed), layout="row_tabs")
    parsed = read_bytes(document(report), "report.docx", kind="word")
    assert table_cells(parsed) == report.cells
    assert (parsed.report.agency, parsed.report.year) == (report.agency, report.year)
    assert {c.status for c in parsed.checks} == {"pass"}
    assert "- 1 -" not in parsed.report.text  # the footer is not body text


def test_a_folder_of_documents_is_read_by_suffix(tmp_path: Path) -> None:
    report = generate(random.Random(4), layout="row_tabs")
    path = tmp_path / "report.docx"
    path.write_bytes(document(report))
    assert table_cells(read_file(path)) == report.cells


@pytest.mark.parametrize("data", [b"not a zip at all", b"PK\x03\x04broken zip"])
def test_a_corrupt_document_is_refused_clearly(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(data)
    with pytest.raises(UnreadableFileError, match=r"broken\.docx: not a"):
        read_file(path)
