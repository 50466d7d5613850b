"""Passages: the pieces of a report small enough to show as the source of an answer.

A passage is a paragraph, or a run of its sentences when the paragraph is long, or one table
row. Its span slices the report's normalised text exactly: ``text[start:end] == passage``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.records import Passage, Section, content_id
from ingest.sections import ARTIFACT, TABLE_SECTIONS, section_at

MAX_CHARS = 300
# Where a sentence (or a clause closed by a semicolon) ends: passages are cut there, and a
# prose figure's span is the one it stands in. Paragraphs are single lines, so no newline.
SENTENCE_END = re.compile(r"[。！？；!?;]")
_MEANINGFUL = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def passage_id(report_id: str, start: int, end: int) -> str:
    return content_id(report_id, "passage", start, end)


def build_passages(
    report_id: str, text: str, sections: tuple[Section, ...], rows: Iterable[tuple[int, int]]
) -> tuple[Passage, ...]:
    """Passages for the prose of every section, and one for each table row span in ``rows``."""
    row_spans = sorted(rows)
    passages = [
        _passage(report_id, text, sections, start, end, "table_row") for start, end in row_spans
    ]
    for start, end in _gaps(0, len(text), row_spans):
        for piece_start, piece_end in _paragraphs(text, start, end):
            key = section_at(sections, piece_start).key
            if key.split(".")[0] in TABLE_SECTIONS and piece_end - piece_start < 15:
                continue  # a header fragment of a table, not a passage
            for a, b, kind in _pieces(text, piece_start, piece_end):
                passages.append(_passage(report_id, text, sections, a, b, kind))
    return tuple(sorted(passages, key=lambda p: p.start))


def _passage(
    report_id: str, text: str, sections: tuple[Section, ...], start: int, end: int, kind: str
) -> Passage:
    section = section_at(sections, start)
    return Passage(
        id=passage_id(report_id, start, end),
        report_id=report_id,
        section_key=section.key,
        section_path=section.path,
        kind=kind,
        text=text[start:end],
        start=start,
        end=end,
    )


def _gaps(start: int, end: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    gaps, position = [], start
    for a, b in spans:
        if a > position:
            gaps.append((position, a))
        position = max(position, b)
    if position < end:
        gaps.append((position, end))
    return gaps


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Non-blank lines of ``text[start:end]``, trimmed of whitespace and Word bookmarks."""
    found, offset = [], start
    for line in text[start:end].split("\n"):
        artifact = ARTIFACT.match(line.strip())
        lead = len(line) - len(line.lstrip())
        if artifact:
            lead += artifact.end()
            lead += len(line[lead:]) - len(line[lead:].lstrip())
        body = line[lead:].rstrip()
        if _MEANINGFUL.search(body):
            found.append((offset + lead, offset + lead + len(body)))
        offset += len(line) + 1
    return found


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """A short paragraph whole; a long one as runs of sentences of at most MAX_CHARS."""
    if end - start <= MAX_CHARS:
        return [(start, end, "paragraph")]
    cuts = [m.end() for m in SENTENCE_END.finditer(text, start, end)]
    pieces, piece_start, last_cut = [], start, start
    for cut in [*cuts, end]:
        if cut - piece_start > MAX_CHARS and last_cut > piece_start:
            pieces.append((piece_start, last_cut))
            piece_start = last_cut
        while cut - piece_start > MAX_CHARS:  # one sentence longer than a passage
            pieces.append((piece_start, piece_start + MAX_CHARS))
            piece_start += MAX_CHARS
        last_cut = cut
    if piece_start < end:
        pieces.append((piece_start, end))
    return [(a, b, "sentence") for a, b in _trim(text, pieces)]


def _trim(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    trimmed = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b and _MEANINGFUL.search(text[a:b]):
            trimmed.append((a, b))
    return trimmed
