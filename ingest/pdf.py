"""PDF reports with a text layer: paragraphs and ruled tables, as text the parser reads.

pdfplumber finds each page's ruled tables and the text lines outside them. A table row
becomes one line of tab-separated cells (a merged cell's text once, at its first column, the
columns it covers left empty, as ``word`` and ``html`` write them); a cell whose text wraps,
down to one character a line in narrow header cells, is joined back into one line. Body
lines that run to the right margin are wrapped paragraph lines and are joined to the next.

Page furniture is dropped: lines at the top or bottom of a page that repeat on most pages
(the agency's name, the report's title; digits ignored, so "第3页" repeats) and page
numbers ("- 3 -", "第3页 共10页", "3/10"). A table that goes on at the top of the next page is
one table: a header row repeated there is dropped. Every piece of text keeps its page, and
each cell its table, row and column. Scanned PDFs (no text layer) are refused: no OCR.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ingest.errors import UnreadableFileError
from ingest.records import Place, SourceLine, SourceText, join_lines, table_line

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]?\s*\d{1,4}\s*[-—–－]?|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.I,
)
# A line ending a sentence ends its paragraph, even when it reaches the margin; a line
# opening with a heading number begins a new one.
_PARAGRAPH_END = tuple("。！？；：!?;:")
_HEADING = re.compile(
    r"(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))"
)
_EDGE_LINES = 2  # lines at each end of a page that may be a page header or footer
_WRAP_SLACK = 2.5  # a line ending within this many character widths of the margin wraps


@dataclass(frozen=True, slots=True)
class _Text:
    """A body text line."""

    page: int
    top: float
    text: str
    right: float  # where the line ends
    size: float  # its font size

    def wraps(self, margin: float) -> bool:
        """Whether the paragraph goes on in the next line: this one runs to the margin."""
        near = self.right >= margin - _WRAP_SLACK * self.size
        return near and not self.text.endswith(_PARAGRAPH_END)


@dataclass(frozen=True, slots=True)
class _Table:
    """A ruled table on one page: rows of cells, "" where a merged cell covers."""

    page: int
    top: float
    rows: tuple[tuple[str, ...], ...]


_Item = _Text | _Table


def pdf_source(data: bytes, name: str) -> SourceText:
    """The text of a PDF report, each piece with its page and each cell with its place."""
    if not data.lstrip(b"\x00\t\n\x0c\r ").startswith(b"%PDF-"):
        raise UnreadableFileError(f"{name}: not a PDF file (it does not begin with %PDF)")
    pages = _read_pages(data, name)
    if not any(pages):
        raise UnreadableFileError(
            f"{name}: the PDF has no text layer (a scanned document?); OCR is not supported"
        )
    items = _without_furniture(pages)
    return join_lines(_lines(items, _margin(items)))


def _read_pages(data: bytes, name: str) -> list[list[_Item]]:
    pdf = _parsed(data, name)
    with pdf:
        return [_page_items(number, page) for number, page in enumerate(pdf.pages, 1)]


def _parsed(data: bytes, name: str) -> Any:
    """The PDF opened with every page parsed, so a corrupt file fails here, and only here."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        for page in pdf.pages:
            page.objects  # noqa: B018  (parses the page's content, cached for what follows)
        return pdf
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise UnreadableFileError(
                f"{name}: the PDF is encrypted (password protected); cannot read it"
            ) from error
        raise UnreadableFileError(f"{name}: not a readable PDF ({cause!r})") from error
    except (
        MalformedPDFException,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        AssertionError,
    ) as error:
        # pdfminer meets a truncated or corrupt file with whatever its parser trips on
        raise UnreadableFileError(f"{name}: not a readable PDF ({error!r})") from error


def _page_items(number: int, page: Any) -> list[_Item]:
    """A page's tables and the text lines outside them, top to bottom."""
    tables = page.find_tables() if page.rects or page.lines or page.curves else []
    boxes = [table.bbox for table in tables]
    items: list[_Item] = [
        _Table(number, table.bbox[1], tuple(_row(cells) for cells in table.extract()))
        for table in tables
    ]
    outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes))
    for line in outside.extract_text_lines():
        text = " ".join(line["text"].split())
        if text:
            size = max((char["size"] for char in line["chars"]), default=10.0)
            items.append(_Text(number, line["top"], text, line["x1"], size))
    return sorted(items, key=lambda item: item.top)


def _margin(items: list[_Item]) -> float:
    """The body text's right margin, across the document: one page may hold short lines
    only (headings, a signature)."""
    return max((item.right for item in items if isinstance(item, _Text)), default=0.0)


def _inside(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    if "x0" not in obj:
        return False
    middle_x = (obj["x0"] + obj["x1"]) / 2
    middle_y = (obj["top"] + obj["bottom"]) / 2
    return box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]


def _row(cells: list[str | None]) -> tuple[str, ...]:
    """A row's cells, each on one line: the lines of a wrapped cell are joined back."""
    return tuple(
        "".join(" ".join(line.split()) for line in (cell or "").splitlines()) for cell in cells
    )


def _without_furniture(pages: list[list[_Item]]) -> list[_Item]:
    """Every page's items, in order, without page headers, footers and page numbers."""
    repeated = _repeated_edges(pages)
    kept: list[_Item] = []
    for items in pages:
        kept += _trim(items, repeated)
    return kept


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split()))


def _repeated_edges(pages: list[list[_Item]]) -> set[str]:
    """Texts found at the top or bottom of most pages (at least two)."""
    counts: Counter[str] = Counter()
    for items in pages:
        counts.update({_key(item.text) for item in _edges(items) if isinstance(item, _Text)})
    least = max(2, (len(pages) + 1) // 2)
    return {key for key, count in counts.items() if count >= least}


def _edges(items: list[_Item]) -> list[_Item]:
    return items[:_EDGE_LINES] + items[-_EDGE_LINES:]


def _trim(items: list[_Item], repeated: set[str]) -> list[_Item]:
    """A page's items without furniture at its top and bottom, each repeated text once."""
    start, end = 0, len(items)
    for step in (1, -1):
        seen: set[str] = set()
        for _ in range(_EDGE_LINES):
            if start >= end:
                break
            item = items[start] if step == 1 else items[end - 1]
            if not isinstance(item, _Text) or not _is_furniture(item.text, repeated, seen):
                break
            seen.add(_key(item.text))
            if step == 1:
                start += 1
            else:
                end -= 1
    return items[start:end]


def _is_furniture(text: str, repeated: set[str], seen: set[str]) -> bool:
    key = _key(text)
    return bool(_PAGE_NUMBER.match(text.strip())) or (key in repeated and key not in seen)


def _lines(items: list[_Item], margin: float) -> Iterator[SourceLine]:
    """Items as lines: wrapped text joined into paragraphs, continued tables joined."""
    paragraph: list[tuple[str, Place]] = []
    table_index = -1
    table_rows = 0
    header: tuple[tuple[str, ...], ...] = ()
    previous: _Item | None = None
    for item in items:
        if isinstance(item, _Text):
            if paragraph and _HEADING.match(item.text):
                yield "", tuple(paragraph)
                paragraph.clear()
            paragraph.append((item.text, Place(page=item.page)))
            if not item.wraps(margin):
                yield "", tuple(paragraph)
                paragraph.clear()
            previous = item
            continue
        if paragraph:
            yield "", tuple(paragraph)
            paragraph.clear()
        rows = item.rows
        continued = isinstance(previous, _Table) and previous.page < item.page
        if continued:
            rows = _without_repeated_header(rows, header)
        else:
            table_index, table_rows, header = table_index + 1, 0, rows[:3]
        for cells in rows:
            line = table_line(cells, table=table_index, row=table_rows, page=item.page)
            if line is not None:
                yield line
            table_rows += 1
        previous = item
    if paragraph:
        yield "", tuple(paragraph)


def _without_repeated_header(
    rows: tuple[tuple[str, ...], ...], header: tuple[tuple[str, ...], ...]
) -> tuple[tuple[str, ...], ...]:
    """A continued table's rows without the first rows it repeats from where it began."""
    skip = 0
    while skip < min(len(rows), len(header)) and _filled(rows[skip]) == _filled(header[skip]):
        skip += 1
    return rows[skip:]


def _filled(row: tuple[str, ...]) -> tuple[str, ...]:
    """A row's text without its empty cells: page by page, a merged cell may be split into
    columns differently."""
    return tuple(cell for cell in row if cell)
