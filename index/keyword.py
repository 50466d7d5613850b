"""Keyword search: SQLite FTS5 over jieba-segmented text, ranked by BM25.

The full-text index lives in the same database as the reports, so it changes in the same
transactions and can never fall out of step with them. Query terms that occur in most
documents ("政府信息公开" in a corpus of such reports) carry almost no information but cost
a scan of every posting; terms in more than ``COMMON_SHARE`` of the documents are left out
of the query when rarer ones remain.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import sqlite_utils

from index import tokenize
from index.documents import DOCUMENTS, FTS, INDEXED, ensure_tables

COMMON_SHARE = 0.5
PER_REPORT_BELOW = 32  # searches within at most this many reports seek to each one


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """What a search may return: all filters are optional and combine with AND."""

    agency: str | None = None  # a substring of the agency's name
    year: int | None = None
    section: str | None = None  # "0" … "6"
    kind: str | None = None  # "passage" or "fact"
    report_id: str | None = None
    report_ids: tuple[str, ...] | None = None  # any of these reports


class FtsIndex:
    """BM25 search over the ``documents_fts`` table."""

    name = "fts5"

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self._frequencies: dict[str, int] = {}  # document frequency of query terms
        self._total = -1  # the document count those frequencies belong to

    def warm_up(self) -> None:
        ensure_tables(self.db)

    def search(
        self, question: str, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        """Up to ``k`` (document id, score) pairs, best first; higher scores are better."""
        terms = self._informative(tokenize.query_terms(question))
        if not terms or k <= 0:
            return []
        filters = filters or Filters()
        expression = " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)
        reports = _reports(filters)
        if reports is not None and len(reports) <= PER_REPORT_BELOW:
            return self._in_reports(expression, reports, filters, k)
        if reports is not None:
            clauses, params = _filter_sql(filters)
            sql = (
                f"select d.id, -bm25({FTS}) as score from {FTS} join {DOCUMENTS} d "
                f"on d.rowid = {FTS}.rowid where {FTS} match ? {clauses} "
                "order by score desc, d.id limit ?"
            )
            return [(row[0], row[1]) for row in self.db.execute(sql, [expression, *params, k])]
        clauses, params = _filter_sql(filters)
        return self._ranked(expression, clauses, params, k)

    def _in_reports(
        self, expression: str, reports: tuple[str, ...], filters: Filters, k: int
    ) -> list[tuple[str, float]]:
        """A report's documents have neighbouring rowids (they are written together), so
        FTS5 can seek to them instead of reading every posting of every term."""
        clauses, params = _filter_sql(replace(filters, report_id=None, report_ids=None))
        found: list[tuple[str, float]] = []
        for report_id in reports:
            low, high = self.db.execute(
                f"select min(rowid), max(rowid) from {DOCUMENTS} where report_id = ?",
                [report_id],
            ).fetchone()
            if low is None:
                continue
            found += self._ranked(
                expression,
                f"{clauses} and {FTS}.rowid between ? and ?",
                [*params, low, high],
                k,
                report_id,
            )
        return sorted(found, key=lambda pair: (-pair[1], pair[0]))[:k]

    def _ranked(
        self,
        expression: str,
        clauses: str,
        params: list[object],
        k: int,
        report_id: str | None = None,
    ) -> list[tuple[str, float]]:
        """FTS5 ranks by itself; then ids (of ``report_id``'s documents, if given) for k rows."""
        ranked = self.db.execute(
            f"select rowid, -bm25({FTS}) from {FTS} where {FTS} match ? {clauses} "
            "order by rank limit ?",
            [expression, *params, k],
        ).fetchall()
        if not ranked:
            return []
        marks = ", ".join("?" * len(ranked))
        own = "and report_id = ?" if report_id else ""
        ids = dict(
            self.db.execute(
                f"select rowid, id from {DOCUMENTS} where rowid in ({marks}) {own}",
                [*(rowid for rowid, _ in ranked), *([report_id] if report_id else [])],
            ).fetchall()
        )
        found = [(ids[rowid], score) for rowid, score in ranked if rowid in ids]
        return sorted(found, key=lambda pair: (-pair[1], pair[0]))

    def _informative(self, terms: list[str]) -> list[str]:
        """``terms`` without those in more than ``COMMON_SHARE`` of the documents."""
        if len(terms) < 2:
            return terms
        total = self.db.execute(f"select coalesce(sum(documents), 0) from {INDEXED}").fetchone()[0]
        if total != self._total:
            self._frequencies, self._total = {}, total
        for term in terms:
            if term not in self._frequencies:
                row = self.db.execute(
                    f"select doc from {FTS}_vocab where term = ?", [term]
                ).fetchone()
                self._frequencies[term] = row[0] if row else 0
        rare = [t for t in terms if self._frequencies[t] <= COMMON_SHARE * max(total, 1)]
        return rare or terms


def _reports(filters: Filters) -> tuple[str, ...] | None:
    if filters.report_id:
        return (filters.report_id, *(filters.report_ids or ()))
    return filters.report_ids


def _filter_sql(filters: Filters) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if filters.agency:
        clauses.append(f"and {FTS}.agency like ?")
        params.append(f"%{filters.agency}%")
    if filters.year is not None:
        clauses.append(f"and {FTS}.year = ?")
        params.append(filters.year)
    if filters.section:
        clauses.append(f"and {FTS}.section = ?")
        params.append(filters.section)
    if filters.kind:
        clauses.append(f"and {FTS}.kind = ?")
        params.append(filters.kind)
    if filters.report_id:
        clauses.append("and d.report_id = ?")
        params.append(filters.report_id)
    if filters.report_ids is not None:
        clauses.append(f"and d.report_id in ({', '.join('?' * len(filters.report_ids))})")
        params += list(filters.report_ids)
    return " ".join(clauses), params
