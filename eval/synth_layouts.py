"""How synthetic reports print tables 二, 三 and 四: one flattening per layout.

A table is first laid out as printed rows (label cells, a merged cell printed as an empty
label, then the figure cells); a layout then flattens those rows the way one publishing
path does (see docs/layouts.md). Which cells print empty is decided before flattening,
by ``blank``, so the generator can record it.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ingest.template import (
    APPLICANT_COLUMNS,
    CHINESE_DIGITS,
    LITIGATION_OUTCOMES,
    SECTION_TITLES,
    Row,
    table,
    tables,
)

Key = tuple[str, str]
Values = Mapping[Key, Decimal | None]

LAYOUTS: tuple[str, ...] = (
    "cells",
    "row_spaces",
    "row_tabs",
    "row_pipes",
    "dropped",
    "wrapped",
    "run_together",
)

BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
NAVIGATION = ("首页 > 政务公开 > 年度报告", "当前位置：首页 > 政府信息公开 > 政府信息公开年报")

_TABLE_2_BLOCKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("第二十条第（一）项", ("disclosure.rules", "disclosure.normative_documents")),
    ("第二十条第（五）项", ("disclosure.licensing",)),
    ("第二十条第（六）项", ("disclosure.penalty", "disclosure.coercion")),
    ("第二十条第（八）项", ("disclosure.fees",)),
)
_TABLE_2_BLOCKS_2019: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("第二十条第（一）项", ("disclosure2019.rules", "disclosure2019.normative_documents")),
    ("第二十条第（五）项", ("disclosure2019.licensing", "disclosure2019.other_services")),
    ("第二十条第（六）项", ("disclosure2019.penalty", "disclosure2019.coercion")),
    ("第二十条第（八）项", ("disclosure2019.fees",)),
    ("第二十条第（九）项", ("disclosure2019.procurement",)),
)
# Rows the 2021 format added; DOCX exports often leave them blank when they are zero.
_OFTEN_BLANK = ("outcome.other.unpaid", "outcome.other.other")
# Layouts that keep an empty cell's place (a blank line, an empty tab or pipe cell).
_POSITIONAL = (
    "cells",
    "row_tabs",
    "row_pipes",
    "markdown",
    "markdown_pages",
    "markdown_filler",
    "markdown_merged",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Printed:
    """One printed table row: label cells ("" for a merged cell), then the figure cells."""

    labels: tuple[str, ...]
    keys: tuple[Key, ...] = ()


def row_keys(row: Row) -> tuple[Key, ...]:
    """The (metric, column) keys of a template row's cells, in printed order."""
    return tuple((cell.metric, cell.column) for cell in row.cells)


def table_2_rows(template: str = "2021") -> list[Printed]:
    """Table 二 as printed: a title row, a header row and the data rows of each block."""
    by_key = {row.key: row for row in table("二", template).rows}
    printed: list[Printed] = []
    for title, keys in _TABLE_2_BLOCKS_2019 if template == "2019" else _TABLE_2_BLOCKS:
        rows = [by_key[key] for key in keys]
        printed.append(Printed(labels=(title,)))
        printed.append(Printed(labels=("信息内容", *(cell.column_label for cell in rows[0].cells))))
        printed.extend(Printed(labels=(row.label,), keys=row_keys(row)) for row in rows)
    return printed


def _table_3_labels(row: Row, previous_group: str) -> tuple[str, ...]:
    if not row.key.startswith("outcome."):
        return (row.label,)
    group, _, item = row.label.partition(" ")
    head = "三、本年度办理结果" if row.key == "outcome.disclosed" else ""
    if not item:
        return (head, group)
    return (head, "" if group == previous_group else group, item)


def table_3_rows(template: str = "2021") -> list[Printed]:
    """Table 三 as printed: the balance note, two header rows, then the 25 data rows."""
    organisations = tuple(label for _, label in APPLICANT_COLUMNS[1:-1])
    printed = [
        Printed(labels=(BALANCE_NOTE, "申请人情况")),
        Printed(labels=("", "自然人", "法人或其他组织", "总计")),
        Printed(labels=("", "", *organisations, "")),
    ]
    previous = ""
    for row in table("三", template).rows:
        printed.append(Printed(labels=_table_3_labels(row, previous), keys=row_keys(row)))
        previous = row.label.partition(" ")[0]
    return printed


def table_4_rows() -> list[Printed]:
    """Table 四 as printed: three header rows, then its 15 figures in one row."""
    outcomes = tuple(label for _, label in LITIGATION_OUTCOMES)
    return [
        Printed(labels=("行政复议", "行政诉讼")),
        Printed(labels=(*outcomes, "未经复议直接起诉", "复议后起诉")),
        Printed(labels=("",) * len(outcomes) + outcomes * 2),
        Printed(labels=(), keys=row_keys(table("四").rows[0])),
    ]


def blank(
    rng: random.Random, layout: str, values: Values, template: str = "2021"
) -> dict[Key, Decimal | None]:
    """Which cells the layout prints empty (None); only zeros a reader could restore."""
    shown: dict[Key, Decimal | None] = dict(values)
    for row in (row for each in tables(template) for row in each.rows):
        keys = row_keys(row)
        draw = rng.random()  # drawn for every row, so later draws do not depend on the figures
        figures = [values[key] or Decimal(0) for key in keys]
        if layout == "dropped":
            _drop(shown, keys, figures, natural_only=draw < 0.6)
        elif layout in _POSITIONAL and row.key in _OFTEN_BLANK and draw < 0.4 and not any(figures):
            shown.update(dict.fromkeys(keys))
        elif layout in MARKDOWN_LAYOUTS and len(keys) > 1 and draw < 0.3:
            _scatter(rng, shown, keys, figures)
    return shown


def _scatter(
    rng: random.Random,
    shown: dict[Key, Decimal | None],
    keys: tuple[Key, ...],
    figures: list[Decimal],
) -> None:
    """Some zeros of a row printed empty, one by one (a converted table's blank cells)."""
    for key, figure in zip(keys, figures, strict=True):
        if not figure and rng.random() < 0.4:
            shown[key] = None


def _drop(
    shown: dict[Key, Decimal | None],
    keys: tuple[Key, ...],
    figures: list[Decimal],
    *,
    natural_only: bool,
) -> None:
    if not any(figures):
        shown.update(dict.fromkeys(keys))
        return
    only_natural = len(figures) == 7 and not any(figures[1:6]) and figures[0] == figures[6]
    if natural_only and only_natural:
        shown.update(dict.fromkeys(keys[1:6]))


def cell_texts(shown: Values, notes: Mapping[Key, str]) -> dict[Key, str]:
    """Each cell as printed: its figure and note ("1964904(含淄博经开区)"), or ""."""
    texts: dict[Key, str] = {}
    for key, value in shown.items():
        note = notes.get(key)
        text = "" if value is None else str(value)
        texts[key] = f"{text}({note})" if note and text else text
    return texts


def format_table(
    rng: random.Random, layout: str, rows: list[Printed], texts: Mapping[Key, str]
) -> str:
    """The printed rows flattened as ``layout`` does; run_together gives a single line."""
    if layout == "cells":
        return "\n".join(line for row in rows for line in _cells_row(rng, row, texts))
    if layout == "wrapped":
        return "\n".join(_wrapped(rng, rows, texts))
    if layout == "run_together":
        return "".join("".join((*row.labels, *(texts[key] for key in row.keys))) for row in rows)
    if layout in LAYOUTS:
        return "\n".join(_row_line(layout, row, texts) for row in rows)
    if layout in MARKDOWN_LAYOUTS:
        return markdown_table(rng, layout, rows, texts)
    raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUTS)}")


def _pad(rng: random.Random, text: str) -> str:
    """A value padded the way DOCX exports pad it: NBSP or spaces on one side."""
    if not text:
        return ""
    if len(text) >= 5 and rng.random() < 0.3:
        return "\xa0" * 15 + " " * 22 + text
    form = rng.choices(("{}", "\xa0{}", "{}\xa0", " {}", "{} "), weights=(4, 3, 3, 1, 1))[0]
    return form.format(text)


def _cells_row(rng: random.Random, row: Printed, texts: Mapping[Key, str]) -> list[str]:
    lines = ["\t" + label for label in row.labels]
    lines += ["\t" + _pad(rng, texts[key]) for key in row.keys]
    return [*lines, ""]


def _row_line(layout: str, row: Printed, texts: Mapping[Key, str]) -> str:
    figures = [texts[key] for key in row.keys]
    if layout == "row_pipes":
        return "| " + " | ".join((*row.labels, *figures)) + " |"
    labels = [label for label in row.labels if label]
    if layout == "row_tabs":
        return "\t".join((*labels, *figures))
    return " ".join((*labels, *(figure for figure in figures if figure)))


def _wrapped(rng: random.Random, rows: list[Printed], texts: Mapping[Key, str]) -> list[str]:
    gaps = rng.sample(range(len(rows) - 1), k=min(2, len(rows) - 1))
    lines: list[str] = []
    for index, row in enumerate(rows):
        wrap = not row.keys or rng.random() < 0.4
        for label in filter(None, row.labels):
            lines += pieces(rng, label) if wrap else [label]
        if row.keys:
            lines.append(" ".join(texts[key] for key in row.keys))
        if gaps and index == gaps[0]:
            lines.append(f"- {rng.randint(2, 9)} -")
        if gaps and index == gaps[-1]:
            lines.append(rng.choice(NAVIGATION))
    return lines


def pieces(rng: random.Random, label: str) -> list[str]:
    """A label wrapped one or two characters a line; an item number stays with a character."""
    result: list[str] = []
    start = 0
    while start < len(label):
        end = start + rng.choice((1, 2))
        while end < len(label) and label[end - 1].isascii():
            end += 1
        result.append(label[start:end])
        start = end
    return result


def compose(
    rng: random.Random,
    *,
    layout: str,
    front: list[str],
    prose: Mapping[int, tuple[str, ...]],
    tables: Mapping[str, str],
    back: list[str],
) -> str:
    """The whole report: front matter, six sections (tables in 二, 三, 四), signature.

    run_together prints sections 二 to 四 as one line, and half the time the whole report.
    """
    digits_ok = layout != "run_together"
    parts = [
        (_heading(rng, number, digits_ok=digits_ok), _body(number, prose, tables))
        for number in range(1, 7)
    ]
    if layout != "run_together":
        body = [f"{heading}\n{text}\n" for heading, text in parts]
        return "\n".join([*front, *body, *back]) + "\n"
    middle = "".join(heading + text for heading, text in parts[1:4])
    lines = [
        *front,
        f"{parts[0][0]}\n{parts[0][1]}",
        middle,
        *(f"{heading}\n{text}" for heading, text in parts[4:]),
        *back,
    ]
    if rng.random() < 0.5:
        return "".join(lines).replace("\n", "") + "\n"
    return "\n".join(lines) + "\n"


_TABLE_SECTIONS = {2: "二", 3: "三", 4: "四"}


def _body(number: int, prose: Mapping[int, tuple[str, ...]], tables: Mapping[str, str]) -> str:
    name = _TABLE_SECTIONS.get(number)
    return tables[name] if name else "\n".join(prose.get(number, ()))


def _heading(rng: random.Random, number: int, *, digits_ok: bool) -> str:
    """A section heading, its number sometimes mangled ("2、" for "二、")."""
    forms = ["{cn}、{title}"] * 6 + ["\xa0{cn}、{title}", "{cn}、 {title}"]
    if digits_ok:  # run together, "…收费0" + "3、收到…" would read as the figure 03
        forms += ["{n}、{title}", "{n}、 {title}", "{n}.{title}"]
    return rng.choice(forms).format(
        cn=CHINESE_DIGITS[number], n=number, title=SECTION_TITLES[str(number)]
    )


# OCR'd and converted tables printed as Markdown (docs/layouts.md, shapes C and F). Kept out
# of ``LAYOUTS`` so that ``generate_many``'s cycle, and every result pinned to it, stay as
# they were; ``generate`` takes them when asked by name.
MARKDOWN_LAYOUTS: tuple[str, ...] = (
    "markdown",  # pipe rows, a separator row under each table's first row
    "markdown_pages",  # tables broken across pages: page text between, header repeated or lost
    "markdown_filler",  # filler empty cells, rows split over lines
    "markdown_merged",  # two figures read into one cell ("0 0")
)
PAGE_TEXT = ("政府信息公开工作年度报告", "政府信息公开年度报告")
_SEPARATORS = ("---", ":---", ":---:", "---:", " --- ")


def markdown_table(
    rng: random.Random, layout: str, rows: list[Printed], texts: Mapping[Key, str]
) -> str:
    """A printed table as Markdown in one of ``MARKDOWN_LAYOUTS``."""
    header = next(i for i, row in enumerate(rows) if row.keys)
    fragments = _fragments(rng, len(rows)) if layout == "markdown_pages" else [(0, len(rows))]
    lines: list[str] = []
    for number, (start, stop) in enumerate(fragments):
        part = rows[start:stop]
        if number:
            lines += _page_break(rng)
            if start >= header and rng.random() < 0.5:  # the header repeated, else lost
                part = rows[:header] + part
        cells = [_markdown_cells(rng, layout, row, texts) for row in part]
        lines.append(_pipe_line(cells[0]))
        lines.append("|" + "|".join(rng.choice(_SEPARATORS) for _ in cells[0]) + "|")
        for row, row_cells in zip(part[1:], cells[1:], strict=True):
            split = layout == "markdown_filler" and bool(row.keys)
            lines += _split(rng, row_cells) if split else [_pipe_line(row_cells)]
    return "\n".join(lines)


def _fragments(rng: random.Random, count: int) -> list[tuple[int, int]]:
    """The table's rows cut into pages at one to three places."""
    cuts = sorted(rng.sample(range(1, count), k=min(count - 1, rng.randint(1, 3))))
    bounds = [0, *cuts, count]
    return list(itertools.pairwise(bounds))


def _page_break(rng: random.Random) -> list[str]:
    """What stands between two pages of a table: a footer, often a running title."""
    lines = ["", f"- {rng.randint(2, 30)} -"]
    if rng.random() < 0.6:
        lines.append(f"{rng.randint(2019, 2024)}年{rng.choice(PAGE_TEXT)}")
    return [*lines, ""]


def _markdown_cells(
    rng: random.Random, layout: str, row: Printed, texts: Mapping[Key, str]
) -> list[str]:
    labels = list(row.labels)
    figures = [texts[key] for key in row.keys]
    if layout == "markdown_merged" and row.keys:
        figures = _merged(rng, figures)
    if layout != "markdown_filler" or not row.keys:
        return [*labels, *figures]
    # Filler before a label is harmless; before the bare figures of table 四 it could not be
    # told from an empty first cell, so there it only trails.
    lead = [""] * rng.choice((0, 0, 1, 2)) if labels else []
    tail = [""] * rng.choice((0, 0, 1))
    if labels and rng.random() < 0.3:  # OCR keeps no empty label cells
        labels = [label for label in labels if label]
    return [*lead, *labels, *figures, *tail]


def _merged(rng: random.Random, figures: list[str]) -> list[str]:
    """Figures with some neighbouring pairs read as one cell ("0 0"); empty cells and cells
    with a note are never merged, so the figures keep their order and count."""
    merged: list[str] = []
    for figure in figures:
        joinable = merged and _plain(figure) and _plain(merged[-1]) and " " not in merged[-1]
        if joinable and rng.random() < 0.35:
            merged[-1] = f"{merged[-1]} {figure}"
        else:
            merged.append(figure)
    return merged


def _plain(text: str) -> bool:
    return bool(text) and "(" not in text


def _split(rng: random.Random, cells: list[str]) -> list[str]:
    """A row's lines: mostly one; sometimes broken as OCR breaks a tall row, at one cell
    (the rest on the next line) or at every cell ("1.本机关不掌握相关政府信息 |", "5 |")."""
    draw = rng.random()
    if draw < 0.8:
        return [_pipe_line(cells)]
    if draw < 0.92:
        at = rng.randint(1, len(cells) - 1)
        # A continued line opens with a pipe when its first cell is empty, as it must to
        # show that cell (" | 0 |" would read as a leading pipe and one figure).
        rest = " | ".join(cells[at:]) + " |"
        return [_pipe_line(cells[:at]), "| " + rest if not cells[at] else rest]
    return [f"{cell} |" for cell in cells]


def _pipe_line(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
