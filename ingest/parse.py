"""Text in, records out: the pure core of ingest (only ``pipeline`` touches files)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from ingest.checks import run_checks
from ingest.errors import NotAReportError
from ingest.identity import read_identity
from ingest.numbers import parse_cell
from ingest.passages import SENTENCE_END, build_passages, passage_id
from ingest.prose import find_figures
from ingest.records import (
    Fact,
    ParsedReport,
    Passage,
    Place,
    Report,
    Section,
    Segment,
    content_id,
)
from ingest.resolve import resolve_table_3
from ingest.script import in_original, simplified
from ingest.sections import Heading, find_headings, split_sections
from ingest.tables import RowRead, Token, read_table
from ingest.template import Cell, Table, tables, template_of

# Bumped when parsing changes, so re-ingesting replaces what an older parser stored.
PARSER_VERSION = "2"


def parse_report(
    text: str,
    *,
    name: str,
    key: str | None = None,
    source_sha256: str = "",
    encoding: str = "utf-8",
    agency: str | None = None,
    year: int | None = None,
    segments: Sequence[Segment] = (),
) -> ParsedReport:
    """Read one report's normalised ``text``; ``agency``/``year`` override what it says.

    ``segments`` (sorted spans of ``text`` with the page or table cell they came from) give
    each passage and fact its page, and each table fact its cell in the source's tables.

    ``name`` is how messages refer to the report; ``key`` (default: ``name``) is what a newer
    version of the same report shares, such as the file's resolved path.
    """
    # Template words are matched in simplified characters; the view shares every offset.
    original, text = text, simplified(text)
    headings = find_headings(text)
    identity = read_identity(text, headings[0].start if headings else len(text))
    agency = agency or identity.agency
    year = year or identity.year
    report_id = content_id("report", PARSER_VERSION, original, agency, year)
    sections = split_sections(report_id, text, headings)
    template = template_of(_section_text(text, sections, "2"), year)
    reads = {table.name: _read(text, sections, table) for table in tables(template)}
    if "信息公开" not in text or (len(headings) < 2 and sum(map(len, reads.values())) < 3):
        raise NotAReportError(
            f"{name}: not a government information disclosure annual report "
            "(no template section headings or table rows found)"
        )
    warnings = [w for w in identity.warnings if not _overridden(w, agency, year)]
    table_facts, table_warnings = _table_facts(report_id, reads)
    warnings += table_warnings
    rows = [(read.start, read.end) for table_reads in reads.values() for read in table_reads]
    passages = build_passages(report_id, text, sections, rows)
    facts = table_facts + _prose_facts(report_id, text, passages)
    if segments:
        passages, facts = _placed(passages, facts, reads, segments)
    missing = _missing(reads, headings, template)
    report = Report(
        id=report_id,
        key=key or name,
        agency=agency,
        year=year,
        published=identity.published,
        title=identity.title,
        template=template,
        source_path=name,
        source_sha256=source_sha256,
        encoding=encoding,
        text=text,
        warnings=tuple(warnings + missing),
        incomplete=bool(missing) or any(f.unreadable for f in facts),
    )
    parsed = ParsedReport(
        report=report,
        sections=sections,
        passages=passages,
        facts=tuple(facts),
        checks=run_checks(report_id, facts),
    )
    return in_original(parsed, original)


def _overridden(warning: str, agency: str | None, year: int | None) -> bool:
    return (warning.startswith("agency") and agency is not None) or (
        warning.startswith("report year") and year is not None
    )


def _read(text: str, sections: tuple[Section, ...], table: Table) -> list[RowRead]:
    holder = next((s for s in sections if s.key == table.section), None)
    if holder is None:
        return []
    reads = read_table(text, holder.start + len(holder.title), holder.end, table)
    return resolve_table_3(reads) if table.name == "三" else reads


def _section_text(text: str, sections: tuple[Section, ...], key: str) -> str:
    holder = next((s for s in sections if s.key == key), None)
    return text[holder.start : holder.end] if holder else ""


def _missing(
    reads: dict[str, list[RowRead]], headings: tuple[Heading, ...], template: str
) -> list[str]:
    """What a complete report has and this one lacks: a sign of truncation or mangling."""
    notes = []
    found = {h.key for h in headings}
    absent = [key for key in "123456" if key not in found]
    if absent:
        notes.append(f"sections not found: {', '.join(absent)}")
    for table in tables(template):
        seen = {read.row.key for read in reads[table.name]}
        lost = [row.label for row in table.rows if row.key not in seen]
        if lost:
            notes.append(
                f"table {table.name}: rows not found: {'; '.join(lost[:5])}"
                + (f" (+{len(lost) - 5} more)" if len(lost) > 5 else "")
            )
    return notes


def _table_facts(report_id: str, reads: dict[str, list[RowRead]]) -> tuple[list[Fact], list[str]]:
    facts, warnings = [], []
    for table_name, table_reads in reads.items():
        for read in table_reads:
            warnings += [f"table {table_name}: {w}" for w in read.warnings]
            for ordinal, (cell, token) in enumerate(zip(read.row.cells, read.cells, strict=True)):
                if read.missing_from is not None and ordinal >= read.missing_from:
                    break  # the text ends before this cell: no fact, not an empty one
                fact = _cell_fact(report_id, table_name, read, cell, token, ordinal)
                if fact.unreadable:
                    warnings.append(
                        f"table {table_name} row {read.row.label} column "
                        f"{cell.column_label}: cannot read '{fact.raw}' as a number"
                    )
                facts.append(fact)
    return facts, warnings


def _cell_fact(
    report_id: str, table_name: str, read: RowRead, cell: Cell, token: Token | None, ordinal: int
) -> Fact:
    raw = token.raw if token is not None else ""
    value = parse_cell(raw, cell.unit)
    return Fact(
        id=content_id(report_id, "table", table_name, cell.metric, cell.column),
        report_id=report_id,
        source="table",
        table=table_name,
        metric=cell.metric,
        metric_label=cell.metric_label,
        column=cell.column,
        column_label=cell.column_label,
        value=value.value,
        unit=cell.unit,
        raw=raw,
        note=value.note,
        approximate=value.approximate,
        empty=value.empty,
        inferred=read.inferred,
        unreadable=value.unreadable,
        passage_id=passage_id(report_id, read.start, read.end),
        start=read.start,
        end=read.end,
        ordinal=ordinal,
    )


def _prose_facts(report_id: str, text: str, passages: tuple[Passage, ...]) -> list[Fact]:
    facts = []
    for passage in passages:
        if passage.kind == "table_row":
            continue
        for figure in find_figures(passage.text):
            start = passage.start + figure.start
            sentence_start, sentence_end = _sentence(text, passage, start)
            facts.append(
                Fact(
                    id=content_id(report_id, "prose", start, figure.raw),
                    report_id=report_id,
                    source="prose",
                    table=None,
                    metric=figure.metric,
                    metric_label=figure.metric_label,
                    column="",
                    column_label="",
                    value=figure.value,
                    unit=figure.unit,
                    raw=figure.raw,
                    approximate=figure.approximate,
                    clause=figure.clause,
                    passage_id=passage.id,
                    start=sentence_start,
                    end=sentence_end,
                    ordinal=start - sentence_start,
                )
            )
    return facts


def _sentence(text: str, passage: Passage, position: int) -> tuple[int, int]:
    """The sentence of ``passage`` that holds ``position``."""
    start = passage.start
    for match in SENTENCE_END.finditer(text, passage.start, position):
        start = match.end()
    found = SENTENCE_END.search(text, position, passage.end)
    end = found.end() if found else passage.end
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _placed(
    passages: tuple[Passage, ...],
    facts: list[Fact],
    reads: dict[str, list[RowRead]],
    segments: Sequence[Segment],
) -> tuple[tuple[Passage, ...], list[Fact]]:
    """Passages and facts with the page, and table facts with the cell, they came from."""
    starts = [segment.start for segment in segments]

    def where(position: int) -> Place | None:
        index = bisect_right(starts, position) - 1
        if index < 0 or position >= segments[index].end:
            return None
        return segments[index].place

    cells: dict[tuple[str | None, str, str], int] = {
        (name, cell.metric, cell.column): token.start
        for name, table_reads in reads.items()
        for read in table_reads
        for cell, token in zip(read.row.cells, read.cells, strict=True)
        if token is not None
    }
    placed_passages = tuple(
        replace(p, page=place.page) if (place := where(p.start)) else p for p in passages
    )
    placed_facts = []
    for fact in facts:
        cell = cells.get((fact.table, fact.metric, fact.column))
        if fact.source == "table":
            anchor = cell if cell is not None else fact.start
        else:
            anchor = fact.start + fact.ordinal  # the figure itself, not its sentence
        place = where(anchor)
        if place is None:
            placed_facts.append(fact)
        elif cell is None:  # a prose figure, or an empty cell: its page, not a cell
            placed_facts.append(replace(fact, page=place.page))
        else:
            placed_facts.append(
                replace(
                    fact,
                    page=place.page,
                    table_index=place.table,
                    cell_row=place.row,
                    cell_column=place.column,
                )
            )
    return placed_passages, placed_facts
