"""The answering engine: a question in, the figure from the report and its source out.

``Answerer.ask`` is the one public entry point (the CLI, the API and the benchmark call
it). It reads the question for an agency (``agencies``), a year (``years``) and a metric
(``metrics``), looks the figure up among the stored facts, and answers with the value, what
was counted, the report and the passage it came from. It never gives a number it did not
read: a figure the report lacks is found=false, with the nearest related facts beside it.
Derived answers (a sum, a change between years, a series, the balance checks) are built
from stored figures only. The conversation state travels in ``context``: the caller sends
back what it received, so the engine keeps nothing between calls.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import sqlite_utils

from service import metrics as lexicon
from service.agencies import AgencyMatch, AgencyResolver, expand
from service.metrics import COLUMN_LABELS, METRICS, Metric
from service.years import YearWords, read_years

MAX_QUESTION_CHARS = 500
PROSE_KEY = "prose"  # a figure stated in prose that the lexicon does not name
PROSE_GATE = 0.34  # share of the question's content pairs a prose figure's clause must hold

_FIGURE = re.compile(
    r"多少|几(?:件|个|篇|条|次|场|项|家|人|万|元|起)?|数量|数目|总数|合计|一共|总共|共计|金额|"
    r"how (?:many|much)|number of|what (?:was|is) the (?:total|number|amount)|\bcount\b|"
    r"\brate\b|\bby how much\b",
    re.I,
)
_CHECK = re.compile(
    r"对得上|对不上|能对上|对上吗|平衡|勾稽|是不是等于|是否等于|等不等于|加起来(?:对|一致|相等)|数据(?:是否|有没有)?(?:一致|准确|正确|有误|有问题)|"
    r"核对|校验|add up|balance|consistent",
    re.I,
)
_COMPARE = re.compile(
    r"比(?!例)|相比|同比|较上年|较去年|增加了|减少了|增长了|下降了|变化|"
    r"compared|than (?:the )?(?:previous|last|prior)|change from",
    re.I,
)
# A body named in the question: a place, then an organ (西湖区民政局, 海淀区教育委员会).
_AGENCY_LIKE = re.compile(
    r"[\u4e00-\u9fff]{1,6}(?:省|市|区|县)[\u4e00-\u9fff]{0,12}?"
    r"(?:局|委员会|办公室|政府办|人民政府|大队|支队|管委会)"
)
_EQUALS = re.compile(r"是不是等于|是否等于|等不等于|相等吗|等于.*吗|平衡吗|对得上|对上|对不上")
_SUM_ALL = re.compile(r"一共|总共|合计|累计|加起来|共计|in total|altogether|combined", re.I)
_AND = re.compile(r"和|与|及|以及|加上|加|、|跟|同|\band\b|\bplus\b|&", re.I)
_FOLLOW_UP = re.compile(r"呢|那|还有|又是|分别|what about|and (?:in|for)|how about", re.I)
# Sections a passage question points to, by its words.
_SECTION_HINTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(words, re.I), key)
    for words, key in (
        (r"问题|不足|改进|整改|短板|差距|problems?|shortcomings?|improve", "5"),
        (r"平台建设|平台|网站|platform|website", "1.4"),
        (r"监督保障|监督|考核|问责|培训|supervision", "1.5"),
        (r"信息管理|保密审查|管理情况", "1.3"),
        (
            r"怎么申请|如何申请|怎样申请|申请渠道|申请方式|依申请|"
            r"how (?:do|can) (?:i|we) (?:apply|request)",
            "1.2",
        ),
        (r"主动公开", "1.1"),
        (r"创新|特色|亮点|其他需要报告|innovat", "6"),
        (r"联系方式|联系电话|电话|地址|邮箱|怎么联系|咨询|疑问|问询|contact|phone|address", "0"),
    )
)
_STOP_CHARS = set(
    "的了是吗呢吧啊呀有在和与及把被对从到向给让请问个件条篇次场项共多少几么什怎样哪些这那年度"
)
_QUESTION_WORDS = re.compile(
    r"请问|多少|几|一共|总共|共计|合计|累计|全年|是多少|有多少|有几|怎么样|如何|什么|哪些|"
    r"情况|数量|总数|政府信息公开|信息公开|工作|报告|年度|分别|各是|每年|各|"
    r"增加|减少|增长|下降|变化|还是|相差|差|多了|少了|"
    r"[条篇次件场项个人]数"
)


class AnswerError(ValueError):
    """A question that cannot be asked as given (empty, over-long)."""


@dataclass(slots=True, kw_only=True)
class Answer:
    """What the engine says: the same object in ``reportqa ask --json`` and the API."""

    found: bool
    answer: str  # a Chinese sentence ready to show
    kind: str  # figure, sum, difference, series, check, passage, none, clarify
    value: int | float | None = None
    unit: str = ""
    approximate: bool = False
    metric: dict[str, str] | None = None  # key, label
    column: dict[str, str] | None = None  # key, label
    report: dict[str, Any] | None = None  # id, agency, year, title
    source: dict[str, Any] | None = None  # section, text, start, end, page
    parts: list[dict[str, Any]] = field(default_factory=list)  # a derived answer's figures
    passages: list[dict[str, Any]] = field(default_factory=list)
    alternatives: list[dict[str, Any]] = field(default_factory=list)
    related: list[dict[str, Any]] = field(default_factory=list)  # when not found
    check: dict[str, Any] | None = None
    clarify: dict[str, Any] | None = None  # question, choices
    context: dict[str, Any] = field(default_factory=dict)
    confidence: float = 0.0
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class _Reading:
    """What the engine understood of one question, context and scope applied."""

    text: str
    years: YearWords
    agency: str | None = None
    agency_match: AgencyMatch | None = None
    agency_words: list[str] = field(default_factory=list)  # the question's words naming it
    metrics: list[str] = field(default_factory=list)
    column: str | None = None  # said in the question
    inherited: bool = False  # the metric came from the previous turn
    weak: bool = False  # named only by a wording that often means something else
    notes: list[str] = field(default_factory=list)


class Answerer:
    """Answers questions from the stored reports. ``search`` ranks passages and fact
    descriptions for questions the lexicon does not cover (``index.search.Retriever.search``
    or anything with its signature); without it, keyword search alone is used."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        search: Callable[..., list[Any]] | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.db = db
        self.agencies = AgencyResolver(db)
        self._search = search
        self._today = today

    # -- the entry point -------------------------------------------------------------------

    def ask(
        self,
        question: str,
        *,
        agency: str | None = None,
        year: int | None = None,
        context: dict[str, Any] | None = None,
        today: date | None = None,
    ) -> Answer:
        """Answer ``question``. ``agency`` and ``year`` fix the scope (a widget on an
        agency's page); the question may override them. ``context`` is the previous
        answer's ``context``; ``today`` the date relative years count from."""
        text = expand(_checked(question))
        context = dict(context or {})
        today = today or self._today()
        reading = _Reading(text=text, years=_years(text, today, context))
        clarified = self._agency(reading, scope=agency, context=context)
        if clarified:
            return clarified
        if reading.agency:
            reading.agency_words = self.agencies.words_in(text, reading.agency)
        self._metrics(reading, context)
        if (
            not reading.metrics and context.get("topic") and _elliptical(reading, text)
        ):  # "前一年呢?" after a stated figure: the same words, another year
            reading.text = text = f"{text} {context['topic']} 多少"
            reading.inherited = True
        if reading.agency is None:
            return self._which_agency(reading)
        reports = self._reports(reading.agency)
        if not reports:  # cannot happen for a resolved agency, but say it plainly
            return _none(f"没有找到{reading.agency}的报告。", reading)
        if _CHECK.search(text) and (not reading.metrics or _EQUALS.search(text)):
            return self._check(reading, reports, year, context)
        countable = bool(reading.metrics) or bool(_FIGURE.search(text))
        if countable and _COMPARE.search(text) and len(reading.years.years) == 2:
            return self._compare(reading, reports, year, context)  # 从2022年到2023年变化
        if countable and (reading.years.series or _series_words(text)):
            return self._series(reading, reports)
        if countable and _COMPARE.search(text):
            return self._compare(reading, reports, year, context)
        report = self._report(reading, reports, year, context)
        if isinstance(report, Answer):
            return report
        if reading.metrics and reading.weak and not lexicon.about_applications(text):
            # 收到…群众建议: a verb that usually means requests, said of something else.
            stated = self._prose(reading, report)
            if stated.found:
                return stated
        if reading.metrics:
            return self._figure(reading, report)
        if _FIGURE.search(text) and not _words(reading):
            return _clarify_metric(reading, report)
        if _FIGURE.search(text):
            return self._prose(reading, report)
        return self._passage(reading, report)

    # -- understanding ---------------------------------------------------------------------

    def _agency(
        self, reading: _Reading, *, scope: str | None, context: dict[str, Any]
    ) -> Answer | None:
        """The agency: named in the question, else the previous turn's, else the scope's."""
        match = self.agencies.in_question(reading.text)
        reading.agency_match = match
        named = _AGENCY_LIKE.search(reading.text)
        if not match.agencies and named:
            answer = _none(
                f"没有收录“{named.group(0)}”的报告，无法回答。请检查机关名称。",
                reading,
            )
            answer.related = [{"agency": name} for name in self.agencies.names[:10]]
            return answer
        scoped = None
        if scope:
            scoped = self.agencies.in_scope(scope)
            if scoped.resolved and scoped.resolved != scope.strip():
                reading.notes.append(
                    f"页面指定的机关“{scope}”理解为“{scoped.resolved}”"
                    + ("（名称相近）" if scoped.how == "fuzzy" else "")
                )
        if match.agencies:
            preferred = [
                a
                for a in match.agencies
                if a in {context.get("agency"), *(scoped.agencies if scoped else ())}
            ]
            if len(match.agencies) == 1:
                reading.agency = match.agencies[0]
            elif len(preferred) == 1:
                reading.agency = preferred[0]
            else:
                return _clarify_agency(reading, list(match.agencies))
            return None
        if context.get("agency") in self.agencies.names:
            reading.agency = context["agency"]
            return None
        if scoped is not None:
            if scoped.resolved:
                reading.agency = scoped.resolved
                return None
            if scoped.agencies:
                return _clarify_agency(reading, list(scoped.agencies))
            answer = _none(
                f"页面指定的机关“{scope}”与已收录报告的机关都对不上，无法回答。"
                "请在问题中写明机关名称。",
                reading,
            )
            answer.related = [{"agency": name} for name in self.agencies.names[:10]]
            return answer
        names = self.agencies.names
        if len(names) == 1:
            reading.agency = names[0]
        return None

    def _metrics(self, reading: _Reading, context: dict[str, Any]) -> None:
        text = _without_agency(reading.text, reading)
        mentions = lexicon.find_metrics(text)
        keys = [m.key for m in mentions]
        if not keys and context.get("metrics") and _elliptical(reading, text):
            keys = list(context["metrics"])
            reading.inherited = True
        if not keys and _FIGURE.search(text) and not _CHECK.search(text):
            fallback = lexicon.default_metric(text, _words(reading))
            keys = [fallback] if fallback else []
        if "satisfaction" in keys:  # a rate: "满意率 of 建议和提案" is the rate, never a sum
            keys = ["satisfaction"]
        reading.metrics = keys
        reading.weak = bool(mentions) and all(m.weak for m in mentions)
        columns = lexicon.find_columns(text)
        spans = mentions
        for key in keys:
            metric = METRICS[key]
            chosen = lexicon.column_for(metric, columns, spans)
            if chosen != metric.default_column or any(c.key == "total" for c in columns):
                reading.column = chosen
                break
        if reading.column is None and reading.inherited and context.get("column"):
            reading.column = context["column"]
        if keys and _AND.search(text) and len(keys) > 1:
            return
        if len(keys) > 1:  # no "and" between them: the last named is the head (复议后…被告)
            reading.metrics = [mentions[-1].key]

    def _which_agency(self, reading: _Reading) -> Answer:
        names = self.agencies.names
        if not names:
            return _none("还没有收录任何报告。请先导入报告（reportqa ingest）。", reading)
        choices = names[:8]
        return _clarify_agency(reading, choices, question="请问您问的是哪个机关的报告？")

    def _reports(self, agency: str) -> list[dict[str, Any]]:
        """The agency's reports, oldest year first; of two for one year, the later stored."""
        rows = self.db.execute(
            "select id, agency, year, title, published, source_path from reports "
            "where agency = ? order by year, rowid",
            [agency],
        ).fetchall()
        by_year: dict[int | None, dict[str, Any]] = {}
        for rid, name, year, title, published, source in rows:
            earlier = by_year.get(year)
            by_year[year] = {
                "id": rid,
                "agency": name,
                "year": year,
                "title": title,
                "published": published,
                "source_path": source,
                # another report for the same agency and year: which is right is for a
                # person to decide, so its figure is shown beside the answer
                "others": [
                    *(earlier["others"] if earlier else []),
                    *([earlier] if earlier else []),
                ],
            }
        return list(by_year.values())

    def _report(
        self,
        reading: _Reading,
        reports: list[dict[str, Any]],
        scope_year: int | None,
        context: dict[str, Any],
    ) -> dict[str, Any] | Answer:
        """The report the question means: its year, else the conversation's, else the
        scope's, else the agency's latest."""
        wanted = reading.years.year
        if wanted is None and not reading.years.latest:
            wanted = context.get("year") if context.get("agency") == reading.agency else None
            wanted = wanted or scope_year
        if wanted is None:
            return reports[-1]
        for report in reports:
            if report.get("year") == wanted:
                return report
        have = "、".join(str(r["year"]) for r in reports if r.get("year"))
        answer = _none(
            f"没有收录{reading.agency}{wanted}年的报告（已收录：{have}年），所以无法回答。",
            reading,
        )
        answer.context = _context(reading, None, year=wanted)
        answer.related = [
            {"agency": r["agency"], "year": r["year"], "report_id": r["id"]} for r in reports
        ]
        return answer

    # -- a metric across years or agencies (staff pages, /api/compare) -----------------------

    def compare(
        self,
        metric: str,
        *,
        column: str | None = None,
        agency: str | None = None,
        years: tuple[int, ...] = (),
    ) -> dict[str, Any]:
        """``metric`` (a key of ``metrics.METRICS`` or a stored metric) in each report of
        ``agency`` (resolved as a page's scope would be) or of every agency, for ``years``
        (all when empty): one row per report, oldest first, with value, unit and source."""
        known = METRICS.get(metric) or Metric(metric, metric)
        chosen = column or known.default_column
        names: list[str] | None = None
        if agency:
            match = self.agencies.in_scope(agency)
            if not match.agencies:
                raise LookupError(f"no stored agency matches {agency!r}")
            names = list(match.agencies)
        clauses, params = [], []
        if names is not None:
            clauses.append(f"agency in ({', '.join('?' * len(names))})")
            params += names
        if years:
            clauses.append(f"year in ({', '.join('?' * len(years))})")
            params += list(years)
        where = f"where {' and '.join(clauses)}" if clauses else ""
        rows = self.db.execute(
            f"select id, agency, year, title from reports {where} order by agency, year, rowid",
            params,
        ).fetchall()
        series = []
        for rid, name, year, title in rows:
            report = {"id": rid, "agency": name, "year": year, "title": title}
            looked = self._value(report, known, chosen)
            series.append(
                {
                    "report": _report_ref(report),
                    "value": None if looked is None else _number(looked.value),
                    "unit": "" if looked is None else looked.unit,
                    "approximate": False if looked is None else looked.approximate,
                    "source": None if looked is None else looked.source,
                }
            )
        return {
            "metric": {"key": known.key, "label": known.label},
            "column": _column(known, chosen),
            "agencies": names,
            "series": series,
        }

    # -- figures ---------------------------------------------------------------------------

    def _figure(self, reading: _Reading, report: dict[str, Any]) -> Answer:
        keys = reading.metrics
        if len(keys) > 1:
            return self._sum(reading, report, keys)
        metric = METRICS[keys[0]]
        column = reading.column or metric.default_column
        if column not in metric.columns and column != "organisations":
            column = metric.default_column
        looked = self._value(report, metric, column)
        if looked is None:
            return self._missing(reading, report, metric, column)
        answer = _figure_answer(reading, report, metric, column, looked)
        for other in report.get("others") or []:
            theirs = self._value(other, metric, column)
            if theirs is not None and theirs.value != looked.value:
                answer.alternatives.append(
                    _alternative(metric, column, theirs)
                    | {
                        "report": _report_ref(other),
                        "why": "another report for this agency and year",
                    }
                )
                answer.notes.append(
                    f"还收录了另一份{report['agency']}{report['year']}年的报告"
                    f"（{other.get('source_path')}），其中此数为"
                    f"{_shown(theirs.value, theirs.unit, theirs)}；请核对哪一份为准"
                )
                answer.confidence = min(answer.confidence, 0.5)
        if metric.alternative and lexicon.bare_carry(reading.text) and not reading.inherited:
            other = METRICS[metric.alternative]
            alt = self._value(report, other, column)
            if alt is not None:
                answer.alternatives.append(_alternative(other, column, alt))
                answer.confidence = 0.75
        return answer

    def _value(self, report: dict[str, Any], metric: Metric, column: str) -> _Looked | None:
        """A metric's value in one report: a cell, a prose figure, or the sum of parts."""
        if metric.group:
            parts = [
                self._value(report, METRICS.get(p) or _stored(p, metric), column)
                for p in metric.parts
            ]
            if any(p is None for p in parts):
                return None
            return _Looked.summed([p for p in parts if p is not None])
        if column == "organisations":
            parts = [self._value(report, metric, c) for c in lexicon.ORGANISATIONS]
            if any(p is None for p in parts):
                return None
            return _Looked.summed([p for p in parts if p is not None])
        rows = self.db.execute(
            "select id, source, metric, metric_label, column, column_label, value, unit, raw, "
            'approximate, empty, unreadable, note, start, "end", page from facts '
            "where report_id = ? and metric = ? and (column = ? or source = 'prose') "
            "order by source desc, start, ordinal",
            [report["id"], metric.key, column],
        ).fetchall()
        for row in rows:
            fact = dict(
                zip(
                    (
                        "id",
                        "source",
                        "metric",
                        "metric_label",
                        "column",
                        "column_label",
                        "value",
                        "unit",
                        "raw",
                        "approximate",
                        "empty",
                        "unreadable",
                        "note",
                        "start",
                        "end",
                        "page",
                    ),
                    row,
                    strict=True,
                )
            )
            if fact["source"] == "table" and fact["column"] != column:
                continue
            if fact["unreadable"]:
                continue
            if metric.key == "proposals.total" and fact["source"] == "prose":
                pass
            return _Looked.of(fact, self._source(report["id"], fact))
        if metric.key == "proposals.total":  # not stated: the two kinds' sum
            parts = [
                self._value(report, METRICS[k], "") for k in ("proposals.npc", "proposals.cppcc")
            ]
            if all(parts):
                return _Looked.summed([p for p in parts if p is not None])
        return None

    def _asked(self, reading: _Reading) -> tuple[Metric, str]:
        """The one metric and column a derived answer is about; a stated figure's (prose)
        when the lexicon names none, labelled by the question's own words."""
        if reading.metrics:
            metric = METRICS[reading.metrics[0]]
            return metric, reading.column or metric.default_column
        label = "".join(_words(reading)[-3:]) or "所问数字"
        return Metric(PROSE_KEY, label), ""

    def _measured(
        self, reading: _Reading, report: dict[str, Any], metric: Metric, column: str
    ) -> _Looked | None:
        """``_value``, or for a stated figure the best match in that report's prose."""
        if metric.key != PROSE_KEY:
            return self._value(report, metric, column)
        scored = self._prose_scored(reading, report)
        if not scored or scored[0][1] < PROSE_GATE:
            return None
        fact = scored[0][2]
        return _Looked.of(fact, self._source(report["id"], fact))

    def _sum(self, reading: _Reading, report: dict[str, Any], keys: list[str]) -> Answer:
        looked = []
        for key in keys:
            metric = METRICS[key]
            column = reading.column if reading.column in metric.columns else metric.default_column
            value = self._value(report, metric, column)
            if value is None:
                return self._missing(reading, report, metric, column)
            looked.append((metric, column, value))
        units = {v.unit for _, _, v in looked}
        if len(units) > 1:
            answer = _none("这几项的单位不同，不能相加。", reading, report)
            answer.related = [_part(m, c, v, report) for m, c, v in looked]
            return answer
        total = sum((v.value for _, _, v in looked), Decimal(0))
        parts = [_part(m, c, v, report) for m, c, v in looked]
        label = "与".join(m.label for m, _, _ in looked)
        unit = looked[0][2].unit
        said = "，".join(f"{p['label']}{_shown(p['value'], unit)}" for p in parts)
        first = looked[0][2]
        return Answer(
            found=True,
            answer=(
                f"{report['agency']}{report['year']}年{label}合计{_shown(total, unit)}（{said}）。"
            ),
            kind="sum",
            value=_number(total),
            unit=unit,
            approximate=any(v.approximate for _, _, v in looked),
            metric={"key": "+".join(keys), "label": label},
            column=None,
            report=_report_ref(report),
            source=first.source,
            parts=parts,
            context=_context(reading, report),
            confidence=0.85,
            notes=reading.notes,
        )

    def _missing(
        self, reading: _Reading, report: dict[str, Any], metric: Metric, column: str
    ) -> Answer:
        label = metric.label + (f"（{COLUMN_LABELS[column]}）" if column and metric.columns else "")
        answer = _none(
            f"{report['agency']}{report['year']}年的报告没有给出“{label}”这一数字。",
            reading,
            report,
        )
        answer.metric = {"key": metric.key, "label": metric.label}
        answer.related = self._related(report, metric)
        answer.context = _context(reading, report)
        return answer

    def _related(self, report: dict[str, Any], metric: Metric) -> list[dict[str, Any]]:
        """Facts of the same report near the asked metric, labelled with what they are."""
        family = metric.key.split(".")[0]
        rows = self.db.execute(
            "select metric, metric_label, column_label, value, unit from facts "
            "where report_id = ? and (metric like ? or source = 'prose') "
            "and column in ('total', '') "
            "order by source desc, start limit 5",
            [report["id"], family + "%"],
        ).fetchall()
        return [
            {
                "metric": m,
                "label": f"{label}{'（' + col + '）' if col else ''}",
                "value": value,
                "unit": unit,
            }
            for m, label, col, value, unit in rows
        ]

    # -- derived answers -------------------------------------------------------------------

    def _compare(
        self,
        reading: _Reading,
        reports: list[dict[str, Any]],
        scope_year: int | None,
        context: dict[str, Any],
    ) -> Answer:
        """This year's figure against another year's: the difference."""
        years = list(reading.years.years)
        base_after = re.search(r"比|相比|较|than|compared", reading.text, re.I)
        target = base = None
        if len(years) >= 2:
            target, base = years[0], years[1]
            if _FROM_TO.search(reading.text):  # "from 2022 to 2023": the change to 2023
                target, base = years[1], years[0]
        else:
            said_base = bool(base_after and years and _year_after(reading.text, base_after.start()))
            if years and not said_base:
                target = years[0]
            if target is None:
                ctx = context.get("year") if context.get("agency") == reading.agency else None
                target = ctx or scope_year or reports[-1]["year"]
            base = years[0] if said_base and not reading.years.relative else target - 1
        by_year = {r["year"]: r for r in reports}
        missing = [y for y in (target, base) if y not in by_year]
        if missing:
            have = "、".join(str(y) for y in by_year)
            answer = _none(
                f"没有收录{reading.agency}{'、'.join(map(str, missing))}年的报告"
                f"（已收录：{have}年），无法比较。",
                reading,
            )
            return answer
        metric, column = self._asked(reading)
        now = self._measured(reading, by_year[target], metric, column)
        then = self._measured(reading, by_year[base], metric, column)
        if now is None or then is None:
            return self._missing(reading, by_year[target if now is None else base], metric, column)
        change = now.value - then.value
        word = "多" if change > 0 else "少" if change < 0 else "持平"
        unit = now.unit
        amount = f"{word}{_shown(abs(change), unit)}" if change else "持平"
        label = _label(metric, column)
        report = by_year[target]
        return Answer(
            found=True,
            answer=(
                f"{reading.agency}{target}年{label}为{_shown(now.value, unit)}，"
                f"{base}年为{_shown(then.value, unit)}，{target}年比{base}年{amount}。"
            ),
            kind="difference",
            value=_number(change),
            unit=unit,
            approximate=now.approximate or then.approximate,
            metric={"key": metric.key, "label": metric.label},
            column=_column(metric, column),
            report=_report_ref(report),
            source=now.source,
            parts=[
                _part(metric, column, now, by_year[target]),
                _part(metric, column, then, by_year[base]),
            ],
            context=_context(reading, report),
            confidence=0.85,
            notes=reading.notes,
        )

    def _series(self, reading: _Reading, reports: list[dict[str, Any]]) -> Answer:
        """A metric year by year: the years named, the last n, or all."""
        by_year = {r["year"]: r for r in reports if r.get("year")}
        wanted = list(reading.years.years) if len(reading.years.years) > 1 else sorted(by_year)
        if reading.years.span and len(reading.years.years) <= 1:
            wanted = sorted(by_year)[-reading.years.span :]
        metric, column = self._asked(reading)
        parts = []
        for year in wanted:
            if year not in by_year:
                parts.append({"year": year, "value": None, "label": "没有收录该年报告"})
                continue
            looked = self._measured(reading, by_year[year], metric, column)
            if looked is None:
                parts.append({"year": year, "value": None, "label": "报告未给出"})
                continue
            parts.append(_part(metric, column, looked, by_year[year]))
        known = [p for p in parts if p["value"] is not None]
        if not known:
            return self._missing(reading, by_year[max(by_year)], metric, column)
        unit = known[0]["unit"]
        listed = "，".join(
            f"{p['year']}年{_shown(p['value'], unit) if p['value'] is not None else p['label']}"
            for p in parts
        )
        total = sum((Decimal(str(p["value"])) for p in known), Decimal(0))
        summed = bool(_SUM_ALL.search(reading.text)) and len(known) == len(parts)
        label = _label(metric, column)
        sentence = f"{reading.agency}{label}：{listed}。"
        if summed:
            sentence += f"合计{_shown(total, unit)}。"
        latest = by_year[max(p["year"] for p in known)]
        return Answer(
            found=True,
            answer=sentence,
            kind="series",
            value=_number(total) if summed else None,
            unit=unit,
            metric={"key": metric.key, "label": metric.label},
            column=_column(metric, column),
            report=_report_ref(latest),
            source=known[-1]["source"],
            parts=parts,
            context=_context(reading, latest),
            confidence=0.8,
            notes=reading.notes,
        )

    def _check(
        self,
        reading: _Reading,
        reports: list[dict[str, Any]],
        scope_year: int | None,
        context: dict[str, Any],
    ) -> Answer:
        report = self._report(reading, reports, scope_year, context)
        if isinstance(report, Answer):
            return report
        rows = self.db.execute(
            "select rule, scope, status, expected, actual, message from checks where report_id = ? "
            "order by rule, scope",
            [report["id"]],
        ).fetchall()
        counts = {"pass": 0, "fail": 0, "skipped": 0}
        failures = []
        for rule, scope, status, expected, actual, message in rows:
            counts[status] = counts.get(status, 0) + 1
            if status == "fail":
                failures.append(
                    {
                        "rule": rule,
                        "scope": scope,
                        "expected": expected,
                        "actual": actual,
                        "message": message,
                    }
                )
        if not rows:
            sentence = f"{report['agency']}{report['year']}年的报告没有可核对的表格数据。"
        elif failures:
            listed = "；".join(f["message"] for f in failures[:5])
            sentence = (
                f"{report['agency']}{report['year']}年报告的勾稽关系有{len(failures)}处对不上"
                f"（共核对{counts['pass'] + counts['fail']}项）：{listed}。"
            )
        else:
            sentence = (
                f"{report['agency']}{report['year']}年报告的{counts['pass']}项勾稽关系全部相符"
                "（如第一项加第二项之和等于第三项加第四项之和）。"
            )
        return Answer(
            found=bool(rows),
            answer=sentence,
            kind="check",
            report=_report_ref(report),
            check={
                "passed": counts["pass"],
                "failed": counts["fail"],
                "skipped": counts["skipped"],
                "ok": not failures,
                "failures": failures,
            },
            context=_context(reading, report),
            confidence=0.9,
            notes=reading.notes,
        )

    # -- prose figures and passages -----------------------------------------------------------

    def _prose_scored(
        self, reading: _Reading, report: dict[str, Any]
    ) -> list[tuple[float, float, dict[str, Any]]]:
        """The report's stated figures, best match for the question first, as (score,
        overlap, fact): the clause must say the question's last word (its head noun); the
        share of the question's words is counted over the whole sentence."""
        content = _words(reading)
        rows = self.db.execute(
            "select id, source, metric, metric_label, column, column_label, value, unit, raw, "
            'approximate, empty, unreadable, note, start, "end", page, clause from facts '
            "where report_id = ? and source = 'prose' order by start, ordinal",
            [report["id"]],
        ).fetchall()
        names = (
            "id",
            "source",
            "metric",
            "metric_label",
            "column",
            "column_label",
            "value",
            "unit",
            "raw",
            "approximate",
            "empty",
            "unreadable",
            "note",
            "start",
            "end",
            "page",
            "clause",
        )
        facts = [dict(zip(names, row, strict=True)) for row in rows]
        if not facts:
            return []
        text = self.db.execute("select text from reports where id = ?", [report["id"]]).fetchone()[
            0
        ]
        ranks = self._search_ranks(reading.text, report["id"], "fact")
        measure = _measure(reading.text)
        scored = []
        for fact in facts:
            sentence = text[fact["start"] : fact["end"]]
            overlap = _overlap(content, fact["clause"] or "", sentence)
            unit = fact["unit"] or ""
            if measure and unit and unit[0] != measure and unit[0] in _MEASURES:
                overlap = 0.0  # 几场 is not counted in 篇
            bonus = 0.15 if measure and unit and unit[0] == measure else 0.0
            rank = ranks.get("f:" + fact["id"])
            boost = 0.1 / rank if rank else 0.0
            scored.append((overlap + bonus + boost, overlap, fact))
        scored.sort(key=lambda s: (-s[0], s[2]["start"]))
        return scored

    def _prose(self, reading: _Reading, report: dict[str, Any]) -> Answer:
        """A figure the lexicon does not know: the report's stated figure that best matches
        the question (``_prose_scored``). Below the gate, the report does not say."""
        scored = self._prose_scored(reading, report)
        if not scored or scored[0][1] < PROSE_GATE:
            answer = _none(
                f"{report['agency']}{report['year']}年的报告里没有找到这个数字。",
                reading,
                report,
            )
            answer.related = [
                {"label": f["clause"], "value": f["value"], "unit": f["unit"]}
                for _, overlap, f in scored[:3]
                if overlap > 0
            ]
            answer.passages = self._passages(reading, report, limit=1)
            answer.context = _context(reading, report)
            return answer
        _, overlap, fact = scored[0]
        looked = _Looked.of(fact, self._source(report["id"], fact))
        metric = Metric(f"prose:{fact['id']}", fact["clause"] or fact["metric_label"] or "")
        answer = _figure_answer(reading, report, metric, "", looked)
        answer.answer = (
            f"{report['agency']}{report['year']}年的报告写道：“{fact['clause'] or fact['raw']}”，"
            f"即{_shown(looked.value, looked.unit, looked)}。"
        )
        answer.metric = {"key": fact["metric"], "label": fact["clause"] or fact["metric_label"]}
        answer.confidence = round(min(0.9, 0.4 + overlap / 2), 2)
        for _, other_overlap, other in scored[1:3]:
            if other_overlap >= PROSE_GATE and other["value"] != fact["value"]:
                answer.alternatives.append(
                    {
                        "metric": {"key": other["metric"], "label": other["clause"]},
                        "value": _number(Decimal(other["value"])),
                        "unit": other["unit"],
                    }
                )
        answer.context = _context(reading, report) | {"metrics": []}
        return answer

    def _passage(self, reading: _Reading, report: dict[str, Any]) -> Answer:
        passages = self._passages(reading, report, limit=2)
        if not passages:
            return _none(
                f"{report['agency']}{report['year']}年的报告里没有找到相关内容。", reading, report
            )
        first = passages[0]
        return Answer(
            found=True,
            answer=f"{report['agency']}{report['year']}年报告“{first['section']}”中写道：{_clip(first['text'])}",
            kind="passage",
            report=_report_ref(report),
            source=first,
            passages=passages,
            context=_context(reading, report) | {"metrics": []},
            confidence=0.6,
            notes=reading.notes,
        )

    def _passages(
        self, reading: _Reading, report: dict[str, Any], limit: int
    ) -> list[dict[str, Any]]:
        """The report's passages that answer a question without a figure: the section its
        words point to, best first by search; else the search's best passages."""
        section = next(
            (key for pattern, key in _SECTION_HINTS if pattern.search(reading.text)), None
        )
        ranks = self._search_ranks(reading.text, report["id"], "passage")
        where, params = "report_id = ? and kind != 'table_row'", [report["id"]]
        rows = self.db.execute(
            'select id, section_key, section_path, text, start, "end", page from passages '
            f"where {where} order by start",
            params,
        ).fetchall()
        candidates = [
            dict(
                zip(
                    ("id", "section_key", "section_path", "text", "start", "end", "page"),
                    r,
                    strict=True,
                )
            )
            for r in rows
        ]
        if section is not None:
            within = [
                c
                for c in candidates
                if c["section_key"] == section or c["section_key"].startswith(section + ".")
            ]
            if not within and "." in section:
                top = section.split(".")[0]
                within = [c for c in candidates if c["section_key"].split(".")[0] == top]
            # The section's own heading line says nothing: prefer its longer passages.
            within = [c for c in within if len(c["text"]) > 15] or within
            if within:
                candidates = within
            order = {c["id"]: i for i, c in enumerate(candidates)}
            candidates.sort(key=lambda c: (ranks.get("p:" + c["id"], 10_000), order[c["id"]]))
        else:
            candidates = [c for c in candidates if "p:" + c["id"] in ranks]
            candidates.sort(key=lambda c: ranks["p:" + c["id"]])
        return [self._passage_source(c) for c in candidates[:limit]]

    def _search_ranks(self, question: str, report_id: str, kind: str) -> dict[str, int]:
        """Document id → rank in the hybrid search of one report's ``kind`` documents."""
        from index.keyword import Filters

        filters = Filters(report_ids=(report_id,), kind=kind)
        try:
            if self._search is not None:
                hits = self._search(question, k=20, filters=filters)
                return {hit.id: rank for rank, hit in enumerate(hits, 1)}
            from index import documents
            from index.keyword import FtsIndex

            documents.sync(self.db)
            found = FtsIndex(self.db).search(question, 20, filters)
            return {doc_id: rank for rank, (doc_id, _) in enumerate(found, 1)}
        except ValueError:
            return {}

    # -- sources ---------------------------------------------------------------------------

    def _source(self, report_id: str, fact: dict[str, Any]) -> dict[str, Any]:
        start, end = fact["start"], fact["end"]
        text = self.db.execute(
            "select substr(text, ?, ?) from reports where id = ?",
            [start + 1, end - start, report_id],
        ).fetchone()[0]
        return {
            "section": self._section(report_id, start),
            "text": text,
            "start": start,
            "end": end,
            "page": fact.get("page"),
        }

    def _passage_source(self, passage: dict[str, Any]) -> dict[str, Any]:
        import json

        path = json.loads(passage["section_path"] or "[]")
        return {
            "section": " / ".join(path),
            "text": passage["text"],
            "start": passage["start"],
            "end": passage["end"],
            "page": passage["page"],
        }

    def _section(self, report_id: str, start: int) -> str:
        import json

        row = self.db.execute(
            'select path from sections where report_id = ? and start <= ? and "end" > ? '
            "order by length(key) desc limit 1",
            [report_id, start, start],
        ).fetchone()
        return " / ".join(json.loads(row[0])) if row else ""


@dataclass(slots=True)
class _Looked:
    """A value read from the report (or summed from several), with its source."""

    value: Decimal
    unit: str
    approximate: bool
    raw: str
    source: dict[str, Any] | None
    empty: bool = False
    note: str | None = None
    parts: list[_Looked] = field(default_factory=list)

    @classmethod
    def of(cls, fact: dict[str, Any], source: dict[str, Any]) -> _Looked:
        empty = bool(fact["empty"]) or fact["value"] is None
        return cls(
            value=Decimal(fact["value"]) if fact["value"] is not None else Decimal(0),
            unit=fact["unit"] or "",
            approximate=bool(fact["approximate"]),
            raw=fact["raw"] or "",
            source=source,
            empty=empty,
            note=fact["note"],
        )

    @classmethod
    def summed(cls, parts: list[_Looked]) -> _Looked:
        return cls(
            value=sum((p.value for p in parts), Decimal(0)),
            unit=parts[0].unit if parts else "",
            approximate=any(p.approximate for p in parts),
            raw="",
            source=parts[0].source if parts else None,
            parts=parts,
        )


def _stored(key: str, group: Metric) -> Metric:
    """A part of a group that has no entry of its own (outcome.other.other)."""
    return Metric(key, key, group.columns, group.default_column)


def _figure_answer(
    reading: _Reading, report: dict[str, Any], metric: Metric, column: str, looked: _Looked
) -> Answer:
    label = _label(metric, column)
    shown = _shown(looked.value, looked.unit, looked)
    sentence = f"{report['agency']}{report['year']}年{label}：{shown}。"
    notes = list(reading.notes)
    if looked.empty:
        notes.append("表中此栏为空，按0计")
    if looked.note:
        sentence = sentence[:-1] + f"（{looked.note}）。"
    source = looked.source
    if looked.parts and source is not None:
        # A group's value is the sum of several rows: the source spans them all.
        spans = [p.source for p in looked.parts if p.source]
        start = min(s["start"] for s in spans)
        end = max(s["end"] for s in spans)
        source = {
            **source,
            "start": start,
            "end": end,
            "text": "\n".join(dict.fromkeys(s["text"] for s in spans)),
        }
    return Answer(
        found=True,
        answer=sentence,
        kind="sum" if looked.parts else "figure",
        value=_number(looked.value),
        unit=looked.unit,
        approximate=looked.approximate,
        metric={"key": metric.key, "label": metric.label},
        column=_column(metric, column),
        report=_report_ref(report),
        source=source,
        parts=[
            {"value": _number(p.value), "unit": p.unit, "source": p.source} for p in looked.parts
        ],
        context=_context(reading, report),
        confidence=0.95 if not reading.inherited else 0.85,
        notes=notes,
    )


def _alternative(metric: Metric, column: str, looked: _Looked) -> dict[str, Any]:
    return {
        "metric": {"key": metric.key, "label": metric.label},
        "column": _column(metric, column),
        "value": _number(looked.value),
        "unit": looked.unit,
        "answer": f"{_label(metric, column)}：{_shown(looked.value, looked.unit, looked)}",
        "source": looked.source,
    }


def _part(metric: Metric, column: str, looked: _Looked, report: dict[str, Any]) -> dict[str, Any]:
    return {
        "label": _label(metric, column),
        "metric": metric.key,
        "year": report["year"],
        "report_id": report["id"],
        "value": _number(looked.value),
        "unit": looked.unit,
        "approximate": looked.approximate,
        "source": looked.source,
    }


def _none(sentence: str, reading: _Reading, report: dict[str, Any] | None = None) -> Answer:
    return Answer(
        found=False,
        answer=sentence,
        kind="none",
        report=_report_ref(report) if report else None,
        context=_context(reading, report),
        confidence=0.0,
        notes=list(reading.notes),
    )


def _clarify_agency(reading: _Reading, choices: list[str], question: str | None = None) -> Answer:
    return Answer(
        found=False,
        answer=question or "您问的可能是以下几个机关之一，请选择：",
        kind="clarify",
        clarify={
            "question": question or "请问您问的是哪一个机关？",
            "field": "agency",
            "choices": [{"label": name, "value": name} for name in choices],
        },
        context=_context(reading, None),
        notes=list(reading.notes),
    )


# What a question that asks "how many" of nothing in particular is offered to choose from.
COMMON_METRICS = (
    "requests.new",
    "requests.carried_over",
    "outcome.disclosed",
    "outcome.withheld",
    "review",
    "litigation",
    "disclosure.penalty",
)


def _clarify_metric(reading: _Reading, report: dict[str, Any]) -> Answer:
    return Answer(
        found=False,
        answer="请问您想了解哪一项数字？",
        kind="clarify",
        report=_report_ref(report),
        clarify={
            "question": "请问您想了解哪一项数字？",
            "field": "metric",
            "choices": [{"label": METRICS[k].label, "value": k} for k in COMMON_METRICS],
        },
        context=_context(reading, report),
        notes=list(reading.notes),
    )


def _context(
    reading: _Reading, report: dict[str, Any] | None, year: int | None = None
) -> dict[str, Any]:
    return {
        "agency": report["agency"] if report else reading.agency,
        "year": report["year"] if report else (year or reading.years.year),
        "report_id": report["id"] if report else None,
        "metrics": list(reading.metrics),
        "column": reading.column,
        # a stated figure the lexicon does not name: the question's words, for follow-ups
        "topic": None if reading.metrics else " ".join(_words(reading)) or None,
    }


def _report_ref(report: dict[str, Any]) -> dict[str, Any]:
    return {k: report.get(k) for k in ("id", "agency", "year", "title")}


def _label(metric: Metric, column: str) -> str:
    if not column or not metric.columns or (column == metric.default_column and column != "total"):
        return f"“{metric.label}”"
    return f"“{metric.label}”（{COLUMN_LABELS.get(column, column)}）"


def _column(metric: Metric, column: str) -> dict[str, str] | None:
    if not column:
        return None
    return {"key": column, "label": COLUMN_LABELS.get(column, column)}


def _shown(value: Any, unit: str, looked: _Looked | None = None) -> str:
    if looked is not None and looked.approximate and looked.raw and not looked.parts:
        raw = looked.raw
        return raw if raw.endswith(unit) or not unit else raw + unit
    number = _number(Decimal(str(value)))
    return f"{number}{unit}"


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _clip(text: str, size: int = 160) -> str:
    return text if len(text) <= size else text[:size] + "……"


def _checked(question: str) -> str:
    if question is None or not str(question).strip():
        raise AnswerError("the question is empty")
    text = unicodedata.normalize("NFKC", str(question)).strip()
    if len(text) > MAX_QUESTION_CHARS:
        raise AnswerError(
            f"the question has {len(text)} characters; at most {MAX_QUESTION_CHARS} are read"
        )
    return text


def _without_agency(text: str, reading: _Reading) -> str:
    """The question with the agency's words blanked: a name's words are not metrics
    (行政审批服务局 is not 行政许可)."""
    words = [*reading.agency_words, *(reading.agency_match.words if reading.agency_match else ())]
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(word, " " * len(word))
    for start, end in reading.years.spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


_FROM_TO = re.compile(r"(?:\bfrom\b|从)[^\d]{0,20}\d{4}", re.I)
# A follow-up's year said against the conversation's: 前一年 is the year before that one.
_FOLLOW_YEARS = (
    (re.compile(r"再?前一年|上一年|前一个年度|the year before|previous year"), -1),
    (re.compile(r"后一年|下一年(?!度?继续)|次年|the year after|following year"), 1),
    (re.compile(r"那一年|同一年|当年|那年|same year|that year"), 0),
)


def _years(text: str, today: date, context: dict[str, Any]) -> YearWords:
    """The years a question names; relative to the conversation's year when it is a
    follow-up that says 前一年 / 那一年 and names no year of its own."""
    years = read_years(text, today)
    said = context.get("year")
    if said and not any(c.isdigit() for c in text):
        for pattern, offset in _FOLLOW_YEARS:
            match = pattern.search(text)
            if match and not _COMPARE.search(text):
                return YearWords(years=(int(said) + offset,), spans=(match.span(),))
    return years


def _elliptical(reading: _Reading, text: str) -> bool:
    """A follow-up that names no figure of its own ("那2023年呢?", "自然人呢?", "比去年呢"):
    besides the agency, years, applicant columns and asking words it says nothing."""
    said = [text[c.start : c.end] for c in lexicon.find_columns(text)]
    own = [
        w
        for w in _words(reading)
        if not any(w in c or c in w for c in said) and not _FOLLOW_UP.fullmatch(w)
    ]
    return not own and (bool(_FOLLOW_UP.search(text)) or len(text) <= 12)


def _series_words(text: str) -> bool:
    return bool(
        re.search(r"分别|历年|每年|逐年|趋势|year by year|each year|over the years", text, re.I)
    )


def _year_after(text: str, position: int) -> bool:
    return bool(
        re.match(r"\s*(?:(?:19|20)\d\d|\d\d年|去年|上一?年|前年|今年)", text[position + 1 :])
    )


def _content(reading: _Reading) -> str:
    """The question's own words: without the agency, the years and asking words."""
    return _QUESTION_WORDS.sub(" ", _without_agency(reading.text, reading))


_LISTED = re.compile(r"(?:^|、)\x00(?:、|等)|、\x00(?:、|等|$)")
_MEASURES = set("件个篇条次场项家人起期")


# What reports call the things people name (Chinese and English): the report's term joins
# the question's words, and stands for the word it translates when that word is the head.
_PROSE_SYNONYMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(words, re.I), said)
    for words, said in (
        (r"微博|微信|抖音|新媒体|new media|social media|weibo|wechat", "两微一抖"),
        (r"门户网站|官网|网站|website|portal", "政府门户网站"),
        (r"发布会|press conferences?", "新闻发布会"),
        (r"press releases?|news (?:articles?|releases?|stories|items)|稿子|新闻稿", "新闻稿件"),
        (r"training|培训", "培训"),
        (r"proactive\w*|publish\w* (?:on its own|proactively)", "主动公开"),
        (r"items? of information|information items?|pieces? of information", "信息"),
        (r"proposals?|suggestions?", "提案"),
        (r"fees?", "信息处理费"),
    )
)
# Words that name no particular figure: a question's head is the last word not among them.
_VAGUE_HEADS = frozenset(
    {"信息", "政府信息", "内容", "数据", "事项", "工作", "东西"}
    | {"发", "上发", "发布", "公布", "刊发", "推送", "发送", "办理", "开展", "办", "做", "搞"}
)
# Media names jieba runs together with what follows (微博微信抖音上发): cut them apart.
_MEDIA = re.compile(r"(两微一抖|微博|微信|抖音|公众号|新媒体|视频号)")


def _words(reading: _Reading) -> list[str]:
    """The question's content words in order: without the agency, years, asking words.
    The report's own term for a thing is added (两微一抖 for 微博微信); an English question
    keeps only those terms."""
    from index import tokenize

    content = _MEDIA.sub(r" \1 ", _content(reading).replace("了", " "))
    extra = [said for pattern, said in _PROSE_SYNONYMS if pattern.search(content)]
    found = [w for w in tokenize.words(content) if len(w) >= 2 or w.isascii()]
    if content.isascii():
        return list(dict.fromkeys(extra))
    return [*extra, *found]


def _heads(words: list[str]) -> tuple[set[str], str | None]:
    """The head noun (the last specific word) with the report's terms for it, and the
    vague word after it if the question ends in one (…主动公开了多少条信息)."""
    specific = [w for w in words if w not in _VAGUE_HEADS]
    if not specific:
        return ({words[-1]} if words else set()), None
    head = specific[-1]
    vague = words[-1] if words[-1] in _VAGUE_HEADS else None
    return {head} | {said for pattern, said in _PROSE_SYNONYMS if pattern.search(head)}, vague


def _pairs(text: str) -> set[str]:
    runs = re.findall(r"[\u4e00-\u9fff]+|[a-z0-9]+", text.lower())
    pairs = set()
    for run in runs:
        if run.isascii():
            pairs.add(run)
            continue
        for i in range(len(run) - 1):
            pair = run[i : i + 2]
            if pair[0] not in _STOP_CHARS and pair[1] not in _STOP_CHARS:
                pairs.add(pair)
    return pairs


def _overlap(words: list[str], clause: str, sentence: str = "") -> float:
    """How much of the question's words the sentence says: the share of their character
    pairs it holds; zero unless the figure's own clause says the last word (the head
    noun: 发布会 in 新闻发布会, which 新闻稿件 does not say), or most of it."""
    if not words:
        return 0.0
    in_clause = _pairs(clause)
    in_sentence = _pairs(sentence)
    heads, vague = _heads(words)

    def says(pairs_said: set[str], word: str) -> bool:
        pairs = _pairs(word) or {word}
        return bool(pairs & pairs_said) and len(pairs & pairs_said) * 2 >= len(pairs)

    said_head = next((h for h in heads if says(in_clause, h)), None)
    if said_head is None and vague and vague in clause:
        # "主动公开了多少条信息": the clause says 信息, its sentence says 主动公开.
        said_head = next((h for h in heads if says(in_sentence, h)), None)
    if said_head is None:
        return 0.0
    if said_head in clause and _LISTED.search(clause.replace(said_head, "\x00")):
        return 0.0  # "A、政策解读、C等各类信息84条" counts them all, not 政策解读
    said = in_clause | in_sentence
    asked = _pairs(" ".join(words))
    return len(asked & said) / len(asked) if asked else 0.0


def _measure(text: str) -> str | None:
    match = re.search(r"(?:多少|几)\s*([件个篇条次场项家人万元起])", text)
    return match.group(1) if match else None
