"""PDF reading speed: the sample report as a ~10-page PDF, read several times.

    python -m eval.bench_pdf --pages 10 --repeats 7 --out eval/results/bench-pdf.json

Writes the sample report (corpus/zibo-zhangdian-traffic-police-2024.txt) as an A4 PDF with
reportlab, its tables as ruled tables and its section 五 repeated until the PDF has at least
``pages`` pages, then times ``read_bytes(kind="pdf")`` (PDF text, parse, checks) ``repeats``
times. Prints (and with ``--out`` writes) median and max seconds, pages and seconds per page,
and whether the PDF's table facts equal the text version's. Target: under 1 s for 10 pages.
Timings are from one run on a shared machine: compare ratios, not seconds.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from eval.output import emit
from ingest.pipeline import read_bytes
from ingest.records import ParsedReport

SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "zibo-zhangdian-traffic-police-2024.txt"
_FILLER_AFTER = "五、存在的主要问题及改进情况"

Block = str | list[list[str]]  # a paragraph, or a table's rows of cells


def blocks(text: str) -> list[Block]:
    """The sample's layout: one table cell per tab-indented line, blank lines end rows."""
    out: list[Block] = []
    rows: list[list[str]] = []
    row: list[str] = []
    for line in text.split("\n"):
        if line.startswith("\t"):
            row.append(line[1:].strip())
            continue
        if row:
            rows.append(row)
            row = []
        if line.strip():
            if rows:
                out.append(rows)
                rows = []
            out.append(line.strip())
    if row:
        rows.append(row)
    return [*out, rows] if rows else out


def with_filler(source: list[Block], copies: int) -> list[Block]:
    """Section 五's paragraphs repeated ``copies`` times, to make the report longer."""
    start = source.index(_FILLER_AFTER) + 1
    end = next(i for i in range(start, len(source)) if source[i] == "六、其他需要报告的事项")
    return source[:end] + list(source[start:end]) * copies + source[end:]


def write_pdf(content: list[Block], header: str) -> tuple[bytes, int]:
    """The blocks as an A4 PDF with ``header`` atop each page and "- n -" below; its pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=10.5, leading=16)
    body.wordWrap = "CJK"
    small = ParagraphStyle("cell", fontName="STSong-Light", fontSize=7, leading=8.5)
    small.wordWrap = "CJK"

    def furniture(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 36, header)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {document.page} -")
        canvas.restoreState()

    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, leftMargin=50, rightMargin=50)
    story: list[Any] = []
    for block in content:
        if isinstance(block, str):
            story.append(Paragraph(escape(block), body))
            continue
        width = max(len(row) for row in block)
        data = [
            [Paragraph(escape(c), small) for c in row] + [""] * (width - len(row)) for row in block
        ]
        style = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")])
        story.append(Table(data, colWidths=[document.width / width] * width, style=style))
    document.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return out.getvalue(), document.page


def _table_facts(parsed: ParsedReport) -> list[tuple[object, ...]]:
    return [(f.table, f.metric, f.column, f.value, f.note) for f in parsed.facts if f.table]


def run(pages: int, repeats: int) -> dict[str, Any]:
    """Write the PDF, read it ``repeats`` times; the measurements as a dict."""
    text = SAMPLE.read_text(encoding="utf-8")
    source = blocks(text)
    header = source[0]
    assert isinstance(header, str)
    copies, (data, printed) = 0, write_pdf(source, header)
    while printed < pages:
        copies += 1
        data, printed = write_pdf(with_filler(source, copies), header)
    seconds = []
    parsed = None
    for _ in range(repeats):
        started = time.perf_counter()
        parsed = read_bytes(data, "bench.pdf", kind="pdf")
        seconds.append(time.perf_counter() - started)
    assert parsed is not None
    expected = read_bytes(text.encode("utf-8"), "bench.txt")
    return {
        "pages": printed,
        "pdf_bytes": len(data),
        "repeats": repeats,
        "median_seconds": round(statistics.median(seconds), 3),
        "max_seconds": round(max(seconds), 3),
        "median_seconds_per_page": round(statistics.median(seconds) / printed, 4),
        "under_1s_per_10_pages": statistics.median(seconds) * 10 / printed < 1.0,
        "facts": len(parsed.facts),
        "passages": len(parsed.passages),
        "failed_checks": sum(check.status == "fail" for check in parsed.checks),
        "same_table_facts_as_text": _table_facts(parsed) == _table_facts(expected),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10, help="at least this many pages")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--out", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    results = run(args.pages, args.repeats)
    emit(results, args.out)
    return 0 if results["same_table_facts_as_text"] and not results["failed_checks"] else 1


if __name__ == "__main__":
    sys.exit(main())
