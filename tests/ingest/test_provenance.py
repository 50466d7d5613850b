"""Provenance: PDF facts and passages carry the page they are printed on; table facts from
PDF, HTML and Word carry the cell they came from (table, row and column in the source grid,
spans expanded), checked against where the test put each cell; the store keeps them."""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

import pdfplumber
import pytest
import sqlite_utils

from eval.synth import SynthReport, generate
from ingest import store
from ingest.pipeline import read_bytes
from ingest.records import Fact, ParsedReport
from tests.ingest.test_html import page
from tests.ingest.test_pdf import Grid, grid, pdf, row_blocks
from tests.ingest.test_word import _grid, document


def _tables(report: SynthReport) -> list[list[list[str]]]:
    return [block for block in row_blocks(report.text) if isinstance(block, list)]


def _placed_cells(parsed: ParsedReport) -> list[Fact]:
    return [f for f in parsed.facts if f.source == "table" and f.cell_row is not None]


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _check_cells(parsed: ParsedReport, grids: list[Grid]) -> None:
    """Every non-empty table fact names a cell, and the test put the fact's text there."""
    table_facts = [f for f in parsed.facts if f.source == "table"]
    placed = _placed_cells(parsed)
    assert len(placed) == sum(not f.empty for f in table_facts) > 150
    for fact in placed:
        assert fact.table_index is not None
        assert fact.cell_row is not None and fact.cell_column is not None
        text = grids[fact.table_index][(fact.cell_row, fact.cell_column)][0]
        assert _squeezed(text) == _squeezed(fact.raw)


@pytest.fixture(scope="module")
def report() -> SynthReport:
    return generate(random.Random(11), layout="row_tabs")


@pytest.fixture(scope="module")
def pdf_data(report: SynthReport) -> bytes:
    return pdf(row_blocks(report.text), header=report.agency, split=1, repeat_header=3)


@pytest.fixture(scope="module")
def from_pdf(pdf_data: bytes) -> ParsedReport:
    return read_bytes(pdf_data, "report.pdf", kind="pdf")


def test_pdf_table_facts_name_the_cell_the_test_drew(
    report: SynthReport, from_pdf: ParsedReport
) -> None:
    _check_cells(from_pdf, [grid(rows)[0] for rows in _tables(report)])


def test_html_table_facts_name_their_cell_in_the_expanded_grid(report: SynthReport) -> None:
    parsed = read_bytes(page(report).replace("CHARSET", "utf-8").encode(), "r.html", kind="html")
    assert all(p.page is None for p in parsed.passages)  # a web page has no pages
    _check_cells(parsed, [_grid(rows)[0] for rows in _tables(report)])


def test_word_table_facts_name_their_cell_in_the_expanded_grid(report: SynthReport) -> None:
    parsed = read_bytes(document(report), "r.docx", kind="word")
    _check_cells(parsed, [_grid(rows)[0] for rows in _tables(report)])


def test_every_pdf_passage_and_fact_has_the_page_it_is_printed_on(
    pdf_data: bytes, from_pdf: ParsedReport
) -> None:
    with pdfplumber.open(io.BytesIO(pdf_data)) as document:
        pages = [_squeezed(p.extract_text()) for p in document.pages]
    assert all(p.page is not None for p in from_pdf.passages)
    assert all(f.page is not None for f in from_pdf.facts)
    prose = [p for p in from_pdf.passages if p.kind != "table_row"]
    assert len({p.page for p in prose}) >= 2
    for passage in prose:
        assert passage.page is not None
        opening = _squeezed(passage.text)[:8]
        assert opening in pages[passage.page - 1]  # its first words are on its page
    passages = {p.id: p for p in from_pdf.passages}
    for fact in from_pdf.facts:
        assert fact.passage_id is not None and passages[fact.passage_id].page is not None
        if fact.source == "prose":
            assert _squeezed(fact.raw) in pages[fact.page - 1]  # type: ignore[operator]


def test_a_table_split_across_pages_is_one_table_on_two_pages(from_pdf: ParsedReport) -> None:
    table_3 = [f for f in from_pdf.facts if f.table == "三"]
    assert len({f.table_index for f in table_3 if f.table_index is not None}) == 1
    rows = sorted({(f.cell_row, f.page or 0) for f in table_3 if f.cell_row is not None})
    pages = [p for _, p in rows]
    assert 0 not in pages
    assert pages == sorted(pages) and len(set(pages)) >= 2  # later rows, later pages
    assert from_pdf.report.text.count("申请人情况") == 1  # the repeated header is dropped
    assert re.search(r"^\d+(\t\d+){14}$", from_pdf.report.text, re.M)  # table 四's figures


def test_the_store_keeps_pages_and_cells_and_opens_an_older_database(
    tmp_path: Path, from_pdf: ParsedReport
) -> None:
    path = f"{tmp_path}/old.db"
    old = sqlite_utils.Database(path)
    old.table("facts").create({"id": str, "report_id": str, "metric": str, "page": int}, pk="id")
    old.close()
    db = store.open_db(path)
    store.save(db, from_pdf)
    rows = {row["id"]: row for row in db.table("facts").rows}
    for fact in from_pdf.facts:
        row = rows[fact.id]
        assert (row["page"], row["table_index"], row["cell_row"], row["cell_column"]) == (
            fact.page,
            fact.table_index,
            fact.cell_row,
            fact.cell_column,
        )
    pages = {row["page"] for row in db.table("passages").rows}
    assert None not in pages and len(pages) >= 2
