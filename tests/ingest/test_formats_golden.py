"""The real sample report in other formats reads to exactly the facts of its text version.

The sample's text (a Word table turned into text: one cell per tab-indented line, rows
separated by blank lines, a vertically merged cell's lower parts left as empty lines) is
read back into grids here, generically, and written out as a CMS web page (navigation,
breadcrumb, scripts, share buttons, footer; merged cells as ``rowspan``/``colspan``) and as
a Word document with merged cells. Each must give the golden table facts that the text
version gives, the same identity and the same prose figures.
"""

from __future__ import annotations

import copy
import html
import io
import json
import re
from collections import Counter
from dataclasses import dataclass

import docx
import pytest

from ingest.pipeline import read_bytes, read_file
from ingest.records import ParsedReport
from tests.ingest.test_html import _COLSPAN
from tests.ingest.test_sample_report import GOLDEN, SAMPLE, _golden_rows

# A figure as a cell prints it: "0", "1964904(含淄博经开区)", "0.36" (not "1.属于国家秘密").
_FIGURE = re.compile(r"[\d,.]+(?:[(（][^()（）]*[)）])?")


@dataclass(frozen=True, slots=True)
class Placed:
    """One drawn cell: where it starts, its text, and how many rows and columns it covers."""

    row: int
    column: int
    text: str
    down: int = 1
    across: int = 1


Block = str | list[list[str]]  # a paragraph, or a table's rows of cell texts


def blocks(text: str) -> list[Block]:
    """The sample's paragraphs and tables, in order: a table's rows are runs of tab-indented
    lines (one cell each, an empty one included) ended by a blank line."""
    found: list[Block] = []
    rows: list[list[str]] | None = None
    row: list[str] = []
    for line in text.split("\n"):
        if line.startswith("\t"):
            rows = rows if rows is not None else []
            row.append(line[1:])
            continue
        if row and rows is not None:
            rows.append(row)
            row = []
        if line.strip():
            if rows:
                found.append(rows)
            rows = None
            found.append(line)
    if rows:
        found.append([*rows, row] if row else rows)
    return found


def _figure(text: str) -> bool:
    return bool(_FIGURE.fullmatch(text.strip()))


def _last_label(cells: list[str]) -> int:
    """The index of the row's last label cell (text that is not a figure), or -1."""
    labels = [i for i, cell in enumerate(cells) if cell.strip() and not _figure(cell)]
    return labels[-1] if labels else -1


def layout(rows: list[list[str]]) -> list[Placed]:
    """The table as a CMS or Word draws it. An empty cell among a row's labels (or anywhere
    in a header row) is the lower part of the cell above it: that cell spans down over it.
    Header cells span the columns the template gives them; a row narrower than the table
    has its last label (a header row: its first cell) span the rest."""
    width = max(len(cells) for cells in rows)
    figure_columns = max(
        (len(c) - _last_label(c) - 1 for c in rows if any(map(_figure, c))), default=0
    )
    placed: list[Placed] = []
    owner: dict[tuple[int, int], int] = {}  # grid position -> index into placed
    for r, cells in enumerate(rows):
        last = _last_label(cells)
        data = any(map(_figure, cells)) or len(cells) - last - 1 >= figure_columns
        below = [
            not cell.strip() and (not data or i < last) and r > 0 for i, cell in enumerate(cells)
        ]
        spans = [1 if below[i] else _COLSPAN.get(cell.strip(), 1) for i, cell in enumerate(cells)]
        used = sum(_across(placed, owner, r, cells, below, spans))
        widened = last if data and last >= 0 else below.index(False)
        spans[widened] += width - used
        column = 0
        for cell, is_below, across in zip(cells, below, spans, strict=True):
            if is_below:
                index = owner[(r - 1, column)]
                anchor = placed[index]
                placed[index] = Placed(
                    anchor.row, anchor.column, anchor.text, anchor.down + 1, anchor.across
                )
                for c in range(anchor.column, anchor.column + anchor.across):
                    owner[(r, c)] = index
                column = anchor.column + anchor.across
                continue
            placed.append(Placed(r, column, cell, 1, across))
            for c in range(column, column + across):
                owner[(r, c)] = len(placed) - 1
            column += across
    return placed


def _across(
    placed: list[Placed],
    owner: dict[tuple[int, int], int],
    r: int,
    cells: list[str],
    below: list[bool],
    spans: list[int],
) -> list[int]:
    """The columns each cell of row ``r`` takes before widening: a lower part takes the
    columns of the cell it continues."""
    taken, column = [], 0
    for is_below, across in zip(below, spans, strict=True):
        if is_below:
            anchor = placed[owner[(r - 1, column)]]
            across = anchor.column + anchor.across - column
        taken.append(across)
        column += across
    return taken


def page(found: list[Block]) -> bytes:
    """The report as a government CMS page, chrome around the article."""
    title, *body = found
    assert isinstance(title, str)
    parts = []
    for block in body:
        if isinstance(block, str):
            parts.append(f"<p>{html.escape(block)}</p>")
            continue
        placed = layout(block)
        rows = []
        for r in range(len(block)):
            cells = "".join(_td(cell) for cell in placed if cell.row == r)
            rows.append(f"<tr>{cells}</tr>")
        parts.append(f'<table border="1" class="MsoNormalTable">{"".join(rows)}</table>')
    heading = html.escape(title)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{heading}_政府信息公开年报</title>
<script>var nav = ["一、总体情况", "二、主动公开"]; document.write("<table></table>");</script>
<style>.share {{ float: right }}</style></head>
<body><div class="top-nav"><ul><li>首页</li><li>政务公开</li><li>政府信息公开年报</li></ul></div>
<div class="breadcrumb">当前位置：首页 &gt; 政府信息公开 &gt; 年度报告</div>
<div class="main"><div class="article"><h1>{heading}</h1>
<div class="TRS_Editor">{"".join(parts)}</div></div>
<div class="share">分享到：微信 微博 <button>打印</button></div></div>
<div class="footer">版权所有 网站标识码 3703030001 <a href="#">网站地图</a></div>
</body></html>""".encode()


def _td(cell: Placed) -> str:
    spans = (f' rowspan="{cell.down}"' if cell.down > 1 else "") + (
        f' colspan="{cell.across}"' if cell.across > 1 else ""
    )
    return f"<td{spans}>{html.escape(cell.text)}</td>"


def document(found: list[Block]) -> bytes:
    """The report as a Word document: paragraphs, and tables with merged cells."""
    out = docx.Document()
    out.sections[0].footer.paragraphs[0].text = "- 1 -"
    for block in found:
        if isinstance(block, str):
            out.add_paragraph(block)
            continue
        placed = layout(block)
        width = max(cell.column + cell.across for cell in placed)
        grid = out.add_table(rows=len(block), cols=width)
        for cell in placed:
            target = grid.cell(cell.row, cell.column)
            if cell.down > 1 or cell.across > 1:
                corner = grid.cell(cell.row + cell.down - 1, cell.column + cell.across - 1)
                target = target.merge(corner)
            target.text = cell.text
    data = io.BytesIO()
    out.save(data)
    return data.getvalue()


@pytest.fixture(scope="module")
def text_version() -> ParsedReport:
    return read_file(SAMPLE)


@pytest.fixture(scope="module")
def sample_blocks() -> list[Block]:
    return blocks(SAMPLE.read_text(encoding="utf-8"))


def _title_joined(found: list[Block]) -> list[Block]:
    """The two title lines as one (a page's <h1>), the rest as found."""
    first, second, *rest = found
    return [f"{first}{second}", *rest]


def _prose(parsed: ParsedReport) -> Counter[tuple[str, object]]:
    return Counter((f.metric, f.value) for f in parsed.facts if f.source == "prose")


def _same_as_text(parsed: ParsedReport, text_version: ParsedReport) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert _golden_rows(parsed) == golden
    assert (parsed.report.agency, parsed.report.year, parsed.report.published) == (
        text_version.report.agency,
        text_version.report.year,
        text_version.report.published,
    )
    assert _prose(parsed) == _prose(text_version)
    assert {c.status for c in parsed.checks} == {"pass"}


def test_the_sample_text_is_read_into_its_three_tables(sample_blocks: list[Block]) -> None:
    tables = [block for block in sample_blocks if isinstance(block, list)]
    assert len(tables) == 3
    # Every row of table 三's body ends in its seven applicant cells.
    body = [row for row in tables[1] if any(map(_figure, row))]
    assert len(body) == 23 and all(len(row) - _last_label(row) - 1 == 7 for row in body)
    for rows in tables:  # the drawn grid covers every row exactly, with no overlap
        placed = layout(rows)
        covered = Counter(
            (cell.row + i, cell.column + j)
            for cell in placed
            for i in range(cell.down)
            for j in range(cell.across)
        )
        width = max(len(row) for row in rows)
        assert set(covered.values()) == {1}
        assert set(covered) == {(r, c) for r in range(len(rows)) for c in range(width)}


def test_the_sample_as_a_web_page_gives_the_golden_facts(
    sample_blocks: list[Block], text_version: ParsedReport
) -> None:
    data = page(_title_joined(sample_blocks))
    assert b"rowspan" in data and b"colspan" in data
    parsed = read_bytes(data, "sample.html", kind="html")
    _same_as_text(parsed, text_version)
    for chrome in ("当前位置", "分享到", "版权所有", "document.write", "网站地图"):
        assert chrome not in parsed.report.text


def test_the_sample_as_a_word_document_gives_the_golden_facts(
    sample_blocks: list[Block], text_version: ParsedReport
) -> None:
    parsed = read_bytes(document(sample_blocks), "sample.docx", kind="word")
    _same_as_text(parsed, text_version)
    assert "- 1 -" not in parsed.report.text


@pytest.mark.parametrize("kind", ["html", "word"])
@pytest.mark.parametrize("column", [3, 7], ids=["inside", "last (总计)"])
def test_an_empty_cell_keeps_its_place_in_pages_and_documents(
    sample_blocks: list[Block], kind: str, column: int
) -> None:
    found = copy.deepcopy(_title_joined(sample_blocks))
    tables = [block for block in found if isinstance(block, list)]
    # The first row of table 三 whose figures are all printed: one of them left empty.
    row = next(r for r in tables[1] if sum(map(_figure, r)) == 7)
    emptied = _last_label(row) + column  # the third applicant column, or 总计
    row[emptied] = ""
    data = page(found) if kind == "html" else document(found)
    parsed = read_bytes(data, f"sample.{'html' if kind == 'html' else 'docx'}", kind=kind)
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    rows = _golden_rows(parsed)
    changed = [i for i, (got, want) in enumerate(zip(rows, golden, strict=True)) if got != want]
    assert len(changed) == 1
    assert rows[changed[0]]["empty"] and rows[changed[0]]["raw"] == ""
    inferred = {f.metric for f in parsed.facts if f.source == "table" and f.inferred}
    if column == 7:  # a blank last cell leaves no trace in the text: the sums place the rest
        assert len(inferred) == 1
        assert any("placed by the template" in w for w in parsed.report.warnings)
    else:
        assert not inferred
