"""Figures in prose: what counts as a figure, its clause, and the metric it is filed under."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.prose import ProseFigure, find_figures
from ingest.reading import normalise

SAMPLE = Path(__file__).parents[2] / "corpus" / "zibo-zhangdian-traffic-police-2024.txt"
SAMPLE_TEXT = normalise(SAMPLE.read_text(encoding="utf-8")).text
PROSE_LINES = [
    line for line in SAMPLE_TEXT.split("\n") if line.strip() and not line.startswith("\t")
]
CLAUSE_PUNCTUATION = "，；。：！？\n"

# (raw, value, unit, approximate, metric): the figures the sample's prose states.
SAMPLE_FIGURES = {
    ("84条", "84", "条", False, "prose"),
    ("860余篇", "860", "篇", True, "prose"),
    ("3400余条", "3400", "条", True, "prose"),
    ("超1300万", "13000000", "", True, "prose"),
    ("259个", "259", "个", False, "prose"),
    ("176次", "176", "次", False, "prose"),
    ("100余万", "1000000", "", True, "prose"),
    ("6件", "6", "件", False, "requests.new"),
    ("1件", "1", "件", False, "requests.carried_in"),
    ("1件", "1", "件", False, "requests.carried_over"),
    ("0件", "0", "件", False, "prose"),
    ("10项", "10", "项", False, "prose"),
    ("136场次", "136", "场次", False, "prose"),
    ("196场", "196", "场", False, "prose"),
    ("200余场", "200", "场", True, "prose"),
    ("未收取依申请公开信息处理费", "0", "元", False, "fees.processing"),
    ("21件", "21", "件", False, "proposals.total"),
    ("7件", "7", "件", False, "proposals.npc"),
    ("14件", "14", "件", False, "proposals.cppcc"),
    ("100%", "100", "%", False, "satisfaction"),
}


def _summary(figure: ProseFigure) -> tuple[str, str, str, bool, str]:
    return figure.raw, str(figure.value), figure.unit, figure.approximate, figure.metric


def _sample_figures() -> list[ProseFigure]:
    return [figure for line in PROSE_LINES for figure in find_figures(line)]


def _one(text: str) -> ProseFigure:
    figures = find_figures(text)
    assert len(figures) == 1, figures
    return figures[0]


# the sample report ----------------------------------------------------------------------


def test_every_figure_the_sample_states_in_prose_is_found() -> None:
    found = {_summary(figure) for figure in _sample_figures()}
    assert found >= SAMPLE_FIGURES


def test_nothing_in_the_sample_prose_but_its_figures_is_taken_for_one() -> None:
    found = {_summary(figure) for figure in _sample_figures()}
    assert found <= SAMPLE_FIGURES


def test_no_year_date_phone_postcode_or_ordinal_of_the_sample_becomes_a_figure() -> None:
    values = {figure.value for figure in find_figures(SAMPLE_TEXT)}
    assert not values & {Decimal(n) for n in (2024, 2025, 2021, 2139070, 255000, 29, 30, 31, 49)}
    for figure in find_figures(SAMPLE_TEXT):
        assert not any(mark in figure.raw for mark in "年月日号第")


def test_the_sample_figures_are_the_same_in_one_paragraph_or_in_the_whole_text() -> None:
    whole = [_summary(figure) for figure in find_figures(SAMPLE_TEXT)]
    assert whole == [_summary(figure) for figure in _sample_figures()]


def test_lexicon_figures_carry_a_short_chinese_label_and_others_their_clause() -> None:
    for figure in _sample_figures():
        if figure.metric == "prose":
            assert figure.metric_label == figure.clause
        else:
            assert figure.metric_label in {
                "本年新收政府信息公开申请数量",
                "上年结转政府信息公开申请数量",
                "结转下年度继续办理",
                "信息处理费",
                "人大代表建议和政协提案",
                "人大代表建议",
                "政协提案",
                "满意率",
            }


def test_a_figure_keeps_the_clause_that_says_what_is_counted() -> None:
    clauses = {figure.raw: figure.clause for figure in _sample_figures()}
    assert clauses["860余篇"] == "全年累计刊发新闻稿件860余篇"
    assert clauses["136场次"] == "举办警民恳谈136场次"
    assert clauses["7件"] == "其中人大建议7件"
    assert clauses["14件"] == "政协提案14件"


def test_spans_slice_the_figure_and_its_clause_out_of_the_text() -> None:
    for figure in find_figures(SAMPLE_TEXT):
        assert SAMPLE_TEXT[figure.start : figure.end] == figure.raw
        assert SAMPLE_TEXT[figure.clause_start : figure.clause_end] == figure.clause
        assert figure.clause_start <= figure.start < figure.end <= figure.clause_end
        assert not any(mark in figure.clause for mark in CLAUSE_PUNCTUATION)


# what is and is not a figure ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "确保每一份申请都得到严谨对待",
        "一是夯实根基",
        "《条例》第四十九条的规定",
        "制作一盔一带视频",
        "通过“两微一抖”发布",
        "国办公开办函〔2021〕30号",
        "自2024年1月1日起",
        "电话：2139070；",
        "邮编：255000；",
        "和平路29号",
        "第3次会议",
        "推行一件事一次办",
        "一次性告知",
        "第二十条第（一）项",
        "张店区2024年度报告",
        "属于三类内部事务信息",
    ],
)
def test_words_years_dates_numbers_and_ordinals_are_not_figures(text: str) -> None:
    assert find_figures(text) == []


@pytest.mark.parametrize(
    ("text", "raw", "value", "unit", "approximate"),
    [
        ("共收到申请两件。", "两件", "2", "件", False),
        ("开展培训二十一次，", "二十一次", "21", "次", False),
        ("受理来电1.2万余件", "1.2万余件", "12000", "件", True),
        ("约500人左右参加", "约500人左右", "500", "人", True),
        ("收费100万元", "100万元", "100", "万元", False),
        ("公开信息1,234条", "1,234条", "1234", "条", False),
        ("占比98.5%", "98.5%", "98.5", "%", False),
        ("节约经费3万元", "3万元", "3", "万元", False),
        ("服务群众近2000人次", "近2000人次", "2000", "人次", True),
    ],
)
def test_a_number_with_a_unit_is_a_figure(
    text: str, raw: str, value: str, unit: str, approximate: bool
) -> None:
    figure = _one(text)
    assert (figure.raw, str(figure.value), figure.unit, figure.approximate) == (
        raw,
        value,
        unit,
        approximate,
    )


def test_figures_in_one_sentence_each_get_their_own_clause() -> None:
    first, second = find_figures("其中人大建议7件，政协提案14件。")
    assert (first.clause, first.metric) == ("其中人大建议7件", "proposals.npc")
    assert (second.clause, second.metric) == ("政协提案14件", "proposals.cppcc")


def test_a_thousands_comma_does_not_split_a_clause_but_an_ascii_comma_does() -> None:
    first, second = find_figures("发布信息1,234条,答复5件")
    assert first.clause == "发布信息1,234条"
    assert second.clause == "答复5件"


# metrics --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("本年度新收政府信息公开申请12件", "requests.new"),
        ("共收到申请6件", "requests.new"),
        ("上年结转政府信息公开申请3件", "requests.carried_in"),
        ("结转下年度继续办理2件", "requests.carried_over"),
        ("办理人大代表建议5件", "proposals.npc"),
        ("办理区政协委员提案9件", "proposals.cppcc"),
        ("共办理建议提案14件", "proposals.total"),
        ("办理人大代表建议和政协提案共15件", "proposals.total"),
        ("满意率100%", "satisfaction"),
        ("满意度：98%", "satisfaction"),
        ("发生政府信息公开行政复议1件", "review.total"),
        ("行政诉讼2件", "litigation.total"),
        ("收取信息处理费0元", "fees.processing"),
        ("信息处理费：0元", "fees.processing"),
        ("发布各类信息120条", "prose"),
    ],
)
def test_lexicon_names_figures_that_repeat_template_cells(text: str, metric: str) -> None:
    assert _one(text).metric == metric


def test_the_words_before_an_earlier_figure_do_not_name_a_later_one() -> None:
    figures = find_figures("办理人大代表建议7件、政协提案14件")
    assert [figure.metric for figure in figures] == ["proposals.npc", "proposals.cppcc"]


@pytest.mark.parametrize(
    "text", ["2024年度未收取依申请公开信息处理费。", "没有收取任何费用", "本机关不收取信息处理费"]
)
def test_saying_no_fee_was_charged_is_a_fee_of_zero_yuan(text: str) -> None:
    figure = _one(text)
    assert (figure.value, figure.unit, figure.metric) == (Decimal(0), "元", "fees.processing")
    assert text[figure.start : figure.end] == figure.raw


def test_the_satisfaction_rate_is_a_percentage() -> None:
    figure = _one("满意率为100%。")
    assert (figure.value, figure.unit, figure.metric_label) == (Decimal(100), "%", "满意率")


# properties -----------------------------------------------------------------------------

lead_words = st.sampled_from(
    ["全年累计刊发新闻稿件", "开展培训", "通过微信矩阵发送提醒", "发布信息"]
)
units = st.sampled_from(
    ["件", "条", "篇", "次", "场", "场次", "个", "项", "人次", "家", "份", "期"]
)
noise = st.sampled_from(["", "2024年，", "自2024年1月1日起，", "依据第二十条，", "电话：2139070；"])


@given(noise, lead_words, st.integers(min_value=0, max_value=10**7), st.booleans(), units)
def test_a_stated_count_is_found_whatever_year_or_date_comes_before_it(
    before: str, lead: str, number: int, approximate: bool, unit: str
) -> None:
    stated = f"{number}{'余' if approximate else ''}{unit}"
    text = f"{before}{lead}{stated}。"
    figure = _one(text)
    assert (figure.value, figure.unit, figure.approximate) == (Decimal(number), unit, approximate)
    assert figure.raw == stated
    assert figure.clause == lead + stated


prose_alphabet = st.sampled_from(
    list("共收到申请件条次场个项余多约超万亿元年月日第号一二两十百，。；：、（）%.,0123456789 \n")
)


@given(st.text(alphabet=prose_alphabet, max_size=60))
def test_find_figures_never_raises_and_its_spans_always_slice_back(text: str) -> None:
    figures = find_figures(text)
    assert [figure.start for figure in figures] == sorted(figure.start for figure in figures)
    for figure in figures:
        assert text[figure.start : figure.end] == figure.raw
        assert text[figure.clause_start : figure.clause_end] == figure.clause
        assert figure.raw in figure.clause
        assert figure.unit or figure.raw.rstrip("余多").endswith(("万", "亿"))
