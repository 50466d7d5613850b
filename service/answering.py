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
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import sqlite_utils

from ingest.script import simplified
from service import metrics as lexicon
from service.agencies import AgencyResolver, expand
from service.answer import (
    Answer,
    Looked,
    alternative_of,
    as_number,
    clarify_agency,
    clarify_metric,
    clipped,
    column_ref,
    context_of,
    figure_answer,
    metric_phrase,
    not_found,
    part_of,
    report_ref,
    shown_value,
    stored_metric,
)
from service.metrics import COLUMN_LABELS, METRICS, Metric
from service.question import (
    AGENCY_LIKE,
    AND,
    CHECK,
    COMPARE,
    EQUALS,
    FIGURE,
    FROM_TO,
    MAX_QUESTION_CHARS,
    PROSE_GATE,
    PROSE_KEY,
    SUM_ALL,
    AnswerError,
    Reading,
    checked,
    content_words,
    elliptical,
    question_years,
    series_words,
    without_agency,
    year_after,
)
from service.sources import Sources

__all__ = ["MAX_QUESTION_CHARS", "Answer", "AnswerError", "Answerer"]


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
        self.sources = Sources(db, search)
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
        text = expand(simplified(checked(question)))  # a question in traditional characters
        context = dict(context or {})
        today = today or self._today()
        reading = Reading(text=text, years=question_years(text, today, context))
        clarified = self._agency(reading, scope=agency, context=context)
        if clarified:
            return clarified
        if reading.agency:
            reading.agency_words = self.agencies.words_in(text, reading.agency)
        self._metrics(reading, context)
        if (
            not reading.metrics and context.get("topic") and elliptical(reading, text)
        ):  # "前一年呢?" after a stated figure: the same words, another year
            reading.text = text = f"{text} {context['topic']} 多少"
            reading.inherited = True
        if reading.agency is None:
            return self._which_agency(reading)
        reports = self._reports(reading.agency)
        if not reports:  # cannot happen for a resolved agency, but say it plainly
            return not_found(f"没有找到{reading.agency}的报告。", reading)
        if CHECK.search(text) and (not reading.metrics or EQUALS.search(text)):
            return self._check(reading, reports, year, context)
        countable = bool(reading.metrics) or bool(FIGURE.search(text))
        if countable and COMPARE.search(text) and len(reading.years.years) == 2:
            return self._compare(reading, reports, year, context)  # 从2022年到2023年变化
        if countable and (reading.years.series or series_words(text)):
            return self._series(reading, reports)
        if countable and COMPARE.search(text):
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
        if FIGURE.search(text) and not content_words(reading):
            return clarify_metric(reading, report)
        if FIGURE.search(text):
            return self._prose(reading, report)
        return self._passage(reading, report)

    # -- understanding ---------------------------------------------------------------------

    def _agency(
        self, reading: Reading, *, scope: str | None, context: dict[str, Any]
    ) -> Answer | None:
        """The agency: named in the question, else the previous turn's, else the scope's."""
        match = self.agencies.in_question(reading.text)
        reading.agency_match = match
        named = AGENCY_LIKE.search(reading.text)
        if not match.agencies and named:
            answer = not_found(
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
                return clarify_agency(reading, list(match.agencies))
            return None
        if context.get("agency") in self.agencies.names:
            reading.agency = context["agency"]
            return None
        if scoped is not None:
            if scoped.resolved:
                reading.agency = scoped.resolved
                return None
            if scoped.agencies:
                return clarify_agency(reading, list(scoped.agencies))
            answer = not_found(
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

    def _metrics(self, reading: Reading, context: dict[str, Any]) -> None:
        text = without_agency(reading.text, reading)
        mentions = lexicon.find_metrics(text)
        keys = [m.key for m in mentions]
        if not keys and context.get("metrics") and elliptical(reading, text):
            keys = list(context["metrics"])
            reading.inherited = True
        if not keys and FIGURE.search(text) and not CHECK.search(text):
            fallback = lexicon.default_metric(text, content_words(reading))
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
        if keys and AND.search(text) and len(keys) > 1:
            return
        if len(keys) > 1:  # no "and" between them: the last named is the head (复议后…被告)
            reading.metrics = [mentions[-1].key]

    def _which_agency(self, reading: Reading) -> Answer:
        names = self.agencies.names
        if not names:
            return not_found("还没有收录任何报告。请先导入报告（reportqa ingest）。", reading)
        choices = names[:8]
        return clarify_agency(reading, choices, question="请问您问的是哪个机关的报告？")

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
        reading: Reading,
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
        answer = not_found(
            f"没有收录{reading.agency}{wanted}年的报告（已收录：{have}年），所以无法回答。",
            reading,
        )
        answer.context = context_of(reading, None, year=wanted)
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
        clauses: list[str] = []
        params: list[Any] = []
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
                    "report": report_ref(report),
                    "value": None if looked is None else as_number(looked.value),
                    "unit": "" if looked is None else looked.unit,
                    "approximate": False if looked is None else looked.approximate,
                    "source": None if looked is None else looked.source,
                }
            )
        return {
            "metric": {"key": known.key, "label": known.label},
            "column": column_ref(known, chosen),
            "agencies": names,
            "series": series,
        }

    # -- figures ---------------------------------------------------------------------------

    def _figure(self, reading: Reading, report: dict[str, Any]) -> Answer:
        keys = reading.metrics
        if len(keys) > 1:
            return self._sum(reading, report, keys)
        metric = self._in_format(report, METRICS[keys[0]])
        column = reading.column or metric.default_column
        if column not in metric.columns and column != "organisations":
            column = metric.default_column
        looked = self._value(report, metric, column)
        if looked is None:
            return self._missing(reading, report, metric, column)
        answer = figure_answer(reading, report, metric, column, looked)
        for other in report.get("others") or []:
            theirs = self._value(other, metric, column)
            if theirs is not None and theirs.value != looked.value:
                answer.alternatives.append(
                    alternative_of(metric, column, theirs)
                    | {
                        "report": report_ref(other),
                        "why": "another report for this agency and year",
                    }
                )
                answer.notes.append(
                    f"还收录了另一份{report['agency']}{report['year']}年的报告"
                    f"（{other.get('source_path')}），其中此数为"
                    f"{shown_value(theirs.value, theirs.unit, theirs)}；请核对哪一份为准"
                )
                answer.confidence = min(answer.confidence, 0.5)
        if metric.alternative and lexicon.bare_carry(reading.text) and not reading.inherited:
            other = METRICS[metric.alternative]
            alt = self._value(report, other, column)
            if alt is not None:
                answer.alternatives.append(alternative_of(other, column, alt))
                answer.confidence = 0.75
        return answer

    def _in_format(self, report: dict[str, Any], metric: Metric) -> Metric:
        """The trial format's row (2019 and 2020 reports) for a 2021 row of the same name."""
        trial = lexicon.TRIAL_ROWS.get(metric.key)
        if trial is None or trial not in METRICS:
            return metric
        row = self.db.execute("select template from reports where id = ?", [report["id"]])
        template = row.fetchone()
        return METRICS[trial] if template and template[0] == "2019" else metric

    def _value(self, report: dict[str, Any], metric: Metric, column: str) -> Looked | None:
        """A metric's value in one report: a cell, a prose figure, or the sum of parts (or
        the group's own row, as the trial format prints （六）其他处理)."""
        if metric.group:
            parts = [
                self._value(report, METRICS.get(p) or stored_metric(p, metric), column)
                for p in metric.parts
            ]
            if all(p is not None for p in parts):
                return Looked.summed([p for p in parts if p is not None])
        if column == "organisations":
            parts = [self._value(report, metric, c) for c in lexicon.ORGANISATIONS]
            if any(p is None for p in parts):
                return None
            return Looked.summed([p for p in parts if p is not None])
        facts = list(
            self.db.query(
                "select id, source, metric, metric_label, column, column_label, value, unit, raw, "
                'approximate, empty, unreadable, note, start, "end", page from facts '
                "where report_id = ? and metric = ? and (column = ? or source = 'prose') "
                "order by source desc, start, ordinal",
                [report["id"], metric.key, column],
            )
        )
        for fact in facts:
            if fact["source"] == "table" and fact["column"] != column:
                continue
            if fact["unreadable"]:
                continue
            return Looked.of(fact, self.sources.of_fact(report["id"], fact))
        if metric.key == "proposals.total":  # not stated: the two kinds' sum
            parts = [
                self._value(report, METRICS[k], "") for k in ("proposals.npc", "proposals.cppcc")
            ]
            if all(parts):
                return Looked.summed([p for p in parts if p is not None])
        return None

    def _asked(self, reading: Reading) -> tuple[Metric, str]:
        """The one metric and column a derived answer is about; a stated figure's (prose)
        when the lexicon names none, labelled by the question's own words."""
        if reading.metrics:
            metric = METRICS[reading.metrics[0]]
            return metric, reading.column or metric.default_column
        label = "".join(content_words(reading)[-3:]) or "所问数字"
        return Metric(PROSE_KEY, label), ""

    def _measured(
        self, reading: Reading, report: dict[str, Any], metric: Metric, column: str
    ) -> Looked | None:
        """``_value``, or for a stated figure the best match in that report's prose."""
        if metric.key != PROSE_KEY:
            return self._value(report, metric, column)
        scored = self.sources.prose_scored(reading, report)
        if not scored or scored[0][1] < PROSE_GATE:
            return None
        fact = scored[0][2]
        return Looked.of(fact, self.sources.of_fact(report["id"], fact))

    def _sum(self, reading: Reading, report: dict[str, Any], keys: list[str]) -> Answer:
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
            answer = not_found("这几项的单位不同，不能相加。", reading, report)
            answer.related = [part_of(m, c, v, report) for m, c, v in looked]
            return answer
        total = sum((v.value for _, _, v in looked), Decimal(0))
        parts = [part_of(m, c, v, report) for m, c, v in looked]
        label = "与".join(m.label for m, _, _ in looked)
        unit = looked[0][2].unit
        said = "，".join(f"{p['label']}{shown_value(p['value'], unit)}" for p in parts)
        first = looked[0][2]
        return Answer(
            found=True,
            answer=(
                f"{report['agency']}{report['year']}年{label}"
                f"合计{shown_value(total, unit)}（{said}）。"
            ),
            kind="sum",
            value=as_number(total),
            unit=unit,
            approximate=any(v.approximate for _, _, v in looked),
            metric={"key": "+".join(keys), "label": label},
            column=None,
            report=report_ref(report),
            source=first.source,
            parts=parts,
            context=context_of(reading, report),
            confidence=0.85,
            notes=reading.notes,
        )

    def _missing(
        self, reading: Reading, report: dict[str, Any], metric: Metric, column: str
    ) -> Answer:
        label = metric.label + (f"（{COLUMN_LABELS[column]}）" if column and metric.columns else "")
        answer = not_found(
            f"{report['agency']}{report['year']}年的报告没有给出“{label}”这一数字。",
            reading,
            report,
        )
        answer.metric = {"key": metric.key, "label": metric.label}
        answer.related = self._related(report, metric)
        answer.context = context_of(reading, report)
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
        reading: Reading,
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
            if FROM_TO.search(reading.text):  # "from 2022 to 2023": the change to 2023
                target, base = years[1], years[0]
        else:
            said_base = bool(base_after and years and year_after(reading.text, base_after.start()))
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
            answer = not_found(
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
        amount = f"{word}{shown_value(abs(change), unit)}" if change else "持平"
        label = metric_phrase(metric, column)
        report = by_year[target]
        return Answer(
            found=True,
            answer=(
                f"{reading.agency}{target}年{label}为{shown_value(now.value, unit)}，"
                f"{base}年为{shown_value(then.value, unit)}，{target}年比{base}年{amount}。"
            ),
            kind="difference",
            value=as_number(change),
            unit=unit,
            approximate=now.approximate or then.approximate,
            metric={"key": metric.key, "label": metric.label},
            column=column_ref(metric, column),
            report=report_ref(report),
            source=now.source,
            parts=[
                part_of(metric, column, now, by_year[target]),
                part_of(metric, column, then, by_year[base]),
            ],
            context=context_of(reading, report),
            confidence=0.85,
            notes=reading.notes,
        )

    def _series(self, reading: Reading, reports: list[dict[str, Any]]) -> Answer:
        """A metric year by year: the years named, the last n, or all."""
        by_year = {r["year"]: r for r in reports if r.get("year")}
        wanted = list(reading.years.years) if len(reading.years.years) > 1 else sorted(by_year)
        if reading.years.span and len(reading.years.years) <= 1:
            wanted = sorted(by_year)[-reading.years.span :]
        metric, column = self._asked(reading)
        parts: list[dict[str, Any]] = []
        for year in wanted:
            if year not in by_year:
                parts.append({"year": year, "value": None, "label": "没有收录该年报告"})
                continue
            looked = self._measured(reading, by_year[year], metric, column)
            if looked is None:
                parts.append({"year": year, "value": None, "label": "报告未给出"})
                continue
            parts.append(part_of(metric, column, looked, by_year[year]))
        known = [p for p in parts if p["value"] is not None]
        if not known:
            return self._missing(reading, by_year[max(by_year)], metric, column)
        unit = known[0]["unit"]
        listed = "，".join(
            f"{p['year']}年"
            + (shown_value(p["value"], unit) if p["value"] is not None else p["label"])
            for p in parts
        )
        total = sum((Decimal(str(p["value"])) for p in known), Decimal(0))
        summed = bool(SUM_ALL.search(reading.text)) and len(known) == len(parts)
        label = metric_phrase(metric, column)
        sentence = f"{reading.agency}{label}：{listed}。"
        if summed:
            sentence += f"合计{shown_value(total, unit)}。"
        latest = by_year[max(p["year"] for p in known)]
        return Answer(
            found=True,
            answer=sentence,
            kind="series",
            value=as_number(total) if summed else None,
            unit=unit,
            metric={"key": metric.key, "label": metric.label},
            column=column_ref(metric, column),
            report=report_ref(latest),
            source=known[-1]["source"],
            parts=parts,
            context=context_of(reading, latest),
            confidence=0.8,
            notes=reading.notes,
        )

    def _check(
        self,
        reading: Reading,
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
            report=report_ref(report),
            check={
                "passed": counts["pass"],
                "failed": counts["fail"],
                "skipped": counts["skipped"],
                "ok": not failures,
                "failures": failures,
            },
            context=context_of(reading, report),
            confidence=0.9,
            notes=reading.notes,
        )

    # -- prose figures and passages -----------------------------------------------------------

    def _prose(self, reading: Reading, report: dict[str, Any]) -> Answer:
        """A figure the lexicon does not know: the report's stated figure that best matches
        the question (``_prose_scored``). Below the gate, the report does not say."""
        scored = self.sources.prose_scored(reading, report)
        if not scored or scored[0][1] < PROSE_GATE:
            answer = not_found(
                f"{report['agency']}{report['year']}年的报告里没有找到这个数字。",
                reading,
                report,
            )
            answer.related = [
                {"label": f["clause"], "value": f["value"], "unit": f["unit"]}
                for _, overlap, f in scored[:3]
                if overlap > 0
            ]
            answer.passages = self.sources.passages(reading, report, limit=1)
            answer.context = context_of(reading, report)
            return answer
        _, overlap, fact = scored[0]
        looked = Looked.of(fact, self.sources.of_fact(report["id"], fact))
        metric = Metric(f"prose:{fact['id']}", fact["clause"] or fact["metric_label"] or "")
        answer = figure_answer(reading, report, metric, "", looked)
        answer.answer = (
            f"{report['agency']}{report['year']}年的报告写道：“{fact['clause'] or fact['raw']}”，"
            f"即{shown_value(looked.value, looked.unit, looked)}。"
        )
        answer.metric = {"key": fact["metric"], "label": fact["clause"] or fact["metric_label"]}
        answer.confidence = round(min(0.9, 0.4 + overlap / 2), 2)
        for _, other_overlap, other in scored[1:3]:
            if other_overlap >= PROSE_GATE and other["value"] != fact["value"]:
                answer.alternatives.append(
                    {
                        "metric": {"key": other["metric"], "label": other["clause"]},
                        "value": as_number(Decimal(other["value"])),
                        "unit": other["unit"],
                    }
                )
        answer.context = context_of(reading, report) | {"metrics": []}
        return answer

    def _passage(self, reading: Reading, report: dict[str, Any]) -> Answer:
        passages = self.sources.passages(reading, report, limit=2)
        if not passages:
            return not_found(
                f"{report['agency']}{report['year']}年的报告里没有找到相关内容。", reading, report
            )
        first = passages[0]
        return Answer(
            found=True,
            answer=f"{report['agency']}{report['year']}年报告“{first['section']}”中写道：{clipped(first['text'])}",
            kind="passage",
            report=report_ref(report),
            source=first,
            passages=passages,
            context=context_of(reading, report) | {"metrics": []},
            confidence=0.6,
            notes=reading.notes,
        )
