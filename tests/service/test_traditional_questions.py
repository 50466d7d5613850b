"""A report a mirror converted to traditional characters answers as its original does,
to questions typed in either script."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import opencc
import pytest

from ingest.pipeline import ingest_files
from ingest.store import open_db
from service.answering import Answerer

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "zibo-zhangdian-traffic-police-2024.txt"
QUESTIONS = (
    "张店交警去年有几件申请没办完？",
    "张店交警2024年人大建议和政协提案共办理了多少件？",
    "张店交警2024年作出了多少件行政处罚决定？",
    "张店交警2024年收取了多少信息处理费？",
    "张店交警2024年自然人提出了多少件申请？",
    "张店交警2024年被申请行政复议多少件？",
    "张店交警存在哪些问题？",
)


def _answerer(folder: Path, text: str) -> Answerer:
    report = folder / "report.txt"
    report.write_text(text, encoding="utf-8")
    db = open_db(folder / "qa.db")
    assert [result.status for result in ingest_files(db, [report])] == ["added"]
    return Answerer(db, today=lambda: date(2025, 3, 1))


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Answerer, Answerer]:
    text = SAMPLE.read_text(encoding="utf-8")
    original = _answerer(tmp_path_factory.mktemp("simplified"), text)
    converted = _answerer(
        tmp_path_factory.mktemp("traditional"), opencc.OpenCC("s2t").convert(text)
    )
    return original, converted


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_traditional_report_answers_as_its_original(
    pair: tuple[Answerer, Answerer], question: str
) -> None:
    original, converted = pair
    expected = original.ask(question)
    assert expected.found
    to_traditional = opencc.OpenCC("s2t").convert
    for asked in (question, to_traditional(question)):
        got = converted.ask(asked)
        assert (got.found, got.kind, got.value, got.unit) == (
            expected.found,
            expected.kind,
            expected.value,
            expected.unit,
        ), asked
        assert (got.metric or {}).get("key") == (expected.metric or {}).get("key")
        if expected.source:
            # The source is the report's own (traditional) text at the same place.
            assert got.source["text"] == to_traditional(expected.source["text"])
