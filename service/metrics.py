"""What a question asks about: the template's metrics and applicant columns, in the words
people use for them (Chinese, colloquial, English).

A ``Metric`` is a template row or a stated prose figure, or a group the template does not
total (不予公开 is the sum of its eight reasons). ``find_metrics`` returns the metrics a
question names, longest wording first, non-overlapping, so "复议后起诉" is one metric, not
复议 plus 起诉. A wording that can mean two rows (结转) names the likelier one and keeps
the other as an alternative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

APPLICANTS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other",
)
ORGANISATIONS = ("commercial", "research", "social_welfare", "legal_service", "other")
TABLE_3_COLUMNS = (*APPLICANTS, "total")
TABLE_4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")

COLUMN_LABELS = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social_welfare": "社会公益组织",
    "legal_service": "法律服务机构",
    "other": "其他",
    "total": "总计",
    "organisations": "法人或其他组织",
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "pending": "尚未审结",
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "本年处理决定数量",
    "amount": "本年收费金额",
    # The 2019 trial format's table 二 (国办公开办函〔2019〕60号)
    "made": "本年新制作数量",
    "published": "本年新公开数量",
    "public_total": "对外公开总数量",
    "items_last_year": "上一年项目数量",
    "items_change": "本年增/减",
    "projects": "采购项目数量",
    "total_amount": "采购总金额",
    "": "",
}


@dataclass(frozen=True, slots=True)
class Metric:
    key: str  # a stored metric key, or a group's own key ("outcome.withheld")
    label: str  # its plain Chinese name
    columns: tuple[str, ...] = ()  # the columns it has; () for a prose figure
    default_column: str = ""
    parts: tuple[str, ...] = ()  # a group: the stored metrics it sums
    alternative: str | None = None  # the other row the same wording may mean

    @property
    def group(self) -> bool:
        return bool(self.parts)


def _t3(key: str, label: str, parts: tuple[str, ...] = (), alternative: str | None = None):
    return Metric(key, label, TABLE_3_COLUMNS, "total", parts, alternative)


def _t4(key: str, label: str, parts: tuple[str, ...] = ()):
    return Metric(key, label, TABLE_4_COLUMNS, "total", parts)


_WITHHELD = tuple(
    f"outcome.withheld.{k}"
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
_UNAVAILABLE = tuple(f"outcome.unavailable.{k}" for k in ("not_held", "needs_creation", "unclear"))
_NOT_PROCESSED = tuple(
    f"outcome.not_processed.{k}"
    for k in ("petition", "repeated", "publication", "excessive", "confirmation")
)
_OTHER = tuple(f"outcome.other.{k}" for k in ("no_correction", "unpaid", "other"))

_MADE_2019 = ("made", "published", "public_total")
_DECIDED_2019 = ("items_last_year", "items_change", "decisions")


def _t2_2019(key: str, label: str, columns: tuple[str, ...], default: str) -> Metric:
    """A row of the 2019 trial format's table 二: its columns differ from the 2021 row's."""
    return Metric(f"disclosure2019.{key}", label, columns, default)


# The trial format's rows by the 2021 row they share a name with: a question about 规章 in
# a report on 2019 or 2020 is about the trial format's row.
TRIAL_ROWS: dict[str, str] = {
    f"disclosure.{key}": f"disclosure2019.{key}"
    for key in ("rules", "normative_documents", "licensing", "penalty", "coercion", "fees")
}

METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        _t3("requests.new", "本年新收政府信息公开申请数量"),
        _t3("requests.carried_in", "上年结转政府信息公开申请数量"),
        _t3("requests.carried_over", "结转下年度继续办理", alternative="requests.carried_in"),
        _t3("outcome.disclosed", "予以公开"),
        _t3("outcome.partly", "部分公开"),
        _t3("outcome.withheld", "不予公开（八种情形合计）", _WITHHELD),
        _t3("outcome.withheld.state_secret", "不予公开·属于国家秘密"),
        _t3("outcome.withheld.prohibited", "不予公开·其他法律行政法规禁止公开"),
        _t3("outcome.withheld.security", "不予公开·危及“三安全一稳定”"),
        _t3("outcome.withheld.third_party", "不予公开·保护第三方合法权益"),
        _t3("outcome.withheld.internal", "不予公开·属于三类内部事务信息"),
        _t3("outcome.withheld.process", "不予公开·属于四类过程性信息"),
        _t3("outcome.withheld.enforcement", "不予公开·属于行政执法案卷"),
        _t3("outcome.withheld.inquiry", "不予公开·属于行政查询事项"),
        _t3("outcome.unavailable", "无法提供（三种情形合计）", _UNAVAILABLE),
        _t3("outcome.unavailable.not_held", "无法提供·本机关不掌握相关政府信息"),
        _t3("outcome.unavailable.needs_creation", "无法提供·没有现成信息需要另行制作"),
        _t3("outcome.unavailable.unclear", "无法提供·补正后申请内容仍不明确"),
        _t3("outcome.not_processed", "不予处理（五种情形合计）", _NOT_PROCESSED),
        _t3("outcome.not_processed.petition", "不予处理·信访举报投诉类申请"),
        _t3("outcome.not_processed.repeated", "不予处理·重复申请"),
        _t3("outcome.not_processed.publication", "不予处理·要求提供公开出版物"),
        _t3("outcome.not_processed.excessive", "不予处理·无正当理由大量反复申请"),
        _t3("outcome.not_processed.confirmation", "不予处理·要求行政机关确认或重新出具已获取信息"),
        _t3("outcome.other", "其他处理（三种情形合计）", _OTHER),
        _t3("outcome.other.no_correction", "其他处理·申请人逾期不补正"),
        _t3("outcome.other.unpaid", "其他处理·申请人逾期未缴纳费用"),
        _t3("outcome.total", "本年度办理结果总计"),
        Metric("disclosure.rules", "规章", ("issued", "repealed", "in_force"), "issued"),
        Metric(
            "disclosure.normative_documents",
            "行政规范性文件",
            ("issued", "repealed", "in_force"),
            "issued",
        ),
        Metric("disclosure.licensing", "行政许可", ("decisions",), "decisions"),
        Metric("disclosure.penalty", "行政处罚", ("decisions",), "decisions"),
        Metric("disclosure.coercion", "行政强制", ("decisions",), "decisions"),
        Metric("disclosure.fees", "行政事业性收费", ("amount",), "amount"),
        _t2_2019("rules", "规章", _MADE_2019, "made"),
        _t2_2019("normative_documents", "规范性文件", _MADE_2019, "made"),
        _t2_2019("licensing", "行政许可", _DECIDED_2019, "decisions"),
        _t2_2019("other_services", "其他对外管理服务事项", _DECIDED_2019, "decisions"),
        _t2_2019("penalty", "行政处罚", _DECIDED_2019, "decisions"),
        _t2_2019("coercion", "行政强制", _DECIDED_2019, "decisions"),
        _t2_2019("fees", "行政事业性收费", ("items_last_year", "items_change"), "items_last_year"),
        _t2_2019("procurement", "政府集中采购", ("projects", "total_amount"), "total_amount"),
        _t4("review", "行政复议"),
        _t4("litigation", "行政诉讼（两类合计）", ("litigation.direct", "litigation.after_review")),
        _t4("litigation.direct", "行政诉讼·未经复议直接起诉"),
        _t4("litigation.after_review", "行政诉讼·复议后起诉"),
        Metric("fees.processing", "信息处理费"),
        Metric("proposals.npc", "人大代表建议"),
        Metric("proposals.cppcc", "政协提案"),
        Metric("proposals.total", "人大代表建议和政协提案"),
        Metric("satisfaction", "满意率"),
    )
}

WEAK = "weak"  # a wording that names the metric only when no other metric is named

# Wordings, most specific first within a metric; overlaps are settled by length.
_WORDS: tuple[tuple[str, ...], ...] = (
    ("requests.carried_over", r"结转(?:到|至)?下一?年度?|转(?:到|入|至)下一?年|下一?年度?继续办理"),
    ("requests.carried_over", r"没办完|没有办完|未办结|没办结|还没办|尚未办结|没有办结|未办完"),
    (
        "requests.carried_over",
        r"carr(?:ied|y|ies) (?:\w+ )?(?:over|forward) (?:in)?to (?:the )?next",
    ),
    ("requests.carried_over", r"(?:un(?:finished|resolved)|still pending|outstanding) requests?"),
    ("requests.carried_over", r"carr(?:ied|y) over|carryover"),
    ("requests.carried_in", r"上一?年度?结转|去年(?:结转|转过来|转来|遗留)|往年结转|以前年度结转"),
    ("requests.carried_in", r"从上一?年(?:度)?转|上年度?遗留"),
    (
        "requests.carried_in",
        r"(?:carried|brought) (?:over |forward )?from (?:the )?(?:previous|last|prior) year",
    ),
    ("requests.new", r"本年新收|新收|新增(?:的)?申请|提出(?:了)?(?:多少|几)"),
    ("requests.new", r"收到|受理|接到|接收", WEAK),
    ("requests.new", r"(?:多|少)收了?|收了(?:多少|几)件?(?:申请)?", WEAK),
    (
        "requests.new",
        r"(?:new|received|incoming) (?:\w+ )?requests?|requests? (?:were |was )?received"
        r"|\breceiv\w*",
    ),
    (
        "outcome.disclosed",
        r"予以公开|全部公开|同意公开|准予公开|(?<!主动)公开了(?:多少|几)|(?<![不没])给(?:予)?公开",
    ),
    ("outcome.disclosed", r"(?:fully )?(?:disclosed|granted)|disclos\w* (?:\w+ )?in full"),
    ("outcome.partly", r"部分公开|partly disclosed|partial(?:ly)? disclos\w*"),
    (
        "outcome.withheld",
        r"不予公开|不公开|不给公开|没给公开|不让公开|拒绝公开|驳回|拒绝|被拒|"
        r"refused|withh(?:e|o)ld\w*|denied|rejected",
    ),
    ("outcome.withheld.state_secret", r"国家秘密|涉密|state secrets?"),
    ("outcome.withheld.prohibited", r"法律行政法规禁止|禁止公开"),
    ("outcome.withheld.security", r"三安全一稳定|危及(?:国家)?安全|社会稳定"),
    ("outcome.withheld.third_party", r"第三方|third[- ]part(?:y|ies)"),
    ("outcome.withheld.internal", r"内部事务"),
    ("outcome.withheld.process", r"过程性"),
    ("outcome.withheld.enforcement", r"行政执法案卷|执法案卷"),
    ("outcome.withheld.inquiry", r"行政查询|查询事项|inquir(?:y|ies)"),
    ("outcome.unavailable", r"无法提供|提供不了|cannot be provided|unable to provide"),
    (
        "outcome.unavailable.not_held",
        r"不掌握|没有(?:相关|这个|这些|该)?(?:政府)?信息|不持有|not held|does not hold",
    ),
    ("outcome.unavailable.needs_creation", r"另行制作|没有现成"),
    ("outcome.unavailable.unclear", r"仍不明确|内容不明确|不明确"),
    ("outcome.not_processed", r"不予处理|不处理|not processed"),
    ("outcome.not_processed.petition", r"信访|举报|投诉|petitions?"),
    ("outcome.not_processed.repeated", r"重复申请|重复提|repeated"),
    ("outcome.not_processed.publication", r"公开出版物|出版物"),
    ("outcome.not_processed.excessive", r"大量反复|反复申请"),
    ("outcome.not_processed.confirmation", r"确认或重新出具|重新出具"),
    ("outcome.other", r"其他处理"),
    ("outcome.other.no_correction", r"不补正|逾期(?:未|不)补正"),
    ("outcome.other.unpaid", r"缴纳费用|未缴费|不缴费|收费通知"),
    (
        "outcome.total",
        r"办理结果|办理了(?:多少|几)件申请",
    ),
    ("outcome.total", r"办结(?:了)?(?:多少|几)|处理了(?:多少|几)|答复了(?:多少|几)", WEAK),
    ("outcome.total", r"(?:requests?|applications?) (?:were |was )?(?:handled|processed|answered)"),
    ("disclosure.rules", r"规章|rules?\b"),
    ("disclosure.normative_documents", r"(?:行政)?规范性文件|normative documents?"),
    ("disclosure.licensing", r"行政许可|许可|审批|licen[cs]\w*|permits?"),
    ("disclosure.penalty", r"行政处罚|处罚|罚款|罚单|penalt\w*|fines?\b"),
    ("disclosure.coercion", r"行政强制|强制措施|强制执行|coerci\w*|enforcement measures?"),
    ("disclosure.fees", r"行政事业性收费|收费金额"),
    ("disclosure.fees", r"收了多少(?:钱|费)", WEAK),
    ("disclosure.fees", r"收费", WEAK),
    ("fees.processing", r"信息处理费|处理费|processing fees?|fees? charged"),
    (
        "disclosure2019.procurement",
        r"政府集中采购|集中采购|政府采购|采购项目|采购(?:总)?金额|(?:government )?procurement",
    ),
    ("disclosure2019.other_services", r"其他对外管理服务事项|对外管理服务事项"),
    ("review", r"行政复议|复议|申请复议|reconsideration|administrative review"),
    (
        "litigation",
        r"行政诉讼|诉讼|起诉|被告|被起诉|告(?:上法庭|到法院)|打官司|lawsuits?|litigation|sued",
    ),
    ("litigation.direct", r"未经复议(?:直接)?起诉|直接起诉|直接告"),
    ("litigation.after_review", r"复议后.{0,4}(?:起诉|被告|告)|经复议(?:后)?起诉"),
    (
        "proposals.npc",
        r"人大(?:代表)?(?:建议|议案)|人大代表|NPC (?:deputies'? )?(?:suggestions?|proposals?)",
    ),
    ("proposals.cppcc", r"政协(?:委员)?提案|政协|CPPCC (?:proposals?)?"),
    ("proposals.total", r"提案议案|议案提案|建议提案|建议和提案|建议、提案|两代表一委员"),
    ("proposals.total", r"人大[、和与及]?政协(?:提案)?(?:议案)?"),
    ("satisfaction", r"满意率|满意度|satisf\w*"),
    ("satisfaction", r"满意", WEAK),
)
_PATTERNS = tuple(
    (entry[0], re.compile(entry[1], re.I), len(entry) > 2 and entry[2] == WEAK) for entry in _WORDS
)
# A bare 结转 or "carried over": the row to next year, with last year's as the alternative.
_BARE_CARRY = re.compile(r"结转|carr(?:ied|y) over", re.I)
_CARRY_WAY = re.compile(r"下一?年|下年度|继续办理|上一?年|去年|next|previous|last year|from", re.I)

_COLUMN_WORDS: tuple[tuple[str, str], ...] = (
    (
        "natural_person",
        r"自然人|个人|老百姓|群众|公民|市民|个体|individuals?|natural persons?|citizens?",
    ),
    ("commercial", r"商业企业|企业|公司|商户|business(?:es)?|compan(?:y|ies)|enterprises?"),
    ("research", r"科研机构|科研|研究机构|research"),
    ("social_welfare", r"社会公益组织|公益组织|公益|NGOs?|non-?profits?|charit\w*"),
    ("legal_service", r"法律服务机构|律师事务所|律所|律师|law firms?|lawyers?|legal service\w*"),
    ("other", r"其他(?:类)?申请人|其他主体|other applicants?"),
    ("organisations", r"法人或其他组织|法人|单位申请|organi[sz]ations?|legal persons?"),
    ("upheld", r"结果维持|维持|upheld|sustained"),
    ("corrected", r"结果纠正|纠正|被纠错|corrected|overturned"),
    ("pending", r"尚未审结|未审结|还在审|没审完|审理中|pending"),
    ("other", r"其他结果|other outcomes?"),
    ("issued", r"制发|新出台|出台|新制定|印发|issued"),
    ("repealed", r"废止|取消|repealed"),
    ("in_force", r"现行有效|有效的|in force|valid"),
    ("made", r"新制作"),
    ("published", r"新公开"),
    ("public_total", r"对外公开总数量?|公开总数量?"),
    ("items_last_year", r"上一?年(?:的)?项目数量?"),
    ("items_change", r"本年增/?减|增/减|增减"),
    ("projects", r"采购项目数量?|项目数量?|多少(?:个|项)项目"),
    ("total_amount", r"采购总金额|总金额|采购金额|花了多少钱|total (?:amount|value)"),
    ("total", r"总计|合计|总数|total"),
)
_COLUMN_PATTERNS = tuple((key, re.compile(words, re.I)) for key, words in _COLUMN_WORDS)
# Columns only the trial format's table 二 has.
_TRIAL_COLUMNS = re.compile(
    "|".join(
        words
        for key, words in _COLUMN_WORDS
        if key in ("made", "published", "public_total", "items_last_year", "items_change")
    )
)


@dataclass(frozen=True, slots=True)
class Mention:
    key: str
    start: int
    end: int
    weak: bool = False


def find_metrics(question: str) -> list[Mention]:
    """The metrics ``question`` names, in order, longest wording winning an overlap."""
    hits = [
        Mention(key, m.start(), m.end(), weak)
        for key, pattern, weak in _PATTERNS
        for m in pattern.finditer(question)
    ]
    hits.sort(key=lambda h: (h.weak, -(h.end - h.start), h.start))
    chosen: list[Mention] = []
    for hit in hits:
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    if any(not c.weak for c in chosen):
        chosen = [c for c in chosen if not c.weak]
    chosen.sort(key=lambda h: h.start)
    # A reason names its group's row: "不予公开的国家秘密" is one metric, the reason.
    keys = {c.key for c in chosen}
    chosen = [c for c in chosen if not any(k != c.key and k.startswith(c.key + ".") for k in keys)]
    # 复议 inside a litigation wording ("复议后起诉") was taken by the longer match already.
    if _TRIAL_COLUMNS.search(question):  # 规章 with 新制作 is the trial format's row
        chosen = [replace(c, key=TRIAL_ROWS.get(c.key, c.key)) for c in chosen]
    return list({c.key: c for c in chosen}.values())


_APPLICATIONS = re.compile(r"申请|requests?|applications?", re.I)


def about_applications(question: str) -> bool:
    return bool(_APPLICATIONS.search(question))


# Words a question about "how many applications" may carry besides the applicant type.
_PLAIN_REQUEST_WORDS = re.compile(
    r"(?<!依)申请(?:人|书)?|新?(?:提交|提出|递交)|收到|政府信息公开|政府信息|信息公开|公开|件数?|份|"
    r"这类|这种|类|其他|组织|"
    r"[\u4e00-\u9fff]{0,3}(?:企业|公司|个人|自然人|老百姓|群众|市民|法人|组织|单位|机构|律所|律师)|"
    r"requests?|applications?|how|many|did|were|was|submitt?\w*|filed|made|received|by|the",
    re.I,
)


def default_metric(question: str, words: list[str]) -> str | None:
    """A count of applications with no other metric named (企业申请了多少件): the year's
    new requests, unless the question's other ``words`` say it is about something else
    (依申请公开平均多少个工作日答复)."""
    if not _APPLICATIONS.search(question) or not re.search(
        r"(?<!依)申请|request|applica", question, re.I
    ):
        return None
    said = [question[c.start : c.end] for c in find_columns(question)]
    rest = [
        w
        for w in words
        if not _PLAIN_REQUEST_WORDS.fullmatch(w) and not any(w in c or c in w for c in said)
    ]
    return None if rest else "requests.new"


def bare_carry(question: str) -> bool:
    """The question says 结转 without saying which way."""
    return bool(_BARE_CARRY.search(question)) and not _CARRY_WAY.search(question)


def find_columns(question: str) -> list[Mention]:
    hits = [
        Mention(key, m.start(), m.end())
        for key, pattern in _COLUMN_PATTERNS
        for m in pattern.finditer(question)
    ]
    hits.sort(key=lambda h: (-(h.end - h.start), h.start))
    chosen: list[Mention] = []
    for hit in hits:
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def column_for(metric: Metric, mentions: list[Mention], metric_spans: list[Mention]) -> str:
    """The column of ``metric`` the question names, else its default. Words inside a
    metric's own wording (其他 in 其他处理, 维持 nowhere else) are not columns."""
    for mention in mentions:
        inside = any(m.start <= mention.start and mention.end <= m.end for m in metric_spans)
        if inside:
            continue
        if mention.key in metric.columns:
            return mention.key
        if mention.key == "organisations" and metric.columns == TABLE_3_COLUMNS:
            return "organisations"
    return metric.default_column
