"""Figures stated in sentences: "全年累计刊发新闻稿件860余篇" becomes 860 篇, approximate.

A figure is a number with a unit (or an Arabic number with a 万/亿 scale, "超1300万"),
so years, dates, document numbers, phone numbers and postcodes, which carry no unit, are
never figures; ordinals (第…) are refused explicitly. A single Chinese numeral ("一份",
"两个") is a figure only where it plainly counts: after a counting word ("共", "办理") or
closing its clause ("申请两件。"); so "每一份申请", "一盔一带", "两微一抖" are not.

Each figure keeps its clause, the stretch between clause punctuation that says what is
counted. A small lexicon names figures that repeat template cells or are often asked
about (requests, fees, proposals, satisfaction); every other figure is "prose".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from decimal import Decimal

from ingest.numbers import APPROXIMATE_AFTER, APPROXIMATE_BEFORE, ARABIC, parse_number

_UNITS = (
    "个工作日",
    "人次",
    "场次",
    "万元",
    "亿元",
    "小时",
    "件(?!事)",
    "条(?!例|款)",
    "篇",
    "次(?!性|日)",
    "场(?!所|景|地)",
    "个(?!月)",
    "项(?!目)",
    "人(?![民大员口群])",
    "名(?![称单义录])",
    "家(?![庭长属乡])",
    "份(?!额)",
    "期(?![间限])",
    "批(?![准评示复])",
    "户(?![籍口])",
    "类",
    "部(?!门|署|分)",
    "封",
    "元(?!旦|素)",
    "%",
    "％",
    "天",
)
_NUMERALS = "〇零一二两三四五六七八九十百千万亿"
_CHINESE = rf"[〇零一二两三四五六七八九十][{_NUMERALS}]*"
_FIGURE = re.compile(
    rf"(?P<before>{'|'.join(APPROXIMATE_BEFORE)})?"
    rf"(?:(?P<arabic>{ARABIC})|(?P<chinese>{_CHINESE}))"
    r"(?P<after>余|多)?"
    r"(?P<scale>千万|百万|万亿|万|亿|千)?"
    r"(?P<after_scale>余|多)?"
    rf"(?P<unit>{'|'.join(_UNITS)})?"
    rf"(?P<trailer>{'|'.join(marker for marker in APPROXIMATE_AFTER if len(marker) > 1)})?"
)
_FEE_WAIVER = re.compile(
    r"(?:未|没有|不|免)(?:收取|产生|收)[^，。；：！？\n]{0,20}?(?:信息处理费|费用)"
)
_CLAUSE_BREAK = re.compile(r"[，；。：！？\n]|[,;:!?](?![0-9])")
_COLON = "：:"
_CLAUSE_ENDS = "，；。：！？、,;:!?)）\n"
_COUNTING_CUES = (
    "共",
    "计",
    "达",
    "为",
    "收到",
    "受理",
    "办理",
    "答复",
    "发布",
    "开展",
    "举办",
    "召开",
    "组织",
    "出台",
    "印发",
    "制定",
    "新增",
)
_MONEY_SCALES = ("万", "亿")
_BARE_SCALES = ("万", "亿", "百万", "千万", "万亿")  # a figure with no unit: "超1300万"
# Words ending in a marker's character, where it marks nothing: 最近, 节约, 高超.
_NOT_MARKERS = {"近": "最接附临靠亲", "约": "节制预签公契简婉", "超": "高赶"}
_COUNT = frozenset({"件", "个", "条", "项"})

# metric, label, what the words before the figure say, the units it may have; first hit wins.
_LEXICON: tuple[tuple[str, str, re.Pattern[str], frozenset[str]], ...] = tuple(
    (metric, label, re.compile(pattern), units)
    for metric, label, pattern, units in (
        ("fees.processing", "信息处理费", r"信息处理费", frozenset({"元", "万元"})),
        ("satisfaction", "满意率", r"满意(?:率|度)", frozenset({"%"})),
        ("review.total", "行政复议", r"行政复议", _COUNT),
        ("litigation.total", "行政诉讼", r"行政诉讼", _COUNT),
        ("requests.carried_over", "结转下年度继续办理", r"结转(?:至|到)?下一?年", _COUNT),
        ("requests.carried_in", "上年结转政府信息公开申请数量", r"上一?年度?结转", _COUNT),
        (
            "requests.new",
            "本年新收政府信息公开申请数量",
            r"(?:收到|受理|新收|接收|接到)[^，。；]*申请",
            _COUNT,
        ),
        (
            "proposals.total",
            "人大代表建议和政协提案",
            r"人大.*政协|政协.*人大|提案议案|议案提案|建议提案|提案建议|建议[和及、]提案",
            _COUNT,
        ),
        ("proposals.npc", "人大代表建议", r"人大(?:代表)?(?:建议|议案)", _COUNT),
        ("proposals.cppcc", "政协提案", r"政协(?:委员)?提案", _COUNT),
    )
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProseFigure:
    """A figure in prose.

    ``text[start:end] == raw`` and ``text[clause_start:clause_end] == clause``.
    """

    value: Decimal
    unit: str
    raw: str
    approximate: bool
    clause: str
    start: int
    end: int
    clause_start: int
    clause_end: int
    metric: str
    metric_label: str


def find_figures(text: str) -> list[ProseFigure]:
    """Every figure stated in ``text`` (a paragraph of normalised text), in order."""
    numbers = [figure for match in _FIGURE.finditer(text) if (figure := _figure(text, match))]
    waivers = [
        waiver
        for waiver in _fee_waivers(text)
        if not any(waiver.start < other.end and other.start < waiver.end for other in numbers)
    ]
    figures = sorted([*numbers, *waivers], key=lambda figure: figure.start)
    breaks = [match.start() for match in _CLAUSE_BREAK.finditer(text)]
    placed = [_in_clause(text, figure, breaks) for figure in figures]
    return [
        _named(text, figure, breaks, placed[index - 1].end if index else 0)
        for index, figure in enumerate(placed)
    ]


def _figure(text: str, match: re.Match[str]) -> ProseFigure | None:
    """The figure a match stands for, or None when it is not one (a year, an ordinal…)."""
    unit, scale = match["unit"] or "", match["scale"] or ""
    if not unit and not (scale in _BARE_SCALES and match["arabic"]):
        return None
    if not _stands_alone(text, match) or not _counts(text, match):
        return None
    if unit == "元" and scale in _MONEY_SCALES:  # keep money in the report's unit: 100万元
        unit, scale = scale + unit, ""
    try:
        value = parse_number((match["arabic"] or match["chinese"]) + scale)
    except ValueError:
        return None
    start = match.start() if _marks_approximate(text, match) else match.start(_number_group(match))
    approximate = start < match.start(_number_group(match)) or any(
        match[group] for group in ("after", "after_scale", "trailer")
    )
    return ProseFigure(
        value=value,
        unit="%" if unit == "％" else unit,
        raw=text[start : match.end()],
        approximate=approximate,
        clause="",
        start=start,
        end=match.end(),
        clause_start=0,
        clause_end=0,
        metric="prose",
        metric_label="",
    )


def _number_group(match: re.Match[str]) -> str:
    return "arabic" if match["arabic"] else "chinese"


def _marks_approximate(text: str, match: re.Match[str]) -> bool:
    """Whether the word before the number ("约", "近") is a marker, not a word's tail (节约)."""
    marker = match["before"]
    if not marker:
        return False
    previous = text[match.start() - 1] if match.start() else ""
    return not previous or previous not in _NOT_MARKERS.get(marker, "")


def _stands_alone(text: str, match: re.Match[str]) -> bool:
    """The number is not the tail of a longer token, an ordinal or "每一…"."""
    start = match.start(_number_group(match))
    previous = text[start - 1] if start else ""
    if text[max(0, start - 3) : start].rstrip().endswith("第"):
        return False
    if match["arabic"]:
        return not previous or not (previous.isascii() and (previous.isalnum() or previous in ".,"))
    return not previous or previous not in _NUMERALS + "每"


def _counts(text: str, match: re.Match[str]) -> bool:
    """Whether a lone Chinese numeral ("一", "两") is a count here, not part of a phrase."""
    numeral = match["chinese"]
    if not numeral or len(numeral) > 1:
        return True
    if numeral in "〇零":
        return False  # 零件, 〇项: not counts
    following = text[match.end() : match.end() + 1]
    if not following or following in _CLAUSE_ENDS:
        return True
    return text[max(0, match.start() - 2) : match.start()].endswith(_COUNTING_CUES)


def _fee_waivers(text: str) -> list[ProseFigure]:
    """ "未收取…信息处理费": the fee charged is 0 元."""
    return [
        ProseFigure(
            value=Decimal(0),
            unit="元",
            raw=match[0],
            approximate=False,
            clause="",
            start=match.start(),
            end=match.end(),
            clause_start=0,
            clause_end=0,
            metric="fees.processing",
            metric_label="信息处理费",
        )
        for match in _FEE_WAIVER.finditer(text)
    ]


def _in_clause(text: str, figure: ProseFigure, breaks: list[int]) -> ProseFigure:
    start, end = _clause_span(text, figure.start, figure.end, breaks)
    return replace(figure, clause=text[start:end], clause_start=start, clause_end=end)


def _clause_span(text: str, start: int, end: int, breaks: list[int]) -> tuple[int, int]:
    """The stretch between clause punctuation around [start, end), without outer spaces."""
    before = bisect_right(breaks, start - 1)
    clause_start = breaks[before - 1] + 1 if before else 0
    after = bisect_left(breaks, end)
    clause_end = breaks[after] if after < len(breaks) else len(text)
    while clause_start < start and text[clause_start].isspace():
        clause_start += 1
    while clause_end > end and text[clause_end - 1].isspace():
        clause_end -= 1
    return clause_start, clause_end


def _named(text: str, figure: ProseFigure, breaks: list[int], previous_end: int) -> ProseFigure:
    """The figure with its metric: a lexicon hit on the words before it, else "prose"."""
    if figure.metric != "prose":
        return figure
    lead = text[max(_lead_start(text, figure, breaks), previous_end) : figure.start]
    for metric, label, pattern, units in _LEXICON:
        if figure.unit in units and pattern.search(lead):
            return replace(figure, metric=metric, metric_label=label)
    return replace(figure, metric_label=figure.clause)


def _lead_start(text: str, figure: ProseFigure, breaks: list[int]) -> int:
    """Where the words naming a figure begin: its clause, or the one before a colon."""
    start = figure.clause_start
    colon = start - 1
    while colon >= 0 and text[colon].isspace():
        colon -= 1
    if colon < 0 or text[colon] not in _COLON:
        return start
    return _clause_span(text, colon, colon, breaks)[0]
