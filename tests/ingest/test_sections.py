"""Finding the template's six sections under the headings reports actually print."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.sections import find_headings
from ingest.template import TABLE_3_ROWS

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "zibo-zhangdian-traffic-police-2024.txt"
TEXT = SAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("key", "printed", "renamed"),
    [
        ("5", "五、存在的主要问题及改进情况", "五、工作中存在的不足和下一步工作打算"),
        ("5", "五、存在的主要问题及改进情况", "五、存在的不足及改进措施"),
        ("1", "一、总体情况", "一、工作开展情况"),
        ("1", "一、总体情况", "一、政府信息公开工作情况"),
    ],
)
def test_renamed_headings_are_found_after_their_number(
    key: str, printed: str, renamed: str
) -> None:
    assert printed in TEXT
    headings = {h.key: h for h in find_headings(TEXT.replace(printed, renamed, 1))}
    assert sorted(headings) == ["1", "2", "3", "4", "5", "6"]
    assert headings[key].title.startswith(renamed)


def test_the_renamed_headings_words_alone_or_in_table_labels_are_not_headings() -> None:
    labels = "\n".join(row.label.split(" ")[-1] for row in TABLE_3_ROWS)
    prose = "下一步工作打算\n存在的不足\n（一）工作开展情况\n（五）下一步工作打算"
    assert find_headings(f"{labels}\n{prose}\n") == ()
