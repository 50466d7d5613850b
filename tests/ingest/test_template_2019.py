"""Reports on 2019 and 2020 in the trial format (国办公开办函〔2019〕60号): table 二 read into
its own metrics, table 三's single （六）其他处理 row, and balance checks that still hold."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eval.synth import LAYOUTS, SynthReport, generate
from ingest.checks import suspects
from ingest.parse import parse_report
from ingest.reading import normalise
from ingest.records import ParsedReport
from ingest.template import (
    TABLE_2_2019_ROWS,
    TABLE_2_ROWS,
    TABLE_3_2019_ROWS,
    TRIAL_YEARS,
    table,
    template_of,
)

_SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_TRIAL_KEYS = {(cell.metric, cell.column) for row in TABLE_2_2019_ROWS for cell in row.cells}


def _report(seed: int, layout: str, template: str, broken: bool = False) -> SynthReport:
    return generate(random.Random(seed), layout=layout, template=template, broken=broken)


def _parse(text: str) -> ParsedReport:
    return parse_report(normalise(text).text, name="generated.txt")


def _cells(parsed: ParsedReport, table_name: str | None = None) -> dict[tuple[str, str], object]:
    return {
        (f.metric, f.column): f.value
        for f in parsed.facts
        if f.source == "table" and table_name in (None, f.table)
    }


@_SETTINGS
@given(seed=st.integers(0, 10**9), layout=st.sampled_from(LAYOUTS))
def test_generated_2019_reports_read_back_exactly_and_balance(seed: int, layout: str) -> None:
    synthetic = _report(seed, layout, "2019")
    parsed = _parse(synthetic.text)
    assert _cells(parsed) == synthetic.cells
    assert parsed.report.template == "2019"
    assert parsed.report.year == synthetic.year and synthetic.year in TRIAL_YEARS
    assert not [w for w in parsed.report.warnings if "not found" in w], parsed.report.warnings
    assert {c.status for c in parsed.checks} == {"pass"}, [
        c.message for c in parsed.checks if c.status != "pass"
    ]


@_SETTINGS
@given(seed=st.integers(0, 10**9), layout=st.sampled_from(LAYOUTS))
def test_table_2_of_a_2019_report_carries_the_trial_keys(seed: int, layout: str) -> None:
    parsed = _parse(_report(seed, layout, "2019").text)
    assert set(_cells(parsed, "二")) == _TRIAL_KEYS
    procurement = [f for f in parsed.facts if f.metric == "disclosure2019.procurement"]
    assert {(f.column, f.column_label, f.unit) for f in procurement} == {
        ("projects", "采购项目数量", "项"),
        ("total_amount", "采购总金额", "万元"),
    }
    rows_3 = {metric for metric, _ in _cells(parsed, "三")}
    assert rows_3 == {row.key for row in TABLE_3_2019_ROWS}
    assert "outcome.other" in rows_3 and not any(k.startswith("outcome.other.") for k in rows_3)


@_SETTINGS
@given(seed=st.integers(0, 10**9), layout=st.sampled_from(LAYOUTS))
def test_a_2021_report_never_gets_the_trial_keys(seed: int, layout: str) -> None:
    parsed = _parse(_report(seed, layout, "2021").text)
    assert parsed.report.template == "2021"
    metrics = {metric for metric, _ in _cells(parsed)}
    assert metrics.isdisjoint({metric for metric, _ in _TRIAL_KEYS} | {"outcome.other"})
    assert {metric for metric, _ in _cells(parsed, "二")} == {row.key for row in TABLE_2_ROWS}


@_SETTINGS
@given(seed=st.integers(0, 10**9), layout=st.sampled_from(LAYOUTS))
def test_the_2019_balance_rules_are_checked_not_skipped(seed: int, layout: str) -> None:
    parsed = _parse(_report(seed, layout, "2019").text)
    outcome_totals = [c for c in parsed.checks if c.rule == "三.outcome_total"]
    assert len(outcome_totals) == 7 and {c.status for c in outcome_totals} == {"pass"}
    other = {f.id for f in parsed.facts if f.metric == "outcome.other"}
    assert all(other & set(c.cells) for c in outcome_totals)  # its 其他处理 cell is counted
    row_totals = {c.scope for c in parsed.checks if c.rule == "三.row_total"}
    assert row_totals == {row.key for row in TABLE_3_2019_ROWS}


@_SETTINGS
@given(seed=st.integers(0, 10**9), layout=st.sampled_from(LAYOUTS))
def test_a_broken_2019_report_flags_the_perturbed_cell(seed: int, layout: str) -> None:
    synthetic = _report(seed, layout, "2019", broken=True)
    parsed = _parse(synthetic.text)
    assert synthetic.broken is not None
    by_key = {(f.metric, f.column): f.id for f in parsed.facts if f.source == "table"}
    failed = [c.cells for c in parsed.checks if c.rule.startswith("三.") and c.status == "fail"]
    blamed = suspects(failed)
    metric = synthetic.broken[0]
    label = next(row.label for row in table("三", "2019").rows if row.key == metric)
    if any(label in w and "cannot tell" in w for w in parsed.report.warnings):
        # Run-together digits can allow two single-cell errors of the same size (as in 2021).
        assert {f.metric for f in parsed.facts if f.id in blamed} == {metric}
    else:
        assert blamed == (by_key[synthetic.broken],)


@pytest.mark.parametrize("layout", ("cells", "row_spaces", "row_pipes", "wrapped"))
def test_a_shrinking_item_list_keeps_its_minus_sign(layout: str) -> None:
    shrinking = [
        (synthetic, key)
        for seed in range(20)
        for synthetic in [_report(seed, layout, "2019")]
        for key, value in synthetic.cells.items()
        if key[1] == "items_change" and value is not None and value < 0
    ]
    assert shrinking  # the generator prints some "-2"
    for synthetic, key in shrinking:
        assert _cells(_parse(synthetic.text))[key] == synthetic.cells[key]


def test_the_2021_generator_is_unchanged_by_the_2019_option() -> None:
    for seed in range(5):
        default = generate(random.Random(seed), layout="cells")
        explicit = generate(random.Random(seed), layout="cells", template="2021")
        assert default == explicit
        assert default.year >= 2021


def test_the_format_is_told_by_table_2_words_then_by_the_year() -> None:
    trial_header = "第二十条第（五）项\n信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"
    national_header = "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
    assert template_of(trial_header, 2022) == "2019"
    assert template_of("政府集中采购 3 12.5", None) == "2019"
    assert template_of(national_header, 2020) == "2021"
    assert template_of(national_header + "本年度政府集中采购3项。", 2020) == "2021"
    assert template_of("", 2020) == "2019"
    assert template_of("", 2019) == "2019"
    assert template_of("", 2021) == "2021"
    assert template_of("", None) == "2021"


def test_a_published_2019_table_2_in_pipe_rows_is_read() -> None:
    # The shape of a real 2019 page (yueyang.gov.cn, 2020): pipe rows, headers per block.
    rows = [
        ("规章", "0 | 0 | 0"),
        ("规范性文件", "3 | 2 | 30"),
        ("行政许可", "12 | 1 | 460"),
        ("其他对外管理服务事项", "4 | 0 | 17"),
        ("行政处罚", "6 | 0 | 38"),
        ("行政强制", "2 | 0 | 5"),
        ("行政事业性收费", "1 | 0"),
        ("政府集中采购", "8 | 160.5964"),
    ]
    made = "本年新制作数量 | 本年新公开数量 | 对外公开总数量"
    decided = "上一年项目数量 | 本年增/减 | 处理决定数量"
    headers = {
        "规章": f"第二十条第（一）项 |\n信息内容 | {made} |",
        "行政许可": f"第二十条第（五）项 |\n信息内容 | {decided} |",
        "行政处罚": f"第二十条第（六）项 |\n信息内容 | {decided} |",
        "行政事业性收费": "第二十条第（八）项 |\n信息内容 | 上一年项目数量 | 本年增/减 |",
        "政府集中采购": "第二十条第（九）项 |\n信息内容 | 采购项目数量 | 采购总金额 |",
    }
    lines = []
    for label, figures in rows:
        if label in headers:
            lines.append(headers[label])
        lines.append(f"| {label} | {figures} |")
    body = "\n".join(lines)
    text = (
        "某县民政局2019年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开信息20条。\n"
        f"二、主动公开政府信息情况\n{body}\n三、收到和处理政府信息公开申请情况\n"
        "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n"
        "六、其他需要报告的事项\n无。\n"
    )
    parsed = parse_report(text, name="trial.txt")
    assert parsed.report.template == "2019"
    cells = _cells(parsed, "二")
    expected = {
        (cell.metric, cell.column): Decimal(figure.strip())
        for row, (_, figures) in zip(TABLE_2_2019_ROWS, rows, strict=True)
        for cell, figure in zip(row.cells, figures.split("|"), strict=True)
    }
    assert cells == expected


@pytest.mark.parametrize("stated", ["万元", "元"])
def test_a_procurement_amount_printed_with_its_unit_is_read_in_the_columns_unit(
    stated: str,
) -> None:
    """Real 2019 pages print 采购总金额 as "160.5964万元" or "80618元" in a 万元 column."""
    for seed in range(60):
        report = generate(random.Random(seed), layout="row_spaces", template="2019")
        amount = report.cells["disclosure2019.procurement", "total_amount"]
        if amount:
            break
    assert amount
    start = report.text.index("政府集中采购 ")
    end = report.text.index("\n", start)
    figures = report.text[start:end].split(" ")
    printed = f"{amount}万元" if stated == "万元" else f"{amount * 10000:f}".rstrip("0").rstrip(".")
    figures[-1] = printed if stated == "万元" else f"{printed}元"
    text = report.text[:start] + " ".join(figures) + report.text[end:]
    parsed = parse_report(normalise(text).text, name="money.txt")
    (fact,) = [
        f
        for f in parsed.facts
        if (f.metric, f.column) == ("disclosure2019.procurement", "total_amount")
    ]
    assert (fact.value, fact.unit, fact.raw) == (amount, "万元", figures[-1])
