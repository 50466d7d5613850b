"""The records ingest produces: frozen, slotted, keyword-only dataclasses.

Ids are sha256 digests of content, so re-ingesting a report is an idempotent upsert.
Every record points back into the report's normalised text by a character span:
``report.text[start:end]`` is the passage, the table row or the sentence.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal


def content_id(*parts: object) -> str:
    """A stable 16-hex-digit id from the parts' text."""
    joined = "\x1f".join("" if part is None else str(part) for part in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    id: str
    key: str  # what a newer version of the same report shares: the file's resolved path
    agency: str | None
    year: int | None
    published: str | None  # ISO date of the signature, e.g. 2025-01-10
    title: str | None
    template: str  # "2021" (国办公开办函〔2021〕30号) or "2019" (trial format)
    source_path: str
    source_sha256: str
    encoding: str
    text: str  # the normalised text every span points into
    warnings: tuple[str, ...] = ()
    incomplete: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    id: str
    report_id: str
    key: str  # "0" preamble, "1".."6" the template's sections, "1.2" a sub-part
    path: tuple[str, ...]  # headings from the section down, as the report words them
    title: str
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Passage:
    id: str
    report_id: str
    section_key: str
    section_path: tuple[str, ...]
    kind: str  # "paragraph", "sentence" or "table_row"
    text: str
    start: int
    end: int
    page: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    id: str
    report_id: str
    source: str  # "table" or "prose"
    table: str | None  # "二", "三", "四"; None for prose
    metric: str  # canonical key, e.g. "requests.carried_over" or "prose.新闻稿件"
    metric_label: str  # the template's Chinese label, or the prose clause
    column: str  # canonical column key, e.g. "natural_person", "total", "issued"
    column_label: str
    value: Decimal | None  # None only for an empty or unreadable cell
    unit: str
    raw: str  # the verbatim cell or number text
    note: str | None = None  # 含淄博经开区
    approximate: bool = False  # 3400余条, 超1300万
    empty: bool = False
    inferred: bool = False  # placed by the template's sums, not by the text's layout
    unreadable: bool = False  # the cell holds something that is not a number ("O")
    clause: str | None = None  # prose: the clause saying what is counted
    passage_id: str | None = None
    start: int = 0  # span of the table row or the sentence
    end: int = 0
    ordinal: int = 0  # the cell's place in its row, or the figure's offset in its sentence
    page: int | None = None
    # Where the cell stands in the source file's tables (grid positions, spans expanded).
    table_index: int | None = None
    cell_row: int | None = None
    cell_column: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """Where a piece of the text came from: a page, and a table cell in the source grid."""

    page: int | None = None  # 1-based
    table: int | None = None  # 0-based, in document order
    row: int | None = None
    column: int | None = None


# A line of text as a reader builds it: (separator, pieces), each piece (text, place).
SourceLine = tuple[str, tuple[tuple[str, Place], ...]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    """``text[start:end]`` came from ``place``."""

    start: int
    end: int
    place: Place


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceText:
    """A file's text as the parser reads it, with where each piece of it came from."""

    text: str
    segments: tuple[Segment, ...] = ()


def table_line(
    cells: Sequence[str], *, table: int, row: int, page: int | None = None
) -> SourceLine | None:
    """A table row as a line of tab-separated cells, each placed at its column; None for a
    row with no text. Empty cells at the end are dropped: normalising drops their tabs."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    if not end:
        return None
    return "\t", tuple(
        (cells[column], Place(page=page, table=table, row=row, column=column))
        for column in range(end)
    )


def join_lines(lines: Iterable[SourceLine]) -> SourceText:
    """Lines of placed pieces, each line given as (separator, pieces), joined: the pieces by
    their line's separator (a tab between table cells), the lines by newlines."""
    parts: list[str] = []
    segments: list[Segment] = []
    offset = 0
    for separator, pieces in lines:
        for index, (text, place) in enumerate(pieces):
            if index:
                parts.append(separator)
                offset += len(separator)
            if text and place != _NOWHERE:
                segments.append(Segment(start=offset, end=offset + len(text), place=place))
            parts.append(text)
            offset += len(text)
        parts.append("\n")
        offset += 1
    return SourceText(text="".join(parts), segments=tuple(segments))


_NOWHERE = Place()


@dataclass(frozen=True, slots=True, kw_only=True)
class Check:
    id: str
    report_id: str
    rule: str  # e.g. "三.column_balance"
    scope: str  # the column, row or group checked, e.g. "natural_person"
    status: str  # "pass", "fail" or "skipped"
    expected: Decimal | None
    actual: Decimal | None
    cells: tuple[str, ...]  # the compared facts' ids
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedReport:
    """Everything read from one report, ready to store."""

    report: Report
    sections: tuple[Section, ...] = ()
    passages: tuple[Passage, ...] = ()
    facts: tuple[Fact, ...] = ()
    checks: tuple[Check, ...] = field(default_factory=tuple)
