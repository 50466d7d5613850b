"""HTML reports: the article body of a government CMS page, as text the parser reads.

A page carries navigation, breadcrumbs, share buttons and scripts around the article. The
article is the smallest element holding the report's opening section and its tables; the
page's own title (``<h1>``, else ``<title>``) is put before it when the article lacks it.
Paragraphs and headings become lines. Tables are read as grids: ``rowspan`` and ``colspan``
are expanded so every cell lands in its row and column, and each row becomes one line of
tab-separated cells — a merged cell's text once, at its first position, the places it
spans left empty, as a printed table shows it. lxml parses; nothing is matched with
regular expressions on markup.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ingest.errors import NotAReportError, UnreadableFileError
from ingest.reading import decode
from ingest.records import Place, SourceLine, SourceText, join_lines, table_line

_NOWHERE = Place()

_CHROME = re.compile(
    r"nav|menu|breadcrumb|crumb|share|footer|header|sidebar|toolbar|banner|search|login|"
    r"position|location|related|copyright",
    re.I,
)
_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button")
_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol section article br tr table blockquote pre dd dt".split()
)
_MARKERS = ("总体情况", "主动公开")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)
MAX_SPAN = 50  # a rowspan or colspan above this is a broken table, not a layout


def html_text(data: bytes, name: str) -> tuple[str, str]:
    """The article of an HTML page as text, and the encoding it was read with."""
    source, encoding = html_source(data, name)
    return source.text, encoding


def html_source(data: bytes, name: str) -> tuple[SourceText, str]:
    """The article of an HTML page as text with each table cell's grid position, and the
    encoding it was read with."""
    text, encoding = _decoded(data, name)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise UnreadableFileError(f"{name}: not readable as HTML ({error})") from error
    title = _page_title(root)
    for element in root.iter(*_DROP):
        element.drop_tree()
    for element in list(root.iter()):
        marks = f"{element.get('class', '')} {element.get('id', '')}"
        chrome = element.tag in ("div", "ul", "section", "span", "p") and _CHROME.search(marks)
        if chrome and element.getparent() is not None:
            element.drop_tree()
    article = _article(root, name)
    lines = _lines(article, name)
    if title and title not in join_lines(lines[:3]).text:
        lines.insert(0, ("", ((title, _NOWHERE),)))
    return join_lines(lines), encoding


def _decoded(data: bytes, name: str) -> tuple[str, str]:
    declared = _CHARSET.search(data[:4096])
    if declared:
        encoding = declared.group(1).decode("ascii").lower()
        if encoding in ("gb2312", "gbk"):
            encoding = "gb18030"  # a superset: pages declaring GB2312 use GBK characters
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError):
            pass  # the declaration is wrong: detect instead
    return decode(data, name)


def _page_title(root: etree._Element) -> str:
    for path in ("//h1", "//title"):
        found = root.xpath(path)
        if found:
            text = " ".join(found[0].text_content().split())
            if "年" in text:
                return text.split("_")[0].split("-")[0].strip()
    return ""


def _article(root: etree._Element, name: str) -> etree._Element:
    """The smallest element holding the opening section's words and a table."""
    best = None
    for element in root.iter("div", "article", "section", "td", "body", "main"):
        text = element.text_content()
        if not any(marker in text for marker in _MARKERS) or element.find(".//table") is None:
            continue
        if best is None or len(text) < len(best.text_content()):
            best = element
    if best is None:
        raise NotAReportError(
            f"{name}: no article found on the page (no element holds a report's "
            "总体情况 section and its tables)"
        )
    return best


def _lines(element: etree._Element, name: str) -> list[SourceLine]:
    lines: list[SourceLine] = []
    current: list[str] = []
    tables: list[etree._Element] = []

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            lines.append(("", ((text, _NOWHERE),)))
        current.clear()

    def walk(node: etree._Element) -> None:
        if not isinstance(node.tag, str):  # a comment or processing instruction
            if node.tail:
                current.append(node.tail)
            return
        if node.tag == "table":
            flush()
            lines.extend(_table_rows(node, name, len(tables)))
            tables.append(node)
        else:
            if node.tag in _BLOCKS:
                flush()
            if node.text:
                current.append(node.text)
            for child in node:
                walk(child)
            if node.tag in _BLOCKS:
                flush()
        if node.tail:
            current.append(node.tail)

    walk(element)
    flush()
    return lines


def _table_rows(table: etree._Element, name: str, index: int) -> list[SourceLine]:
    """A table as lines of tab-separated cells, spans expanded into a grid; each cell keeps
    its place: table ``index``, row and column in the grid."""
    grid: dict[tuple[int, int], str] = {}
    taken: set[tuple[int, int]] = set()
    rows = [row for row in table.iter("tr") if _owner(row) is table]
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rowspan, colspan = _span(cell, "rowspan", name), _span(cell, "colspan", name)
            text = " ".join(cell.text_content().split())
            grid[(r, c)] = text
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            c += colspan
            width = max(width, c)
    lines: list[SourceLine] = []
    for r in range(len(rows)):
        line = table_line([grid.get((r, c), "") for c in range(width)], table=index, row=r)
        if line is not None:
            lines.append(line)
    return lines


def _owner(row: etree._Element) -> etree._Element | None:
    """The table a row belongs to (not a table nested inside one of its cells)."""
    parent = row.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _span(cell: etree._Element, attribute: str, name: str) -> int:
    raw = (cell.get(attribute) or "1").strip()
    try:
        value = int(raw)
    except ValueError:
        return 1  # browsers treat a non-number as 1
    if value > MAX_SPAN:
        raise NotAReportError(f"{name}: a table cell claims {attribute}={value}: a broken table")
    return max(value, 1)
