"""Choosing among the readings of run-together digits by table 三's column sums."""

from __future__ import annotations

import random
import time

from eval.synth import generate
from ingest.parse import parse_report
from ingest.reading import normalise

_BALANCE_LABELS = ("本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "（七）总计")


def _crawler_text() -> str:
    return generate(random.Random(1), layout="run_together").text


def test_balance_rows_that_all_break_their_sums_are_left_undecided_quickly() -> None:
    text = _crawler_text()
    # Eleven digits for seven cells whose six never add up to the seventh: hundreds of
    # readings per row, whose product once took seconds to search.
    for label, digits in zip(
        (*_BALANCE_LABELS, "结转下年度继续办理"),
        ("12131415161", "11121314153", "12131415162", "11121314152"),
        strict=True,
    ):
        at = text.index(label, text.index("申请人情况")) + len(label)
        assert text[at : at + 7] == "0000000"
        text = text[:at] + digits + text[at + 7 :]
    started = time.perf_counter()
    parsed = parse_report(normalise(text).text, name="crawler.txt")
    assert time.perf_counter() - started < 2.0
    undecided = [w for w in parsed.report.warnings if "cannot tell" in w]
    assert len(undecided) == 4
    assert all("too many readings" in w for w in undecided)
