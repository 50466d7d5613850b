"""The real sample report, read end to end against a golden file of its table cells."""

from __future__ import annotations

import itertools
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from ingest.pipeline import read_file
from ingest.records import ParsedReport

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpus" / "zibo-zhangdian-traffic-police-2024.txt"
GOLDEN = ROOT / "tests" / "data" / "sample-table-facts.json"


@pytest.fixture(scope="module")
def parsed() -> ParsedReport:
    return read_file(SAMPLE)


def _golden_rows(parsed: ParsedReport) -> list[dict[str, object]]:
    return [
        {
            "table": f.table,
            "metric": f.metric,
            "column": f.column,
            "raw": f.raw.strip(),
            "value": None if f.value is None else str(f.value),
            "note": f.note,
            "empty": f.empty,
        }
        for f in parsed.facts
        if f.source == "table"
    ]


def test_every_table_cell_matches_the_golden_file(parsed: ParsedReport) -> None:
    rows = _golden_rows(parsed)
    if os.environ.get("REGENERATE_GOLDEN"):
        GOLDEN.write_text(
            json.dumps(rows, ensure_ascii=False, sort_keys=True, indent=2) + "\n", encoding="utf-8"
        )
    assert rows == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_the_golden_file_covers_all_three_tables_completely(parsed: ParsedReport) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    counts = {name: sum(row["table"] == name for row in golden) for name in ("二", "三", "四")}
    assert counts == {"二": 10, "三": 25 * 7, "四": 15}


def test_identity_is_read_from_title_and_signature(parsed: ParsedReport) -> None:
    report = parsed.report
    assert (report.agency, report.year, report.published) == (
        "淄博市公安局交通警察支队张店大队",
        2024,
        "2025-01-10",
    )
    assert report.warnings == ()
    assert not report.incomplete


def test_every_balance_check_passes(parsed: ParsedReport) -> None:
    statuses = {check.status for check in parsed.checks}
    assert statuses == {"pass"}
    rules = {check.rule for check in parsed.checks}
    assert {
        "三.balance",
        "三.outcome_total",
        "三.row_total",
        "四.group_total",
        "prose.table",
    } <= rules


def test_value_with_a_note_keeps_the_number_and_the_note(parsed: ParsedReport) -> None:
    licensing = next(f for f in parsed.facts if f.metric == "disclosure.licensing")
    assert licensing.value == Decimal("1964904")
    assert licensing.note == "含淄博经开区"


def test_prose_figures_of_the_sample_are_facts(parsed: ParsedReport) -> None:
    prose = {(f.metric, f.value) for f in parsed.facts if f.source == "prose"}
    assert {
        ("requests.new", Decimal(6)),
        ("requests.carried_in", Decimal(1)),
        ("requests.carried_over", Decimal(1)),
        ("fees.processing", Decimal(0)),
        ("proposals.total", Decimal(21)),
        ("proposals.npc", Decimal(7)),
        ("proposals.cppcc", Decimal(14)),
        ("satisfaction", Decimal(100)),
    } <= prose
    approximate = {f.raw for f in parsed.facts if f.source == "prose" and f.approximate}
    assert any("3400" in raw for raw in approximate)


def test_every_record_points_back_into_the_text(parsed: ParsedReport) -> None:
    text = parsed.report.text
    for passage in parsed.passages:
        assert text[passage.start : passage.end] == passage.text
    passage_ids = {p.id for p in parsed.passages}
    for fact in parsed.facts:
        assert fact.passage_id in passage_ids
        if fact.source == "table" and not fact.empty:
            assert fact.raw in text[fact.start : fact.end]


def test_sections_tile_the_report(parsed: ParsedReport) -> None:
    top = sorted((s for s in parsed.sections if "." not in s.key), key=lambda s: s.start)
    assert [s.key for s in top] == ["0", "1", "2", "3", "4", "5", "6"]
    assert top[0].start == 0 and top[-1].end == len(parsed.report.text)
    assert all(a.end == b.start for a, b in itertools.pairwise(top))


def test_a_prose_figures_span_ends_where_passages_end_a_sentence(parsed: ParsedReport) -> None:
    text = parsed.report.text
    prose = [f for f in parsed.facts if f.source == "prose"]
    assert prose
    for fact in prose:
        inner = text[fact.start : fact.end - 1]
        assert not any(mark in inner for mark in "。！？；!?;"), text[fact.start : fact.end]
