"""Questions about the 2019 trial format's table 二: the lexicon names its metrics, and the
figures of a generated 2019 report are answered (expected values from the generator)."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest

from eval.synth import SynthReport, generate, write
from ingest.pipeline import ingest_files
from ingest.store import open_db
from ingest.template import TABLE_2_2019_ROWS
from service.answering import Answerer
from service.metrics import COLUMN_LABELS, METRICS, column_for, find_columns, find_metrics


def _asked(question: str) -> tuple[str, str]:
    mentions = find_metrics(question)
    assert mentions, question
    metric = METRICS[mentions[0].key]
    return metric.key, column_for(metric, find_columns(question), mentions)


def test_every_trial_cell_has_a_metric_and_a_column_label() -> None:
    for row in TABLE_2_2019_ROWS:
        metric = METRICS[row.key]
        assert metric.label == row.label
        assert metric.columns == tuple(cell.column for cell in row.cells)
        for cell in row.cells:
            # 处理决定数量 is shown as 2021's 本年处理决定数量: the same column, this year.
            assert cell.column_label in COLUMN_LABELS[cell.column]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("2019年政府集中采购总金额是多少", ("disclosure2019.procurement", "total_amount")),
        ("去年集中采购了多少个项目", ("disclosure2019.procurement", "projects")),
        (
            "2020年其他对外管理服务事项的处理决定数量",
            ("disclosure2019.other_services", "decisions"),
        ),
        ("2019年规章本年新制作数量", ("disclosure2019.rules", "made")),
        ("规范性文件对外公开总数量是多少", ("disclosure2019.normative_documents", "public_total")),
        ("行政许可上一年项目数量", ("disclosure2019.licensing", "items_last_year")),
        ("行政处罚本年增减多少项", ("disclosure2019.penalty", "items_change")),
        # Without a trial column's words, the 2021 rows keep their wordings.
        ("2021年规章制发多少件", ("disclosure.rules", "issued")),
        ("行政事业性收费金额是多少", ("disclosure.fees", "amount")),
    ],
)
def test_trial_wordings_name_the_trial_metrics(question: str, expected: tuple[str, str]) -> None:
    assert _asked(question) == expected


@pytest.fixture(scope="module")
def trial(tmp_path_factory: pytest.TempPathFactory) -> tuple[Answerer, list[SynthReport]]:
    folder = tmp_path_factory.mktemp("trial")
    reports = [generate(random.Random(seed), layout="cells", template="2019") for seed in (1, 4)]
    db = open_db(folder / "qa.db")
    results = list(ingest_files(db, write(reports, folder)))
    assert all(result.status != "failed" for result in results)
    return Answerer(db, today=lambda: date(2021, 3, 1)), reports


def test_procurement_figures_of_a_2019_report_are_answered(
    trial: tuple[Answerer, list[SynthReport]],
) -> None:
    answerer, reports = trial
    for report in reports:
        for question, column in (
            (f"{report.agency}{report.year}年政府集中采购总金额是多少", "total_amount"),
            (f"{report.agency}{report.year}年政府集中采购项目数量是多少", "projects"),
        ):
            answer = answerer.ask(question)
            expected = report.cells["disclosure2019.procurement", column] or 0
            assert answer.found, question
            assert answer.metric is not None
            assert answer.metric["key"] == "disclosure2019.procurement"
            assert Decimal(str(answer.value)) == expected
            assert answer.unit == {"total_amount": "万元", "projects": "项"}[column]


def test_a_2019_report_names_its_format(trial: tuple[Answerer, list[SynthReport]]) -> None:
    answerer, reports = trial
    rows = answerer.db.query("select template, year from reports")
    assert {(row["template"], row["year"]) for row in rows} == {
        ("2019", report.year) for report in reports
    }


def test_a_2021_row_named_in_a_question_about_a_2019_report_is_the_trial_row(
    trial: tuple[Answerer, list[SynthReport]],
) -> None:
    answerer, reports = trial
    for report in reports:
        for question, metric in (
            (f"{report.agency}{report.year}年行政许可处理决定数量是多少", "licensing"),
            (f"{report.agency}{report.year}年作出了多少件行政处罚决定", "penalty"),
        ):
            answer = answerer.ask(question)
            expected = report.cells[f"disclosure2019.{metric}", "decisions"] or 0
            assert answer.found, question
            assert answer.metric is not None
            assert answer.metric["key"] == f"disclosure2019.{metric}"
            assert Decimal(str(answer.value)) == expected


def test_other_handling_is_the_trial_formats_one_row(
    trial: tuple[Answerer, list[SynthReport]],
) -> None:
    answerer, reports = trial
    for report in reports:
        answer = answerer.ask(f"{report.agency}{report.year}年其他处理的申请有几件？")
        assert answer.found
        assert Decimal(str(answer.value)) == (report.cells["outcome.other", "total"] or 0)
