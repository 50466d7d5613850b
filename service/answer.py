"""The answer object and how it is worded: the Chinese sentence, the figure with its
unit and approximate mark, the parts of a derived answer, alternatives, clarifications,
and the context a client sends back with its next question.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from service.metrics import COLUMN_LABELS, METRICS, Metric
from service.question import Reading, content_words


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
class Looked:
    """A value read from the report (or summed from several), with its source."""

    value: Decimal
    unit: str
    approximate: bool
    raw: str
    source: dict[str, Any] | None
    empty: bool = False
    note: str | None = None
    parts: list[Looked] = field(default_factory=list)

    @classmethod
    def of(cls, fact: dict[str, Any], source: dict[str, Any]) -> Looked:
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
    def summed(cls, parts: list[Looked]) -> Looked:
        return cls(
            value=sum((p.value for p in parts), Decimal(0)),
            unit=parts[0].unit if parts else "",
            approximate=any(p.approximate for p in parts),
            raw="",
            source=parts[0].source if parts else None,
            parts=parts,
        )


def stored_metric(key: str, group: Metric) -> Metric:
    """A part of a group that has no entry of its own (outcome.other.other)."""
    return Metric(key, key, group.columns, group.default_column)


def figure_answer(
    reading: Reading, report: dict[str, Any], metric: Metric, column: str, looked: Looked
) -> Answer:
    label = metric_phrase(metric, column)
    shown = shown_value(looked.value, looked.unit, looked)
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
        value=as_number(looked.value),
        unit=looked.unit,
        approximate=looked.approximate,
        metric={"key": metric.key, "label": metric.label},
        column=column_ref(metric, column),
        report=report_ref(report),
        source=source,
        parts=[
            {"value": as_number(p.value), "unit": p.unit, "source": p.source} for p in looked.parts
        ],
        context=context_of(reading, report),
        confidence=0.95 if not reading.inherited else 0.85,
        notes=notes,
    )


def alternative_of(metric: Metric, column: str, looked: Looked) -> dict[str, Any]:
    return {
        "metric": {"key": metric.key, "label": metric.label},
        "column": column_ref(metric, column),
        "value": as_number(looked.value),
        "unit": looked.unit,
        "answer": metric_phrase(metric, column)
        + "："
        + shown_value(looked.value, looked.unit, looked),
        "source": looked.source,
    }


def part_of(metric: Metric, column: str, looked: Looked, report: dict[str, Any]) -> dict[str, Any]:
    return {
        "label": metric_phrase(metric, column),
        "metric": metric.key,
        "year": report["year"],
        "report_id": report["id"],
        "value": as_number(looked.value),
        "unit": looked.unit,
        "approximate": looked.approximate,
        "source": looked.source,
    }


def not_found(sentence: str, reading: Reading, report: dict[str, Any] | None = None) -> Answer:
    return Answer(
        found=False,
        answer=sentence,
        kind="none",
        report=report_ref(report) if report else None,
        context=context_of(reading, report),
        confidence=0.0,
        notes=list(reading.notes),
    )


def clarify_agency(reading: Reading, choices: list[str], question: str | None = None) -> Answer:
    return Answer(
        found=False,
        answer=question or "您问的可能是以下几个机关之一，请选择：",
        kind="clarify",
        clarify={
            "question": question or "请问您问的是哪一个机关？",
            "field": "agency",
            "choices": [{"label": name, "value": name} for name in choices],
        },
        context=context_of(reading, None),
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


def clarify_metric(reading: Reading, report: dict[str, Any]) -> Answer:
    return Answer(
        found=False,
        answer="请问您想了解哪一项数字？",
        kind="clarify",
        report=report_ref(report),
        clarify={
            "question": "请问您想了解哪一项数字？",
            "field": "metric",
            "choices": [{"label": METRICS[k].label, "value": k} for k in COMMON_METRICS],
        },
        context=context_of(reading, report),
        notes=list(reading.notes),
    )


def context_of(
    reading: Reading, report: dict[str, Any] | None, year: int | None = None
) -> dict[str, Any]:
    return {
        "agency": report["agency"] if report else reading.agency,
        "year": report["year"] if report else (year or reading.years.year),
        "report_id": report["id"] if report else None,
        "metrics": list(reading.metrics),
        "column": reading.column,
        # a stated figure the lexicon does not name: the question's words, for follow-ups
        "topic": None if reading.metrics else " ".join(content_words(reading)) or None,
    }


def report_ref(report: dict[str, Any]) -> dict[str, Any]:
    return {k: report.get(k) for k in ("id", "agency", "year", "title")}


def metric_phrase(metric: Metric, column: str) -> str:
    if not column or not metric.columns or (column == metric.default_column and column != "total"):
        return f"“{metric.label}”"
    return f"“{metric.label}”（{COLUMN_LABELS.get(column, column)}）"


def column_ref(metric: Metric, column: str) -> dict[str, str] | None:
    if not column:
        return None
    return {"key": column, "label": COLUMN_LABELS.get(column, column)}


def shown_value(value: Any, unit: str, looked: Looked | None = None) -> str:
    if looked is not None and looked.approximate and looked.raw and not looked.parts:
        raw = looked.raw
        return raw if raw.endswith(unit) or not unit else raw + unit
    number = as_number(Decimal(str(value)))
    return f"{number}{unit}"


def as_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def clipped(text: str, size: int = 160) -> str:
    return text if len(text) <= size else text[:size] + "……"
