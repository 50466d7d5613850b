"""Reports in traditional characters (some mirrors convert pages) read like their originals,
and the records keep the characters the report prints."""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import cache
from pathlib import Path

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eval.synth import LAYOUTS, generate
from ingest.parse import parse_report
from ingest.reading import normalise
from ingest.records import ParsedReport
from ingest.script import simplified, taiwan_words

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "zibo-zhangdian-traffic-police-2024.txt"
CONVERSIONS = ("s2t", "s2tw", "s2hk")  # character by character: the text keeps its length


@cache
def _converter(config: str) -> Callable[[str], str]:
    return opencc.OpenCC(config).convert


def _parse(text: str) -> ParsedReport:
    return parse_report(text, name="report.txt")


def _table_facts(parsed: ParsedReport) -> set[tuple[str, str, object]]:
    return {(f.metric, f.column, f.value) for f in parsed.facts if f.source == "table"}


def _prose_facts(parsed: ParsedReport) -> list[tuple[str, object, int, int]]:
    return sorted((f.metric, f.value, f.start, f.end) for f in parsed.facts if f.source == "prose")


def _assert_reads_like_its_original(text: str, config: str) -> ParsedReport:
    converted = _converter(config)(text)
    assert len(converted) == len(text)
    assert converted != text  # the conversion did change characters
    assert simplified(converted) == text  # the parser's view is the original, offsets and all
    original, mirror = _parse(text), _parse(converted)
    assert _table_facts(mirror) == _table_facts(original)
    assert _prose_facts(mirror) == _prose_facts(original)
    assert [(c.rule, c.scope, c.status) for c in mirror.checks] == [
        (c.rule, c.scope, c.status) for c in original.checks
    ]
    assert [(s.key, s.start, s.end) for s in mirror.sections] == [
        (s.key, s.start, s.end) for s in original.sections
    ]
    assert (mirror.report.agency, mirror.report.year, mirror.report.template) == (
        original.report.agency,
        original.report.year,
        original.report.template,
    )
    assert mirror.report.warnings == original.report.warnings
    assert mirror.report.text == converted
    assert mirror.report.id != original.report.id  # different text, different report
    return mirror


def _assert_keeps_its_characters(parsed: ParsedReport) -> None:
    text = parsed.report.text
    for passage in parsed.passages:
        assert text[passage.start : passage.end] == passage.text
    for section in parsed.sections:
        if section.key != "0":
            assert text[section.start :].startswith(section.title), section.title
    for fact in parsed.facts:
        if fact.source == "prose":
            at = fact.start + fact.ordinal
            assert text[at : at + len(fact.raw)] == fact.raw
        else:
            assert fact.raw in text[fact.start : fact.end]
            assert fact.note is None or fact.note in text[fact.start : fact.end]


@pytest.mark.parametrize("config", CONVERSIONS)
def test_the_sample_report_in_traditional_characters_reads_like_the_original(config: str) -> None:
    text = normalise(SAMPLE.read_text(encoding="utf-8")).text
    mirror = _assert_reads_like_its_original(text, config)
    _assert_keeps_its_characters(mirror)
    titles = {section.key: section.title for section in mirror.sections}
    assert titles["3"] == _converter(config)(titles["3"])  # as printed, not simplified
    assert "申請" in titles["3"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**9),
    layout=st.sampled_from(LAYOUTS),
    template=st.sampled_from(("2021", "2019")),
    config=st.sampled_from(CONVERSIONS),
)
def test_generated_reports_in_traditional_characters_read_like_the_originals(
    seed: int, layout: str, template: str, config: str
) -> None:
    synthetic = generate(random.Random(seed), layout=layout, template=template)
    text = normalise(synthetic.text).text
    mirror = _assert_reads_like_its_original(text, config)
    _assert_keeps_its_characters(mirror)
    assert {(f.metric, f.column): f.value for f in mirror.facts if f.source == "table"} == (
        synthetic.cells
    )


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**9),
    layout=st.sampled_from(LAYOUTS),
    template=st.sampled_from(("2021", "2019")),
)
def test_reports_in_taiwan_wording_read_the_same_tables(
    seed: int, layout: str, template: str
) -> None:
    # s2twp also rewords (信息 → 資訊, 文件 → 檔案, 项目 → 專案) and may change the length.
    synthetic = generate(random.Random(seed), layout=layout, template=template)
    _assert_tables_read_in_taiwan_wording(normalise(synthetic.text).text)


def test_the_sample_report_in_taiwan_wording_reads_the_same_tables() -> None:
    _assert_tables_read_in_taiwan_wording(normalise(SAMPLE.read_text(encoding="utf-8")).text)


def _assert_tables_read_in_taiwan_wording(text: str) -> None:
    converted = _converter("s2twp")(text)
    assert "資訊" in converted and "信息" not in converted
    original, mirror = _parse(text), _parse(converted)
    assert _table_facts(mirror) == _table_facts(original)
    assert (mirror.report.agency, mirror.report.year, mirror.report.template) == (
        original.report.agency,
        original.report.year,
        original.report.template,
    )
    assert mirror.report.warnings == original.report.warnings
    assert mirror.report.text == converted
    _assert_keeps_its_characters(mirror)


def test_taiwan_words_come_from_the_template_and_spare_simplified_text() -> None:
    pairs = dict(taiwan_words())
    assert pairs["府资讯"] == "府信息" and pairs["性档案"] == "性文件"
    assert all(len(taiwan) == len(mainland) for taiwan, mainland in pairs.items())
    mainland = "市档案馆收到政府资讯公开申请3件。规范性档案"
    assert simplified(mainland) == mainland  # simplified text is never reworded
    traditional = "某市檔案局收到政府資訊公開申請3件。規範性\n檔案"
    assert simplified(traditional) == "某市档案局收到政府信息公开申请3件。规范性\n文件"


def test_a_note_in_a_cell_keeps_its_traditional_characters() -> None:
    synthetic = next(
        report
        for seed in range(200)
        if (report := generate(random.Random(seed), layout="row_tabs")).notes
    )
    (key, note), *_ = synthetic.notes.items()
    converted = _converter("s2t")(normalise(synthetic.text).text)
    fact = next(f for f in _parse(converted).facts if (f.metric, f.column) == key)
    assert fact.value == synthetic.cells[key]
    assert fact.note == _converter("s2t")(note)


def test_simplified_text_is_its_own_view() -> None:
    text = normalise(SAMPLE.read_text(encoding="utf-8")).text
    assert simplified(text) == text


def test_the_view_keeps_the_length_when_a_conversion_would_change_it() -> None:
    table = {"結": "结", "轉": "转", "爲": "为为"}

    def lengthening(text: str) -> str:
        return "".join(table.get(char, char) for char in text)

    text = "結轉爲下年\n結轉下年度\n"
    view = simplified(text, lengthening)
    assert len(view) == len(text)
    # The line whose conversion is longer goes character by character; the other converts.
    assert view == "结转爲下年\n结转下年度\n"
