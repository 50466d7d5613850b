"""Read tables 二, 三 and 四 out of plain text, whatever shape publishing left them in.

Rows are found by their template labels (``template.Row.pattern``), in template order; a
row's figures are what stands between its label and the next row's label. Within that
stretch the cells are read by the first shape that fits:

- one cell per line (a Word table turned into text; blank lines are empty cells);
- a pipe row (``| label | 1 | | 0 |``; empty segments are empty cells), also as OCR and
  converters leave it: filler empty cells, the row broken over lines, two figures read into
  one cell ("0 0": split in order, the row marked inferred);
- one tab per cell (a web page's or Word document's grid): empty cells keep their places;
- figures separated by spaces or tabs, with empty cells possibly dropped;
- one run of digits (a crawler's text): split where the template's sums allow.

Page footers, running titles, Markdown separator rows and site navigation between rows are
skipped; where two chains of labels fit, the one matching more of its labels wins, so a
header repeated on a new page does not stand in for a row. A table whose labels all come
first and whose figures follow in one block (PDF text) is read row by row afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ingest.digits import split_runs
from ingest.template import Row, Table, compact

# Whole lines that are page furniture, not table content.
_STRAY_LINE = re.compile(
    r"^[ \t]*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|.*(?:首页|当前位置|您的位置|您所在的位置).*|.*[>＞»].*[>＞»].*"
    # A running title repeated on each page ("2024年政府信息公开工作年度报告").
    r"|.*\d{4}\s*年度?[^|\d]*(?:年度报告|年报)"
    # A Markdown table's separator row ("|---|:---:|").
    r"|\|?(?:\s*:?-{3,}:?\s*\|)+(?:\s*:?-{3,}:?\s*)?)[ \t]*$"
)
# A figure may carry a sign (2019 format: 本年增/减 "-2"), not after a digit or a letter.
# A figure's note is in brackets ("1964904(含淄博经开区)"); a bracketed ordinal after it is the
# next row group's label ("0000000（三）不予公开"), not a note.
# Ordinals in column headers ("第二十条第（五）项") are not figures.
_ORDINAL = re.compile(r"第[^第项条款\n]{0,6}[项条款]")
_TOKEN = re.compile(
    r"(?P<num>(?:(?<![\w.])[-+](?=\d))?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[万亿]?元?"
    r"(?:[ \t]*[余多])?"
    r"(?:[ \t]*[(（](?![一二三四五六七八九十]{1,3}[)）])[^()（）\n]{1,30}[)）])?)"
    r"|(?P<dash>(?<![\w—―\-－/／])[—―\-－/／]{1,2}(?![\w—―\-－/／]))"
    r"|(?P<junk>(?<![A-Za-z])[OolIx](?![A-Za-z]))"
)
_CLOSING = "”\"’'」』)）"
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")
UNCONSTRAINED_SPLITS = 5_000
_EMPTY_FIRST = "first cell empty; placed from the right, as if no empty cell was dropped at the end"


@dataclass(frozen=True, slots=True)
class Token:
    raw: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Placed:
    """A row's cells placed by its layout, and what was inferred doing so."""

    cells: tuple[Token | None, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RowRead:
    """One template row found in the text, with its cells in template order."""

    row: Row
    start: int  # the label's start
    label_end: int
    end: int  # the end of the row's last figure (or of its label)
    cells: tuple[Token | None, ...]  # None: the cell is empty
    inferred: bool = False
    warnings: tuple[str, ...] = ()
    # Other readings of a run of digits that also fit the row's sums, resolved table-wide.
    alternatives: tuple[tuple[Token | None, ...], ...] = ()
    # The text ends inside the row: cells from this index on are missing, not empty.
    missing_from: int | None = None


def locate_rows(
    text: str, start: int, end: int, rows: tuple[Row, ...]
) -> list[tuple[Row, int, int]]:
    """The rows whose labels appear in ``text[start:end]``, as (row, label start, label end).

    Every match of every label is a candidate; the longest chain of rows in template order
    with increasing positions wins, so a label that also matches early (a column header
    "总计") or late cannot push the other rows out of place.
    """
    squeezed, origin = compact(text[start:end])
    candidates = [
        [(m.start(), m.end()) for m in re.finditer(row.pattern, squeezed)] if row.pattern else []
        for row in rows
    ]
    chain = _longest_chain(candidates)
    return [
        (rows[index], start + origin[a], _closed(text, start + origin[b - 1] + 1, end))
        for index, (a, b) in chain
    ]


def _closed(text: str, label_end: int, end: int) -> int:
    """The label's end moved past closing quotes and brackets right after it, which compact
    matching leaves out ("3.危及“三安全一稳定”"), so they are not read as a cell."""
    while label_end < end and text[label_end] in _CLOSING:
        label_end += 1
    return label_end


def _longest_chain(candidates: list[list[tuple[int, int]]]) -> list[tuple[int, tuple[int, int]]]:
    """Pick at most one span per row, increasing in row order, as many rows as possible.

    Among chains of equal length the one matching more of its labels wins: "（七）总计" over
    the 总计 of a column header repeated above it on a new page. Remaining ties prefer
    earlier spans.
    """
    # best[(row, k)] = ((rows in the chain ending there, characters matched), previous node)
    best: dict[tuple[int, int], tuple[tuple[int, int], tuple[int, int] | None]] = {}
    for row, spans in enumerate(candidates):
        for k, (a, b) in enumerate(spans):
            score, previous = (1, b - a), None
            for node, (node_score, _) in best.items():
                extended = (node_score[0] + 1, node_score[1] + b - a)
                if node[0] < row and candidates[node[0]][node[1]][1] <= a and extended > score:
                    score, previous = extended, node
            best[(row, k)] = (score, previous)
    if not best:
        return []
    cursor: tuple[int, int] | None = max(
        best, key=lambda n: (best[n][0], -candidates[n[0]][n[1]][0])
    )
    chain: list[tuple[int, tuple[int, int]]] = []
    while cursor is not None:
        chain.append((cursor[0], candidates[cursor[0]][cursor[1]]))
        cursor = best[cursor][1]
    return chain[::-1]


def read_table(text: str, start: int, end: int, table: Table) -> list[RowRead]:
    """Every row of ``table`` found in ``text[start:end]``."""
    if table.rows[0].pattern is None:
        return _read_unlabelled(text, start, end, table.rows[0])
    located = locate_rows(text, start, end, table.rows)
    figures = []
    for index, (row, _label_start, label_end) in enumerate(located):
        stop = located[index + 1][1] if index + 1 < len(located) else end
        figures.append(_figures(text, row, label_end, stop))
    no_total = _total_not_printed(
        [(row, found) for (row, _, _), found in zip(located, figures, strict=True)]
    )
    reads: list[RowRead] = []
    for (row, label_start, label_end), found in zip(located, figures, strict=True):
        if isinstance(found, _Placed):
            reads.append(_placed(row, label_start, label_end, found))
        elif len(reads) == len(located) - 1 and _cut_short(text, end, row, found):
            reads.append(_cut(row, label_start, label_end, found))
        elif no_total and found:
            said = any(read.inferred for read in reads)
            reads.append(_without_total(row, label_start, label_end, found, said))
        else:
            reads.append(_place(row, label_start, label_end, found))
    return _figures_after_labels(text, reads, end)


def _figures(text: str, row: Row, label_end: int, stop: int) -> _Placed | list[Token]:
    """The row's cells when its layout places them, else the figures read (a list)."""
    n = len(row.cells)
    lines = _lines(text, label_end, stop)
    by_line = _line_cells(lines, n)
    if by_line is not None:
        return _Placed(tuple(by_line))
    # The line the next row's label starts on is that row's (its filler cells), not this one's.
    own = lines[:-1] if len(lines) > 1 and text[stop - 1 : stop] not in ("", "\n") else lines
    return _pipe_cells(own, n) or _tab_cells(lines, row) or _tokens(text, label_end, stop, n)


def _total_not_printed(rows: list[tuple[Row, _Placed | list[Token]]]) -> bool:
    """Rows of figures separated by spaces that all hold one figure fewer than the row has
    cells, the last being a 总计 of the others: the 总计 column was left blank (layouts G)."""
    counted = [
        (row, found) for row, found in rows if isinstance(found, list) and found and row.sums
    ]
    return len(counted) >= 2 and all(
        len(found) == len(row.cells) - 1 and row.sums[0][1] == len(row.cells) - 1
        for row, found in counted
    )


def _placed(row: Row, label_start: int, label_end: int, placed: _Placed) -> RowRead:
    """A row whose layout placed its cells; inferred when a placement had to be guessed."""
    warnings = tuple(f"row {row.label}: {warning}" for warning in placed.warnings)
    return _row_read(row, label_start, label_end, placed.cells, bool(warnings), warnings)


def _cut_short(text: str, end: int, row: Row, tokens: list[Token]) -> bool:
    """Whether the text ends inside this row: after fewer figures than cells, nothing follows
    (a report cut off mid-row; one run of digits is left to be split)."""
    n = len(row.cells)
    if end < len(text) or not tokens or len(tokens) >= n or text[tokens[-1].end : end].strip():
        return False
    return not (len(tokens) == 1 and tokens[0].raw.isdigit() and len(tokens[0].raw) >= n)


def _cut(row: Row, label_start: int, label_end: int, tokens: list[Token]) -> RowRead:
    n = len(row.cells)
    message = (
        f"row {row.label}: the text ends after {len(tokens)} of {n} cells; the rest are missing"
    )
    read = _row_read(row, label_start, label_end, (*tokens, *(None,) * (n - len(tokens))))
    return replace(read, warnings=(message,), missing_from=len(tokens))


def _without_total(
    row: Row, label_start: int, label_end: int, tokens: list[Token], said: bool
) -> RowRead:
    """A row of a table printed without its 总计: the figures fill the other cells (said once)."""
    message = "总计 column not printed: each row's figures fill the applicant columns"
    warnings = () if said else (message,)
    return _row_read(row, label_start, label_end, (*tokens, None), inferred=True, warnings=warnings)


def _row_read(
    row: Row,
    label_start: int,
    label_end: int,
    cells: tuple[Token | None, ...],
    inferred: bool = False,
    warnings: tuple[str, ...] = (),
    *,
    end: int | None = None,
    alternatives: tuple[tuple[Token | None, ...], ...] = (),
) -> RowRead:
    """A row read; it ends at ``end`` or else at its last figure (or its label)."""
    ends = [cell.end for cell in cells if cell is not None]
    return RowRead(
        row=row,
        start=label_start,
        label_end=label_end,
        end=end if end is not None else max(ends, default=label_end),
        cells=cells,
        inferred=inferred,
        warnings=warnings,
        alternatives=alternatives,
    )


def _lines(text: str, start: int, end: int) -> list[tuple[str, int]]:
    """The lines of ``text[start:end]`` with their offsets, page furniture left out."""
    lines, offset = [], start
    for line in text[start:end].split("\n"):
        if not _STRAY_LINE.match(line) or not line.strip():
            lines.append((line, offset))
        offset += len(line) + 1
    return lines


def _line_cells(lines: list[tuple[str, int]], n: int) -> list[Token | None] | None:
    """One cell per line after the label's own line, up to a fully empty line."""
    if len(lines) < 2 or lines[0][0].strip():
        return None
    block = []
    for line, offset in lines[1:]:
        if line == "":
            break
        block.append((line, offset))
    if len(block) != n:
        return None
    cells: list[Token | None] = []
    for line, offset in block:
        matches = list(_TOKEN.finditer(line))
        rest = _TOKEN.sub("", line).strip()
        if len(matches) > 1 or rest:
            return None
        cells.append(
            Token(matches[0].group(), offset + matches[0].start(), offset + matches[0].end())
            if matches
            else None
        )
    return cells


def _pipe_cells(lines: list[tuple[str, int]], n: int, *, labelled: bool = True) -> _Placed | None:
    """``| label | 1 | | 0 |``: the segments after the label, on its line and on the lines that
    continue a row OCR broke ("1.本机关不掌握相关政府信息 |" then "5 |"), up to label text.

    Filler cells beyond the row's ``n`` are dropped, trailing first; a segment holding two
    figures ("0 0", cells merged by OCR) gives a cell to each, in order, and says so. A
    continuation line's blank start (" | 0 |") is taken for a leading pipe, unless the row
    then falls short of ``n``: then it was an empty cell.
    """
    if not lines or "|" not in lines[0][0]:
        return None
    cells, merged = _gather(lines, n, labelled=labelled, openers=True)
    if len(cells) < n:
        cells, merged = _gather(lines, n, labelled=labelled, openers=False)
    fitted = _fit(cells, n)
    if fitted is None:
        return None
    said = tuple(f"cells merged in one: '{each}', split in order" for each in merged)
    return _Placed(tuple(fitted), warnings=said)


def _gather(
    lines: list[tuple[str, int]], n: int, *, labelled: bool, openers: bool
) -> tuple[list[Token | None], list[str]]:
    """A pipe row's cells, and the segments that held merged figures."""
    cells: list[Token | None] = []
    merged: list[str] = []
    for number, (line, offset) in enumerate(lines):
        ended = number > 0 and ("|" not in line or _CJK_RUN.search(line) is not None)
        # A labelled row's filler stands before its label; an unlabelled one's may lead it.
        if ended or (labelled and len(cells) >= n):
            break
        remainder = labelled and not number
        for segment, position in _segments(line, offset, remainder=remainder, opener=openers):
            tokens = list(_TOKEN.finditer(segment))
            rest = _TOKEN.sub("", segment)
            if _CJK_RUN.search(rest) or (segment.strip() and not tokens):
                continue  # label text, not a cell
            if len(tokens) > 1 and not rest.strip():
                merged.append(" ".join(token.group() for token in tokens))
            elif tokens:
                tokens = tokens[:1]  # a figure with words beside it ("3 件"): one cell
            cells += [Token(t.group(), position + t.start(), position + t.end()) for t in tokens]
            cells += [] if tokens else [None]
    return cells, merged


def _segments(line: str, offset: int, *, remainder: bool, opener: bool) -> list[tuple[str, int]]:
    """The cells of one line of a pipe row, each with its offset. Before the first pipe is the
    label's remainder on the label's line, else a cell unless blank and ``opener``; a lone
    pipe closes one empty cell; after the last pipe is a cell only if something is there."""
    if not remainder and line.strip() == "|":
        return [("", offset + line.index("|"))]
    parts, positions, position = line.split("|"), [], offset
    for part in parts:
        positions.append(position)
        position += len(part) + 1
    found = list(zip(parts, positions, strict=True))
    if remainder or (opener and not found[0][0].strip()):
        found = found[1:]
    if found and not found[-1][0].strip():
        found = found[:-1]
    return found


def _tab_cells(lines: list[tuple[str, int]], row: Row) -> _Placed | None:
    """``label\t\t\t6\t0\t\t0…``: a table row from a web page or Word document, one tab per
    cell. Empty cells keep their places; cells the label spans come first, so the figures
    are the last ones, kept when the row's sums hold (else the row's end may have been cut)."""
    line, offset = lines[0]
    if "\t" not in line or "|" in line:
        return None
    segments: list[Token | None] = []
    position = offset + line.index("\t") + 1
    for segment in line[line.index("\t") + 1 :].split("\t"):
        tokens = list(_TOKEN.finditer(segment))
        if len(tokens) > 1 or _TOKEN.sub("", segment).strip():
            return None  # words or several figures in a cell: not one figure per cell
        found = tokens[0] if tokens else None
        segments.append(
            Token(found.group(), position + found.start(), position + found.end())
            if found
            else None
        )
        position += len(segment) + 1
    n = len(row.cells)
    surplus = len(segments) - n
    if surplus < 0 or any(segments[:surplus]) or all(cell is None for cell in segments):
        return None
    cells = tuple(segments[surplus:])
    if cells[0] is not None and (surplus == 0 or _sums_hold(row, cells)):
        return _Placed(cells)
    if cells[0] is None and _sums_hold(row, cells):
        # Web pages and documents drop a row's empty end, so an empty first cell may be one
        # the label spans, with every figure then one place too far left: said, not hidden.
        return _Placed(cells, warnings=(_EMPTY_FIRST,))
    return None


def _sums_hold(row: Row, cells: tuple[Token | None, ...]) -> bool:
    """Whether the row's sums hold over ``cells`` (empty: zero); a row without sums holds."""
    values = [0 if cell is None else _int(cell.raw) for cell in cells]
    known = [value for value in values if value is not None]
    if len(known) < len(values):
        return not row.sums
    return all(sum(known[i] for i in addends) == known[total] for addends, total in row.sums)


def _fit(cells: list[Token | None], n: int) -> list[Token | None] | None:
    """``n`` cells out of a pipe row's: filler empty cells past ``n`` dropped, trailing first."""
    if len(cells) < n:
        return None
    while len(cells) > n and cells[-1] is None:
        cells = cells[:-1]
    while len(cells) > n and cells[0] is None:
        cells = cells[1:]
    return cells[:n]


def _tokens(text: str, start: int, end: int, n: int) -> list[Token]:
    """Figures between a label and the next, up to prose that follows ``n`` of them."""
    tokens: list[Token] = []
    for line, offset in _lines(text, start, end):
        line = _strip_ordinals(line)
        prose = _CJK_RUN.search(line)
        for match in _TOKEN.finditer(line):
            if prose and len(tokens) >= n and match.start() > prose.start():
                return tokens
            tokens.append(Token(match.group(), offset + match.start(), offset + match.end()))
        if prose and len(tokens) >= n:
            return tokens
    return tokens


def _place(row: Row, label_start: int, label_end: int, tokens: list[Token]) -> RowRead:
    """Put the figures read for a row into its cells."""
    n = len(row.cells)
    if len(tokens) == n or not tokens:
        cells = tuple(tokens) if tokens else (None,) * n
        return _row_read(row, label_start, label_end, cells)
    if len(tokens) == 1 and tokens[0].raw.isdigit() and len(tokens[0].raw) >= n:
        return _split_run(row, label_start, label_end, tokens[0])
    if len(tokens) > n:
        message = f"row {row.label}: {len(tokens)} figures for {n} cells; kept the first {n}"
        return _row_read(row, label_start, label_end, tuple(tokens[:n]), warnings=(message,))
    return _place_dropped(row, label_start, label_end, tokens)


def _place_dropped(row: Row, label_start: int, label_end: int, tokens: list[Token]) -> RowRead:
    """Fewer figures than cells: empty cells were dropped. The total stays last when the
    figures add up to it; the others fill the leftmost cells (自然人 first)."""
    n = len(row.cells)
    cells: list[Token | None] = [None] * n
    values = [_int(token.raw) for token in tokens]
    sums = row.sums[0] if row.sums else None
    if sums and len(tokens) >= 2 and None not in values and sum(values[:-1]) == values[-1]:  # type: ignore[arg-type]
        cells[sums[1]] = tokens[-1]
        for index, token in zip(sums[0], tokens[:-1], strict=False):
            cells[index] = token
    else:
        cells[: len(tokens)] = tokens
    message = f"row {row.label}: {len(tokens)} figures for {n} cells; placed by the template"
    return _row_read(row, label_start, label_end, tuple(cells), inferred=True, warnings=(message,))


def _split_run(row: Row, label_start: int, label_end: int, token: Token) -> RowRead:
    """A run of digits: the splits that fit the row's sums; ambiguity is said, not hidden."""
    splits = split_runs(token.raw, len(row.cells), row.sums)
    if not splits:
        # The row's own sum does not hold (a wrong figure in the report): keep every split,
        # for the other rows' column sums to choose from.
        loose = split_runs(token.raw, len(row.cells), (), limit=UNCONSTRAINED_SPLITS)
        message = (
            f"row {row.label}: '{token.raw}' fits no split whose cells add up to the row's total"
        )
        return _row_read(
            row,
            label_start,
            label_end,
            (None,) * len(row.cells),
            inferred=True,
            warnings=(message,),
            end=token.end,
            alternatives=tuple(_tokens_of(split, token.start) for split in loose),
        )
    readings = tuple(_tokens_of(split, token.start) for split in splits)
    warnings: tuple[str, ...] = ()
    if len(splits) > 1:
        options = "; ".join(" ".join(split) for split in splits[:3])
        warnings = (
            f"row {row.label}: '{token.raw}' splits {len(splits)} ways ({options}); took the first",
        )
    return _row_read(
        row,
        label_start,
        label_end,
        readings[0],
        inferred=True,
        warnings=warnings,
        end=token.end,
        alternatives=readings if len(readings) > 1 else (),
    )


def _tokens_of(parts: list[str], start: int) -> tuple[Token, ...]:
    tokens, position = [], start
    for part in parts:
        tokens.append(Token(part, position, position + len(part)))
        position += len(part)
    return tuple(tokens)


def _figures_after_labels(text: str, reads: list[RowRead], end: int) -> list[RowRead]:
    """PDF text: every label first, then one block of figures. Deal them out row by row."""
    if len(reads) < 2 or any(any(read.cells) for read in reads[:-1]):
        return reads
    last = reads[-1]
    tokens = _tokens(text, last.label_end, end, 10_000)
    needed = sum(len(read.row.cells) for read in reads)
    if len(tokens) != needed:
        return reads
    dealt, position = [], 0
    for read in reads:
        width = len(read.row.cells)
        cells = tuple(tokens[position : position + width])
        position += width
        message = f"row {read.row.label}: figures read after all labels"
        dealt.append(_row_read(read.row, read.start, read.label_end, cells, True, (message,)))
    return dealt


def _read_unlabelled(text: str, start: int, end: int, row: Row) -> list[RowRead]:
    """Table 四: its figures follow the header labels, with no row label of their own."""
    lines = _lines(text, start, end)
    first = next(
        (i for i, (line, _) in enumerate(lines) if _TOKEN.search(_strip_ordinals(line))), None
    )
    header = start + len(text[start:end]) - len(text[start:end].lstrip())
    if first is None:
        # The header is printed but no figure: every cell was left empty.
        if "行政复议" in text[start:end] or "行政诉讼" in text[start:end]:
            stop = header + len(text[header:end].rstrip())
            return [_row_read(row, header, stop, (None,) * len(row.cells))]
        return []
    anchor = lines[first][1] + _TOKEN.search(_strip_ordinals(lines[first][0])).start()  # type: ignore[union-attr]
    block = [("", anchor), *lines[first:]]
    cells = _line_cells(block, len(row.cells))
    # The row's passage starts at the table's header so that it reads as a source.
    if cells is not None:
        return [_row_read(row, header, anchor, tuple(cells))]
    piped = _pipe_cells(lines[_pipe_start(lines, first) :], len(row.cells), labelled=False)
    if piped is not None:
        return [_placed(row, header, anchor, piped)]
    return [_place(row, header, anchor, _tokens(text, anchor, end, len(row.cells)))]


def _pipe_start(lines: list[tuple[str, int]], first: int) -> int:
    """The first line of the pipe row holding line ``first``: empty cells may come before."""
    while first and "|" in lines[first - 1][0] and not _CJK_RUN.search(lines[first - 1][0]):
        first -= 1
    return first


def _strip_ordinals(line: str) -> str:
    return _ORDINAL.sub(lambda m: " " * len(m.group()), line)


def _int(raw: str) -> int | None:
    digits = raw.replace(",", "")
    return int(digits) if digits.isdigit() else None
