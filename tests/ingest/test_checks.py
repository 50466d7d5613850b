"""The template's balance rules on a report's facts: what fails, what cannot be checked."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.pipeline import read_bytes

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "zibo-zhangdian-traffic-police-2024.txt"
TEXT = SAMPLE.read_text(encoding="utf-8")


def _without_total_column(text: str) -> str:
    """The sample with table 三's 总计 cell (the last of each row's seven lines) left blank."""
    start, end = text.index("三、收到和处理"), text.index("四、政府信息公开行政复议")
    blocks = []
    for block in text[start:end].split("\n\n"):
        lines = block.split("\n")
        if len(lines) >= 8 and all(re.fullmatch(r"\t\s*\d*\s*", line) for line in lines[-7:]):
            lines[-1] = "\t"
        blocks.append("\n".join(lines))
    return text[:start] + "\n\n".join(blocks) + text[end:]


def test_a_total_column_left_blank_in_every_row_is_skipped_not_failed() -> None:
    parsed = read_bytes(_without_total_column(TEXT).encode("utf-8"), "blank-total.txt")
    totals = [f for f in parsed.facts if f.table == "三" and f.column == "total"]
    assert totals and all(f.empty for f in totals)
    assert not [c.message for c in parsed.checks if c.status == "fail"]
    skipped = [c for c in parsed.checks if c.status == "skipped"]
    assert {c.rule for c in skipped} == {
        "三.balance",
        "三.outcome_total",
        "三.row_total",
        "prose.table",
    }
    assert all("not printed" in c.message for c in skipped)
    assert {c.status for c in parsed.checks if c.scope == "natural_person"} == {"pass"}
