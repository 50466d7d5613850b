"""Build the held-out gold question set ``qa-heldout.jsonl``.

The 20 reports in ``heldout-reports/`` were written by
``reportqa synth eval/gold/heldout-reports --count 20 --years 4 --seed 29``. This script
regenerates the same objects with ``eval.synth.generate_many(29, 20, years=4)``, matches
them to their files by ``slug + '.txt'``, and takes every answer from the generator's
ground truth (``.cells``, ``.prose``). Each question also carries the value its author
expected by reading the report; the two must agree.

Support fragments are copied from the report text: table rows are cut out from the row
label to the row's last figure, prose figures from the sentence that states them. Each
fragment is checked to occur in the report after collapsing whitespace.

Run from the repository root:  /work/venv/bin/python eval/gold/make_heldout.py
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from eval.synth import generate_many

HERE = Path(__file__).resolve().parent
REPORTS_DIR = HERE / "heldout-reports"
OUT = HERE / "qa-heldout.jsonl"

AG = {
    "nl": "安徽省芜湖市南陵县人力资源和社会保障局",
    "nh": "南海区人民政府办公室",
    "yl": "徐州市云龙区经济开发区管理委员会",
    "xl": "湖北省宜昌市西陵区人力资源和社会保障局",
    "lc": "保定市莲池区司法局",
}
# Short forms a scope question (no agency named) must not contain.
AGENCY_HINTS = (
    "南陵",
    "南海",
    "云龙",
    "西陵",
    "莲池",
    "人社",
    "司法",
    "政府办",
    "管委会",
    "经开区",
)

APPLICANTS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other",
)
ORGS = APPLICANTS[1:]
WITHHELD = tuple(
    "outcome.withheld." + k
    for k in (
        "state_secret",
        "prohibited",
        "security",
        "third_party",
        "internal",
        "process",
        "enforcement",
        "inquiry",
    )
)
UNAVAILABLE = tuple("outcome.unavailable." + k for k in ("not_held", "needs_creation", "unclear"))
NOT_PROCESSED = tuple(
    "outcome.not_processed." + k
    for k in ("petition", "repeated", "publication", "excessive", "confirmation")
)
OTHER = tuple("outcome.other." + k for k in ("no_correction", "unpaid", "other"))
T4_GROUPS = ("review", "litigation.direct", "litigation.after_review")
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")

# Printed row labels, in print order, with the number of value cells in the row.
T2_ROWS = (
    ("disclosure.rules", "规章", 3),
    ("disclosure.normative_documents", "行政规范性文件", 3),
    ("disclosure.licensing", "行政许可", 1),
    ("disclosure.penalty", "行政处罚", 1),
    ("disclosure.coercion", "行政强制", 1),
    ("disclosure.fees", "行政事业性收费", 1),
)
T3_ROWS = (
    ("requests.new", "一、本年新收政府信息公开申请数量"),
    ("requests.carried_in", "二、上年结转政府信息公开申请数量"),
    ("outcome.disclosed", "（一）予以公开"),
    ("outcome.partly", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("outcome.withheld.state_secret", "1.属于国家秘密"),
    ("outcome.withheld.prohibited", "2.其他法律行政法规禁止公开"),
    ("outcome.withheld.security", "3.危及“三安全一稳定”"),
    ("outcome.withheld.third_party", "4.保护第三方合法权益"),
    ("outcome.withheld.internal", "5.属于三类内部事务信息"),
    ("outcome.withheld.process", "6.属于四类过程性信息"),
    ("outcome.withheld.enforcement", "7.属于行政执法案卷"),
    ("outcome.withheld.inquiry", "8.属于行政查询事项"),
    ("outcome.unavailable.not_held", "1.本机关不掌握相关政府信息"),
    ("outcome.unavailable.needs_creation", "2.没有现成信息需要另行制作"),
    ("outcome.unavailable.unclear", "3.补正后申请内容仍不明确"),
    ("outcome.not_processed.petition", "1.信访举报投诉类申请"),
    ("outcome.not_processed.repeated", "2.重复申请"),
    ("outcome.not_processed.publication", "3.要求提供公开出版物"),
    ("outcome.not_processed.excessive", "4.无正当理由大量反复申请"),
    ("outcome.not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息"),
    (
        "outcome.other.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "outcome.other.unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("outcome.other.other", "3.其他"),
    ("outcome.total", "（七）总计"),
    ("requests.carried_over", "四、结转下年度继续办理"),
)
T2_HEADING = "主动公开政府信息情况"
T3_HEADING = "收到和处理政府信息公开申请情况"
T4_HEADING = "政府信息公开行政复议、行政诉讼情况"
SECTION_5 = "存在的主要问题及改进情况"

# Prose sentences that state figures, by prose key (searched in the collapsed text).
PROSE_PATTERNS = {
    "proactive.items": r"\d{4}年，我.通过政府门户网站主动公开政府信息(\d+)条",
    "proactive.press_releases": r"主动公开政府信息\d+条，发布新闻稿件(\d+)余篇",
    "training.sessions": r"全年组织政务公开专题培训(\d+)次",
    "fees.processing": r"（一）信息处理费收取情况。本年度共收取信息处理费(\d+)元。",
    "fees.none": r"（一）信息处理费收取情况。本年度未收取信息处理费。",
    "proposals": r"（二）人大代表建议和政协提案办理情况。[^。]*。",
    "requests": r"(?:\d{4}年，我.共收到|本年度新收)政府信息公开申请[^。]*。",
}
PROSE_REQUEST_KEYS = (
    "requests.new",
    "requests.carried_in",
    "requests.carried_over",
    "outcome.total",
)
PROPOSAL_KEYS = ("proposals.npc", "proposals.cppcc", "proposals.total", "proposals.satisfaction")

RELATIVE = re.compile(r"去年|今年|前年|近[两三四五几]年|last year|this year")


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def loose(label: str) -> str:
    """A regex for ``label`` that tolerates whitespace between any two characters."""
    return r"\s*".join(re.escape(ch) for ch in label)


NUMBER = r"\d+(?:\.\d+)?(?![\d、.．])"


class Report:
    """A generated report, its file and its table rows cut out of the text."""

    def __init__(self, obj) -> None:
        self.obj = obj
        self.file = obj.slug + ".txt"
        self.text = (REPORTS_DIR / self.file).read_text(encoding="utf-8")
        if self.text != obj.text:
            raise SystemExit(f"{self.file}: text differs from the generator's")
        self.flat = collapse(self.text)
        self.rows: dict[str, str] = {}
        self._cut_rows(T2_HEADING, [(m, lab, n) for m, lab, n in T2_ROWS], T3_HEADING)
        self._cut_rows(T3_HEADING, [(m, lab, 7) for m, lab in T3_ROWS], T4_HEADING)
        self.t4 = self._cut_t4()

    def _cut_rows(self, heading: str, rows, end_heading: str) -> None:
        start = re.search(loose(heading), self.text)
        if not start:
            raise SystemExit(f"{self.file}: heading {heading} not found")
        position = start.end()
        spans = []
        for metric, label, count in rows:
            found = re.compile(loose(label)).search(self.text, position)
            if not found:
                raise SystemExit(f"{self.file}: row {label} not found")
            spans.append((metric, found.start(), found.end(), count))
            position = found.end()
        end = re.compile(loose(end_heading)).search(self.text, position)
        if not end:
            raise SystemExit(f"{self.file}: heading {end_heading} not found")
        for index, (metric, begin, label_end, count) in enumerate(spans):
            stop = spans[index + 1][1] if index + 1 < len(spans) else end.start()
            region = self.text[label_end:stop]
            lead = re.match(rf"(?:[\s|\xa0]*{NUMBER}){{1,{count}}}", region)
            if lead:
                cut = lead.end()
            else:
                digits = [m.end() for m in re.finditer(r"\d", region)]
                cut = digits[-1] if digits else 0
            self.rows[metric] = collapse(self.text[begin : label_end + cut])

    def _cut_t4(self) -> str | None:
        start = re.search(loose(T4_HEADING), self.text)
        end = re.compile(loose(SECTION_5)).search(self.text, start.end())
        region = self.text[start.end() : end.start()]
        runs = [m.group(0) for m in re.finditer(r"\d+(?:[\s|\xa0]+\d+)*", region)]
        if not runs:
            return None
        best = max(runs, key=lambda run: len(re.sub(r"[\s|\xa0]", "", run)))
        return collapse(best)

    # ground truth -------------------------------------------------------------------
    def cell(self, metric: str, column: str) -> Decimal:
        key = (metric, column)
        if key not in self.obj.cells:
            raise SystemExit(f"{self.file}: no cell {key}")
        value = self.obj.cells[key]
        return Decimal(0) if value is None else value

    def prose(self, key: str) -> Decimal:
        if key not in self.obj.prose:
            raise SystemExit(f"{self.file}: prose does not state {key}")
        return self.obj.prose[key]

    # support --------------------------------------------------------------------------
    def cell_support(self, metric: str) -> list[str]:
        if metric in T4_GROUPS:
            if self.t4 is None:
                raise SystemExit(f"{self.file}: table 四 prints no figures")
            return [self.t4]
        support = [self.rows[metric]]
        if metric in PROSE_REQUEST_KEYS and metric in self.obj.prose:
            support += self.prose_support("requests")
        return support

    def prose_support(self, key: str) -> list[str]:
        if key in PROSE_REQUEST_KEYS:
            key = "requests"
        if key in PROPOSAL_KEYS:
            key = "proposals"
        if key == "fees.processing" and "fees.processing" not in self.obj.prose:
            key = "fees.none"
        found = re.search(PROSE_PATTERNS[key], self.flat)
        if not found:
            raise SystemExit(f"{self.file}: no prose sentence for {key}")
        return [found.group(0)]


def number(value: Decimal):
    if value == value.to_integral_value():
        return int(value)
    return float(value)


# ---------------------------------------------------------------------------------------
# The questions. ``v`` says where the answer is:
#   ("cell", metric, column) | ("prose", key) | ("sum", [(metric, column), ...]) | ("none",)
# ``exp`` is the value the author read in the report (checked against the ground truth).
# ---------------------------------------------------------------------------------------


def C(metric: str, column: str = "total"):
    return ("cell", metric, column)


def P(key: str):
    return ("prose", key)


def S(*keys):
    return ("sum", list(keys))


NONE = ("none",)

Q: list[dict] = []


def q(cat, text, ag, year, v, exp, unit="件", **extra):
    Q.append(dict(cat=cat, q=text, ag=ag, year=year, v=v, exp=exp, unit=unit, **extra))


# plain ---------------------------------------------------------------------------------
q(
    "plain",
    "安徽省芜湖市南陵县人力资源和社会保障局2024年本年新收政府信息公开申请数量是多少？",
    "nl",
    2024,
    C("requests.new"),
    658,
)
q(
    "plain",
    "南海区人民政府办公室2024年行政处罚的处理决定有多少件？",
    "nh",
    2024,
    C("disclosure.penalty", "decisions"),
    241,
)
q(
    "plain",
    "徐州市云龙区经济开发区管理委员会2022年结转下年度继续办理的申请有多少件？",
    "yl",
    2022,
    C("requests.carried_over"),
    6,
)
q(
    "plain",
    "湖北省宜昌市西陵区人社局2022年作出的行政许可决定数量是多少？",
    "xl",
    2022,
    C("disclosure.licensing", "decisions"),
    662,
)
q(
    "plain",
    "保定市莲池区司法局2021年主动公开了多少条政府信息？",
    "lc",
    2021,
    P("proactive.items"),
    2367,
    unit="条",
)
q(
    "plain",
    "南陵县人社局2023年行政事业性收费金额是多少？",
    "nl",
    2023,
    C("disclosure.fees", "amount"),
    Decimal("206.8"),
    unit="万元",
)
q(
    "plain",
    "南海区政府办2021年收取的信息处理费是多少元？",
    "nh",
    2021,
    P("fees.processing"),
    367,
    unit="元",
)
q(
    "plain",
    "西陵区人力资源和社会保障局2023年政府信息公开行政复议总计多少件？",
    "xl",
    2023,
    C("review"),
    5,
)
q(
    "plain",
    "莲池区司法局2024年予以公开的申请有多少件？",
    "lc",
    2024,
    C("outcome.disclosed"),
    25,
    tag="lc-disclosed",
)
q(
    "followup",
    "那2023年呢？",
    "lc",
    2023,
    C("outcome.disclosed"),
    9,
    follows="lc-disclosed",
    tag="lc-disclosed-23",
)
q("followup", "部分公开的呢？", "lc", 2023, C("outcome.partly"), 1, follows="lc-disclosed-23")
q(
    "plain",
    "云龙经开区管委会2023年现行有效的规章有多少件？",
    "yl",
    2023,
    C("disclosure.rules", "in_force"),
    21,
)
q(
    "plain",
    "南陵县人社局2022年行政规范性文件现行有效件数是多少？",
    "nl",
    2022,
    C("disclosure.normative_documents", "in_force"),
    29,
)
q(
    "plain",
    "西陵区人社局2021年因“本机关不掌握相关政府信息”而无法提供的申请有几件？",
    "xl",
    2021,
    C("outcome.unavailable.not_held"),
    12,
)
q(
    "plain",
    "南海区政府办2022年组织了几次政务公开专题培训？",
    "nh",
    2022,
    P("training.sessions"),
    7,
    unit="次",
)
q(
    "plain",
    "莲池区司法局2022年收取信息处理费多少钱？",
    "lc",
    2022,
    P("fees.processing"),
    138,
    unit="元",
)
q(
    "plain",
    "云龙区经济开发区管委会2024年发布了多少篇新闻稿件？",
    "yl",
    2024,
    P("proactive.press_releases"),
    140,
    unit="篇",
)

# colloquial ----------------------------------------------------------------------------
q(
    "colloquial",
    "南陵人社局去年收到的信息公开申请里，企业递交的有多少？",
    "nl",
    2024,
    C("requests.new", "commercial"),
    46,
    ref="2025-03-05",
    tag="nl-commercial",
)
q(
    "followup",
    "自然人呢？",
    "nl",
    2024,
    C("requests.new", "natural_person"),
    557,
    ref="2025-03-05",
    follows="nl-commercial",
    tag="nl-natural",
)
q(
    "followup",
    "那结转到下一年继续办的一共还剩几件？",
    "nl",
    2024,
    C("requests.carried_over"),
    12,
    ref="2025-03-05",
    follows="nl-natural",
)
q(
    "colloquial",
    "莲池司法局24年有多少申请是因为他们自己不掌握这个信息没法提供的？",
    "lc",
    2024,
    C("outcome.unavailable.not_held"),
    19,
)
q(
    "colloquial",
    "南海区府办前年信息公开的行政诉讼里，没经过复议直接起诉的有几件？",
    "nh",
    2022,
    C("litigation.direct"),
    10,
    ref="2024-02-20",
)
q("colloquial", "西陵人社22年因为信息公开被人申请行政复议了几次", "xl", 2022, C("review"), 4)
q("colloquial", "云龙经开区管委会2022年政协提案办了多少件啊", "yl", 2022, P("proposals.cppcc"), 0)
q(
    "colloquial",
    "我想查一下南陵人社2021年一共做了多少个行政处罚决定",
    "nl",
    2021,
    C("disclosure.penalty", "decisions"),
    289,
)
q(
    "colloquial",
    "南海政府办23年行政处罚做了几件？",
    "nh",
    2023,
    C("disclosure.penalty", "decisions"),
    234,
)
q("colloquial", "莲池区司法局2023年人大代表的建议办了多少件？", "lc", 2023, P("proposals.npc"), 29)
q(
    "colloquial",
    "西陵区人社局2024年在网站上主动公开了多少条信息？",
    "xl",
    2024,
    P("proactive.items"),
    678,
    unit="条",
)
q(
    "colloquial",
    "云龙区经开区21年的行政许可一共几件",
    "yl",
    2021,
    C("disclosure.licensing", "decisions"),
    27,
)
q(
    "colloquial",
    "南陵县人社局2024年有多少申请因为是重复申请所以没处理？",
    "nl",
    2024,
    C("outcome.not_processed.repeated"),
    34,
)
q(
    "colloquial",
    "南海区府办去年发了多少篇新闻稿？",
    "nh",
    2024,
    P("proactive.press_releases"),
    710,
    unit="篇",
    ref="2025-02-15",
    tag="nh-press",
)
q(
    "followup",
    "前一年呢？",
    "nh",
    2023,
    P("proactive.press_releases"),
    660,
    unit="篇",
    ref="2025-02-15",
    follows="nh-press",
    tag="nh-press-23",
)
q(
    "followup",
    "那一年主动公开的信息有多少条？",
    "nh",
    2023,
    P("proactive.items"),
    1958,
    unit="条",
    ref="2025-02-15",
    follows="nh-press-23",
)
q(
    "colloquial",
    "莲池司法局24年还有几件申请要结转到下一年接着办？",
    "lc",
    2024,
    C("requests.carried_over"),
    3,
)
q("colloquial", "西陵人社局2021年部分公开的申请有几件呀", "xl", 2021, C("outcome.partly"), 3)
q("colloquial", "南陵人社23年办了几件政协提案", "nl", 2023, P("proposals.cppcc"), 25)
q(
    "colloquial",
    "云龙经开区管委会2022年给申请人公开了多少件（予以公开的）？",
    "yl",
    2022,
    C("outcome.disclosed"),
    33,
)
q(
    "colloquial",
    "南海区政府办2024年的行政复议里，结果被纠正的有几件？",
    "nh",
    2024,
    C("review", "corrected"),
    1,
)
q(
    "colloquial",
    "西陵人社2023年因为信息公开被直接告上法院的有多少件",
    "xl",
    2023,
    C("litigation.direct"),
    9,
)
q(
    "colloquial",
    "莲池司法局22年的行政许可决定有多少个",
    "lc",
    2022,
    C("disclosure.licensing", "decisions"),
    735,
)
q(
    "colloquial",
    "南陵人社局前年搞了几次政务公开培训？",
    "nl",
    2023,
    P("training.sessions"),
    7,
    unit="次",
    ref="2025-04-01",
)
q(
    "colloquial",
    "云龙经开区2024年从上一年结转过来的申请有几件？",
    "yl",
    2024,
    C("requests.carried_in"),
    1,
)
q("colloquial", "南海区府办2021年新收到多少个信息公开申请", "nh", 2021, C("requests.new"), 13)
q(
    "colloquial",
    "西陵区人社局2024年行政强制有多少件？",
    "xl",
    2024,
    C("disclosure.coercion", "decisions"),
    14,
)
q(
    "colloquial",
    "莲池司法局21年因为属于过程性信息不给公开的有几件",
    "lc",
    2021,
    C("outcome.withheld.process"),
    1,
)
q(
    "colloquial",
    "南陵人社2024年行政事业性收费收了多少钱？",
    "nl",
    2024,
    C("disclosure.fees", "amount"),
    798,
    unit="万元",
)

# english -------------------------------------------------------------------------------
q(
    "english",
    "How many government information disclosure requests did the Lianchi District "
    "Justice Bureau in Baoding receive in 2024?",
    "lc",
    2024,
    C("requests.new"),
    77,
)
q(
    "english",
    "How many administrative penalty decisions did the Xiling District HR and Social "
    "Security Bureau report for 2023?",
    "xl",
    2023,
    C("disclosure.penalty", "decisions"),
    259,
    tag="xl-penalty",
)
q(
    "followup",
    "And in 2022?",
    "xl",
    2022,
    C("disclosure.penalty", "decisions"),
    4,
    follows="xl-penalty",
    tag="xl-penalty-22",
)
q(
    "followup",
    "What about administrative licensing decisions that year?",
    "xl",
    2022,
    C("disclosure.licensing", "decisions"),
    662,
    follows="xl-penalty-22",
)
q(
    "english",
    "How many press releases did the Nanhai District government office put out in 2022?",
    "nh",
    2022,
    P("proactive.press_releases"),
    100,
    unit="篇",
)
q(
    "english",
    "What satisfaction rate did Nanling County's HR and social security bureau report "
    "for NPC suggestions and CPPCC proposals in 2022?",
    "nl",
    2022,
    P("proposals.satisfaction"),
    100,
    unit="%",
)
q(
    "english",
    "In 2022, how many requests were only partly disclosed by the Yunlong Economic "
    "Development Zone management committee?",
    "yl",
    2022,
    C("outcome.partly"),
    4,
)
q(
    "english",
    "How many normative documents did the Nanling HRSS bureau issue in 2021?",
    "nl",
    2021,
    C("disclosure.normative_documents", "issued"),
    5,
)
q(
    "english",
    "How many training sessions on open government did Lianchi Justice Bureau hold in 2023?",
    "lc",
    2023,
    P("training.sessions"),
    8,
    unit="次",
)
q(
    "english",
    "Nanling HR bureau 2024: how many administrative reconsideration cases ended with the "
    "decision upheld?",
    "nl",
    2024,
    C("review", "upheld"),
    1,
)

# no answer -----------------------------------------------------------------------------
q("noanswer", "南陵县人社局2024年政府网站的访问量是多少？", "nl", 2024, NONE, None, unit="")
q("noanswer", "莲池区司法局2020年收到多少政府信息公开申请？", "lc", 2020, NONE, None)
q(
    "noanswer",
    "历下区医保局2023年新收了多少信息公开申请？",
    "济南市历下区医疗保障局",
    2023,
    NONE,
    None,
)
q("noanswer", "南海区政府办2025年的行政许可决定有多少件？", "nh", 2025, NONE, None)
q(
    "noanswer",
    "云龙经开区管委会2023年依申请公开平均多少个工作日答复？",
    "yl",
    2023,
    NONE,
    None,
    unit="个工作日",
)
q(
    "noanswer",
    "How many hotline calls did the Nanhai District government office answer in 2023?",
    "nh",
    2023,
    NONE,
    None,
    unit="",
)
q("noanswer", "南陵人社2019年政府集中采购总金额是多少？", "nl", 2019, NONE, None, unit="万元")
q("noanswer", "莲池司法局2022年开了几场新闻发布会？", "lc", 2022, NONE, None, unit="场")
q("noanswer", "西湖区民政局2024年结转下年度的申请有几件？", "杭州市西湖区民政局", 2024, NONE, None)
q(
    "noanswer",
    "西陵区人社局2024年通过政务新媒体发布了多少条信息？",
    "xl",
    2024,
    NONE,
    None,
    unit="条",
)

# sums ----------------------------------------------------------------------------------
q(
    "sum",
    "南陵人社局2024年不予公开的申请一共有多少件？",
    "nl",
    2024,
    S(*[(m, "total") for m in WITHHELD]),
    81,
)
q(
    "sum",
    "南陵县人社局2024年法人或其他组织新提交的信息公开申请有多少？",
    "nl",
    2024,
    S(*[("requests.new", c) for c in ORGS]),
    101,
)
q(
    "sum",
    "西陵人社22年因为信息公开吃了多少场行政官司？（直接起诉和复议后起诉加一起）",
    "xl",
    2022,
    S(("litigation.direct", "total"), ("litigation.after_review", "total")),
    25,
)
q(
    "sum",
    "云龙经开区管委会2023年人大建议和政协提案加起来一共办了多少件？",
    "yl",
    2023,
    ("prose_sum", ["proposals.npc", "proposals.cppcc"]),
    31,
)
q(
    "sum",
    "莲池司法局2024年“无法提供”的申请合计多少件？",
    "lc",
    2024,
    S(*[(m, "total") for m in UNAVAILABLE]),
    24,
)
q(
    "sum",
    "云龙经开区2022年不予处理的申请总共几件？",
    "yl",
    2022,
    S(*[(m, "total") for m in NOT_PROCESSED]),
    9,
)

# compare -------------------------------------------------------------------------------
q(
    "compare",
    "南陵人社局2024年新收的信息公开申请比2023年多了多少件？",
    "nl",
    2024,
    C("requests.new"),
    658,
    other=2023,
)
q(
    "compare",
    "莲池区司法局2024年新收申请和2023年比多了几件？",
    "lc",
    2024,
    C("requests.new"),
    60,
    other=2023,
)
q(
    "compare",
    "西陵区人社局2024年主动公开的信息条数比2023年增加还是减少了，差多少？",
    "xl",
    2024,
    P("proactive.items"),
    -550,
    unit="条",
    other=2023,
)
q(
    "compare",
    "南海区府办2023年的政务公开培训比2022年多几次？",
    "nh",
    2023,
    P("training.sessions"),
    2,
    unit="次",
    other=2022,
)
q(
    "compare",
    "云龙经开区管委会2023年行政许可决定比2022年多了多少？",
    "yl",
    2023,
    C("disclosure.licensing", "decisions"),
    -19,
    other=2022,
)
q(
    "compare",
    "By how much did Xiling HRSS bureau's administrative penalty decisions change from "
    "2022 to 2023?",
    "xl",
    2023,
    C("disclosure.penalty", "decisions"),
    255,
    other=2022,
)

# series --------------------------------------------------------------------------------
q(
    "series",
    "莲池司法局2021到2024年每年新收多少件信息公开申请？",
    "lc",
    2024,
    C("requests.new"),
    {"2021": 6, "2022": 3, "2023": 17, "2024": 77},
    years=[2021, 2022, 2023, 2024],
)
q(
    "series",
    "南海区政府办2021—2024年历年主动公开政府信息条数分别是多少？",
    "nh",
    2024,
    P("proactive.items"),
    {"2021": 1755, "2022": 2385, "2023": 1958, "2024": 2039},
    unit="条",
    years=[2021, 2022, 2023, 2024],
)
q(
    "series",
    "西陵人社局2021年到2024年行政处罚决定数量每年是多少",
    "xl",
    2024,
    C("disclosure.penalty", "decisions"),
    {"2021": 0, "2022": 4, "2023": 259, "2024": 5},
    years=[2021, 2022, 2023, 2024],
)
q(
    "series",
    "云龙经开区管委会近四年每年搞了几次政务公开培训？",
    "yl",
    2024,
    P("training.sessions"),
    {"2021": 4, "2022": 1, "2023": 12, "2024": 7},
    unit="次",
    years=[2021, 2022, 2023, 2024],
    ref="2025-03-01",
)

# balance checks ------------------------------------------------------------------------
q(
    "check",
    "南陵人社局2024年申请情况表的勾稽关系对得上吗？（第一项加第二项是否等于第三项加第四项）",
    "nl",
    2024,
    ("check", "t3_columns"),
    True,
    unit="",
)
q(
    "check",
    "莲池区司法局2024年信息公开申请的总计一栏：新收加上年结转，等不等于办结加结转下年？",
    "lc",
    2024,
    ("check", "t3_total"),
    True,
    unit="",
)
q(
    "check",
    "西陵人社22年的行政复议、行政诉讼表，各项加起来和总计对得上吗",
    "xl",
    2022,
    ("check", "t4"),
    True,
    unit="",
)

# passages ------------------------------------------------------------------------------
q(
    "passage",
    "莲池区司法局2024年的年报里说工作中存在哪些主要问题？",
    "lc",
    2024,
    (
        "passage",
        [
            "一是主动公开的深度和广度还需拓展；二是政策解读形式较为单一。",
            "工作人员业务能力仍有待提升。",
        ],
    ),
    None,
    unit="",
)
q(
    "passage",
    "南海区政府办2021年在政府信息管理方面是怎么做的？",
    "nh",
    2021,
    (
        "passage",
        ["严格落实保密审查制度，坚持“先审查、后公开”和“一事一审”原则，动态更新公开指南和目录。"],
    ),
    None,
    unit="",
)
q(
    "passage",
    "云龙经开区管委会2023年下一步有什么改进打算？",
    "yl",
    2023,
    ("passage", ["下一步，我委将进一步加强学习培训，丰富公开形式，提升政务公开工作质量。"]),
    None,
    unit="",
)
q(
    "passage",
    "What did the Nanling County HRSS bureau say about its platform building in 2022?",
    "nl",
    2022,
    ("passage", ["持续优化政府信息公开专栏，及时更新机构职能、政策文件等栏目内容。"]),
    None,
    unit="",
)
q(
    "passage",
    "西陵人社局2023年监督保障这块是怎么做的",
    "xl",
    2023,
    ("passage", ["将政务公开工作纳入年度考核，健全工作机制，主动接受社会监督。"]),
    None,
    unit="",
)

# scope (the widget sits on a report page; the question names no agency and no year) ----
q(
    "scope",
    "行政处罚决定有多少件？",
    "nh",
    2024,
    C("disclosure.penalty", "decisions"),
    241,
    scope=True,
)
q("scope", "本年度新收了多少信息公开申请", "lc", 2024, C("requests.new"), 77, scope=True)
q("scope", "人大建议办了几件？", "nl", 2023, P("proposals.npc"), 24, scope=True)
q("scope", "主动公开了多少条信息", "yl", 2021, P("proactive.items"), 1158, unit="条", scope=True)
q("scope", "信息处理费收了多少钱？", "lc", 2022, P("fees.processing"), 138, unit="元", scope=True)
q(
    "scope",
    "复议后又起诉的行政诉讼有多少件？",
    "nh",
    2022,
    C("litigation.after_review"),
    15,
    scope=True,
)
q(
    "scope",
    "How many requests were carried over to the next year?",
    "nl",
    2024,
    C("requests.carried_over"),
    12,
    scope=True,
)
q(
    "scope",
    "现行有效的行政规范性文件有几件？",
    "xl",
    2024,
    C("disclosure.normative_documents", "in_force"),
    34,
    scope=True,
)
q("scope", "全年培训了几次", "yl", 2022, P("training.sessions"), 1, unit="次", scope=True)
q(
    "scope",
    "因为信访举报投诉类申请不予处理的有多少",
    "nl",
    2022,
    C("outcome.not_processed.petition"),
    8,
    scope=True,
)


# ---------------------------------------------------------------------------------------


def build() -> list[dict]:
    reports = [Report(obj) for obj in generate_many(29, 20, years=4)]
    files = sorted(path.name for path in REPORTS_DIR.glob("*.txt"))
    if sorted(r.file for r in reports) != files:
        raise SystemExit("generated reports do not match the files in heldout-reports/")
    by_key = {(r.obj.agency, r.obj.year): r for r in reports}
    ids = {}
    lines = []
    problems = []

    def fail(item, message):
        problems.append(f"{item['id']} ({item['question'][:30]}): {message}")

    for number_, spec in enumerate(Q, start=1):
        item_id = f"h{number_:03d}"
        if "tag" in spec:
            ids[spec["tag"]] = item_id
        agency = AG.get(spec["ag"], spec["ag"])
        report = by_key.get((agency, spec["year"]))
        v = spec["v"]
        kind_of_value = v[0]
        item = {
            "id": item_id,
            "question": spec["q"],
            "answer_value": None,
            "answer_unit": spec["unit"],
            "agency": agency,
            "year": spec["year"],
            "report": report.file if report else "",
            "kind": "",
            "support": [],
            "category": spec["cat"],
        }

        def value_of(rep: Report, spec_v):
            if spec_v[0] == "cell":
                return rep.cell(spec_v[1], spec_v[2])
            if spec_v[0] == "prose":
                return rep.prose(spec_v[1])
            raise AssertionError(spec_v)

        def support_of(rep: Report, spec_v):
            if spec_v[0] == "cell":
                return rep.cell_support(spec_v[1])
            return rep.prose_support(spec_v[1])

        def keys_of(spec_v):
            if spec_v[0] == "cell":
                item["metric"], item["column"] = spec_v[1], spec_v[2]
            elif spec_v[0] == "prose":
                item["metric"] = spec_v[1]

        cat = spec["cat"]
        if cat == "noanswer":
            item["kind"] = "none"
        elif report is None:
            fail(item, "no report for this agency and year")
            continue
        elif cat == "series":
            item["kind"] = "derived"
            keys_of(v)
            series, support, files_ = {}, [], []
            for year in spec["years"]:
                rep = by_key[(agency, year)]
                series[str(year)] = number(value_of(rep, v))
                support += support_of(rep, v)
                files_.append(rep.file)
            item["answer_series"] = series
            item["reports"] = files_
            item["support"] = support
            if series != spec["exp"]:
                fail(item, f"series {series} != expected {spec['exp']}")
        elif cat == "compare":
            item["kind"] = "derived"
            keys_of(v)
            other = by_key[(agency, spec["other"])]
            diff = value_of(report, v) - value_of(other, v)
            item["answer_value"] = number(diff)
            item["compare_year"] = spec["other"]
            item["reports"] = [report.file, other.file]
            item["support"] = support_of(report, v) + support_of(other, v)
        elif kind_of_value == "check":
            item["kind"] = "derived"
            ok, metrics = True, []
            if v[1] in ("t3_columns", "t3_total"):
                columns = (*APPLICANTS, "total") if v[1] == "t3_columns" else ("total",)
                for column in columns:
                    left = report.cell("requests.new", column) + report.cell(
                        "requests.carried_in", column
                    )
                    right = report.cell("outcome.total", column) + report.cell(
                        "requests.carried_over", column
                    )
                    ok &= left == right
                metrics = [
                    "requests.new",
                    "requests.carried_in",
                    "outcome.total",
                    "requests.carried_over",
                ]
            else:
                for group in T4_GROUPS:
                    parts = sum(report.cell(group, c) for c in T4_COLUMNS[:-1])
                    ok &= parts == report.cell(group, "total")
                metrics = ["review"]
            item["answer_check"] = bool(ok)
            support = []
            for metric in metrics:
                for fragment in report.cell_support(metric):
                    if fragment not in support:
                        support.append(fragment)
            item["support"] = support
            if item["answer_check"] != spec["exp"]:
                fail(item, "balance check disagrees with expectation")
        elif kind_of_value == "passage":
            item["kind"] = "passage"
            item["support"] = list(v[1])
        elif kind_of_value == "sum":
            item["kind"] = "derived"
            total = sum((report.cell(m, c) for m, c in v[1]), Decimal(0))
            item["answer_value"] = number(total)
            item["addends"] = [[m, c] for m, c in v[1]]
            support = []
            for metric, _column in v[1]:
                for fragment in report.cell_support(metric):
                    if fragment not in support:
                        support.append(fragment)
            item["support"] = support
        elif kind_of_value == "prose_sum":
            item["kind"] = "derived"
            item["answer_value"] = number(sum(report.prose(k) for k in v[1]))
            item["addends"] = [[k, None] for k in v[1]]
            item["support"] = report.prose_support(v[1][0])
        else:
            item["kind"] = "table" if kind_of_value == "cell" else "prose"
            keys_of(v)
            item["answer_value"] = number(value_of(report, v))
            item["support"] = support_of(report, v)

        if (
            cat not in ("series", "check")
            and spec["exp"] != item["answer_value"]
            and not (
                spec["exp"] is not None
                and item["answer_value"] is not None
                and Decimal(str(spec["exp"])) == Decimal(str(item["answer_value"]))
            )
        ):
            fail(item, f"value {item['answer_value']} != expected {spec['exp']}")
        if "ref" in spec:
            item["reference_date"] = spec["ref"]
        if "follows" in spec:
            if spec["follows"] not in ids:
                fail(item, "follows an unknown or later question")
            else:
                item["follows"] = ids[spec["follows"]]
        if spec.get("scope"):
            item["scope_year"] = spec["year"]
        lines.append(item)

    validate(lines, by_key, problems)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        raise SystemExit(f"{len(problems)} problem(s); nothing written")
    return lines


REQUIRED = (
    "id",
    "question",
    "answer_value",
    "answer_unit",
    "agency",
    "year",
    "report",
    "kind",
    "support",
    "category",
)
KINDS = {"table", "prose", "none", "passage", "derived"}
CATEGORIES = {
    "plain",
    "colloquial",
    "english",
    "followup",
    "noanswer",
    "sum",
    "compare",
    "series",
    "check",
    "passage",
    "scope",
}


def validate(lines: list[dict], by_key: dict, problems: list[str]) -> None:
    flats = {r.file: r.flat for r in by_key.values()}
    seen_ids = set()
    for item in lines:

        def bad(message):
            problems.append(f"{item['id']}: {message}")

        for field in REQUIRED:
            if field not in item:
                bad(f"missing {field}")
        if item["id"] in seen_ids:
            bad("duplicate id")
        seen_ids.add(item["id"])
        if item["kind"] not in KINDS:
            bad(f"kind {item['kind']}")
        if item["category"] not in CATEGORIES:
            bad(f"category {item['category']}")
        value = item["answer_value"]
        if value is not None and not isinstance(value, (int, float)):
            bad("answer_value is not a number")
        # support fragments occur in the report(s)
        files_ = item.get("reports") or ([item["report"]] if item["report"] else [])
        for fragment in item["support"]:
            if not any(collapse(fragment) in flats[f] for f in files_):
                bad(f"support not in report: {fragment[:40]}")
        if item["kind"] == "none":
            if value is not None or item["support"]:
                bad("a no-answer item carries a value or support")
        elif not item["support"]:
            bad("no support")
        if item["kind"] in ("passage",) or item["category"] in ("series", "check"):
            if value is not None:
                bad("passage/series/check items have a null answer_value")
        if item["category"] == "series" and not item.get("answer_series"):
            bad("series without answer_series")
        if item["category"] == "check" and item.get("answer_check") is not True:
            bad("check must be true on these unbroken reports")
        # a single-figure answer is visible in its support
        if item["kind"] in ("table", "prose") and value:
            digits = str(value)
            if not any(digits in re.sub(r"[\s|\xa0]", "", f) for f in item["support"]):
                bad(f"{digits} not visible in support")
        # relative years need a reference date that resolves to the report's year
        text = item["question"]
        if RELATIVE.search(text):
            ref = item.get("reference_date")
            if not ref:
                bad("relative year without reference_date")
            else:
                day = date.fromisoformat(ref)
                offsets = {"今年": 0, "去年": 1, "前年": 2, "last year": 1, "this year": 0}
                for word, offset in offsets.items():
                    if word in text and item["year"] != day.year - offset:
                        bad(f"{word} at {ref} is not {item['year']}")
                if item["report"]:
                    published = next(
                        r.obj.published for r in by_key.values() if r.file == item["report"]
                    )
                    if published > day:
                        bad("reference_date is before the report was published")
        if item["category"] == "followup" and "follows" not in item:
            bad("follow-up without follows")
        if item["category"] == "scope":
            if item.get("scope_year") != item["year"]:
                bad("scope_year missing")
            if re.search(r"20\d\d|\d\d年", text) or any(h in text for h in AGENCY_HINTS):
                bad("a scope question names a year or an agency")
        if item["category"] == "noanswer" and item["report"]:
            # the report exists: the figure must really be absent from it
            pass
        if item["category"] == "noanswer" and not item["report"]:
            if (item["agency"], item["year"]) in by_key:
                bad("no-answer item points at an existing report")
    json.dumps(lines, ensure_ascii=False)


def main() -> None:
    lines = build()
    with OUT.open("w", encoding="utf-8") as handle:
        for item in lines:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"wrote {len(lines)} questions to {OUT}")
    print("by category:", dict(sorted(Counter(i["category"] for i in lines).items())))
    print("by kind:", dict(sorted(Counter(i["kind"] for i in lines).items())))


if __name__ == "__main__":
    main()
