# ruff: noqa: E501
"""Build the gold question sets ``qa-sample.jsonl`` and ``qa-synth.jsonl``.

Run from the repository root::

    /work/venv/bin/python eval/gold/make_qa.py

Where the figures come from
---------------------------
* ``qa-sample.jsonl`` is about the real report ``corpus/zibo-zhangdian-traffic-police-2024.txt``.
  Its figures were read from the text by hand and are written below as literals
  (``SAMPLE_*``); ``parse_sample_tables`` re-reads the tab-indented table cells of the text
  independently and the script stops if the two disagree.
* ``qa-synth.jsonl`` is about the 24 generated reports in ``eval/gold/reports/`` (written by
  ``reportqa synth eval/gold/reports --count 24 --years 4 --seed 11``). The script regenerates
  the same ``SynthReport`` objects (``generate_many(11, 24, years=4)``), checks that each one's
  text is byte-identical to its file, and takes every table figure from ``report.cells`` (a
  ``None`` cell was printed empty and counts as 0) and every prose figure from
  ``report.prose``.

Every line is validated before writing: required fields and types, each ``support`` string is a
substring of the report text after collapsing whitespace (for wrapped layouts, where a label
is split over several lines, the support is the label's span as printed, whitespace
collapsed), table and prose answers equal the ground truth, balance checks are recomputed,
follow-ups point at an earlier question, and relative-year questions carry a reference date.

Nothing here imports the answering engine (``service/``, ``index/``, ``ingest/``);
``eval.synth`` is imported only to regenerate the ground truth.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from eval.synth import generate_many  # noqa: E402

GOLD = ROOT / "eval" / "gold"
REPORTS = GOLD / "reports"
SAMPLE_FILE = "zibo-zhangdian-traffic-police-2024.txt"
SAMPLE_PATH = ROOT / "corpus" / SAMPLE_FILE

# --------------------------------------------------------------------------------------------
# Template vocabulary (written out here from docs/report-template.md and the printed reports)
# --------------------------------------------------------------------------------------------

APPLICANTS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other",
)
T3_COLUMNS = (*APPLICANTS, "total")
ORGANISATIONS = APPLICANTS[1:]
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
T4_GROUPS = ("review", "litigation.direct", "litigation.after_review")

WITHHELD = (
    "outcome.withheld.state_secret",
    "outcome.withheld.prohibited",
    "outcome.withheld.security",
    "outcome.withheld.third_party",
    "outcome.withheld.internal",
    "outcome.withheld.process",
    "outcome.withheld.enforcement",
    "outcome.withheld.inquiry",
)
UNAVAILABLE = (
    "outcome.unavailable.not_held",
    "outcome.unavailable.needs_creation",
    "outcome.unavailable.unclear",
)
NOT_PROCESSED = (
    "outcome.not_processed.petition",
    "outcome.not_processed.repeated",
    "outcome.not_processed.publication",
    "outcome.not_processed.excessive",
    "outcome.not_processed.confirmation",
)
OTHER = ("outcome.other.no_correction", "outcome.other.unpaid", "outcome.other.other")
OUTCOME_ITEMS = (
    "outcome.disclosed",
    "outcome.partly",
    *WITHHELD,
    *UNAVAILABLE,
    *NOT_PROCESSED,
    *OTHER,
)
T3_ROWS = (
    "requests.new",
    "requests.carried_in",
    *OUTCOME_ITEMS,
    "outcome.total",
    "requests.carried_over",
)

T2_COLUMNS = {
    "disclosure.rules": ("issued", "repealed", "in_force"),
    "disclosure.normative_documents": ("issued", "repealed", "in_force"),
    "disclosure.licensing": ("decisions",),
    "disclosure.penalty": ("decisions",),
    "disclosure.coercion": ("decisions",),
    "disclosure.fees": ("amount",),
}

# The row label as printed (the support string of a table-cell question).
LABELS = {
    "disclosure.rules": "规章",
    "disclosure.normative_documents": "行政规范性文件",
    "disclosure.licensing": "行政许可",
    "disclosure.penalty": "行政处罚",
    "disclosure.coercion": "行政强制",
    "disclosure.fees": "行政事业性收费",
    "requests.new": "一、本年新收政府信息公开申请数量",
    "requests.carried_in": "二、上年结转政府信息公开申请数量",
    "outcome.disclosed": "（一）予以公开",
    "outcome.partly": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "outcome.withheld.state_secret": "1.属于国家秘密",
    "outcome.withheld.prohibited": "2.其他法律行政法规禁止公开",
    "outcome.withheld.security": "3.危及“三安全一稳定”",
    "outcome.withheld.third_party": "4.保护第三方合法权益",
    "outcome.withheld.internal": "5.属于三类内部事务信息",
    "outcome.withheld.process": "6.属于四类过程性信息",
    "outcome.withheld.enforcement": "7.属于行政执法案卷",
    "outcome.withheld.inquiry": "8.属于行政查询事项",
    "outcome.unavailable.not_held": "1.本机关不掌握相关政府信息",
    "outcome.unavailable.needs_creation": "2.没有现成信息需要另行制作",
    "outcome.unavailable.unclear": "3.补正后申请内容仍不明确",
    "outcome.not_processed.petition": "1.信访举报投诉类申请",
    "outcome.not_processed.repeated": "2.重复申请",
    "outcome.not_processed.publication": "3.要求提供公开出版物",
    "outcome.not_processed.excessive": "4.无正当理由大量反复申请",
    "outcome.not_processed.confirmation": "5.要求行政机关确认或重新出具已获取信息",
    "outcome.other.no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "outcome.other.unpaid": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "outcome.other.other": "3.其他",
    "outcome.total": "（七）总计",
    "requests.carried_over": "四、结转下年度继续办理",
    "review": "行政复议",
    "litigation.direct": "未经复议直接起诉",
    "litigation.after_review": "复议后起诉",
}
GROUP_LABELS = {
    "withheld": "（三）不予公开",
    "unavailable": "（四）无法提供",
    "not_processed": "（五）不予处理",
}
COLUMN_LABELS = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social_welfare": "社会公益组织",
    "legal_service": "法律服务机构",
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "pending": "尚未审结",
}
T2_COLUMN_LABELS = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
}

Key = tuple[str, str]

# --------------------------------------------------------------------------------------------
# The sample report's figures, read by hand from corpus/zibo-zhangdian-traffic-police-2024.txt
# --------------------------------------------------------------------------------------------

SAMPLE_AGENCY = "淄博市公安局交通警察支队张店大队"
SAMPLE_YEAR = 2024
# table 二
SAMPLE_T2: dict[Key, int | None] = {
    ("disclosure.rules", "issued"): 0,
    ("disclosure.rules", "repealed"): 0,
    ("disclosure.rules", "in_force"): 0,
    ("disclosure.normative_documents", "issued"): 0,
    ("disclosure.normative_documents", "repealed"): 0,
    ("disclosure.normative_documents", "in_force"): 0,
    ("disclosure.licensing", "decisions"): 1964904,  # printed "1964904(含淄博经开区)"
    ("disclosure.penalty", "decisions"): 933554,  # padded with NBSP and spaces
    ("disclosure.coercion", "decisions"): 6761,
    ("disclosure.fees", "amount"): 0,
}
# table 三: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计 (None: printed empty)
_Z = (0, 0, 0, 0, 0, 0, 0)
_E = (None,) * 7
SAMPLE_T3: dict[str, tuple[int | None, ...]] = dict.fromkeys(T3_ROWS, _Z) | {
    "requests.new": (6, 0, 0, 0, 0, 0, 6),
    "requests.carried_in": (1, 0, 0, 0, 0, 0, 1),
    "outcome.withheld.enforcement": (1, 0, 0, 0, 0, 0, 1),
    "outcome.unavailable.not_held": (3, 0, 0, 0, 0, 0, 3),
    "outcome.unavailable.needs_creation": (1, 0, 0, 0, 0, 0, 1),
    "outcome.not_processed.petition": (1, 0, 0, 0, 0, 0, 1),
    "outcome.other.unpaid": _E,
    "outcome.other.other": _E,
    "outcome.total": (6, 0, 0, 0, 0, 0, 6),
    "requests.carried_over": (1, 0, 0, 0, 0, 0, 1),
}
# table 四: all fifteen cells are 0
SAMPLE_T4 = {(group, column): 0 for group in T4_GROUPS for column in T4_COLUMNS}
# figures the prose states
SAMPLE_PROSE: dict[str, float] = {
    "proactive.items": 84,
    "proactive.press_releases": 860,  # 860余篇 (approximate)
    "media.posts": 3400,  # “两微一抖”发布信息3400余条
    "media.top_views_wan": 1300,  # 单条短视频最高播放量超1300万
    "media.wechat_accounts": 259,
    "media.wechat_alerts": 176,
    "media.reach_wan": 100,  # 覆盖人群100余万
    "outreach.talks": 136,  # 警民恳谈136场次
    "outreach.elderly": 196,  # 老年人专题巡回宣教活动196场
    "outreach.seven": 200,  # “七进”宣传200余场
    "management.rules": 10,  # 新出台10项 … 精细准则
    "hotline.suggestions": 0,  # 张店民生连线平台群众建议及意见0件
    "requests.new": 6,
    "requests.carried_in": 1,
    "requests.carried_over": 1,
    "proposals.total": 21,
    "proposals.npc": 7,
    "proposals.cppcc": 14,
    "proposals.satisfaction": 100,
    "fees.processing": 0,  # 未收取依申请公开信息处理费
}


def sample_cells() -> dict[Key, int | None]:
    cells: dict[Key, int | None] = dict(SAMPLE_T2)
    for metric, values in SAMPLE_T3.items():
        cells |= dict(zip(((metric, c) for c in T3_COLUMNS), values, strict=True))
    cells |= SAMPLE_T4
    return cells


def parse_sample_tables(text: str) -> dict[Key, int | None]:
    """Re-read the sample's tables from its tab-indented cells (one cell a line)."""
    lines = [line.strip() for line in text.splitlines()]
    start3 = next(i for i, line in enumerate(lines) if line.startswith("三、收到和处理"))
    start4 = next(i for i, line in enumerate(lines) if line.startswith("四、政府信息公开行政复议"))
    end4 = next(i for i, line in enumerate(lines) if line.startswith("五、存在的主要问题"))

    def number(cell: str) -> int | None:
        if not cell:
            return None
        return int(re.match(r"\d+", cell).group())  # "1964904(含淄博经开区)" -> 1964904

    cells: dict[Key, int | None] = {}
    for metric, columns in T2_COLUMNS.items():
        at = lines.index(LABELS[metric])
        for offset, column in enumerate(columns, 1):
            cells[metric, column] = number(lines[at + offset])
    for metric in T3_ROWS:
        at = lines.index(LABELS[metric], start3)
        for offset, column in enumerate(T3_COLUMNS, 1):
            cells[metric, column] = number(lines[at + offset])
    figures = [line for line in lines[start4:end4] if re.fullmatch(r"\d+", line)]
    assert len(figures) == 15, figures
    for index, (group, column) in enumerate((g, c) for g in T4_GROUPS for c in T4_COLUMNS):
        cells[group, column] = int(figures[index])
    return cells


# --------------------------------------------------------------------------------------------
# Reports
# --------------------------------------------------------------------------------------------


class Report:
    def __init__(
        self,
        file: str,
        agency: str,
        year: int,
        text: str,
        cells: dict[Key, Any],
        prose: dict[str, Any],
        layout: str,
    ) -> None:
        self.file, self.agency, self.year, self.text = file, agency, year, text
        self.cells, self.prose, self.layout = cells, prose, layout
        self.flat = collapse(text)

    def cell(self, metric: str, column: str = "total") -> Decimal:
        value = self.cells[metric, column]
        return Decimal(0) if value is None else Decimal(value)

    def empty(self, metric: str, column: str = "total") -> bool:
        return self.cells[metric, column] is None


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def load_reports() -> tuple[Report, dict[tuple[str, int], Report]]:
    sample_text = SAMPLE_PATH.read_text(encoding="utf-8")
    cells = sample_cells()
    parsed = parse_sample_tables(sample_text)
    assert parsed == cells, {k: (v, parsed.get(k)) for k, v in cells.items() if parsed.get(k) != v}
    sample = Report(
        SAMPLE_FILE, SAMPLE_AGENCY, SAMPLE_YEAR, sample_text, cells, SAMPLE_PROSE, "docx-cells"
    )
    synth: dict[tuple[str, int], Report] = {}
    for report in generate_many(11, 24, years=4):
        path = REPORTS / f"{report.slug}.txt"
        text = path.read_text(encoding="utf-8")
        assert text == report.text, f"{path.name} differs from its regenerated report"
        assert report.broken is None
        synth[report.agency, report.year] = Report(
            path.name,
            report.agency,
            report.year,
            text,
            dict(report.cells),
            dict(report.prose),
            report.layout,
        )
    assert len(synth) == 24
    return sample, synth


def balance_holds(report: Report) -> bool:
    """Every balance rule of the template (docs/report-template.md)."""
    c = report.cell
    for column in T3_COLUMNS:
        if c("requests.new", column) + c("requests.carried_in", column) != c(
            "outcome.total", column
        ) + c("requests.carried_over", column):
            return False
        if c("outcome.total", column) != sum(c(item, column) for item in OUTCOME_ITEMS):
            return False
    for metric in T3_ROWS:
        if c(metric, "total") != sum(c(metric, column) for column in APPLICANTS):
            return False
    for group in T4_GROUPS:
        if c(group, "total") != sum(c(group, column) for column in T4_COLUMNS[:-1]):
            return False
    return True


# --------------------------------------------------------------------------------------------
# Building questions
# --------------------------------------------------------------------------------------------


def num(value: Decimal | float | int) -> int | float:
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def span(report: Report, fragment: str) -> str:
    """``fragment`` as printed in the report, whitespace collapsed.

    Found verbatim (after collapsing whitespace) it is returned as is; a label that a
    layout wrapped over several lines is returned as its printed span."""
    wanted = collapse(fragment)
    if wanted in report.flat:
        return wanted
    kept = [(i, ch) for i, ch in enumerate(report.text) if not ch.isspace()]
    stripped = "".join(ch for _, ch in kept)
    key = re.sub(r"\s+", "", fragment)
    at = stripped.find(key)
    if at < 0:
        raise ValueError(f"{fragment!r} not in {report.file}")
    start, end = kept[at][0], kept[at + len(key) - 1][0] + 1
    return collapse(report.text[start:end])


def find(report: Report, pattern: str) -> str:
    """The first text matching ``pattern`` (a regex over the whitespace-collapsed text)."""
    match = re.search(pattern, report.flat)
    if not match:
        raise ValueError(f"{pattern!r} not in {report.file}")
    return match.group()


def unit_of(metric: str) -> str:
    if metric == "disclosure.fees":
        return "万元"
    return "件"


def cell_support(report: Report, metric: str, column: str) -> list[str]:
    support = [span(report, LABELS[metric])]
    if metric in T2_COLUMNS:
        if column in T2_COLUMN_LABELS:
            support.append(span(report, T2_COLUMN_LABELS[column]))
    elif column in COLUMN_LABELS:
        support.append(span(report, COLUMN_LABELS[column]))
    return support


class Builder:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.rows: list[dict[str, Any]] = []
        self.truth: dict[str, Callable[[], Any]] = {}

    def _id(self) -> str:
        return f"{self.prefix}{len(self.rows) + 1:03d}"

    def add(
        self,
        question: str,
        report: Report | None,
        *,
        kind: str,
        category: str,
        value: Any = None,
        unit: str = "",
        support: list[str] | None = None,
        metric: str | None = None,
        column: str | None = None,
        ref: str | None = None,
        follows: str | None = None,
        agency: str | None = None,
        year: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> str:
        qid = self._id()
        row: dict[str, Any] = {
            "id": qid,
            "question": question,
            "answer_value": None if value is None else num(value),
            "answer_unit": unit,
            "agency": agency or (report.agency if report else ""),
            "year": year or (report.year if report else None),
            "report": report.file if report else "",
            "kind": kind,
            "support": support or [],
        }
        if metric:
            row["metric"] = metric
        if column:
            row["column"] = column
        row["category"] = category
        if ref:
            row["reference_date"] = ref
        if follows:
            row["follows"] = follows
        row |= extra or {}
        self.rows.append(row)
        return qid

    # a table cell
    def table(
        self,
        question: str,
        report: Report,
        metric: str,
        column: str = "total",
        *,
        category: str = "plain",
        ref: str | None = None,
        follows: str | None = None,
        unit: str | None = None,
    ) -> str:
        return self.add(
            question,
            report,
            kind="table",
            category=category,
            value=report.cell(metric, column),
            unit=unit_of(metric) if unit is None else unit,
            support=cell_support(report, metric, column),
            metric=metric,
            column=column,
            ref=ref,
            follows=follows,
        )

    # a figure stated in the prose; ``pattern`` finds the fragment that states it
    def prose(
        self,
        question: str,
        report: Report,
        metric: str,
        pattern: str,
        unit: str,
        *,
        category: str = "plain",
        ref: str | None = None,
        follows: str | None = None,
        value: Any = None,
    ) -> str:
        fragment = find(report, pattern)
        truth = report.prose.get(metric, value)
        if value is not None:
            assert Decimal(str(value)) == Decimal(str(truth)), (metric, value, truth)
        return self.add(
            question,
            report,
            kind="prose",
            category=category,
            value=truth,
            unit=unit,
            support=[fragment],
            metric=metric,
            ref=ref,
            follows=follows,
        )

    # a sum of table cells
    def total(
        self,
        question: str,
        report: Report,
        keys: list[Key],
        *,
        category: str = "sum",
        metric: str | None = None,
        column: str | None = None,
        labels: list[str] | None = None,
        unit: str = "件",
        ref: str | None = None,
        follows: str | None = None,
    ) -> str:
        value = sum((report.cell(m, c) for m, c in keys), Decimal(0))
        support = [span(report, label) for label in labels or []]
        if not support:
            support = list(dict.fromkeys(span(report, LABELS[m]) for m, _ in keys))
        return self.add(
            question,
            report,
            kind="derived",
            category=category,
            value=value,
            unit=unit,
            support=support,
            metric=metric,
            column=column,
            ref=ref,
            follows=follows,
            extra={"derived_from": [list(k) for k in keys]},
        )

    def none(
        self,
        question: str,
        report: Report | None,
        *,
        category: str = "noanswer",
        agency: str | None = None,
        year: int | None = None,
        unit: str = "",
        ref: str | None = None,
        metric: str | None = None,
    ) -> str:
        return self.add(
            question,
            report,
            kind="none",
            category=category,
            unit=unit,
            agency=agency,
            year=year,
            ref=ref,
            metric=metric,
        )

    def passage(
        self, question: str, report: Report, fragments: list[str], *, category: str = "passage"
    ) -> str:
        return self.add(
            question,
            report,
            kind="passage",
            category=category,
            support=[span(report, f) for f in fragments],
        )

    def check(self, question: str, report: Report, *, category: str = "check") -> str:
        labels = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"]
        return self.add(
            question,
            report,
            kind="derived",
            category=category,
            support=[span(report, label) for label in labels],
            extra={"answer_check": balance_holds(report)},
        )

    # this year minus the previous year, of a cell or a prose figure
    def compare(
        self,
        question: str,
        later: Report,
        earlier: Report,
        metric: str,
        column: str = "total",
        *,
        unit: str = "件",
        prose: bool = False,
        ref: str | None = None,
    ) -> str:
        if prose:
            a, b = Decimal(later.prose[metric]), Decimal(earlier.prose[metric])
            support = [find(later, PROSE_PATTERNS[metric])]
        else:
            a, b = later.cell(metric, column), earlier.cell(metric, column)
            support = cell_support(later, metric, column)
        return self.add(
            question,
            later,
            kind="derived",
            category="compare",
            value=a - b,
            unit=unit,
            support=support,
            metric=metric,
            column=None if prose else column,
            ref=ref,
            extra={
                "reports": [earlier.file, later.file],
                "operands": {str(earlier.year): num(b), str(later.year): num(a)},
            },
        )

    def series(
        self,
        question: str,
        reports: list[Report],
        metric: str,
        column: str = "total",
        *,
        unit: str = "件",
        prose: bool = False,
        with_total: bool = False,
        ref: str | None = None,
    ) -> str:
        values = {}
        for report in reports:
            values[str(report.year)] = (
                Decimal(report.prose[metric]) if prose else report.cell(metric, column)
            )
        last = reports[-1]
        if prose:
            support = [find(last, PROSE_PATTERNS[metric])]
        else:
            support = cell_support(last, metric, column)
        return self.add(
            question,
            last,
            kind="derived",
            category="series",
            value=sum(values.values(), Decimal(0)) if with_total else None,
            unit=unit,
            support=support,
            metric=metric,
            column=None if prose else column,
            ref=ref,
            extra={
                "answer_series": {year: num(v) for year, v in values.items()},
                "reports": [r.file for r in reports],
            },
        )


PROPOSALS = r"(?:共办理人大建议\d+件、政协提案\d+件，共\d+件|共办理答复人大建议、政协提案\d+件，其中人大建议\d+件，政协提案\d+件)"

# regexes that find the prose fragment stating a figure in a generated report
PROSE_PATTERNS = {
    "proactive.items": r"主动公开政府信息\d+条",
    "proactive.press_releases": r"发布新闻稿件\d+余篇",
    "training.sessions": r"全年组织政务公开专题培训\d+次",
    "proposals.npc": r"人大建议\d+件",
    "proposals.cppcc": r"(?<=件、|件，)政协提案\d+件",
    "proposals.total": r"(?:共\d+件，?满意率100%|共\d+件。|政协提案\d+件，其中)",
    "proposals.satisfaction": r"满意率100%",
    "fees.processing": r"(?:本年度共收取信息处理费\d+元|本年度未收取信息处理费)",
    "requests.new": r"(?:共收到政府信息公开申请\d+件|本年度新收政府信息公开申请\d+件)",
    "outcome.total": r"全年办结\d+件",
}

# --------------------------------------------------------------------------------------------
# The questions
# --------------------------------------------------------------------------------------------

ANY_RELATIVE = re.compile(r"去年|今年|前年|上一年|上年度|近三年|近两年|近几年|最近三年|明年")


def sample_questions(s: Report) -> list[dict[str, Any]]:
    b = Builder("qs")
    T, P = b.table, b.prose
    # --- plain table cells
    T(
        "淄博市公安局交通警察支队张店大队2024年本年新收政府信息公开申请数量是多少？",
        s,
        "requests.new",
    )
    T("张店交警大队2024年上年结转的政府信息公开申请有几件?", s, "requests.carried_in")
    T("张店交警大队2024年结转下年度继续办理的申请有多少件？", s, "requests.carried_over")
    T("张店交警大队2024年予以公开的申请有多少件？", s, "outcome.disclosed")
    T("张店交警大队2024年本年度办理结果总计是多少件？", s, "outcome.total")
    T(
        "张店交警大队2024年没有现成信息需要另行制作的申请有几件？",
        s,
        "outcome.unavailable.needs_creation",
    )
    T(
        "张店交警大队2024年“申请人逾期未按收费通知要求缴纳费用”不再处理的有几件？",
        s,
        "outcome.other.unpaid",
    )
    T("张店交警大队2024年其他处理里“3.其他”一项是多少?", s, "outcome.other.other")
    T(
        "淄博市公安局交通警察支队张店大队2024年行政许可本年处理决定数量是多少？",
        s,
        "disclosure.licensing",
        "decisions",
    )
    T("张店交警大队2024年复议后起诉的行政诉讼总计几件？", s, "litigation.after_review")
    # --- colloquial table cells
    C = "colloquial"
    T("张店交警去年收到几个信息公开申请?", s, "requests.new", category=C, ref="2025-02-10")
    T("张店交警2024年有几件申请没办完，要转到下一年？", s, "requests.carried_over", category=C)
    T("张店交警2024年公开了多少件申请？", s, "outcome.disclosed", category=C)
    T(
        "张店交警以涉及行政执法案卷为由拒绝公开了几件?",
        s,
        "outcome.withheld.enforcement",
        category=C,
    )
    T(
        "张店交警因为不掌握相关信息没法提供的申请有几件？",
        s,
        "outcome.unavailable.not_held",
        category=C,
    )
    T(
        "张店交警有几件申请因为是信访举报投诉被不予处理?",
        s,
        "outcome.not_processed.petition",
        category=C,
    )
    T(
        "张店交警2024年有没有因为重复申请不处理的？有几件",
        s,
        "outcome.not_processed.repeated",
        category=C,
    )
    T(
        "张店交警2024年老百姓提交的信息公开申请有几件?",
        s,
        "requests.new",
        "natural_person",
        category=C,
    )
    T(
        "2024年有公司向张店交警申请信息公开吗？企业申请了几件？",
        s,
        "requests.new",
        "commercial",
        category=C,
    )
    T("张店交警2024年因为国家秘密不公开的有几件？", s, "outcome.withheld.state_secret", category=C)
    T(
        "张店交警去年开了多少罚单，行政处罚决定有多少？",
        s,
        "disclosure.penalty",
        "decisions",
        category=C,
        ref="2025-03-05",
    )
    T("张店交警2024年行政强制有多少起?", s, "disclosure.coercion", "decisions", category=C)
    T("张店交警2024年收了多少行政事业性收费？", s, "disclosure.fees", "amount", category=C)
    T("张店交警2024年被人申请行政复议了几次？", s, "review", category=C)
    T("张店交警大队2024年因为信息公开被直接起诉过吗？有几件?", s, "litigation.direct", category=C)
    # --- prose figures
    P(
        "张店交警2024年在张店区政府政务公开网站主动公开了多少条信息？",
        s,
        "proactive.items",
        r"重点领域信息公开等各类信息84条",
        "条",
    )
    P(
        "张店交警一年发了多少篇新闻稿?",
        s,
        "proactive.press_releases",
        r"全年累计刊发新闻稿件860余篇",
        "篇",
        category=C,
    )
    P(
        "张店交警在微博微信抖音上发了多少条信息？",
        s,
        "media.posts",
        r"通过“两微一抖”发布信息3400余条",
        "条",
        category=C,
    )
    P(
        "张店交警的短视频单条最高播放了多少？",
        s,
        "media.top_views_wan",
        r"单条短视频最高播放量超1300万",
        "万次",
        category=C,
    )
    P("张店交警大队有多少个微信矩阵?", s, "media.wechat_accounts", r"通过259个微信矩阵", "个")
    P(
        "张店交警用微信矩阵发了几次交通安全提醒？",
        s,
        "media.wechat_alerts",
        r"实时发送交通安全提示提醒176次",
        "次",
        category=C,
    )
    P("张店交警微信矩阵提醒覆盖了多少人?", s, "media.reach_wan", r"覆盖人群100余万", "万人")
    P(
        "张店交警大队2024年举办了多少场警民恳谈？",
        s,
        "outreach.talks",
        r"举办警民恳谈136场次",
        "场次",
    )
    P("张店交警“七进”宣传搞了多少场?", s, "outreach.seven", r"“七进”宣传200余场", "场", category=C)
    P(
        "张店交警大队2024年新出台了多少项信息管理方面的准则？",
        s,
        "management.rules",
        r"新出台10项涵盖制度规范与业务流程的精细准则",
        "项",
    )
    P(
        "群众通过张店民生连线平台给张店交警提了多少建议和意见?",
        s,
        "hotline.suggestions",
        r"共收到张店民生连线平台群众建议及意见0件",
        "件",
        category=C,
    )
    P(
        "张店交警去年办了多少件人大建议？",
        s,
        "proposals.npc",
        r"其中人大建议7件",
        "件",
        category=C,
        ref="2025-01-20",
    )
    P("张店交警2024年政协提案办了几件", s, "proposals.cppcc", r"政协提案14件", "件", category=C)
    P(
        "张店交警建议提案办理的满意率是多少?",
        s,
        "proposals.satisfaction",
        r"满意率为100%",
        "%",
        category=C,
    )
    P(
        "张店交警收没收信息处理费？收了多少？",
        s,
        "fees.processing",
        r"2024年度未收取依申请公开信息处理费",
        "元",
        category=C,
    )
    P(
        "张店交警大队2024年依申请公开部分说共收到多少件申请?",
        s,
        "requests.new",
        r"共收到政府信息公开申请6件",
        "件",
    )
    # --- sums
    b.add(
        "张店交警2024年办理的人大、政协提案议案一共多少件？",
        s,
        kind="prose",
        category="sum",
        value=SAMPLE_PROSE["proposals.total"],
        unit="件",
        support=[
            find(s, r"共办理答复区人大、政协提案议案21件"),
            find(s, r"其中人大建议7件，政协提案14件"),
        ],
        metric="proposals.total",
    )
    b.total(
        "张店交警2024年被拒绝公开（不予公开）的申请一共多少件?",
        s,
        [(m, "total") for m in WITHHELD],
        labels=[GROUP_LABELS["withheld"], LABELS["outcome.withheld.enforcement"]],
    )
    b.total(
        "张店交警2024年无法提供的申请共几件？",
        s,
        [(m, "total") for m in UNAVAILABLE],
        labels=[GROUP_LABELS["unavailable"], *(LABELS[m] for m in UNAVAILABLE[:2])],
    )
    b.total(
        "2024年法人或其他组织一共向张店交警申请了几件?",
        s,
        [("requests.new", c) for c in ORGANISATIONS],
        labels=["法人或其他组织", LABELS["requests.new"]],
    )
    b.total(
        "张店交警2024年行政诉讼一共有几件？",
        s,
        [("litigation.direct", "total"), ("litigation.after_review", "total")],
        labels=["行政诉讼", "未经复议直接起诉", "复议后起诉"],
        metric="litigation",
    )
    b.total(
        "张店交警2024年不予处理的申请一共几件?",
        s,
        [(m, "total") for m in NOT_PROCESSED],
        labels=[GROUP_LABELS["not_processed"], LABELS["outcome.not_processed.petition"]],
    )
    # --- checks
    b.check("张店交警2024年年报里申请情况那张表的数字对得上吗？", s)
    b.check("张店交警年报第三部分，新收加上年结转是不是等于办结加结转下年度?", s)
    # --- no answer
    b.none("张店交警2024年开了几场新闻发布会?", s, unit="场")
    b.none(
        "张店交警2019年收到多少政府信息公开申请？", None, agency=SAMPLE_AGENCY, year=2019, unit="件"
    )
    b.none("张店交警大队2024年申请人对答复的满意度是多少?", s, unit="%")
    b.none("张店交警2024年组织了几次政务公开培训？", s, unit="次", metric="training.sessions")
    b.none("张店交警2024年收到的信息公开申请比2023年多了几件？", s, unit="件")
    b.none(
        "北京市海淀区教育委员会2024年收到多少信息公开申请?",
        None,
        agency="北京市海淀区教育委员会",
        year=2024,
        unit="件",
    )
    b.none("张店交警2024年发布了多少篇政策解读？", s, unit="篇")
    # --- passages
    b.passage(
        "张店交警的信息公开工作存在哪些问题?", s, ["公开内容深度广度不足", "传播触手延伸不够"]
    )
    b.passage(
        "张店交警针对这些问题有哪些改进措施？",
        s,
        ["一是思想重视引领行动落实", "二是多元融合创新公开形式", "三是内外兼修构建长效闭环"],
    )
    b.passage(
        "张店交警的平台建设情况怎么样?",
        s,
        ["及时对建议提案办理、服务指南、政务公开保障机制等栏目进行更新"],
    )
    b.passage(
        "我想向张店交警申请信息公开或者咨询年报，怎么联系？",
        s,
        [
            "地址：山东省淄博市张店区和平路29号；邮编：255000；电话：2139070；邮箱：zdjjddbgs@zb.shandong.cn"
        ],
    )
    b.passage(
        "张店交警大队依申请公开走什么工作程序?",
        s,
        ["“工作机构受理，业务部门承办，重大问题会商，法制部门合法性审查”的依申请公开工作程序"],
    )
    b.passage("张店交警的行政许可数量包括经开区吗？", s, ["1964904(含淄博经开区)"])
    # --- English
    E = "english"
    T(
        "How many government information disclosure requests did the Zhangdian traffic police brigade receive in 2024?",
        s,
        "requests.new",
        category=E,
    )
    T(
        "How many of Zhangdian traffic police's 2024 requests were carried over to next year?",
        s,
        "requests.carried_over",
        category=E,
    )
    T(
        "How many administrative penalty decisions did the Zhangdian traffic police brigade make in 2024?",
        s,
        "disclosure.penalty",
        "decisions",
        category=E,
    )
    T(
        "How many administrative reconsideration cases did Zhangdian traffic police have in 2024?",
        s,
        "review",
        category=E,
    )
    # --- scope: typed into the chat widget on the brigade's own page
    S = "scope"
    T("结转下年度继续办理的有几件？", s, "requests.carried_over", category=S)
    T("本机关不掌握相关政府信息的有几件?", s, "outcome.unavailable.not_held", category=S)
    T("行政强制决定有多少？", s, "disclosure.coercion", "decisions", category=S)
    P("2024年政协提案办了几件?", s, "proposals.cppcc", r"政协提案14件", "件", category=S)
    T("现行有效的规章有几件？", s, "disclosure.rules", "in_force", category=S)
    P(
        "老年人专题巡回宣教活动搞了多少场?",
        s,
        "outreach.elderly",
        r"老年人专题巡回宣教活动196场",
        "场",
        category=S,
    )
    # --- follow-ups
    F = "followup"
    first = T(
        "张店交警2024年行政许可处理了多少件?", s, "disclosure.licensing", "decisions", category=C
    )
    second = T("那行政强制呢？", s, "disclosure.coercion", "decisions", category=F, follows=first)
    T("处罚呢?", s, "disclosure.penalty", "decisions", category=F, follows=second)
    first = T("2024年自然人向张店交警新提交了多少申请？", s, "requests.new", "natural_person")
    second = T("商业企业呢?", s, "requests.new", "commercial", category=F, follows=first)
    T("那总共有几件转到下一年继续办？", s, "requests.carried_over", category=F, follows=second)
    first = T("张店交警2024年行政复议有几件？", s, "review")
    b.total(
        "诉讼呢?",
        s,
        [("litigation.direct", "total"), ("litigation.after_review", "total")],
        category=F,
        labels=["行政诉讼", "未经复议直接起诉", "复议后起诉"],
        metric="litigation",
        follows=first,
    )
    return b.rows


def synth_questions(r: dict[tuple[str, int], Report]) -> list[dict[str, Any]]:
    b = Builder("qg")
    T, P, D = b.table, b.prose, b.total
    C, F, E, S = "colloquial", "followup", "english", "scope"
    PP = PROSE_PATTERNS

    def rep(name: str, year: int) -> Report:
        return r[name, year]

    ZC, BS, SS = (
        "淄博市周村区农业农村局",
        "山东省淄博市博山区人民政府办公室",
        "佛山市三水区人民政府办公室",
    )
    JH, MY, BD = "安徽省芜湖市镜湖区司法局", "四川省绵阳市医疗保障局", "保定市民政局"
    lit = [("litigation.direct", "total"), ("litigation.after_review", "total")]
    lit_labels = ["行政诉讼", "未经复议直接起诉", "复议后起诉"]

    # ---------------- 淄博市周村区农业农村局
    z21, z22, z23, z24 = (rep(ZC, y) for y in (2021, 2022, 2023, 2024))
    T("淄博市周村区农业农村局2021年本年新收政府信息公开申请数量是多少？", z21, "requests.new")
    T(
        "周村区农业农村局2021年有几件申请没办完转到下一年了?",
        z21,
        "requests.carried_over",
        category=C,
    )
    T("周村农业农村局2021年公开了多少件申请？", z21, "outcome.disclosed", category=C)
    T(
        "周村区农业农村局2021年因为重复申请没处理的有几件?",
        z21,
        "outcome.not_processed.repeated",
        category=C,
    )
    T(
        "周村区农业农村局2021年要求提供公开出版物的申请有几件？",
        z21,
        "outcome.not_processed.publication",
    )
    T(
        "周村区农业农村局2021年以行政执法案卷为由拒绝公开几件?",
        z21,
        "outcome.withheld.enforcement",
        category=C,
    )
    T(
        "2021年律所向周村区农业农村局申请信息公开了几件？",
        z21,
        "requests.new",
        "legal_service",
        category=C,
    )
    T(
        "周村区农业农村局2022年行政许可本年处理决定数量是多少?",
        z22,
        "disclosure.licensing",
        "decisions",
    )
    T(
        "周村区农业局2022年罚了多少，行政处罚决定有几件？",
        z22,
        "disclosure.penalty",
        "decisions",
        category=C,
    )
    T(
        "周村区农业农村局2023年被人直接告上法院（未经复议直接起诉）的有几件?",
        z23,
        "litigation.direct",
        category=C,
    )
    T(
        "周村区农业农村局2023年未经复议直接起诉的案件里结果纠正的有几件？",
        z23,
        "litigation.direct",
        "corrected",
    )
    T("淄博市周村区农业农村局2024年行政复议总计多少件?", z24, "review")
    T(
        "周村区农业农村局2024年复议后起诉的案件中尚未审结的有几件？",
        z24,
        "litigation.after_review",
        "pending",
    )
    P(
        "周村农业农村局2024年收了多少信息处理费?",
        z24,
        "fees.processing",
        PP["fees.processing"],
        "元",
        category=C,
    )
    T(
        "周村区农业农村局2023年行政事业性收费收了多少钱？",
        z23,
        "disclosure.fees",
        "amount",
        category=C,
    )
    P(
        "周村区农业农村局2021年主动公开政府信息多少条?",
        z21,
        "proactive.items",
        PP["proactive.items"],
        "条",
    )
    b.compare("周村区农业农村局2022年新收的申请比2021年少了几件？", z22, z21, "requests.new")
    b.compare(
        "周村区农业农村局2024年主动公开的信息条数比2023年多了多少?",
        z24,
        z23,
        "proactive.items",
        unit="条",
        prose=True,
    )
    b.series(
        "周村区农业农村局2021到2024年每年办理的政协提案分别是多少件？",
        [z21, z22, z23, z24],
        "proposals.cppcc",
        prose=True,
    )
    b.none("周村区农业农村局2020年收到多少信息公开申请?", None, agency=ZC, year=2020, unit="件")
    b.check("周村区农业农村局2021年年报的申请表数字对得上吗？", z21)
    T(
        "How many information disclosure requests did the Zhoucun District Agriculture and Rural Affairs Bureau receive in 2021?",
        z21,
        "requests.new",
        category=E,
    )
    P("2024年人大建议办了多少件?", z24, "proposals.npc", PP["proposals.npc"], "件", category=S)
    b.passage(
        "周村区农业农村局2022年信息公开工作存在什么问题？",
        z22,
        ["一是主动公开的深度和广度还需拓展；二是政策解读形式较为单一"],
    )
    T("周村区农业农村局2023年受理了多少件新的信息公开申请?", z23, "requests.new", category=C)

    # ---------------- 山东省淄博市博山区人民政府办公室
    b21, b22, b23, b24 = (rep(BS, y) for y in (2021, 2022, 2023, 2024))
    T(
        "山东省淄博市博山区人民政府办公室2021年上年结转政府信息公开申请数量是多少？",
        b21,
        "requests.carried_in",
    )
    T("博山区政府办2021年转到下一年继续办的申请有几件?", b21, "requests.carried_over", category=C)
    T("博山区政府办2021年部分公开的申请有几件？", b21, "outcome.partly")
    T("博山区政府办2021年行政强制本年处理决定数量是多少?", b21, "disclosure.coercion", "decisions")
    T("博山区政府办2021年有没有被申请行政复议？几件？", b21, "review", category=C)
    T("博山区政府办2021年补正后申请内容仍不明确的有几件?", b21, "outcome.unavailable.unclear")
    T(
        "博山区政府办2022年以国家秘密为由拒绝公开了几件？",
        b22,
        "outcome.withheld.state_secret",
        category=C,
    )
    T("博山区政府办2022年行政事业性收费收了多少万元?", b22, "disclosure.fees", "amount", category=C)
    T("博山区政府办2022年企业申请了几件信息公开？", b22, "requests.new", "commercial", category=C)
    P(
        "博山区政府办2022年发了多少篇新闻稿?",
        b22,
        "proactive.press_releases",
        PP["proactive.press_releases"],
        "篇",
        category=C,
    )
    T("博山区政府办2023年没经过复议直接被起诉的有几件？", b23, "litigation.direct", category=C)
    T(
        "博山区政府办2023年本年制发行政规范性文件多少件?",
        b23,
        "disclosure.normative_documents",
        "issued",
    )
    P(
        "博山区政府办2024年收了多少信息处理费？",
        b24,
        "fees.processing",
        PP["fees.processing"],
        "元",
        category=C,
    )
    b.add(
        "博山区政府办2024年人大建议和政协提案一共办了多少件?",
        b24,
        kind="prose",
        category="sum",
        value=b24.prose["proposals.total"],
        unit="件",
        support=[find(b24, PROPOSALS)],
        metric="proposals.total",
    )
    P(
        "博山区政府办2024年政协提案办了几件？",
        b24,
        "proposals.cppcc",
        PP["proposals.cppcc"],
        "件",
        category=C,
    )
    b.series(
        "博山区政府办2021-2024年新收的信息公开申请分别是多少？",
        [b21, b22, b23, b24],
        "requests.new",
    )
    b.compare("博山区政府办2022年收到的申请比2021年多还是少？差几件?", b22, b21, "requests.new")
    b.none("博山区政府办2024年召开了几场新闻发布会？", b24, unit="场")
    T(
        "How many administrative penalty decisions did the Boshan district government office make in 2023?",
        b23,
        "disclosure.penalty",
        "decisions",
        category=E,
    )
    first = T("博山区政府办2021年新收申请多少件?", b21, "requests.new")
    second = T("那2022年呢？", b22, "requests.new", category=F, follows=first)
    T("自然人呢?", b22, "requests.new", "natural_person", category=F, follows=second)
    b.passage(
        "博山区政府办的政府信息管理是怎么做的？",
        b22,
        ["严格落实保密审查制度，坚持“先审查、后公开”和“一事一审”原则"],
    )
    T("上年结转的申请有几件?", b22, "requests.carried_in", category=S)

    # ---------------- 佛山市三水区人民政府办公室
    s21, s22, s23, s24 = (rep(SS, y) for y in (2021, 2022, 2023, 2024))
    T("佛山市三水区人民政府办公室2021年行政复议总计多少件？", s21, "review")
    T("三水区政府办2021年行政复议里结果被纠正的有几件?", s21, "review", "corrected", category=C)
    D("三水区政府办2021年行政诉讼一共几件？", s21, lit, labels=lit_labels, metric="litigation")
    T("三水区政府办2021年复议后又被起诉当被告的有几件?", s21, "litigation.after_review", category=C)
    T("三水区政府办2022年其他处理中“3.其他”有几件？", s22, "outcome.other.other")
    T("三水区政府办2022年公司新提交了几件申请?", s22, "requests.new", "commercial", category=C)
    T(
        "三水区政府办2022年有几件申请因为申请人逾期不补正就不再处理了？",
        s22,
        "outcome.other.no_correction",
        category=C,
    )
    T("三水区政府办2022年行政复议尚未审结的有几件?", s22, "review", "pending")
    T(
        "三水区政府办2023年因为危及“三安全一稳定”拒绝公开的有几件？",
        s23,
        "outcome.withheld.security",
        category=C,
    )
    T(
        "三水区政府办2023年因为没有相关信息无法提供的有几件?",
        s23,
        "outcome.unavailable.not_held",
        category=C,
    )
    D(
        "三水区政府办2023年不予公开的一共几件？",
        s23,
        [(m, "total") for m in WITHHELD],
        labels=[GROUP_LABELS["withheld"]],
    )
    D(
        "三水区政府办2023年不予处理的一共几件?",
        s23,
        [(m, "total") for m in NOT_PROCESSED],
        labels=[GROUP_LABELS["not_processed"]],
    )
    T(
        "三水区政府办2023年有几件是信访举报投诉类申请？",
        s23,
        "outcome.not_processed.petition",
        category=C,
    )
    T(
        "三水区政府办2023年有没有人无正当理由大量反复申请?",
        s23,
        "outcome.not_processed.excessive",
        category=C,
    )
    T(
        "三水区政府办2023年“要求行政机关确认或重新出具已获取信息”的有几件？",
        s23,
        "outcome.not_processed.confirmation",
    )
    T(
        "三水区政府办2023年申请人逾期没交信息处理费、不再处理的有几件?",
        s23,
        "outcome.other.unpaid",
        category=C,
    )
    T("三水区政府办2023年一共受理了多少件新的信息公开申请？", s23, "requests.new", category=C)
    b.compare("三水区政府办2023年新收申请比2022年多了几件?", s23, s22, "requests.new")
    T("三水区政府办2024年行政处罚本年处理决定数量是多少？", s24, "disclosure.penalty", "decisions")
    T("三水区政府办2024年结转下年度继续办理的有几件?", s24, "requests.carried_over")
    D(
        "三水区政府办2024年被起诉了几次？",
        s24,
        lit,
        category=C,
        labels=lit_labels,
        metric="litigation",
    )
    b.none("三水区政府办2024年政务服务热线接了多少个电话?", s24, unit="个")
    b.series("三水区政府办2021到2024年行政复议案件分别有多少？", [s21, s22, s23, s24], "review")
    T(
        "How many administrative reconsideration cases did the Sanshui District Government Office have in 2022?",
        s22,
        "review",
        category=E,
    )
    first = T("三水区政府办2022年行政复议多少件?", s22, "review")
    second = T("那2021年呢？", s21, "review", category=F, follows=first)
    D("诉讼呢?", s21, lit, category=F, labels=lit_labels, metric="litigation", follows=second)
    b.check("三水区政府办2023年的年报表格数字能对上吗？", s23)
    b.passage(
        "三水区政府办的监督保障工作是怎么做的?",
        s23,
        ["将政务公开工作纳入年度考核，健全工作机制，主动接受社会监督"],
    )
    T("本年新收的申请里企业提交了几件？", s23, "requests.new", "commercial", category=S)
    b.none("三水区政府办2021年发布了多少篇政策解读?", s21, unit="篇")

    # ---------------- 安徽省芜湖市镜湖区司法局
    j21, j22, j23, j24 = (rep(JH, y) for y in (2021, 2022, 2023, 2024))
    T("安徽省芜湖市镜湖区司法局2022年本年新收政府信息公开申请数量是多少？", j22, "requests.new")
    T("镜湖区司法局2022年老百姓申请了几件?", j22, "requests.new", "natural_person", category=C)
    T(
        "镜湖区司法局2022年属于行政查询事项不予公开的有几件？",
        j22,
        "outcome.withheld.inquiry",
        category=C,
    )
    T(
        "镜湖区司法局2022年因为内部事务信息被拒绝公开的有几件?",
        j22,
        "outcome.withheld.internal",
        category=C,
    )
    T(
        "镜湖区司法局2022年因为没有现成信息、需要另行制作而没提供的有几件？",
        j22,
        "outcome.unavailable.needs_creation",
        category=C,
    )
    D(
        "镜湖区司法局2022年无法提供的一共多少件?",
        j22,
        [(m, "total") for m in UNAVAILABLE],
        labels=[GROUP_LABELS["unavailable"]],
    )
    D(
        "镜湖区司法局2022年法人或其他组织新提交的申请一共几件？",
        j22,
        [("requests.new", c) for c in ORGANISATIONS],
        labels=["法人或其他组织", LABELS["requests.new"]],
        metric="requests.new",
    )
    T("镜湖区司法局2022年办结了多少件申请?", j22, "outcome.total", category=C)
    P(
        "镜湖区司法局2023年通过门户网站主动公开了多少条政府信息？",
        j23,
        "proactive.items",
        PP["proactive.items"],
        "条",
    )
    T("镜湖区司法局2023年行政强制有几件?", j23, "disclosure.coercion", "decisions", category=C)
    T(
        "镜湖区司法局2021年法律服务机构申请了几件？",
        j21,
        "requests.new",
        "legal_service",
        category=C,
    )
    b.series(
        "镜湖区司法局近三年人大建议分别办了多少件?",
        [j22, j23, j24],
        "proposals.npc",
        prose=True,
        ref="2025-03-01",
    )
    b.series(
        "镜湖区司法局2021到2024年一共组织了多少次政务公开培训？每年各几次？",
        [j21, j22, j23, j24],
        "training.sessions",
        unit="次",
        prose=True,
        with_total=True,
    )
    b.compare(
        "镜湖区司法局2024年政协提案比2023年少了几件?", j24, j23, "proposals.cppcc", prose=True
    )
    b.compare(
        "镜湖区司法局2023年行政许可决定比2022年多了几件？",
        j23,
        j22,
        "disclosure.licensing",
        "decisions",
    )
    b.none("镜湖区司法局2024年申请人满意度是多少?", j24, unit="%")
    b.none(
        "镜湖区司法局2024年建议提案办理满意率是多少？",
        j24,
        unit="%",
        metric="proposals.satisfaction",
    )
    T(
        "How many requests did the Jinghu District Justice Bureau withhold as administrative inquiry matters in 2022?",
        j22,
        "outcome.withheld.inquiry",
        category=E,
    )
    b.passage(
        "镜湖区司法局下一步有什么打算?",
        j22,
        ["下一步，我局将进一步加强学习培训，丰富公开形式，提升政务公开工作质量"],
    )
    first = T(
        "镜湖区司法局2022年因为重复申请不予处理几件？",
        j22,
        "outcome.not_processed.repeated",
        category=C,
    )
    second = T("信访类的呢?", j22, "outcome.not_processed.petition", category=F, follows=first)
    T("那2021年呢？", j21, "outcome.not_processed.petition", category=F, follows=second)
    T("行政处罚决定有多少?", j23, "disclosure.penalty", "decisions", category=S)

    # ---------------- 四川省绵阳市医疗保障局
    m21, m22, m23, m24 = (rep(MY, y) for y in (2021, 2022, 2023, 2024))
    T("四川省绵阳市医疗保障局2021年本年新收政府信息公开申请数量是多少?", m21, "requests.new")
    T("绵阳医保局2021年科研机构申请了几件？", m21, "requests.new", "research", category=C)
    T(
        "绵阳市医保局2021年社会公益组织提交了多少申请?",
        m21,
        "requests.new",
        "social_welfare",
        category=C,
    )
    T(
        "绵阳医保局2021年以保护第三方合法权益为由不予公开的有几件？",
        m21,
        "outcome.withheld.third_party",
        category=C,
    )
    T(
        "绵阳医保局2021年以过程性信息为由拒绝公开的有几件?",
        m21,
        "outcome.withheld.process",
        category=C,
    )
    T(
        "绵阳医保局2021年因为其他法律行政法规禁止公开而驳回的有几件？",
        m21,
        "outcome.withheld.prohibited",
        category=C,
    )
    D(
        "绵阳医保局2021年不予公开的一共多少件?",
        m21,
        [(m, "total") for m in WITHHELD],
        labels=[GROUP_LABELS["withheld"]],
    )
    D(
        "绵阳医保局2021年法人或其他组织一共新提交了几件申请？",
        m21,
        [("requests.new", c) for c in ORGANISATIONS],
        labels=["法人或其他组织", LABELS["requests.new"]],
        metric="requests.new",
    )
    T("绵阳医保局2021年申请人逾期未按收费通知要求缴纳费用的有几件?", m21, "outcome.other.unpaid")
    T("绵阳医保局2021年部分公开多少件？", m21, "outcome.partly")
    D("绵阳医保局2021年行政诉讼总共多少件?", m21, lit, labels=lit_labels, metric="litigation")
    T("绵阳医保局2021年未经复议直接起诉的尚未审结的有几件？", m21, "litigation.direct", "pending")
    T("绵阳医保局2022年行政事业性收费收了多少万元?", m22, "disclosure.fees", "amount", category=C)
    T("绵阳医保局2023年行政复议维持原结果的有几件？", m23, "review", "upheld", category=C)
    T("绵阳医保局2023年结转下年度继续办理的申请有几件?", m23, "requests.carried_over")
    b.compare("绵阳医保局2023年行政复议比2022年多了几件？", m23, m22, "review")
    b.series(
        "绵阳医保局2021到2024年行政处罚决定分别是多少?",
        [m21, m22, m23, m24],
        "disclosure.penalty",
        "decisions",
    )
    b.series(
        "绵阳医保局2021到2024年新闻稿件分别发了多少篇？",
        [m21, m22, m23, m24],
        "proactive.press_releases",
        unit="篇",
        prose=True,
    )
    T(
        "How many requests did the Mianyang Healthcare Security Administration disclose in full in 2021?",
        m21,
        "outcome.disclosed",
        category=E,
    )
    T(
        "how many requests were carried over to next year by the Mianyang medical insurance bureau in 2021?",
        m21,
        "requests.carried_over",
        category=E,
    )
    b.none("绵阳医保局2019年行政复议有几件?", None, agency=MY, year=2019, unit="件")
    b.none("绵阳医保局2022年开了几场新闻发布会？", m22, unit="场")
    b.check("绵阳医保局2021年年报数字对得上吗?", m21)
    first = T(
        "绵阳医保局2021年本机关不掌握相关政府信息的有几件？", m21, "outcome.unavailable.not_held"
    )
    second = T(
        "企业呢?", m21, "outcome.unavailable.not_held", "commercial", category=F, follows=first
    )
    T("个人呢？", m21, "outcome.unavailable.not_held", "natural_person", category=F, follows=second)
    T("未经复议直接起诉的有几件?", m22, "litigation.direct", category=S)
    b.passage(
        "绵阳医保局2023年平台建设情况怎么样？",
        m23,
        ["持续优化政府信息公开专栏，及时更新机构职能、政策文件等栏目内容"],
    )

    # ---------------- 保定市民政局
    d21, d22, d23, d24 = (rep(BD, y) for y in (2021, 2022, 2023, 2024))
    T("保定市民政局2021年本年新收政府信息公开申请数量是多少?", d21, "requests.new")
    T(
        "保定民政局2021年因为国家秘密拒绝公开了几件？",
        d21,
        "outcome.withheld.state_secret",
        category=C,
    )
    T(
        "保定民政局2021年以行政执法案卷为由不公开的有几件?",
        d21,
        "outcome.withheld.enforcement",
        category=C,
    )
    D(
        "保定民政局2021年不予公开的一共多少件？",
        d21,
        [(m, "total") for m in WITHHELD],
        labels=[GROUP_LABELS["withheld"]],
    )
    T("保定民政局2021年公益组织申请了几件?", d21, "requests.new", "social_welfare", category=C)
    T(
        "保定民政局2021年律所这类法律服务机构申请了几件？",
        d21,
        "requests.new",
        "legal_service",
        category=C,
    )
    P(
        "保定民政局2022年收了多少信息处理费?",
        d22,
        "fees.processing",
        PP["fees.processing"],
        "元",
        category=C,
    )
    T("保定民政局2022年复议被纠正的有几件？", d22, "review", "corrected", category=C)
    T("保定市民政局2022年申请人逾期未按收费通知要求缴纳费用的有几件?", d22, "outcome.other.unpaid")
    T("保定民政局2023年行政事业性收费多少？", d23, "disclosure.fees", "amount", category=C)
    D("保定民政局2023年行政诉讼总计多少件?", d23, lit, labels=lit_labels, metric="litigation")
    T("保定民政局2023年复议后起诉的尚未审结的有几件？", d23, "litigation.after_review", "pending")
    b.compare("保定民政局2022年人大建议比2021年少了多少件?", d22, d21, "proposals.npc", prose=True)
    b.compare(
        "保定民政局2024年新收的政府信息公开申请比上一年多了几件？",
        d24,
        d23,
        "requests.new",
        ref="2025-02-20",
    )
    b.compare(
        "保定民政局去年的行政处罚决定比前年多了多少?",
        d24,
        d23,
        "disclosure.penalty",
        "decisions",
        ref="2025-03-01",
    )
    b.series(
        "保定民政局近三年政府信息公开行政复议分别有多少件？",
        [d22, d23, d24],
        "review",
        ref="2025-02-01",
    )
    D(
        "How many administrative litigation cases did the Baoding Civil Affairs Bureau have in 2023?",
        d23,
        lit,
        category=E,
        labels=lit_labels,
        metric="litigation",
    )
    T(
        "How many disclosure requests did the Baoding Civil Affairs Bureau receive from companies in 2021?",
        d21,
        "requests.new",
        "commercial",
        category=E,
    )
    b.none("保定民政局2024年政府网站访问量是多少?", d24, unit="次")
    b.none("保定民政局2025年收到多少信息公开申请？", None, agency=BD, year=2025, unit="件")
    b.check("保定民政局2024年年报的数字对得上吗?", d24)
    first = T(
        "保定民政局去年收到几件信息公开申请？", d24, "requests.new", category=C, ref="2025-01-20"
    )
    T("前年呢?", d23, "requests.new", category=F, follows=first, ref="2025-01-20")
    first = T("保定民政局2023年行政复议总计几件？", d23, "review")
    second = D(
        "诉讼呢?", d23, lit, category=F, labels=lit_labels, metric="litigation", follows=first
    )
    T("那2022年的复议呢？", d22, "review", category=F, follows=second)
    b.passage(
        "保定民政局2021年在政务公开方面有什么创新实践?",
        d21,
        ["（三）创新实践情况。我局积极探索政务公开新形式，提升公开实效"],
    )
    T("上年结转的申请有几件?", d21, "requests.carried_in", category=S)
    b.add(
        "人大建议和政协提案一共多少件？",
        d23,
        kind="prose",
        category=S,
        value=d23.prose["proposals.total"],
        unit="件",
        support=[find(d23, PP["proposals.total"])],
        metric="proposals.total",
    )
    b.none(
        "北京市海淀区教育委员会2023年行政复议有几件?",
        None,
        agency="北京市海淀区教育委员会",
        year=2023,
        unit="件",
    )
    b.passage(
        "怎么向博山区政府办咨询年报的内容？",
        b24,
        ["如对本报告有疑问，请与山东省淄博市博山区人民政府办公室联系"],
    )
    return b.rows


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------

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


def states(fragment: str, value: Any) -> bool:
    """``fragment`` prints ``value`` as a whole number (not as part of a longer one)."""
    return re.search(rf"(?<![\d.]){re.escape(str(num(value)))}(?![\d])", fragment) is not None


def validate(rows: list[dict[str, Any]], reports: dict[str, Report]) -> None:
    seen: set[str] = set()
    for row in rows:
        qid = row["id"]
        where = f"{qid} {row['question']}"
        for field in REQUIRED:
            assert field in row, f"{where}: missing {field}"
        assert qid not in seen, f"{where}: duplicate id"
        assert row["kind"] in KINDS and row["category"] in CATEGORIES, where
        assert isinstance(row["year"], int), where
        assert isinstance(row["support"], list), where
        assert all(isinstance(x, str) and x for x in row["support"]), where
        value = row["answer_value"]
        assert value is None or isinstance(value, int | float), where
        if row["kind"] in {"none", "passage"}:
            assert value is None, where
        if row["kind"] == "none":
            assert row["support"] == [], where
        else:
            assert row["support"], f"{where}: no support"
        if "follows" in row:
            assert row["follows"] in seen, f"{where}: follows an unknown or later id"
            assert row["category"] == "followup", where
        if row["category"] == "followup":
            assert "follows" in row, where
        if ANY_RELATIVE.search(row["question"]):
            assert "reference_date" in row, f"{where}: relative year without reference_date"
        if "reference_date" in row:
            date.fromisoformat(row["reference_date"])
        if row["category"] == "series":
            assert isinstance(row.get("answer_series"), dict), where
        if row["category"] == "check":
            assert row.get("answer_check") is True, where
        if row["category"] == "scope":
            assert not re.search(r"张店|周村|博山|三水|镜湖|绵阳|保定|海淀", row["question"]), where
        seen.add(qid)
        if not row["report"]:
            assert row["kind"] == "none", where
            continue
        report = reports[row["report"]]
        assert row["agency"] == report.agency, where
        # the title line: the agency, then "<year>年政府信息公开工作年度报告"
        assert report.flat.startswith(report.agency), where
        assert row["year"] == report.year, where
        assert f"{report.year}年政府信息公开工作年度报告" in report.flat, where
        for fragment in row["support"]:
            assert fragment in report.flat, f"{where}: support {fragment!r} not in {report.file}"
        if row["kind"] == "table":
            truth = report.cell(row["metric"], row["column"])
            assert Decimal(str(value)) == truth, f"{where}: {value} != {truth}"
        if row["kind"] == "prose" and row.get("metric") in report.prose:
            truth = Decimal(str(report.prose[row["metric"]]))
            assert Decimal(str(value)) == truth, f"{where}: {value} != {truth}"
            # the support states the figure (or 未收取 for a zero fee)
            stated = any(states(f, truth) or (truth == 0 and "未收取" in f) for f in row["support"])
            assert stated, f"{where}: no support states {truth}"
        if "derived_from" in row:
            truth = sum((report.cell(m, c) for m, c in row["derived_from"]), Decimal(0))
            assert Decimal(str(value)) == truth, where
        if row["category"] == "check":
            assert row["answer_check"] == balance_holds(report), where
        if "reports" in row:
            assert row["report"] == row["reports"][-1], where
            for name in row["reports"]:
                assert name in reports, where
            series = row.get("answer_series") or row["operands"]
            assert list(series) == [str(reports[name].year) for name in row["reports"]], where
            if row["kind"] == "derived" and "column" not in row:  # a prose figure
                last = series[str(report.year)]
                assert any(states(f, last) for f in row["support"]), where
            if row["category"] == "compare":
                later, earlier = (Decimal(str(series[k])) for k in reversed(list(series)))
                assert Decimal(str(value)) == later - earlier, where


def says_year(question: str) -> bool:
    return bool(re.search(r"(?:19|20)\d\d|\d\d年|[〇零一二三四五六七八九]{4}年", question)) or bool(
        ANY_RELATIVE.search(question)
    )


def main() -> None:
    sample, synth = load_reports()
    by_file = {sample.file: sample} | {report.file: report for report in synth.values()}
    assert balance_holds(sample), "the sample report's tables do not balance"
    sample_rows = sample_questions(sample)
    synth_rows = synth_questions(synth)
    validate(sample_rows, by_file)
    validate(synth_rows, by_file)
    assert len(sample_rows) >= 60 and len(synth_rows) >= 110
    agencies = Counter(row["agency"] for row in synth_rows if row["report"])
    assert len(agencies) == 6, agencies
    for row in sample_rows + synth_rows:
        # A widget on the page of one year's report fixes that year as well as the agency:
        # a scope question that names no year is about the page's report.
        if row["category"] == "scope" and row["report"] and not says_year(row["question"]):
            row["scope_year"] = row["year"]
    for name, rows in (("qa-sample.jsonl", sample_rows), ("qa-synth.jsonl", synth_rows)):
        with (GOLD / name).open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    rows = sample_rows + synth_rows
    print(f"qa-sample.jsonl: {len(sample_rows)}  qa-synth.jsonl: {len(synth_rows)}")
    print("category:", dict(sorted(Counter(row["category"] for row in rows).items())))
    print("kind:    ", dict(sorted(Counter(row["kind"] for row in rows).items())))
    zeros = [row for row in rows if row["kind"] == "table" and row["answer_value"] == 0]
    empty = [row for row in zeros if by_file[row["report"]].empty(row["metric"], row["column"])]
    print(f"table questions answered 0: {len(zeros)} (of which printed empty: {len(empty)})")
    print("synth questions by agency:", dict(agencies))
    print("synth questions by year:", dict(sorted(Counter(r["year"] for r in synth_rows).items())))


if __name__ == "__main__":
    main()
