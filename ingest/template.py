"""The national report template (国办公开办函〔2021〕30号): sections, tables, labels, sums;
and the trial format of the reports on 2019 and 2020 (国办公开办函〔2019〕60号), whose tables
二 and 三 differ (``tables("2019")``; ``template_of`` tells which a report follows).

The parser works from this known structure rather than from the position of text: each
table row is found by its label, so a missing row never shifts the figures of later rows.
Label patterns are regular expressions over *compact* text (see ``compact``): whitespace
removed, brackets and dots folded to ASCII, quotes dropped; so labels wrapped into pieces
("三\\n、\\n本\\n年…") and full- or half-width punctuation all match the same pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SECTION_TITLES: dict[str, str] = {
    "1": "总体情况",
    "2": "主动公开政府信息情况",
    "3": "收到和处理政府信息公开申请情况",
    "4": "政府信息公开行政复议、行政诉讼情况",
    "5": "存在的主要问题及改进情况",
    "6": "其他需要报告的事项",
}

# What a heading's title must contain to be taken for that section (renamed headings keep
# these words); the numbering before it may be mangled ("2、" for "二、") or missing.
SECTION_KEYWORDS: dict[str, str] = {
    "1": r"总体情况|总体概述|概述|基本情况",
    "2": r"主动公开",
    "3": r"收到和处理|依申请公开|公开申请",
    "4": r"行政复议|行政诉讼",
    "5": r"存在的?主要问题|问题及改进|改进情况|存在问题",
    "6": r"其他需要报告|其他事项|其他需报告",
}
# Words too common in prose to mark a heading alone: taken only after the section's number
# ("五、存在的不足和下一步工作打算", "一、工作开展情况").
SECTION_NUMBERED_KEYWORDS: dict[str, str] = {
    "1": r"工作开展情况|开展情况|工作情况",
    "5": r"不足|改进措施|下一步|工作打算",
}

CHINESE_DIGITS = "〇一二三四五六七八九十"

_FOLD = str.maketrans({"（": "(", "）": ")", "．": ".", "﹝": "(", "﹞": ")", "〔": "(", "〕": ")"})
_DROP = re.compile(r"[\s“”\"'‘’「」]")


def compact(text: str) -> tuple[str, list[int]]:
    """Text without whitespace and quotes, brackets folded; and each char's index in ``text``."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if _DROP.match(char):
            continue
        chars.append(char.translate(_FOLD))
        origin.append(index)
    return "".join(chars), origin


@dataclass(frozen=True, slots=True)
class Cell:
    """One template cell: the metric (row) and column it belongs to, and its unit."""

    metric: str
    metric_label: str
    column: str
    column_label: str
    unit: str


@dataclass(frozen=True, slots=True)
class Row:
    """A row as it is printed: its label pattern and the cells that follow it in order."""

    key: str
    label: str
    pattern: str | None  # None: the row has no label of its own (table 四's 15 figures)
    cells: tuple[Cell, ...]
    sums: tuple[tuple[tuple[int, ...], int], ...] = ()  # (addends, total) by cell index


@dataclass(frozen=True, slots=True)
class Table:
    name: str  # "二", "三", "四"
    section: str  # the template section that holds it
    rows: tuple[Row, ...]


APPLICANT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("natural_person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("social_welfare", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other", "其他"),
    ("total", "总计"),
)
_APPLICANT_SUM = (((0, 1, 2, 3, 4, 5), 6),)


def _request_row(key: str, label: str, pattern: str) -> Row:
    cells = tuple(
        Cell(key, label, column, column_label, "件") for column, column_label in APPLICANT_COLUMNS
    )
    return Row(key=key, label=label, pattern=pattern, cells=cells, sums=_APPLICANT_SUM)


def _numbered(number: str, words: str, lookahead: str = "") -> str:
    """A sub-item label: its number ("1." "1、" "1") is optional; the words are not."""
    return rf"(?:{number}[.、]?)?{words}{lookahead}"


TABLE_3_ROWS: tuple[Row, ...] = (
    _request_row(
        "requests.new",
        "一、本年新收政府信息公开申请数量",
        r"(?:一[、.]?)?本年新收(?:政府信息公开)?申请(?:数量|数)?",
    ),
    _request_row(
        "requests.carried_in",
        "二、上年结转政府信息公开申请数量",
        r"(?:二[、.]?)?上年(?:度)?结转(?:政府信息公开)?申请(?:数量|数)?",
    ),
    _request_row("outcome.disclosed", "（一）予以公开", r"(?:\(一\))?予以公开"),
    _request_row(
        "outcome.partly",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        r"(?:\(二\))?部分公开(?:\([^)]{0,30}\))?",
    ),
    _request_row(
        "outcome.withheld.state_secret",
        "（三）不予公开 1.属于国家秘密",
        _numbered("1", "属于国家秘密"),
    ),
    _request_row(
        "outcome.withheld.prohibited",
        "（三）不予公开 2.其他法律行政法规禁止公开",
        _numbered("2", "其他法律行政法规禁止公开"),
    ),
    _request_row(
        "outcome.withheld.security",
        "（三）不予公开 3.危及“三安全一稳定”",
        _numbered("3", "危及三安全一稳定"),
    ),
    _request_row(
        "outcome.withheld.third_party",
        "（三）不予公开 4.保护第三方合法权益",
        _numbered("4", "保护第三方合法权益"),
    ),
    _request_row(
        "outcome.withheld.internal",
        "（三）不予公开 5.属于三类内部事务信息",
        _numbered("5", "属于三类内部事务信息"),
    ),
    _request_row(
        "outcome.withheld.process",
        "（三）不予公开 6.属于四类过程性信息",
        _numbered("6", "属于四类过程性信息"),
    ),
    _request_row(
        "outcome.withheld.enforcement",
        "（三）不予公开 7.属于行政执法案卷",
        _numbered("7", "属于行政执法案卷"),
    ),
    _request_row(
        "outcome.withheld.inquiry",
        "（三）不予公开 8.属于行政查询事项",
        _numbered("8", "属于行政查询事项"),
    ),
    _request_row(
        "outcome.unavailable.not_held",
        "（四）无法提供 1.本机关不掌握相关政府信息",
        _numbered("1", "本机关不掌握相关政府信息"),
    ),
    _request_row(
        "outcome.unavailable.needs_creation",
        "（四）无法提供 2.没有现成信息需要另行制作",
        _numbered("2", "没有现成信息需要另行制作"),
    ),
    _request_row(
        "outcome.unavailable.unclear",
        "（四）无法提供 3.补正后申请内容仍不明确",
        _numbered("3", "补正后申请内容仍不明确"),
    ),
    _request_row(
        "outcome.not_processed.petition",
        "（五）不予处理 1.信访举报投诉类申请",
        _numbered("1", "信访举报投诉类申请"),
    ),
    _request_row(
        "outcome.not_processed.repeated", "（五）不予处理 2.重复申请", _numbered("2", "重复申请")
    ),
    _request_row(
        "outcome.not_processed.publication",
        "（五）不予处理 3.要求提供公开出版物",
        _numbered("3", "要求提供公开出版物"),
    ),
    _request_row(
        "outcome.not_processed.excessive",
        "（五）不予处理 4.无正当理由大量反复申请",
        _numbered("4", "无正当理由大量反复申请"),
    ),
    _request_row(
        "outcome.not_processed.confirmation",
        "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
        _numbered("5", "要求行政机关确认或重新出具已获取信息"),
    ),
    _request_row(
        "outcome.other.no_correction",
        "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        _numbered("1", "申请人无正当理由逾期不补正[^0-9]{0,30}?公开申请"),
    ),
    _request_row(
        "outcome.other.unpaid",
        "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        _numbered("2", "申请人逾期未按收费通知要求缴纳费用[^0-9]{0,30}?公开申请"),
    ),
    _request_row("outcome.other.other", "（六）其他处理 3.其他", r"3[.、]?其他(?!处理|法律|结果)"),
    _request_row("outcome.total", "（七）总计", r"(?:\(七\)|七[、.])?总计"),
    _request_row(
        "requests.carried_over",
        "四、结转下年度继续办理",
        r"(?:四[、.]?)?结转下(?:一)?年度(?:继续办理)?",
    ),
)

# Rows whose cells add up to （七）总计, by key (every numbered item of （一）…（六）).
OUTCOME_ITEMS: tuple[str, ...] = tuple(
    row.key for row in TABLE_3_ROWS if row.key.startswith("outcome.") and row.key != "outcome.total"
)

LITIGATION_GROUPS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("litigation.direct", "行政诉讼·未经复议直接起诉"),
    ("litigation.after_review", "行政诉讼·复议后起诉"),
)
LITIGATION_OUTCOMES: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)

TABLE_4_ROWS: tuple[Row, ...] = (
    Row(
        key="litigation",
        label="行政复议、行政诉讼",
        pattern=None,
        cells=tuple(
            Cell(group, group_label, outcome, outcome_label, "件")
            for group, group_label in LITIGATION_GROUPS
            for outcome, outcome_label in LITIGATION_OUTCOMES
        ),
        sums=(((0, 1, 2, 3), 4), ((5, 6, 7, 8), 9), ((10, 11, 12, 13), 14)),
    ),
)

_DOC_COLUMNS = (
    ("issued", "本年制发件数"),
    ("repealed", "本年废止件数"),
    ("in_force", "现行有效件数"),
)


def _disclosure_row(
    key: str, label: str, pattern: str, columns: tuple[tuple[str, str], ...], unit: str = "件"
) -> Row:
    cells = tuple(Cell(key, label, column, column_label, unit) for column, column_label in columns)
    return Row(key=key, label=label, pattern=pattern, cells=cells)


TABLE_2_ROWS: tuple[Row, ...] = (
    _disclosure_row("disclosure.rules", "规章", r"规章(?!制度)", _DOC_COLUMNS),
    _disclosure_row(
        "disclosure.normative_documents", "行政规范性文件", r"(?:行政)?规范性文件", _DOC_COLUMNS
    ),
    _disclosure_row(
        "disclosure.licensing", "行政许可", r"行政许可", (("decisions", "本年处理决定数量"),)
    ),
    _disclosure_row(
        "disclosure.penalty", "行政处罚", r"行政处罚", (("decisions", "本年处理决定数量"),)
    ),
    _disclosure_row(
        "disclosure.coercion", "行政强制", r"行政强制", (("decisions", "本年处理决定数量"),)
    ),
    _disclosure_row(
        "disclosure.fees",
        "行政事业性收费",
        r"行政事业性收费",
        (("amount", "本年收费金额（单位：万元）"),),
        unit="万元",
    ),
)

TABLES: tuple[Table, ...] = (
    Table(name="二", section="2", rows=TABLE_2_ROWS),
    Table(name="三", section="3", rows=TABLE_3_ROWS),
    Table(name="四", section="4", rows=TABLE_4_ROWS),
)

# The 2019 trial format (国办公开办函〔2019〕60号), used for the reports on 2019 and 2020.
# Its table 二 counts items and projects rather than documents and decisions, so its cells
# get their own metric keys ("disclosure2019.…"): a 2019 "本年新制作数量" is not a 2021
# "本年制发件数". Table 三 prints （六）其他处理 as one row, without the 2021 sub-items.
TRIAL_YEARS = (2019, 2020)

_MADE_2019 = (
    ("made", "本年新制作数量", "件"),
    ("published", "本年新公开数量", "件"),
    ("public_total", "对外公开总数量", "件"),
)
_ITEMS_2019 = (
    ("items_last_year", "上一年项目数量", "项"),
    ("items_change", "本年增/减", "项"),
)
_DECIDED_2019 = (*_ITEMS_2019, ("decisions", "处理决定数量", "件"))


def _row_2019(key: str, label: str, pattern: str, columns: tuple[tuple[str, str, str], ...]) -> Row:
    metric = f"disclosure2019.{key}"
    cells = tuple(Cell(metric, label, column, text, unit) for column, text, unit in columns)
    return Row(key=metric, label=label, pattern=pattern, cells=cells)


TABLE_2_2019_ROWS: tuple[Row, ...] = (
    _row_2019("rules", "规章", r"规章(?!制度)", _MADE_2019),
    _row_2019("normative_documents", "规范性文件", r"(?:行政)?规范性文件", _MADE_2019),
    _row_2019("licensing", "行政许可", r"行政许可", _DECIDED_2019),
    _row_2019("other_services", "其他对外管理服务事项", r"其他对外管理服务事项", _DECIDED_2019),
    _row_2019("penalty", "行政处罚", r"行政处罚", _DECIDED_2019),
    _row_2019("coercion", "行政强制", r"行政强制", _DECIDED_2019),
    _row_2019("fees", "行政事业性收费", r"行政事业性收费", _ITEMS_2019),
    _row_2019(
        "procurement",
        "政府集中采购",
        r"政府集中采购",
        (("projects", "采购项目数量", "项"), ("total_amount", "采购总金额", "万元")),
    ),
)
# Words each format's table 二 prints and the other's does not (headers, rows).
_MARKS: dict[str, re.Pattern[str]] = {
    "2019": re.compile(
        r"本年新制作|本年新公开|对外公开总数量|上一年项目数量|本年增/?减|其他对外管理服务事项"
        r"|政府集中采购|采购总金额"
    ),
    "2021": re.compile(r"本年制发|本年废止|现行有效|本年处理决定|本年收费金额"),
}


def _trial_table_3() -> tuple[Row, ...]:
    """Table 三 of the trial format: （六）其他处理 is one row where 2021 has three."""
    rows = [row for row in TABLE_3_ROWS if not row.key.startswith("outcome.other.")]
    total = next(i for i, row in enumerate(rows) if row.key == "outcome.total")
    other = _request_row("outcome.other", "（六）其他处理", r"(?:\(六\)|六[、.])?其他处理")
    return (*rows[:total], other, *rows[total:])


TABLE_3_2019_ROWS: tuple[Row, ...] = _trial_table_3()
OUTCOME_ITEMS_2019: tuple[str, ...] = tuple(
    row.key
    for row in TABLE_3_2019_ROWS
    if row.key.startswith("outcome.") and row.key != "outcome.total"
)

TABLES_2019: tuple[Table, ...] = (
    Table(name="二", section="2", rows=TABLE_2_2019_ROWS),
    Table(name="三", section="3", rows=TABLE_3_2019_ROWS),
    Table(name="四", section="4", rows=TABLE_4_ROWS),
)


def tables(template: str = "2021") -> tuple[Table, ...]:
    """The tables of ``template``: "2021" (the national format) or "2019" (the trial one)."""
    if template == "2019":
        return TABLES_2019
    if template == "2021":
        return TABLES
    raise KeyError(template)


def table(name: str, template: str = "2021") -> Table:
    """The template table called ``name`` ("二", "三" or "四")."""
    for candidate in tables(template):
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def outcome_items(template: str = "2021") -> tuple[str, ...]:
    """The keys of table 三's numbered outcome items, which add up to （七）总计."""
    return OUTCOME_ITEMS_2019 if template == "2019" else OUTCOME_ITEMS


def template_of(table_2_text: str, year: int | None) -> str:
    """Which format a report follows: the one more of whose own words its table 二 prints
    (a stray 政府采购 in prose does not outweigh a table's headers); on a tie its year
    decides (the trial format was for the reports on 2019 and 2020)."""
    squeezed = compact(table_2_text)[0]
    found = {name: len(set(marks.findall(squeezed))) for name, marks in _MARKS.items()}
    if found["2019"] != found["2021"]:
        return max(found, key=lambda name: found[name])
    return "2019" if year in TRIAL_YEARS else "2021"


def vocabulary() -> frozenset[str]:
    """The template's own words: section titles, row labels (group and item apart) and
    column labels of both formats."""
    words = set(SECTION_TITLES.values())
    for each in (*TABLES, *TABLES_2019):
        for row in each.rows:
            words.update(row.label.split(" "))
            words.update(cell.column_label for cell in row.cells)
    return frozenset(words)
