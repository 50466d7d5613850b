"""Reading table rows from the text shapes of docs/layouts.md, one shape at a time."""

from __future__ import annotations

from decimal import Decimal

from ingest.numbers import parse_cell
from ingest.tables import RowRead, read_table
from ingest.template import TABLE_3_ROWS, table

LABELS = [row.label.split(" ")[-1] for row in TABLE_3_ROWS]


def _values(reads: list[RowRead]) -> dict[str, list[Decimal | None]]:
    return {
        read.row.key: [parse_cell(c.raw).value if c else None for c in read.cells] for read in reads
    }


def _read(text: str, name: str = "三") -> list[RowRead]:
    return read_table(text, 0, len(text), table(name))


def _rows_text(rows: list[tuple[str, str]], sep: str = " ") -> str:
    return "\n".join(f"{label}{sep}{values}" for label, values in rows)


def test_whole_rows_on_one_line_separated_by_spaces_or_tabs() -> None:
    for sep in (" ", "\t"):
        text = _rows_text(
            [
                (LABELS[0], sep.join(["12", "0", "0", "0", "1", "0", "13"])),
                (LABELS[-1], sep.join(["2", "0", "0", "0", "0", "0", "2"])),
            ],
            sep,
        )
        values = _values(_read(text))
        assert values["requests.new"] == [Decimal(v) for v in (12, 0, 0, 0, 1, 0, 13)]
        assert values["requests.carried_over"] == [Decimal(v) for v in (2, 0, 0, 0, 0, 0, 2)]


def test_pipe_rows_keep_empty_cells_in_place() -> None:
    text = (
        "| 二、上年结转政府信息公开申请数量 | 3 | | 0 | 0 | 0 | 0 | 3 |\n"
        "| | | （三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    )
    values = _values(_read(text))
    assert values["requests.carried_in"] == [Decimal(3), None, 0, 0, 0, 0, Decimal(3)]
    assert values["outcome.withheld.state_secret"] == [Decimal(0)] * 7


def test_a_missing_row_does_not_shift_later_figures() -> None:
    rows = [(label, f"{i} 0 0 0 0 0 {i}") for i, label in enumerate(LABELS)]
    del rows[5]  # 2.其他法律行政法规禁止公开 is gone
    reads = _read(_rows_text(rows))
    values = _values(reads)
    assert "outcome.withheld.prohibited" not in values
    for i, row in enumerate(TABLE_3_ROWS):
        if i != 5:
            assert values[row.key][0] == Decimal(i), row.key


def test_rows_whose_empty_cells_were_dropped_fill_leftmost_cells_and_keep_the_total() -> None:
    text = _rows_text([(LABELS[0], "6 6"), (LABELS[1], ""), (LABELS[-1], "1 0 0 0 0 0 1")])
    reads = {read.row.key: read for read in _read(text)}
    assert _values(list(reads.values()))["requests.new"] == [
        Decimal(6),
        None,
        None,
        None,
        None,
        None,
        Decimal(6),
    ]
    assert reads["requests.new"].inferred
    assert _values([reads["requests.carried_in"]])["requests.carried_in"] == [None] * 7


def test_page_footers_and_navigation_between_rows_are_skipped() -> None:
    text = (
        f"{LABELS[0]} 5 1 0 0 1 1 8\n- 3 -\n首页 > 政务公开 > 年度报告\n第 2 页 共 5 页\n"
        f"{LABELS[1]} 0 0 0 0 0 0 0\n"
    )
    values = _values(_read(text))
    assert values["requests.new"] == [Decimal(v) for v in (5, 1, 0, 0, 1, 1, 8)]
    assert values["requests.carried_in"] == [Decimal(0)] * 7


def test_one_cell_per_line_with_blank_cells() -> None:
    cells = "\n".join(["\t1", "\t\xa00", "\t", "\t0 ", "\t", "\t", "\t1"])
    text = f"\t{LABELS[-1]}\n{cells}\n\n\t\n"
    values = _values(_read(text))
    assert values["requests.carried_over"] == [Decimal(1), 0, None, 0, None, None, Decimal(1)]


def test_crawler_digits_run_together_are_split_by_the_sums_and_marked_inferred() -> None:
    text = (
        "…一、本年新收政府信息公开申请数量5100118二、上年结转政府信息公开申请数量0000000"
        "三、本年度办理结果（一）予以公开2100003"
    )
    reads = {read.row.key: read for read in _read(text)}
    values = _values(list(reads.values()))
    assert values["requests.new"] == [Decimal(v) for v in (5, 1, 0, 0, 1, 1, 8)]
    assert values["outcome.disclosed"] == [Decimal(v) for v in (2, 1, 0, 0, 0, 0, 3)]
    assert all(read.inferred for read in reads.values())


def test_an_ambiguous_run_of_digits_is_reported_not_hidden() -> None:
    text = "规章1215行政规范性文件000"
    reads = {read.row.key: read for read in _read(text, "二")}
    assert any("splits 3 ways" in w for w in reads["disclosure.rules"].warnings)
    assert (
        _values([reads["disclosure.normative_documents"]])["disclosure.normative_documents"]
        == [Decimal(0)] * 3
    )


def test_labels_wrapped_into_pieces_with_figures_after_all_labels() -> None:
    wrapped = ["\n".join(label) for label in LABELS[:2]]
    text = f"{wrapped[0]}\n{wrapped[1]}\n- 3 -\n3 0 0 0 0 0 3\n1 0 0 0 0 0 1\n"
    values = _values(_read(text))
    assert values["requests.new"] == [Decimal(v) for v in (3, 0, 0, 0, 0, 0, 3)]
    assert values["requests.carried_in"] == [Decimal(v) for v in (1, 0, 0, 0, 0, 0, 1)]


def test_table_four_fifteen_figures_on_one_line() -> None:
    text = (
        "行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计\n"
        "0 1 0 0 1 0 0 0 2 2 0 0 0 0 0\n"
    )
    (read,) = _read(text, "四")
    values = [parse_cell(c.raw).value if c else None for c in read.cells]
    assert values == [Decimal(v) for v in (0, 1, 0, 0, 1, 0, 0, 0, 2, 2, 0, 0, 0, 0, 0)]


def test_table_four_run_together_is_split_by_each_groups_total() -> None:
    (read,) = _read("行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计120031000100000", "四")
    values = [int(c.raw) for c in read.cells if c]
    assert values == [1, 2, 0, 0, 3, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert read.inferred


def test_non_numeric_cells_are_kept_raw_and_dashes_mean_zero() -> None:
    text = f"{LABELS[-1]} O — / 0 0 0 1\n"
    (read,) = _read(text)
    cells = [parse_cell(c.raw) if c else None for c in read.cells]
    assert cells[0] is not None and cells[0].unreadable and cells[0].value is None
    assert [c.value for c in cells[1:] if c] == [Decimal(0)] * 5 + [Decimal(1)]


def test_a_label_ending_in_a_closing_quote_keeps_blank_cells_in_place() -> None:
    label = "3.危及“三安全一稳定”"
    cells = "\n".join(["\t", "\t1", "\t0", "\t0", "\t0", "\t0", "\t1"])
    values = _values(_read(f"\t{label}\n{cells}\n\n\t\n"))
    assert values["outcome.withheld.security"] == [None, Decimal(1), 0, 0, 0, 0, Decimal(1)]


def test_rows_of_six_figures_throughout_fill_the_applicant_columns_when_no_total_is_printed() -> (
    None
):
    text = _rows_text([(LABELS[0], "5 1 0 0 1 1"), (LABELS[1], "1 0 0 0 0 1"), (LABELS[-1], "")])
    reads = {read.row.key: read for read in _read(text)}
    values = _values(list(reads.values()))
    assert values["requests.new"] == [Decimal(v) for v in (5, 1, 0, 0, 1, 1)] + [None]
    assert values["requests.carried_in"] == [Decimal(v) for v in (1, 0, 0, 0, 0, 1)] + [None]
    assert reads["requests.new"].inferred


def test_a_figure_with_a_wan_or_yi_scale_keeps_its_raw_text_and_is_scaled() -> None:
    (read,) = _read("行政事业性收费\n0.5万\n", "二")
    (cell,) = read.cells
    assert cell is not None and cell.raw == "0.5万"
    assert parse_cell(cell.raw).value == Decimal(5000)
    assert _values(_read(f"{LABELS[-1]} 1.2亿 0 0 0 0 0 1.2亿\n"))["requests.carried_over"][0] == (
        Decimal(120_000_000)
    )
