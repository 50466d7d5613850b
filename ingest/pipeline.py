"""Files in, database rows out: the one place ingest touches the file system.

A batch never stops at a bad file: each file's failure is caught here, at the per-file
boundary, reported with its reason, and the batch goes on. Nothing already stored is lost.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from ingest.errors import IngestError, UnreadableFileError
from ingest.html import html_source
from ingest.parse import parse_report
from ingest.pdf import pdf_source
from ingest.reading import Normalised, decode, normalise
from ingest.records import ParsedReport, Segment, SourceText
from ingest.store import save
from ingest.word import docx_source

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
WORD_SUFFIXES = frozenset({".docx"})
PDF_SUFFIXES = frozenset({".pdf"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | WORD_SUFFIXES | PDF_SUFFIXES
_KINDS = (
    {suffix: "html" for suffix in HTML_SUFFIXES}
    | {suffix: "word" for suffix in WORD_SUFFIXES}
    | {suffix: "pdf" for suffix in PDF_SUFFIXES}
)
MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class FileResult:
    path: str
    status: str  # "added", "replaced", "unchanged" or "failed"
    report_id: str | None = None
    agency: str | None = None
    year: int | None = None
    facts: int = 0
    failed_checks: int = 0
    incomplete: bool = False
    warnings: tuple[str, ...] = ()
    error: str | None = None


def read_file(path: Path, *, agency: str | None = None, year: int | None = None) -> ParsedReport:
    """Parse one report file; raises an ``IngestError`` naming the file and the problem."""
    if path.suffix.lower() not in SUFFIXES:
        raise UnreadableFileError(
            f"{path}: {path.suffix or 'no suffix'} is not a supported format "
            f"(supported: {', '.join(sorted(SUFFIXES))})"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFileError(f"{path}: cannot read file ({error.strerror})") from error
    return read_bytes(
        data,
        str(path),
        key=str(path.resolve()),
        agency=agency,
        year=year,
        kind=_KINDS.get(path.suffix.lower(), "text"),
    )


def read_bytes(
    data: bytes,
    name: str,
    *,
    key: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    kind: str = "text",
) -> ParsedReport:
    """Parse one report's bytes: ``kind`` "text", "html" (a web page), "word" (.docx) or
    "pdf" (with a text layer); ``name`` is how errors refer to it."""
    if len(data) > MAX_BYTES:
        raise UnreadableFileError(f"{name}: {len(data)} bytes is too large for a report")
    if kind == "html":
        source, encoding = html_source(data, name)
    elif kind == "word":
        source, encoding = docx_source(data, name), "docx"
    elif kind == "pdf":
        source, encoding = pdf_source(data, name), "pdf"
    else:
        text, encoding = decode(data, name)
        source = SourceText(text=text)
    normalised = normalise(source.text)
    return parse_report(
        normalised.text,
        name=name,
        key=key,
        encoding=encoding,
        source_sha256=hashlib.sha256(data).hexdigest(),
        agency=agency,
        year=year,
        segments=_through(normalised, source.segments),
    )


def _through(normalised: Normalised, segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """Segments of the source text as spans of its normalised text (which may drop
    zero-width characters, so offsets can shift)."""
    origin = normalised.origin
    moved = (
        Segment(start=bisect_left(origin, s.start), end=bisect_left(origin, s.end), place=s.place)
        for s in segments
    )
    return tuple(segment for segment in moved if segment.start < segment.end)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named, and report files found below folders named, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
        else:
            files.append(path)
    return files


def ingest_files(
    db: sqlite_utils.Database,
    files: Iterable[Path],
    *,
    agency: str | None = None,
    year: int | None = None,
    on_file: Callable[[FileResult], None] | None = None,
) -> Iterator[FileResult]:
    """Ingest each file in turn; a file that fails is reported and skipped."""
    for path in files:
        result = _ingest_one(db, path, agency=agency, year=year)
        if on_file is not None:
            on_file(result)
        yield result


def _ingest_one(
    db: sqlite_utils.Database, path: Path, *, agency: str | None, year: int | None
) -> FileResult:
    try:
        parsed = read_file(path, agency=agency, year=year)
        status, notes = save(db, parsed)
    except IngestError as error:
        return FileResult(path=str(path), status="failed", error=str(error))
    except Exception as error:  # the batch's per-file boundary: report, skip, go on
        return FileResult(
            path=str(path),
            status="failed",
            error=f"{path}: unexpected {type(error).__name__}: {error}",
        )
    report = parsed.report
    return FileResult(
        path=str(path),
        status=status,
        report_id=report.id,
        agency=report.agency,
        year=report.year,
        facts=len(parsed.facts),
        failed_checks=sum(check.status == "fail" for check in parsed.checks),
        incomplete=report.incomplete,
        warnings=report.warnings + notes,
    )
