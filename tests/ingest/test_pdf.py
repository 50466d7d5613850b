"""PDF reports: the sample report and generated reports written as PDFs by reportlab (merged
header cells, header labels wrapped one character a line, a table split across two pages,
the agency's name atop every page and "- n -" below it) read back to exactly the same table
facts as the text; and PDFs that cannot be read are refused with a clear reason."""

from __future__ import annotations

import io
import json
import random
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eval.bench_pdf import blocks as sample_blocks  # the sample's cells, one per line
from eval.synth import SynthReport, generate
from eval.synth_layouts import LITIGATION_OUTCOMES
from ingest.errors import IngestError, NotAReportError, UnreadableFileError
from ingest.pipeline import expand, ingest_files, read_bytes, read_file
from ingest.records import ParsedReport
from ingest.store import open_db
from ingest.template import APPLICANT_COLUMNS
from tests.ingest.readback import assert_reads_back
from tests.ingest.test_html import _COLSPAN

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpus" / "zibo-zhangdian-traffic-police-2024.txt"
GOLDEN = ROOT / "tests" / "data" / "sample-table-facts.json"

# Column headers that sit above one column each: never the cell that takes up a short row's
# spare columns (that is the row's label).
_HEADERS = frozenset(label for _, label in (*APPLICANT_COLUMNS, *LITIGATION_OUTCOMES))
_FIGURE = re.compile(r"\d[\d,.]*\s*(?:[(（][^()（）]*[)）])?")
Rows = list[list[str]]
Block = str | Rows  # a paragraph, or a table's rows of cells
Grid = dict[tuple[int, int], tuple[str, int, int]]  # (row, column) -> (text, rows, columns)


def row_blocks(text: str) -> list[Block]:
    """A generated report's row-per-line layout: a table row is one line of tabbed cells."""
    blocks: list[Block] = []
    for line in text.split("\n"):
        if "\t" in line:
            cells = [cell.strip() for cell in line.split("\t")]
            if blocks and isinstance(blocks[-1], list):
                blocks[-1].append(cells)
            else:
                blocks.append([cells])
        elif line.strip():
            blocks.append(line.strip())
    return blocks


def grid(rows: Rows) -> tuple[Grid, int]:
    """Rows laid out on one grid as a printed table: header cells span their columns, a
    short row's label takes up its spare columns, and a label spans the empty cells below."""
    width = max(sum(_COLSPAN.get(cell, 1) for cell in row) for row in rows)
    placed: Grid = {}
    for r, row in enumerate(rows):
        spans = [_COLSPAN.get(cell, 1) for cell in row]
        labels = [
            i
            for i, cell in enumerate(row)
            if cell
            and cell not in _COLSPAN
            and cell not in _HEADERS
            and not _FIGURE.fullmatch(cell)
        ]
        spans[labels[-1] if labels else 0] += width - sum(spans)
        c = 0
        for cell, span in zip(row, spans, strict=True):
            placed[(r, c)] = (cell, 1, span)
            c += span
    for (r, c), (text, _, across) in sorted(placed.items()):
        if not text or _FIGURE.fullmatch(text):
            continue
        down = 1
        while placed.get((r + down, c), ("x", 0, 0)) == ("", 1, across):
            del placed[(r + down, c)]
            down += 1
        placed[(r, c)] = (text, down, across)
    return placed, width


def pdf(
    blocks: list[Block],
    *,
    header: str,
    footer: str = "- {n} -",
    split: int | None = None,
    repeat_header: int = 0,
) -> bytes:
    """The blocks as an A4 PDF with ``header`` atop every page and ``footer`` (with the page
    number ``n`` and the page count ``total``) below it; table number ``split`` (0-based) is
    broken across two pages in its middle, its first ``repeat_header`` rows printed again."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    total = 0
    for _ in range(2 if "{total}" in footer else 1):  # a first pass counts the pages
        out = io.BytesIO()
        document = SimpleDocTemplate(out, pagesize=A4, leftMargin=50, rightMargin=50)
        draw = _furniture(header, footer, total)
        document.build(
            _story(blocks, document.width, split, repeat_header),
            onFirstPage=draw,
            onLaterPages=draw,
        )
        total = document.page
    return out.getvalue()


def _furniture(header: str, footer: str, total: int) -> Callable[[Any, Any], None]:
    from reportlab.lib.pagesizes import A4

    def draw(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 36, header)
        canvas.drawCentredString(A4[0] / 2, 30, footer.format(n=document.page, total=total))
        canvas.restoreState()

    return draw


def _story(
    blocks: list[Block], width: float, split: int | None, repeat_header: int
) -> list[object]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph

    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=10.5, leading=16)
    body.wordWrap = "CJK"
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=7, leading=8.5)
    cell.wordWrap = "CJK"
    story: list[object] = []
    tables = 0
    for block in blocks:
        if isinstance(block, str):
            story.append(Paragraph(escape(block), body))
            continue
        placed, columns = grid(block)
        widths = _widths(columns, width)
        if tables == split:
            middle = len(block) // 2
            story += [
                _table(placed, widths, range(middle), cell),
                PageBreak(),
                _table(placed, widths, [*range(repeat_header), *range(middle, len(block))], cell),
            ]
        else:
            story.append(_table(placed, widths, range(len(block)), cell))
        tables += 1
    return story


def _widths(columns: int, total: float) -> list[float]:
    """Table 三's grid (ten columns) has a narrow first column, so its group label wraps one
    character a line; other tables share the width evenly."""
    if columns != 10:
        return [total / columns] * columns
    return [14.0, 56.0, 100.0] + [(total - 170) / 7] * 7


def _table(placed: Grid, widths: list[float], rows: object, style: object) -> object:
    from reportlab.platypus import Paragraph, Table, TableStyle

    chosen = list(rows)  # type: ignore[call-overload]
    data = [["" for _ in widths] for _ in chosen]
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for i, r in enumerate(chosen):
        for c in range(len(widths)):
            if (r, c) not in placed:
                continue
            text, down, across = placed[(r, c)]
            data[i][c] = Paragraph(escape(text), style)
            last = i
            while last + 1 < len(chosen) and chosen[last + 1] == chosen[last] + 1:
                last += 1
            bottom = min(i + down - 1, last)  # a merged cell ends where the page does
            if bottom > i or across > 1:
                commands.append(("SPAN", (c, i), (c + across - 1, bottom)))
    return Table(data, colWidths=widths, style=TableStyle(commands))


def _table_rows(parsed: ParsedReport) -> list[dict[str, object]]:
    return [
        {
            "table": f.table,
            "metric": f.metric,
            "column": f.column,
            "value": None if f.value is None else str(f.value),
            "note": f.note,
            "empty": f.empty,
        }
        for f in parsed.facts
        if f.source == "table"
    ]


def _golden() -> list[dict[str, object]]:
    rows = json.loads(GOLDEN.read_text(encoding="utf-8"))
    return [{key: row[key] for key in _TABLE_KEYS} for row in rows]


_TABLE_KEYS = ("table", "metric", "column", "value", "note", "empty")


@pytest.fixture(scope="module")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("repeat_header", "footer"),
    [(0, "- {n} -"), (3, "- {n} -"), (3, "第{n}页 共{total}页"), (0, "{n}/{total}")],
)
def test_the_sample_as_a_pdf_reads_to_the_golden_table_facts(
    sample_text: str, repeat_header: int, footer: str
) -> None:
    blocks = sample_blocks(sample_text)
    agency = blocks[0]
    assert isinstance(agency, str)
    data = pdf(blocks, header=agency, footer=footer, split=1, repeat_header=repeat_header)
    parsed = read_bytes(data, "sample.pdf", kind="pdf")
    text_version = read_file(SAMPLE)
    assert _table_rows(parsed) == _golden() == _table_rows(text_version)
    assert {check.status for check in parsed.checks} == {"pass"}
    report = parsed.report
    assert (report.agency, report.year, report.published) == (
        text_version.report.agency,
        text_version.report.year,
        text_version.report.published,
    )
    assert not report.incomplete


def test_page_headers_and_footers_stay_out_of_tables_and_passages(sample_text: str) -> None:
    blocks = sample_blocks(sample_text)
    agency = blocks[0]
    assert isinstance(agency, str)
    parsed = read_bytes(pdf(blocks, header=agency, split=1), "sample.pdf", kind="pdf")
    text = parsed.report.text
    pages = max(p.page or 0 for p in parsed.passages)
    assert pages >= 3
    assert not re.search(r"^- \d+ -$", text, re.M)
    # The agency's name stays where the report prints it (title, signature), once each.
    assert text.count(agency) == sample_text.count(agency)
    for passage in parsed.passages:
        assert "- 2 -" not in passage.text


def test_wrapped_header_cells_are_joined_into_one_line(sample_text: str) -> None:
    blocks = sample_blocks(sample_text)
    parsed = read_bytes(pdf(blocks, header="页眉"), "sample.pdf", kind="pdf")
    lines = parsed.report.text.split("\n")
    assert any(line.startswith("三、本年度办理结果\t") for line in lines)
    assert (
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
        in lines[next(i for i, line in enumerate(lines) if "申请人情况" in line)]
    )
    figures = next(line for line in lines if re.fullmatch(r"\d+(\t\d+){14}", line))
    assert figures == "\t".join(["0"] * 15)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**9),
    repeat_header=st.sampled_from([0, 3]),
    footer=st.sampled_from(["- {n} -", "第{n}页", "第{n}页 共{total}页", "{n}"]),
    title_atop=st.booleans(),
)
def test_generated_reports_as_pdfs_read_back_exactly(
    seed: int, repeat_header: int, footer: str, title_atop: bool
) -> None:
    report = generate(random.Random(seed), layout="row_tabs")
    blocks = row_blocks(report.text)
    header = report.text.split("\n")[1] if title_atop else report.agency  # title or agency
    data = pdf(blocks, header=header, footer=footer, split=1, repeat_header=repeat_header)
    parsed = read_bytes(data, "report.pdf", kind="pdf")
    assert_reads_back(parsed, report)
    # Outside the tables the text is the paragraphs', all of them and nothing else (no page
    # furniture); a paragraph may break where a sentence ends at the right margin.
    paragraphs = [b for b in blocks if isinstance(b, str)]
    cells = {cell for block in blocks if isinstance(block, list) for row in block for cell in row}
    lines = [line for line in parsed.report.text.split("\n") if line not in cells]
    lines = [line for line in lines if "\t" not in line]  # rows of more than one cell
    assert "".join(lines) == "".join(paragraphs)


@settings(max_examples=25, deadline=None)
@given(cut=st.integers(0, 10**6), seed=st.integers(0, 3))
def test_a_cut_or_damaged_pdf_raises_only_the_parsers_own_error(cut: int, seed: int) -> None:
    data = bytearray(_good()[1])
    if seed:  # damage a few bytes past the header instead of cutting
        rng = random.Random(cut)
        for _ in range(seed * 5):
            data[rng.randrange(20, len(data))] = rng.randrange(256)
    else:
        data = data[: cut % len(data)]
    try:
        read_bytes(bytes(data), "damaged.pdf", kind="pdf")
    except IngestError as error:
        assert str(error).startswith("damaged.pdf: ")


def _encrypted(report: SynthReport) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, encrypt="secret")  # a user password
    page.setFont("STSong-Light", 10)
    page.drawString(50, 800, report.text.split("\n")[1])
    page.save()
    return out.getvalue()


def _scanned() -> bytes:
    """A page that is only a picture: a scan, without a text layer."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pixels = io.BytesIO()
    _png(pixels)
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawImage(ImageReader(pixels), 50, 400, width=400, height=300)
    page.save()
    return out.getvalue()


def _png(out: io.BytesIO) -> None:
    import struct
    import zlib

    width, height = 8, 8
    raw = b"".join(
        b"\x00" + bytes([(x * 31 + y * 17) % 256 for x in range(width)]) for y in range(height)
    )

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    out.write(b"\x89PNG\r\n\x1a\n")
    out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)))
    out.write(chunk(b"IDAT", zlib.compress(raw)))
    out.write(chunk(b"IEND", b""))
    out.seek(0)


@cache
def _good() -> tuple[SynthReport, bytes]:
    report = generate(random.Random(3), layout="row_tabs")
    return report, pdf(row_blocks(report.text), header=report.agency)


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda: "<html><body><p>2024年年度报告</p></body></html>".encode(), "not a PDF"),
        (lambda: _good()[1][:2000], "not a readable PDF"),
        (lambda: _encrypted(_good()[0]), "encrypted"),
        (_scanned, "no text layer.*OCR is not supported"),
    ],
    ids=["html", "truncated", "encrypted", "scanned"],
)
def test_unreadable_pdfs_are_refused_clearly(make: Callable[[], bytes], problem: str) -> None:
    with pytest.raises(UnreadableFileError, match=rf"^bad\.pdf: .*{problem}"):
        read_bytes(make(), "bad.pdf", kind="pdf")


def test_a_readable_pdf_that_is_not_a_report_says_so() -> None:
    data = pdf(["从前有座山，山里有座庙。" * 30, "庙里有个老和尚。"], header="故事")
    with pytest.raises(NotAReportError, match=r"^story\.pdf: not a government information"):
        read_bytes(data, "story.pdf", kind="pdf")


def test_a_batch_goes_on_past_unreadable_pdfs(tmp_path: Path) -> None:
    report, good = _good()
    (tmp_path / "good.pdf").write_bytes(good)
    (tmp_path / "page.pdf").write_text("<html><body>年度报告</body></html>", encoding="utf-8")
    (tmp_path / "cut.pdf").write_bytes(good[: len(good) // 3])
    (tmp_path / "locked.pdf").write_bytes(_encrypted(report))
    (tmp_path / "scan.pdf").write_bytes(_scanned())
    db = open_db(":memory:")
    results = {Path(r.path).name: r for r in ingest_files(db, expand([tmp_path]))}
    assert results["good.pdf"].status == "added"
    assert results["good.pdf"].facts > 200
    for name in ("page.pdf", "cut.pdf", "locked.pdf", "scan.pdf"):
        assert results[name].status == "failed"
        error = results[name].error
        assert error is not None and error.startswith(str(tmp_path / name))
        assert "unexpected" not in error
    assert db.table("reports").count == 1
