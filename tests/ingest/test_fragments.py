"""Tables as Markdown and pipe rows, the way OCR and converters leave them (docs/layouts.md,
shapes C and F): separator rows, tables broken across pages with the header repeated or
lost, filler cells, rows split over lines, figures merged into one cell. Generated reports
in each shape read back to exactly the generator's figures; small texts pin each shape."""

from __future__ import annotations

import random
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eval import synth
from eval.synth_layouts import MARKDOWN_LAYOUTS
from ingest.checks import suspects
from ingest.numbers import parse_cell
from ingest.parse import parse_report
from ingest.reading import normalise
from ingest.records import ParsedReport
from ingest.tables import RowRead, read_table
from ingest.template import table
from tests.ingest.readback import assert_reads_back, table_cells


def _generate(seed: int, layout: str, broken: bool = False) -> synth.SynthReport:
    # The Markdown layouts stay out of LAYOUTS, whose cycle generate_many() and the pinned
    # benchmark results depend on; generate() takes them by name.
    return synth.generate(random.Random(seed), layout=layout, broken=broken)


def _parse(text: str) -> ParsedReport:
    return parse_report(normalise(text).text, name="generated.md")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), layout=st.sampled_from(MARKDOWN_LAYOUTS))
def test_generated_markdown_reports_read_back_exactly(seed: int, layout: str) -> None:
    report = _generate(seed, layout)
    parsed = _parse(report.text)
    assert_reads_back(parsed, report)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), layout=st.sampled_from(MARKDOWN_LAYOUTS))
def test_a_broken_rule_in_a_markdown_table_flags_exactly_the_changed_cell(
    seed: int, layout: str
) -> None:
    report = _generate(seed, layout, broken=True)
    parsed = _parse(report.text)
    assert report.broken is not None
    assert table_cells(parsed) == report.cells
    by_key = {(f.metric, f.column): f.id for f in parsed.facts if f.source == "table"}
    failed = (c.cells for c in parsed.checks if c.rule.startswith("三.") and c.status == "fail")
    assert suspects(failed) == (by_key[report.broken],)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9))
def test_merged_figures_are_split_in_order_and_only_their_rows_are_inferred(seed: int) -> None:
    report = _generate(seed, "markdown_merged")
    parsed = _parse(report.text)
    assert table_cells(parsed) == report.cells
    merged = [_merged_cells(line) for line in report.text.splitlines()]
    said = [w for w in parsed.report.warnings if "cells merged in one" in w]
    assert len(said) == sum(merged)
    # A row's facts share its span: one span per printed row that held a merged cell.
    inferred_rows = {f.start for f in parsed.facts if f.source == "table" and f.inferred}
    assert len(inferred_rows) == sum(1 for count in merged if count)
    plain = _parse(_generate(seed, "markdown").text)
    assert not any(f.inferred for f in plain.facts if f.source == "table")


def _merged_cells(line: str) -> int:
    """Cells of a pipe row that hold more than one figure ("0 0")."""
    if not line.startswith("|"):
        return 0
    segments = [s.split() for s in line.strip().strip("|").split("|")]
    return sum(len(s) > 1 and all(part.isdigit() for part in s) for s in segments)


def test_every_markdown_layout_reads_back_over_a_fixed_batch() -> None:
    for layout in MARKDOWN_LAYOUTS:
        for seed in range(10):
            report = _generate(seed, layout)
            assert table_cells(_parse(report.text)) == report.cells, (layout, seed)


# The shapes one at a time, on table 三's text alone.


def _read(text: str, name: str = "三") -> dict[str, RowRead]:
    return {read.row.key: read for read in read_table(text, 0, len(text), table(name))}


def _values(read: RowRead) -> list[Decimal | None]:
    return [parse_cell(c.raw).value if c else None for c in read.cells]


def _figures(*values: int | None) -> list[Decimal | None]:
    return [None if v is None else Decimal(v) for v in values]


def test_separator_rows_and_alignment_marks_are_not_figures() -> None:
    text = (
        "| 四、结转下年度继续办理 | 2 | | 0 | 0 | 0 | 0 | 2 |\n"
        "|:---|---:|:---:| --- |---|---|---|---|\n"
    )
    (read,) = _read(text).values()
    assert _values(read) == _figures(2, None, 0, 0, 0, 0, 2)
    assert not read.inferred


def test_a_row_split_after_its_label_reads_one_cell_per_line() -> None:
    text = (
        "| | （四）无法提供 | 1.本机关不掌握相关政府信息 |\n"
        "5 |\n |\n0 |\n0 |\n |\n0 |\n5 |\n"
        "| | | 2.没有现成信息需要另行制作 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    )
    reads = _read(text)
    assert _values(reads["outcome.unavailable.not_held"]) == _figures(5, None, 0, 0, None, 0, 5)
    assert _values(reads["outcome.unavailable.needs_creation"]) == _figures(0, 0, 0, 0, 0, 0, 0)


def test_a_row_continued_on_the_next_line_keeps_an_empty_first_cell() -> None:
    text = "| 一、本年新收政府信息公开申请数量 | 6 | 0 | 0 |\n| | 0 | 1 | 7 |\n"
    (read,) = _read(text).values()
    assert _values(read) == _figures(6, 0, 0, None, 0, 1, 7)


def test_filler_cells_before_labels_and_after_figures_are_dropped() -> None:
    text = (
        "| | | （三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | | |\n"
        "| | | | 2.其他法律行政法规禁止公开 | 1 | | 0 | 0 | 0 | 0 | 1 | |\n"
    )
    reads = _read(text)
    assert _values(reads["outcome.withheld.state_secret"]) == _figures(0, 0, 0, 0, 0, 0, 0)
    assert _values(reads["outcome.withheld.prohibited"]) == _figures(1, None, 0, 0, 0, 0, 1)


def test_two_figures_in_one_cell_are_split_in_order_and_marked_inferred() -> None:
    text = "| 二、上年结转政府信息公开申请数量 | 3 | 0 0 | 0 | 0 0 | 3 |\n"
    (read,) = _read(text).values()
    assert _values(read) == _figures(3, 0, 0, 0, 0, 0, 3)
    assert read.inferred
    assert any("'0 0'" in w for w in read.warnings)


def test_a_page_break_with_a_repeated_header_above_the_total_row() -> None:
    text = (
        "| | | 3.其他 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n\n- 7 -\n2024年政府信息公开工作年度报告\n\n"
        "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |\n"
        "|---|---|\n| | 自然人 | 法人或其他组织 | 总计 |\n"
        "| | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |\n"
        "| | （七）总计 | 9 | 1 | 0 | 0 | 0 | 2 | 12 |\n"
    )
    reads = _read(text)
    assert _values(reads["outcome.other.other"]) == _figures(1, 0, 0, 0, 0, 0, 1)
    assert _values(reads["outcome.total"]) == _figures(9, 1, 0, 0, 0, 2, 12)


def test_table_four_after_a_page_break_ignores_the_running_title() -> None:
    text = (
        "| 行政复议 | 行政诉讼 |\n|---|---|\n"
        "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |\n"
        "\n- 4 -\n淄博市2023年政府信息公开工作年度报告\n\n"
        "| 1 | 0 | 0 | 0 | 1 | | 0 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | 2 | |\n|---|---|\n"
    )
    (read,) = _read(text, "四").values()
    assert _values(read) == _figures(1, 0, 0, 0, 1, None, 0, 0, 0, 0, 2, 0, 0, 0, 2)


def test_an_ocr_letter_o_for_zero_is_kept_unreadable_not_guessed() -> None:
    report = _generate(3, "markdown")
    row = next(line for line in report.text.splitlines() if "四、结转下年度继续办理" in line)
    cells = row.split("|")
    cells[2] = " O "
    parsed = _parse(report.text.replace(row, "|".join(cells)))
    fact = next(
        f
        for f in parsed.facts
        if (f.metric, f.column) == ("requests.carried_over", "natural_person")
    )
    assert fact.unreadable and fact.value is None and fact.raw == "O"
    assert parsed.report.incomplete
    assert any("cannot read 'O' as a number" in w for w in parsed.report.warnings)
    others = {k: v for k, v in table_cells(parsed).items() if k != (fact.metric, fact.column)}
    assert others == {k: v for k, v in report.cells.items() if k != (fact.metric, fact.column)}
