"""The template's balance rules, checked on a report's facts.

Each result keeps the cells it compared (fact ids), so a failure can be shown and the cell
to blame found: the one every failed rule has in common (``suspects``). An empty cell counts
as 0; a rule over a cell that is missing or unreadable is recorded as skipped, never passed.
A 总计 column left empty in every row of table 三 was not printed (some pages leave it blank),
so the rules over it are skipped too, not failed against zeros. An applicant column empty
throughout is read as zeros: an agency often has no requests from, say, research bodies.
Reports in the 2019 trial format print （六）其他处理 as one row: their （七）总计 is checked
against that row, not the three sub-items the 2021 format added.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal

from ingest.records import Check, Fact, content_id
from ingest.template import (
    APPLICANT_COLUMNS,
    LITIGATION_GROUPS,
    LITIGATION_OUTCOMES,
    TABLE_3_2019_ROWS,
    TABLE_3_ROWS,
    outcome_items,
    table,
)

_Key = tuple[str, str]
_TABLE_3_KEYS = frozenset(row.key for row in (*TABLE_3_ROWS, *TABLE_3_2019_ROWS))
_PROSE_VS_TABLE = ("requests.new", "requests.carried_in", "requests.carried_over")


def run_checks(report_id: str, facts: Sequence[Fact]) -> tuple[Check, ...]:
    """Every balance rule that applies to the report's tables and prose."""
    cells = {(f.metric, f.column): f for f in facts if f.source == "table"}
    checks: list[Check] = []
    if any(key[0].startswith(("requests.", "outcome.")) for key in cells):
        checks += _table_3(report_id, cells, _unprinted_total(cells))
    if any(key[0] in dict(LITIGATION_GROUPS) for key in cells):
        checks += _table_4(report_id, cells)
    checks += _prose_vs_table(report_id, facts, cells)
    return tuple(checks)


def _unprinted_total(cells: dict[_Key, Fact]) -> frozenset[str]:
    """{"total"} when table 三's 总计 column is empty in every row while other columns hold
    figures; else nothing (a table left wholly blank is all zeros, and its rules hold)."""
    table_3 = [cells[key] for key in cells if key[0] in _TABLE_3_KEYS]
    totals = [fact for fact in table_3 if fact.column == "total"]
    others = [fact for fact in table_3 if fact.column != "total"]
    if totals and all(f.empty for f in totals) and not all(f.empty for f in others):
        return frozenset({"total"})
    return frozenset()


def _table_3(report_id: str, cells: dict[_Key, Fact], unprinted: frozenset[str]) -> list[Check]:
    checks = []
    template = _template(cells)
    for column, label in APPLICANT_COLUMNS:
        checks.append(
            _rule(
                report_id,
                "三.balance",
                column,
                cells,
                left=[("requests.new", column), ("requests.carried_in", column)],
                right=[("outcome.total", column), ("requests.carried_over", column)],
                what=f"{label}: 一 + 二 = 三（七）总计 + 四",
                unprinted=unprinted,
            )
        )
        checks.append(
            _rule(
                report_id,
                "三.outcome_total",
                column,
                cells,
                left=[(item, column) for item in outcome_items(template)],
                right=[("outcome.total", column)],
                what=f"{label}: （一）…（六）之和 = （七）总计",
                unprinted=unprinted,
            )
        )
    applicants = [column for column, _ in APPLICANT_COLUMNS if column != "total"]
    for row in table("三", template).rows:
        checks.append(
            _rule(
                report_id,
                "三.row_total",
                row.key,
                cells,
                left=[(row.key, column) for column in applicants],
                right=[(row.key, "total")],
                what=f"{row.label}: 各类申请人之和 = 总计",
                unprinted=unprinted,
            )
        )
    return checks


def _template(cells: dict[_Key, Fact]) -> str:
    """The format the table facts were read in: the trial format's (2019) table 三 has one
    （六）其他处理 row, and its table 二 its own metrics."""
    trial = any(
        metric == "outcome.other" or metric.startswith("disclosure2019.") for metric, _ in cells
    )
    return "2019" if trial else "2021"


def _table_4(report_id: str, cells: dict[_Key, Fact]) -> list[Check]:
    outcomes = [outcome for outcome, _ in LITIGATION_OUTCOMES if outcome != "total"]
    return [
        _rule(
            report_id,
            "四.group_total",
            group,
            cells,
            left=[(group, outcome) for outcome in outcomes],
            right=[(group, "total")],
            what=f"{label}: 维持 + 纠正 + 其他 + 尚未审结 = 总计",
        )
        for group, label in LITIGATION_GROUPS
    ]


def _prose_vs_table(report_id: str, facts: Sequence[Fact], cells: dict[_Key, Fact]) -> list[Check]:
    checks = []
    unprinted = _unprinted_total(cells)
    for fact in facts:
        if fact.source != "prose" or fact.metric not in _PROSE_VS_TABLE:
            continue
        if (fact.metric, "total") not in cells:
            continue
        checks.append(
            _rule(
                report_id,
                "prose.table",
                f"{fact.metric}@{fact.start}",
                cells | {("prose", ""): fact},
                left=[("prose", "")],
                right=[(fact.metric, "total")],
                what=f"正文“{fact.clause}”与表三 {fact.metric_label} 总计一致",
                unprinted=unprinted,
            )
        )
    return checks


def _rule(
    report_id: str,
    rule: str,
    scope: str,
    cells: dict[_Key, Fact],
    *,
    left: Iterable[_Key],
    right: Iterable[_Key],
    what: str,
    unprinted: frozenset[str] = frozenset(),
) -> Check:
    left, right = list(left), list(right)
    involved = [cells.get(key) for key in left + right]
    ids = tuple(fact.id for fact in involved if fact is not None)
    check_id = content_id(report_id, "check", rule, scope)
    if any(column in unprinted for _, column in left + right):
        return _skipped(report_id, rule, scope, ids, f"{what}: not checked, 总计 is not printed")
    unusable = [
        key
        for key, fact in zip(left + right, involved, strict=True)
        if fact is None or fact.unreadable
    ]
    if unusable:
        missing = ", ".join(f"{metric}/{column}" for metric, column in unusable[:3])
        return _skipped(report_id, rule, scope, ids, f"{what}: cannot check ({missing})")
    actual = sum((_value(cells[key]) for key in left), Decimal(0))
    expected = sum((_value(cells[key]) for key in right), Decimal(0))
    status = "pass" if actual == expected else "fail"
    message = what if status == "pass" else f"{what}: {actual} ≠ {expected}"
    return Check(
        id=check_id,
        report_id=report_id,
        rule=rule,
        scope=scope,
        status=status,
        expected=expected,
        actual=actual,
        cells=ids,
        message=message,
    )


def _skipped(report_id: str, rule: str, scope: str, ids: tuple[str, ...], message: str) -> Check:
    return Check(
        id=content_id(report_id, "check", rule, scope),
        report_id=report_id,
        rule=rule,
        scope=scope,
        status="skipped",
        expected=None,
        actual=None,
        cells=ids,
        message=message,
    )


def _value(fact: Fact) -> Decimal:
    return fact.value if fact.value is not None else Decimal(0)


def suspects(failed: Iterable[Iterable[str]]) -> tuple[str, ...]:
    """The cells to blame, given the cells of each failed check: those most failures share."""
    counts = Counter(cell for cells in failed for cell in set(cells))
    if not counts:
        return ()
    top = max(counts.values())
    return tuple(sorted(cell for cell, count in counts.items() if count == top))
