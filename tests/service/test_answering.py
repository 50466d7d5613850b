"""The answering engine: figures with their sources, derived answers, conversation, scope,
and honest "the report does not say". Expected values come from the sample report's text
and from the generator's own figures (``SynthReport.cells``), never from the engine."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from eval.synth import SynthReport, generate_many, write
from ingest.pipeline import ingest_files
from ingest.store import open_db
from service.answering import MAX_QUESTION_CHARS, Answerer, AnswerError

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "zibo-zhangdian-traffic-police-2024.txt"
ZHANGDIAN = "淄博市公安局交通警察支队张店大队"
SPRING_2025 = date(2025, 3, 1)


@pytest.fixture(scope="module")
def series() -> list[SynthReport]:
    """Three agencies, each reporting 2021-2024, in every layout."""
    return list(generate_many(5, 12, years=4))


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, series: list[SynthReport]) -> Answerer:
    folder = tmp_path_factory.mktemp("reports")
    files = [SAMPLE, *write(series, folder)]
    db = open_db(folder / "qa.db")
    results = list(ingest_files(db, files))
    assert all(result.status != "failed" for result in results)
    return Answerer(db, today=lambda: SPRING_2025)


def _number(value: Decimal | None) -> int | float:
    value = value or Decimal(0)  # a cell printed empty counts as 0
    return int(value) if value == value.to_integral_value() else float(value)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# -- the examples on the sample report ---------------------------------------------


def test_carried_over_to_next_year_with_the_row_as_source(answerer: Answerer) -> None:
    answer = answerer.ask("张店交警2024年结转到下一年继续办理的申请有几件?")
    assert answer.found and answer.kind == "figure"
    assert (answer.value, answer.unit) == (1, "件")
    assert answer.metric["key"] == "requests.carried_over"
    assert answer.column["key"] == "total"
    assert answer.report["agency"] == ZHANGDIAN and answer.report["year"] == 2024
    assert _squash(answer.source["text"]).startswith("四、结转下年度继续办理")
    assert answer.alternatives == []  # the wording says which way: nothing to offer
    text = SAMPLE.read_text(encoding="utf-8")
    assert "结转下年度继续办理" in text


def test_last_year_proposals_are_summed_with_their_parts(answerer: Answerer) -> None:
    answer = answerer.ask("张店交警去年办理了多少件人大建议和政协提案?", today=date(2025, 5, 4))
    assert answer.found and answer.value == 21
    assert sorted(part["value"] for part in answer.parts) == [7, 14]
    assert answer.report["year"] == 2024  # 去年, asked in 2025
    assert "人大建议7件" in answer.source["text"] and "政协提案14件" in answer.source["text"]


@pytest.mark.parametrize(
    ("question", "value", "metric"),
    [
        ("行政处罚多少件", 933554, "disclosure.penalty"),
        ("收了多少信息处理费", 0, "fees.processing"),
        ("张店交警行政强制有几件？", 6761, "disclosure.coercion"),
        ("因为属于行政执法案卷不予公开的有几件", 1, "outcome.withheld.enforcement"),
        ("不掌握相关信息无法提供的有多少", 3, "outcome.unavailable.not_held"),
        ("信访举报投诉类的申请不予处理了几件", 1, "outcome.not_processed.petition"),
    ],
)
def test_sample_figures(answerer: Answerer, question: str, value: int, metric: str) -> None:
    answer = answerer.ask(question, agency="张店交警")
    assert answer.found and answer.value == value
    assert answer.metric["key"] == metric
    assert answer.source["text"]


def test_problems_question_gets_the_section_five_passage(answerer: Answerer) -> None:
    answer = answerer.ask("存在哪些问题", agency=ZHANGDIAN)
    assert answer.found and answer.kind == "passage" and answer.value is None
    assert answer.source["section"].startswith("五、存在的主要问题")
    text = SAMPLE.read_text(encoding="utf-8")
    assert _squash(answer.source["text"]) in _squash(text)


def test_english_carried_over_offers_last_years_as_alternative(answerer: Answerer) -> None:
    answer = answerer.ask("how many requests were carried over?", agency=ZHANGDIAN)
    assert answer.found and answer.value == 1
    assert answer.metric["key"] == "requests.carried_over"
    assert [alt["metric"]["key"] for alt in answer.alternatives] == ["requests.carried_in"]
    assert answer.alternatives[0]["value"] == 1


@pytest.mark.parametrize(
    "question",
    [
        "张店交警2024年召开了几场新闻发布会？",
        "张店交警2024年发布了多少份政策解读？",  # only counted together with other kinds
        "张店交警2024年政府网站访问量是多少?",
    ],
)
def test_a_figure_the_report_lacks_is_not_found(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert not answer.found and answer.value is None and answer.kind == "none"
    assert not re.search(r"\d+\s*[件篇条次场]", answer.answer)  # no number offered as answer


def test_prose_figures_keep_their_approximate_mark(answerer: Answerer) -> None:
    answer = answerer.ask("张店交警在微博微信抖音上发了多少条信息？")
    assert answer.found and answer.value == 3400 and answer.approximate
    assert "3400余条" in answer.answer and "3400余条" in answer.source["text"]


# -- agencies, years and scope -------------------------------------------------------------


def test_short_forms_name_the_agency(answerer: Answerer) -> None:
    for name in ("张店交警", "张店交警大队", "淄博张店交警", ZHANGDIAN):
        answer = answerer.ask(f"{name}2024年行政处罚多少件")
        assert answer.report["agency"] == ZHANGDIAN, name


def test_an_ambiguous_agency_is_asked_about(answerer: Answerer, series: list[SynthReport]) -> None:
    agencies = sorted({report.agency for report in series} | {ZHANGDIAN})
    answer = answerer.ask("2024年行政处罚多少件")  # no agency, no scope, several stored
    assert not answer.found and answer.kind == "clarify" and answer.value is None
    assert sorted(choice["value"] for choice in answer.clarify["choices"]) == agencies


@pytest.mark.parametrize(
    "slipped",
    [ZHANGDIAN.replace("大队", "大对"), ZHANGDIAN.replace("张店", "张殿"), "张店区交警大队"],
)
def test_scope_as_the_page_names_it_is_matched_and_said(answerer: Answerer, slipped: str) -> None:
    answer = answerer.ask("行政处罚多少件", agency=slipped)
    assert answer.found and answer.report["agency"] == ZHANGDIAN
    assert any(slipped in note and ZHANGDIAN in note for note in answer.notes)


def test_a_count_of_nothing_named_asks_which_figure(answerer: Answerer) -> None:
    answer = answerer.ask("张店交警2024年一共有多少？")
    assert not answer.found and answer.kind == "clarify" and answer.value is None
    assert answer.clarify["field"] == "metric"
    assert "requests.new" in [choice["value"] for choice in answer.clarify["choices"]]


def test_scope_matching_nothing_is_said(answerer: Answerer) -> None:
    answer = answerer.ask("行政处罚多少件", agency="北京市海淀区教育委员会")
    assert not answer.found and answer.value is None
    assert "北京市海淀区教育委员会" in answer.answer


def test_the_question_overrides_the_scope(answerer: Answerer, series: list[SynthReport]) -> None:
    other = series[0].agency
    answer = answerer.ask("张店交警行政处罚多少件", agency=other)
    assert answer.report["agency"] == ZHANGDIAN


@pytest.mark.parametrize(
    ("words", "year"),
    [("2023年", 2023), ("23年", 2023), ("二〇二二年", 2022), ("去年", 2024), ("前年", 2023)],
)
def test_years_said_many_ways(
    answerer: Answerer, series: list[SynthReport], words: str, year: int
) -> None:
    report = next(r for r in series if r.year == year)
    answer = answerer.ask(f"{words}结转下年度继续办理的申请有几件", agency=report.agency)
    assert answer.report["year"] == year
    assert answer.value == _number(report.cells["requests.carried_over", "total"])


def test_no_year_means_the_latest_report(answerer: Answerer, series: list[SynthReport]) -> None:
    agency = series[0].agency
    latest = max((r for r in series if r.agency == agency), key=lambda r: r.year)
    answer = answerer.ask("本年新收多少件申请", agency=agency)
    assert answer.report["year"] == latest.year
    assert answer.value == _number(latest.cells["requests.new", "total"])


def test_a_year_without_a_report_is_not_answered(answerer: Answerer) -> None:
    answer = answerer.ask("张店交警2019年行政处罚多少件")
    assert not answer.found and answer.value is None
    assert "2019" in answer.answer and "2024" in answer.answer  # what is there instead


# -- generated reports: every layout, the generator's own figures ----------------------------

_WORDINGS = {
    ("requests.new", "total"): "{a}{y}年收到多少件政府信息公开申请？",
    ("requests.new", "natural_person"): "{a}{y}年老百姓提交了几件申请",
    ("requests.carried_in", "total"): "{a}{y}年上年结转的申请有几件",
    ("requests.carried_over", "total"): "{a}{y}年有几件申请没办完?",
    ("outcome.disclosed", "total"): "{a}{y}年予以公开的有多少件",
    ("outcome.partly", "commercial"): "{a}{y}年企业申请部分公开的有几件",
    ("outcome.unavailable.not_held", "total"): "{a}{y}年因为不掌握相关信息无法提供的有几件",
    ("outcome.not_processed.repeated", "total"): "{a}{y}年重复申请不予处理几件",
    ("disclosure.penalty", "decisions"): "{a}{y}年行政处罚决定有多少",
    ("disclosure.licensing", "decisions"): "{a}{y}年行政许可多少件",
    ("review", "total"): "{a}{y}年行政复议总共几件",
    ("review", "corrected"): "{a}{y}年行政复议结果纠正的有几件",
    ("litigation.direct", "total"): "{a}{y}年未经复议直接起诉的有几件",
}


def test_generated_cells_are_answered_exactly(
    answerer: Answerer, series: list[SynthReport]
) -> None:
    wrong = []
    for report in series:
        for (metric, column), wording in _WORDINGS.items():
            question = wording.format(a=report.agency, y=report.year)
            answer = answerer.ask(question)
            expected = _number(report.cells[metric, column])
            if not (answer.found and answer.value == expected):
                wrong.append((report.layout, question, expected, answer.value))
    assert wrong == []


def test_groups_are_summed_from_their_rows(answerer: Answerer, series: list[SynthReport]) -> None:
    report = series[1]
    answer = answerer.ask(f"{report.agency}{report.year}年不予公开的一共多少件")
    withheld = [k for k in report.cells if k[0].startswith("outcome.withheld.") and k[1] == "total"]
    assert len(withheld) == 8
    assert answer.value == sum(_number(report.cells[k]) for k in withheld)
    assert len(answer.parts) == 8
    organisations = answerer.ask(f"{report.agency}{report.year}年法人或其他组织新收了几件申请")
    columns = ("commercial", "research", "social_welfare", "legal_service", "other")
    assert organisations.value == sum(_number(report.cells["requests.new", c]) for c in columns)


def test_change_between_years(answerer: Answerer, series: list[SynthReport]) -> None:
    agency = series[0].agency
    by_year = {r.year: r for r in series if r.agency == agency}
    key = ("requests.new", "total")
    answer = answerer.ask(f"{agency}2024年比2023年多收了几件申请")
    assert answer.kind == "difference"
    assert answer.value == _number(by_year[2024].cells[key]) - _number(by_year[2023].cells[key])
    assert [part["year"] for part in answer.parts] == [2024, 2023]
    follow = answerer.ask("比去年呢", context=answerer.ask(f"{agency}2023年收到几件申请").context)
    assert follow.value == _number(by_year[2023].cells[key]) - _number(by_year[2022].cells[key])


def test_series_over_the_last_three_years(answerer: Answerer, series: list[SynthReport]) -> None:
    agency = series[4].agency
    by_year = {r.year: r for r in series if r.agency == agency}
    answer = answerer.ask(f"{agency}近三年行政复议分别是多少件")
    assert answer.kind == "series"
    got = {part["year"]: part["value"] for part in answer.parts}
    assert got == {y: _number(by_year[y].cells["review", "total"]) for y in (2022, 2023, 2024)}


def test_balance_question_reports_the_checks(answerer: Answerer, series: list[SynthReport]) -> None:
    report = series[2]
    answer = answerer.ask(f"{report.agency}{report.year}年报告的数据对得上吗")
    assert answer.kind == "check" and answer.check["ok"] and answer.check["passed"] > 20
    assert answer.value is None


def test_follow_ups_use_the_previous_turn(answerer: Answerer, series: list[SynthReport]) -> None:
    agency = series[8].agency
    by_year = {r.year: r for r in series if r.agency == agency}
    first = answerer.ask(f"{agency}2024年收到多少件申请")
    assert first.value == _number(by_year[2024].cells["requests.new", "total"])
    second = answerer.ask("那2023年呢？", context=first.context)
    assert second.value == _number(by_year[2023].cells["requests.new", "total"])
    third = answerer.ask("自然人呢?", context=second.context)
    assert third.value == _number(by_year[2023].cells["requests.new", "natural_person"])
    fourth = answerer.ask("复议呢?", context=third.context)
    assert fourth.metric["key"] == "review" and fourth.report["year"] == 2023
    assert fourth.value == _number(by_year[2023].cells["review", "total"])


def test_context_is_plain_json_the_client_can_send_back(answerer: Answerer) -> None:
    import json

    answer = answerer.ask("张店交警行政处罚多少件")
    again = answerer.ask("行政强制呢", context=json.loads(json.dumps(answer.context)))
    assert again.report["agency"] == ZHANGDIAN and again.value == 6761
    assert json.loads(json.dumps(again.to_dict(), ensure_ascii=False))["found"] is True


# -- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["", "   ", "问" * (MAX_QUESTION_CHARS + 1)])
def test_empty_or_huge_questions_are_refused_clearly(answerer: Answerer, question: str) -> None:
    with pytest.raises(AnswerError, match=r"empty|characters"):
        answerer.ask(question)


def test_an_empty_database_says_so(tmp_path: Path) -> None:
    answer = Answerer(open_db(tmp_path / "empty.db")).ask("行政处罚多少件")
    assert not answer.found and answer.value is None and "ingest" in answer.answer


def test_two_reports_for_one_agency_and_year_are_both_shown(tmp_path: Path) -> None:
    import random

    from eval.synth import Agency, generate

    agency = Agency(name="徐州市鼓楼区统计局", we="我局", city="徐州市", enforcement=False)
    first, second = (
        generate(random.Random(seed), layout="cells", agency=agency, year=2023) for seed in (1, 2)
    )
    key = ("requests.new", "total")
    assert first.cells[key] != second.cells[key]
    db = open_db(tmp_path / "two.db")
    results = list(ingest_files(db, write([first, second], tmp_path / "reports")))
    assert [r.status for r in results] == ["added", "added"]
    answer = Answerer(db).ask("徐州市鼓楼区统计局2023年收到多少件申请")
    values = {answer.value, *(alt["value"] for alt in answer.alternatives)}
    assert values == {_number(first.cells[key]), _number(second.cells[key])}
    assert any("另一份" in note for note in answer.notes) and answer.confidence <= 0.5
