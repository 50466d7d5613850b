"""Word reports (.docx): paragraphs and real tables, as text the parser reads.

python-docx reads the body in order. A table's rows become lines of tab-separated cells;
a merged cell (across columns or down rows) is written once, at its first position, and the
places it covers are left empty, as the printed table shows it. Page headers and footers
live outside the body and are never read.
"""

from __future__ import annotations

import io
import zipfile

from ingest.errors import UnreadableFileError
from ingest.records import Place, SourceLine, SourceText, join_lines, table_line

_NOWHERE = Place()


def docx_text(data: bytes, name: str) -> str:
    """The text of a Word document: paragraphs, then tables row by row, in body order."""
    return docx_source(data, name).text


def docx_source(data: bytes, name: str) -> SourceText:
    """The text of a Word document, each table cell with its place in the table's grid."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnreadableFileError(f"{name}: not a Word (.docx) file: it is not a zip package")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise UnreadableFileError(f"{name}: not a readable Word document ({error})") from error
    lines: list[SourceLine] = []
    tables = 0
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = " ".join(Paragraph(element, document).text.split())
            if text:
                lines.append(("", ((text, _NOWHERE),)))
        elif tag == "tbl":
            lines.extend(_rows(Table(element, document), tables))
            tables += 1
    return join_lines(lines)


def _rows(table: object, index: int) -> list[SourceLine]:
    """Rows of tab-separated cells; a cell's place is its position in the grid (the columns
    a merged cell spans each count), since python-docx repeats a merged cell in each."""
    seen: set[int] = set()
    alive: list[object] = []  # keeps each cell's element, so its id stays its own
    lines: list[SourceLine] = []
    for r, row in enumerate(table.rows):  # type: ignore[attr-defined]
        cells = []
        for cell in row.cells:
            element = cell._tc
            if id(element) in seen:  # the rest of a merged cell: empty, as printed
                cells.append("")
                continue
            seen.add(id(element))
            alive.append(element)
            cells.append(" ".join(cell.text.split()))
        line = table_line(cells, table=index, row=r)
        if line is not None:
            lines.append(line)
    return lines
