"""The SQLite store: reports, sections, passages, facts and checks, through sqlite-utils.

Rows are plain dicts. Ids are content hashes, so saving the same report twice changes
nothing; a report with the same key (the file it came from) but other content replaces the
old version. A second report for an agency and year already stored is kept beside the first,
with a warning: which one is right is for a person to decide. Each report is saved in one
transaction: a crash mid-save leaves the database as it was before that report.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlite_utils

from ingest.checks import suspects
from ingest.records import ParsedReport

_CHILDREN = ("sections", "passages", "facts", "checks")
_SCHEMA: dict[str, dict[str, type]] = {
    "reports": {
        "id": str,
        "key": str,
        "agency": str,
        "year": int,
        "published": str,
        "title": str,
        "template": str,
        "source_path": str,
        "source_sha256": str,
        "encoding": str,
        "text": str,
        "warnings": str,
        "incomplete": int,
    },
    "sections": {
        "id": str,
        "report_id": str,
        "key": str,
        "path": str,
        "title": str,
        "start": int,
        "end": int,
    },
    "passages": {
        "id": str,
        "report_id": str,
        "section_key": str,
        "section_path": str,
        "kind": str,
        "text": str,
        "start": int,
        "end": int,
        "page": int,
    },
    "facts": {
        "id": str,
        "report_id": str,
        "source": str,
        "table": str,
        "metric": str,
        "metric_label": str,
        "column": str,
        "column_label": str,
        "value": str,
        "unit": str,
        "raw": str,
        "note": str,
        "approximate": int,
        "empty": int,
        "inferred": int,
        "unreadable": int,
        "clause": str,
        "passage_id": str,
        "start": int,
        "end": int,
        "ordinal": int,
        "page": int,
        "table_index": int,
        "cell_row": int,
        "cell_column": int,
    },
    "checks": {
        "id": str,
        "report_id": str,
        "rule": str,
        "scope": str,
        "status": str,
        "expected": str,
        "actual": str,
        "cells": str,
        "message": str,
    },
}
_INDEXES = {
    "reports": [["key"], ["agency", "year"]],
    "sections": [["report_id"]],
    "passages": [["report_id"]],
    # (report_id, metric): answering looks a metric up in one report; with only the two
    # below, SQLite may walk every report's rows of the metric (seconds at 10,000 reports).
    "facts": [["report_id"], ["metric", "column"], ["report_id", "metric"]],
    "checks": [["report_id", "status"]],
}


def open_db(path: str | Path) -> sqlite_utils.Database:
    """The database at ``path`` (":memory:" for tests), created and migrated as needed."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path if str(path) == ":memory:" else Path(path))
    if str(path) != ":memory:":
        db.enable_wal()
        # In WAL mode NORMAL keeps every transaction atomic; only the last commits before a
        # power cut may be lost, and re-ingesting restores them. FULL costs an fsync per report.
        db.execute("PRAGMA synchronous=NORMAL")
    for name, columns in _SCHEMA.items():
        db.table(name).create(columns, pk="id", if_not_exists=True)
        missing = set(columns) - {column.name for column in db.table(name).columns}
        for column in sorted(missing):  # a database written by an older version
            db.table(name).add_column(column, columns[column])
        for index in _INDEXES[name]:
            db.table(name).create_index(index, if_not_exists=True)
    return db


def save(db: sqlite_utils.Database, parsed: ParsedReport) -> tuple[str, tuple[str, ...]]:
    """Store one parsed report: its status ("unchanged"; "added"; "replaced" when an older
    version from the same file is replaced) and warnings about what else is stored."""
    report = parsed.report
    if db.table("reports").count_where("id = ?", [report.id]):
        return "unchanged", ()
    older = [row["id"] for row in db.table("reports").rows_where("key = ?", [report.key])]
    notes = _same_agency_and_year(db, parsed)
    row = _row(report) | {"warnings": json.dumps([*report.warnings, *notes], ensure_ascii=False)}
    with db.atomic():
        for old_id in older:
            _delete(db, old_id)
        db.table("reports").insert(row)
        for name, records in (
            ("sections", parsed.sections),
            ("passages", parsed.passages),
            ("facts", parsed.facts),
            ("checks", parsed.checks),
        ):
            db.table(name).insert_all((_row(record) for record in records), batch_size=500)
    return ("replaced" if older else "added"), notes


def _same_agency_and_year(db: sqlite_utils.Database, parsed: ParsedReport) -> tuple[str, ...]:
    """A second report for one agency and year is kept, and said."""
    report = parsed.report
    if not report.agency or not report.year:
        return ()
    others = db.table("reports").rows_where(
        "agency = ? and year = ? and key != ?",
        [report.agency, report.year, report.key],
        select="source_path",
    )
    return tuple(
        f"another report for {report.agency} {report.year} is stored, from {row['source_path']}"
        for row in others
    )


def delete_report(db: sqlite_utils.Database, report_id: str) -> bool:
    """Remove a report and everything read from it; False when there is no such report."""
    if not db.table("reports").count_where("id = ?", [report_id]):
        return False
    with db.atomic():
        _delete(db, report_id)
    return True


def _delete(db: sqlite_utils.Database, report_id: str) -> None:
    for name in _CHILDREN:
        db.table(name).delete_where("report_id = ?", [report_id])
    db.table("reports").delete_where("id = ?", [report_id])


def _row(record: Any) -> dict[str, Any]:
    row = {}
    for name in _field_names(type(record)):
        value = getattr(record, name)
        if isinstance(value, Decimal):
            value = str(value)  # exact: a reported figure is never a float
        elif isinstance(value, tuple):
            value = json.dumps(list(value), ensure_ascii=False)
        elif isinstance(value, bool):
            value = int(value)
        row[name] = value
    return row


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    if kind not in _FIELDS:
        _FIELDS[kind] = tuple(field.name for field in dataclasses.fields(kind))
    return _FIELDS[kind]


def reports(
    db: sqlite_utils.Database, *, agency: str | None = None, year: int | None = None
) -> Iterator[dict[str, Any]]:
    """Stored reports without their text, newest year first."""
    where, params = _where(agency=agency, year=year)
    sql = (
        "select r.id, r.agency, r.year, r.published, r.title, r.source_path, r.incomplete, "
        "r.warnings, (select count(*) from facts f where f.report_id = r.id) as facts, "
        "(select count(*) from checks c where c.report_id = r.id and c.status = 'fail') "
        f"as failed_checks from reports r {where} order by r.year desc, r.agency, r.id"
    )
    for row in db.query(sql, params):
        yield row | {"warnings": json.loads(row["warnings"] or "[]")}


def facts(
    db: sqlite_utils.Database,
    *,
    agency: str | None = None,
    year: int | None = None,
    table: str | None = None,
    metric: str | None = None,
    column: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Stored facts with their report's agency and year; ``metric`` matches a key prefix."""
    where, params = _where(agency=agency, year=year, table=table, metric=metric, column=column)
    sql = (
        "select r.agency, r.year, f.* from facts f join reports r on r.id = f.report_id "
        f'{where} order by r.agency, r.year, f.source desc, f."table", f.start, f.ordinal, f.id'
    )
    yield from db.query(sql, params)


def checks(
    db: sqlite_utils.Database, *, status: str | None = None, report_id: str | None = None
) -> Iterator[dict[str, Any]]:
    """Stored check results with their report's agency and year."""
    clauses, params = [], []
    if status:
        clauses.append("c.status = ?")
        params.append(status)
    if report_id:
        clauses.append("c.report_id = ?")
        params.append(report_id)
    where = f"where {' and '.join(clauses)}" if clauses else ""
    sql = (
        "select r.agency, r.year, r.source_path, c.* from checks c "
        f"join reports r on r.id = c.report_id {where} order by r.agency, r.year, c.rule, c.scope"
    )
    for row in db.query(sql, params):
        yield row | {"cells": json.loads(row["cells"] or "[]")}


def blamed(db: sqlite_utils.Database, report_id: str) -> list[dict[str, Any]]:
    """The cells a report's failed checks point to (see ``checks.suspects``)."""
    failed = [row["cells"] for row in checks(db, status="fail", report_id=report_id)]
    ids = suspects(failed)
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    sql = (
        'select id, "table", metric, metric_label, column, column_label, value, raw '
        f"from facts where id in ({marks}) order by start, ordinal, id"
    )
    return list(db.query(sql, list(ids)))


def _where(**filters: object) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    for name, value in filters.items():
        if value is None:
            continue
        if name == "agency":
            clauses.append("r.agency like ?")
            params.append(f"%{value}%")
        elif name == "metric":
            clauses.append("(f.metric = ? or f.metric like ?)")
            params += [value, f"{value}.%"]
        elif name == "year":
            clauses.append("r.year = ?")
            params.append(value)
        else:
            clauses.append(f'f."{name}" = ?')
            params.append(value)
    return (f"where {' and '.join(clauses)}" if clauses else ""), params
