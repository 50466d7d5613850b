"""The synthetic-report generator's own invariants (not the parser's)."""

from __future__ import annotations

import random
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eval.synth import LAYOUTS, SynthReport, generate, generate_many, write
from eval.synth_layouts import NAVIGATION
from ingest.template import APPLICANT_COLUMNS, OUTCOME_ITEMS, SECTION_TITLES, TABLES, table

Key = tuple[str, str]
Rule = tuple[str, tuple[Key, ...], tuple[Key, ...]]  # name, left-hand cells, right-hand cells

seeds = st.integers(min_value=0, max_value=2**32)
layouts = st.sampled_from(LAYOUTS)
some = settings(max_examples=60, deadline=None)


def _rules() -> list[Rule]:
    """Every balance rule of the template, as "these cells sum to those"."""
    rules: list[Rule] = []
    for each in TABLES:
        for row in each.rows:
            keys = [(cell.metric, cell.column) for cell in row.cells]
            for addends, total in row.sums:
                rules.append(
                    (f"{each.name}.row:{row.key}", tuple(keys[i] for i in addends), (keys[total],))
                )
    for column, _ in APPLICANT_COLUMNS:
        rules.append(
            (
                f"三.balance:{column}",
                (("requests.new", column), ("requests.carried_in", column)),
                (("outcome.total", column), ("requests.carried_over", column)),
            )
        )
        rules.append(
            (
                f"三.outcomes:{column}",
                tuple((item, column) for item in OUTCOME_ITEMS),
                (("outcome.total", column),),
            )
        )
    return rules


RULES = _rules()


def _value(report: SynthReport, key: Key) -> Decimal:
    return report.cells[key] or Decimal(0)  # an empty cell is a zero left out


def _failures(report: SynthReport) -> list[Rule]:
    return [
        rule
        for rule in RULES
        if sum(_value(report, k) for k in rule[1]) != sum(_value(report, k) for k in rule[2])
    ]


def _template_keys() -> set[Key]:
    return {
        (cell.metric, cell.column) for each in TABLES for row in each.rows for cell in row.cells
    }


def _printed(report: SynthReport, key: Key) -> str:
    """A cell as the text prints it: "" when empty, with its note when it has one."""
    value = report.cells[key]
    note = report.notes.get(key)
    if value is None:
        return ""
    return f"{value}({note})" if note else str(value)


def _row_figures(report: SynthReport, row_key: str) -> list[str]:
    row = next(row for each in TABLES for row in each.rows if row.key == row_key)
    return [_printed(report, (cell.metric, cell.column)) for cell in row.cells]


def _item(label: str) -> str:
    """The last printed piece of a table-三 label: "1.属于国家秘密" of "（三）不予公开 1.…"."""
    return label.split(" ")[-1]


@some
@given(seed=seeds, layout=layouts)
def test_every_rule_holds_on_an_unbroken_report(seed: int, layout: str) -> None:
    report = generate(random.Random(seed), layout=layout)
    assert report.broken is None
    assert _failures(report) == []


@some
@given(seed=seeds, layout=layouts)
def test_a_broken_report_differs_from_its_twin_in_the_broken_cell_only(
    seed: int, layout: str
) -> None:
    sound = generate(random.Random(seed), layout=layout)
    broken = generate(random.Random(seed), layout=layout, broken=True)
    differing = [key for key in sound.cells if _value(sound, key) != _value(broken, key)]
    assert broken.broken is not None
    assert differing == [broken.broken]
    assert broken.broken[0] in {row.key for row in table("三").rows}
    assert (broken.agency, broken.year) == (sound.agency, sound.year)


@some
@given(seed=seeds, layout=layouts)
def test_a_broken_report_fails_only_rules_that_involve_the_broken_cell(
    seed: int, layout: str
) -> None:
    report = generate(random.Random(seed), layout=layout, broken=True)
    failures = _failures(report)
    assert failures
    assert all(report.broken in (*left, *right) for _, left, right in failures)


@some
@given(seed=seeds, layout=layouts)
def test_every_layout_prints_each_non_empty_cell(seed: int, layout: str) -> None:
    report = generate(random.Random(seed), layout=layout)
    assert set(report.cells) == _template_keys()
    for key, value in report.cells.items():
        if value is not None:
            assert _printed(report, key) in report.text, key


@some
@given(seed=seeds, layout=layouts)
def test_only_zeros_a_reader_can_restore_are_left_empty(seed: int, layout: str) -> None:
    report = generate(random.Random(seed), layout=layout, broken=seed % 2 == 1)
    for each in TABLES:
        for row in each.rows:
            values = [report.cells[cell.metric, cell.column] for cell in row.cells]
            empty = [index for index, value in enumerate(values) if value is None]
            if not empty or len(empty) == len(values):
                continue  # a whole row left out is a row of zeros (the rules above hold)
            assert layout == "dropped", row.key
            assert empty == [1, 2, 3, 4, 5], row.key  # "N N": 自然人 and 总计 only
            assert values[0] == values[6] != Decimal(0)
    if layout in ("row_spaces", "wrapped", "run_together"):
        assert None not in report.cells.values()


@some
@given(seed=seeds, layout=layouts)
def test_prose_repeats_the_table_totals(seed: int, layout: str) -> None:
    report = generate(random.Random(seed), layout=layout, broken=seed % 3 == 0)
    for metric in ("requests.new", "requests.carried_in", "requests.carried_over"):
        assert report.prose[metric] == _value(report, (metric, "total"))
    prose = report.prose
    assert prose["proposals.total"] == prose["proposals.npc"] + prose["proposals.cppcc"]
    assert f"政府信息公开申请{prose['requests.new']}件" in report.text
    assert f"结转下年度继续办理{prose['requests.carried_over']}件" in report.text
    assert f"人大建议{prose['proposals.npc']}件" in report.text
    assert f"政协提案{prose['proposals.cppcc']}件" in report.text
    assert all(str(value) in report.text for value in prose.values())


@some
@given(seed=seeds, layout=layouts)
def test_a_report_names_its_agency_year_and_publication_date(seed: int, layout: str) -> None:
    report = generate(random.Random(seed), layout=layout)
    published = report.published
    signed = f"{published.year}年{published.month}月{published.day}日"
    assert report.text.startswith(report.agency)
    assert f"{report.year}年政府信息公开工作年度报告" in report.text
    assert published.year == report.year + 1
    assert report.text.rstrip().endswith(signed)
    assert report.text.rstrip().removesuffix(signed).rstrip().endswith(report.agency)
    assert f"{report.agency}编制{report.year}年" in report.text


@some
@given(seed=seeds)
def test_row_layouts_print_a_row_and_its_figures_on_one_line(seed: int) -> None:
    splitters = {
        "row_spaces": str.split,
        "row_tabs": lambda line: line.split("\t"),
        "row_pipes": lambda line: [cell.strip() for cell in line.split("|")[1:-1]],
    }
    for layout, split in splitters.items():
        report = generate(random.Random(seed), layout=layout)
        lines = report.text.splitlines()
        for row in table("三").rows:
            line = next(line for line in lines if _item(row.label) in line)
            assert split(line)[-7:] == _row_figures(report, row.key), line


@some
@given(seed=seeds)
def test_cells_layout_puts_each_cell_on_its_own_tab_indented_line(seed: int) -> None:
    report = generate(random.Random(seed), layout="cells")
    lines = report.text.splitlines()
    for row in table("三").rows:
        at = lines.index("\t" + _item(row.label))
        figures = [line.strip(" \t\xa0") for line in lines[at + 1 : at + 8]]
        assert figures == _row_figures(report, row.key)
        assert all(line.startswith("\t") for line in lines[at + 1 : at + 8])
        assert lines[at + 8] == ""


@some
@given(seed=seeds)
def test_run_together_prints_tables_two_to_four_on_one_line(seed: int) -> None:
    report = generate(random.Random(seed), layout="run_together")
    line = next(line for line in report.text.splitlines() if "本年新收政府信息公开申请数量" in line)
    assert "规章" in line and "复议后起诉" in line
    for row in table("三").rows:
        assert _item(row.label) + "".join(_row_figures(report, row.key)) in line
    assert "总计" + "".join(_row_figures(report, "litigation")) in line
    documents = [
        value
        for (metric, _), value in report.cells.items()
        if metric in ("disclosure.rules", "disclosure.normative_documents")
    ]
    assert all(value is not None and value < 10 for value in documents)


@some
@given(seed=seeds)
def test_wrapped_layout_breaks_labels_and_inserts_page_noise(seed: int) -> None:
    report = generate(random.Random(seed), layout="wrapped")
    lines = report.text.splitlines()
    assert any(re.fullmatch(r"- \d+ -", line) for line in lines)
    assert any(line in NAVIGATION for line in lines)
    assert "本年制发件数" not in lines and "申请人情况" not in lines  # header labels wrap
    assert any(len(line) <= 2 and not line.isascii() for line in lines)
    for row in (*table("三").rows, *table("四").rows):
        assert " ".join(_row_figures(report, row.key)) in lines


def test_the_dropped_layout_leaves_out_zero_rows_and_zero_organisation_cells() -> None:
    reports = list(generate_many(7, 40, layouts=("dropped",)))
    empty_rows = [r for r in reports if r.cells["outcome.withheld.state_secret", "total"] is None]
    natural_only = [
        r
        for r in reports
        if r.cells["requests.new", "commercial"] is None
        and r.cells["requests.new", "total"] is not None
    ]
    assert empty_rows and natural_only
    for report in natural_only:
        new = report.cells["requests.new", "natural_person"]
        assert new == report.cells["requests.new", "total"]


def test_generate_many_is_deterministic_per_seed_and_cycles_through_layouts() -> None:
    first = list(generate_many(42, 14))
    assert first == list(generate_many(42, 14))
    assert list(generate_many(42, 3)) == first[:3]
    assert [r.text for r in generate_many(43, 14)] != [r.text for r in first]
    assert [r.layout for r in first] == [*LAYOUTS, *LAYOUTS]


def test_generate_many_can_break_a_share_of_the_reports() -> None:
    reports = list(generate_many(5, 50, broken_share=0.5))
    assert 10 < sum(r.broken is not None for r in reports) < 40
    assert all(r.broken is None for r in generate_many(5, 20))


def test_figures_look_like_real_reports() -> None:
    reports = list(generate_many(1, 300))
    totals = [_value(r, ("requests.new", "total")) for r in reports]
    assert sum(t == 0 for t in totals) > 30 and any(t >= 100 for t in totals)
    assert any(r.notes for r in reports)
    fees = [_value(r, ("disclosure.fees", "amount")) for r in reports]
    assert any(fee != fee.to_integral_value() for fee in fees)
    assert any(_value(r, ("disclosure.penalty", "decisions")) > 100_000 for r in reports)
    titles = "|".join(SECTION_TITLES.values())
    mangled = re.compile(rf"^\xa0?[1-6](?:、 ?|\.)(?:{titles})", re.MULTILINE)
    assert any(mangled.search(r.text) for r in reports)


def test_write_gives_each_report_a_unique_ascii_file(tmp_path: Path) -> None:
    reports = list(generate_many(3, 10))
    paths = write([*reports, reports[0]], tmp_path / "out")
    assert len({path.name for path in paths}) == 11
    assert all(path.name.isascii() and path.suffix == ".txt" for path in paths)
    assert [path.read_text(encoding="utf-8") for path in paths[:10]] == [r.text for r in reports]


def test_write_can_encode_gbk(tmp_path: Path) -> None:
    reports = list(generate_many(3, 7))
    paths = write(reports, tmp_path, encoding="gbk")
    for path, report in zip(paths, reports, strict=True):
        assert path.read_bytes().decode("gbk") == report.text.replace("\xa0", " ")


def test_an_unknown_layout_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown layout 'html'"):
        generate(random.Random(0), layout="html")
