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


def docx_text(data: bytes, name: str) -> str:
    """The text of a Word document: paragraphs, then tables row by row, in body order."""
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
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = " ".join(Paragraph(element, document).text.split())
            if text:
                lines.append(text)
        elif tag == "tbl":
            lines.extend(_rows(Table(element, document)))
    return "\n".join(lines) + "\n"


def _rows(table: object) -> list[str]:
    seen: set[int] = set()
    alive: list[object] = []  # keeps each cell's element, so its id stays its own
    lines = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells = []
        for cell in row.cells:
            element = cell._tc
            if id(element) in seen:  # the rest of a merged cell: empty, as printed
                cells.append("")
                continue
            seen.add(id(element))
            alive.append(element)
            cells.append(" ".join(cell.text.split()))
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            lines.append("\t".join(cells))
    return lines
