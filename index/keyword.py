"""Keyword search: SQLite FTS5 over jieba-segmented text, ranked by BM25.

The full-text index lives in the same database as the reports, so it changes in the same
transactions and can never fall out of step with them. Query terms that occur in most
documents ("政府信息公开" in a corpus of such reports) carry almost no information but cost
a scan of every posting; terms in more than ``COMMON_SHARE`` of the documents are left out
of the query when rarer ones remain.

Within a few known reports (an agency's page, a question naming its agency) FTS5 would
still read each term's whole posting list, which grows with the corpus. There the
reports' segmented text is read by rowid and scored with FTS5's own BM25 formula, using
the corpus-wide document frequencies, so the scores and order are the ones FTS5 gives.
"""

from __future__ import annotations

import math
from collections import Counter, OrderedDict
from dataclasses import dataclass

import sqlite_utils

from index import tokenize
from index.documents import DOCUMENTS, FTS, INDEXED, ensure_tables, frequencies, index_tokens

COMMON_SHARE = 0.5
PER_REPORT_BELOW = 200  # searches within at most this many reports score them in Python
REPORT_CACHE = 512  # reports whose segmented text stays in memory
K1, B = 1.2, 0.75  # FTS5's bm25() constants


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
        self._average = 0.0  # tokens per document, for that count
        self._reports: OrderedDict[tuple[str, int, int, int], _Report] = OrderedDict()

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
        if (
            reports is not None
            and len(reports) <= PER_REPORT_BELOW
            and all(index_tokens(term) == [term] for term in terms)  # no phrase of several tokens
        ):
            return self._in_reports(terms, reports, filters, k)
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
        self, terms: list[str], reports: tuple[str, ...], filters: Filters, k: int
    ) -> list[tuple[str, float]]:
        """BM25 over the documents of ``reports`` only, as FTS5 would score them."""
        self._informative(terms)  # the document frequencies, and the count they belong to
        total, average = max(self._total, 1), self._average or 1.0
        weights = [
            (term, max(math.log((total - n + 0.5) / (n + 0.5)), 1e-6))
            for term, n in ((t, self._frequencies[t]) for t in terms)
        ]
        scored: list[tuple[float, int]] = []  # (score, rowid)
        for report_id in dict.fromkeys(reports):
            report = self._report(report_id)
            if report is None:
                continue
            for position in report.matching(terms, filters):
                counts, length = report.counts(position)
                norm = K1 * (1 - B + B * length / average)
                score = sum(
                    idf * count * (K1 + 1) / (count + norm)
                    for term, idf in weights
                    if (count := counts.get(term, 0))
                )
                if score:  # a term inside a longer token is no match
                    scored.append((score, report.rowids[position]))
        if not scored:
            return []
        scored.sort(reverse=True)
        cut = scored[min(k, len(scored)) - 1][0]  # documents tied at the cut are ordered by id
        kept = [(score, rowid) for score, rowid in scored if score >= cut]
        ids = self._ids([rowid for _, rowid in kept])
        return sorted(((ids[r], score) for score, r in kept), key=lambda p: (-p[1], p[0]))[:k]

    def _ids(self, rowids: list[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for start in range(0, len(rowids), 500):
            chunk = rowids[start : start + 500]
            found.update(
                self.db.execute(
                    f"select rowid, id from {DOCUMENTS} where rowid in "
                    f"({', '.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
            )
        return found

    def _report(self, report_id: str) -> _Report | None:
        """``report_id``'s documents as the keyword index holds them (cached; a replaced
        report gets new rowids, so its old entry is never used again)."""
        low, high, count = self.db.execute(
            f"select min(rowid), max(rowid), count(*) from {DOCUMENTS} where report_id = ?",
            [report_id],
        ).fetchone()
        if not count:
            return None
        key = (report_id, low, high, count)
        if key in self._reports:
            self._reports.move_to_end(key)
            return self._reports[key]
        if high - low + 1 == count:  # written together: the rowid range is the report
            sql = (
                f"select rowid, kind, agency, year, section, terms from {FTS} "
                "where rowid between ? and ? order by rowid"
            )
            params: list[object] = [low, high]
        else:
            sql = (
                f"select f.rowid, f.kind, f.agency, f.year, f.section, f.terms from {FTS} f "
                f"join {DOCUMENTS} d on d.rowid = f.rowid "
                "where d.report_id = ? and d.rowid between ? and ? order by d.rowid"
            )
            params = [report_id, low, high]
        report = _Report(self.db.execute(sql, params).fetchall())
        self._reports[key] = report
        while len(self._reports) > REPORT_CACHE:
            self._reports.popitem(last=False)
        return report

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
        total = self.db.execute(f"select coalesce(sum(documents), 0) from {INDEXED}").fetchone()[0]
        if total != self._total:
            self._frequencies, self._total = {}, total
            self._average = _average_length(self.db)
        unknown = [term for term in terms if term not in self._frequencies]
        if unknown:
            self._frequencies.update(frequencies(self.db, unknown))
        if len(terms) < 2:
            return terms
        rare = [t for t in terms if self._frequencies[t] <= COMMON_SHARE * max(total, 1)]
        return rare or terms


class _Report:
    """One report's documents for scoring: rowids, filterable columns and segmented text;
    a document's term counts are worked out the first time a query term is in its text."""

    __slots__ = ("_counts", "columns", "rowids", "texts")

    def __init__(self, rows: list[tuple]) -> None:
        self.rowids: list[int] = [row[0] for row in rows]
        self.columns = [(row[1], row[2], row[3], row[4]) for row in rows]  # kind … section
        self.texts: list[str] = [(row[5] or "").lower() for row in rows]
        self._counts: dict[int, tuple[Counter[str], int]] = {}

    def matching(self, terms: list[str], filters: Filters) -> list[int]:
        """Positions of the documents ``filters`` admit whose text has any of ``terms``."""
        return [
            position
            for position, text in enumerate(self.texts)
            if any(term in text for term in terms) and self._admits(position, filters)
        ]

    def counts(self, position: int) -> tuple[Counter[str], int]:
        """The document's tokens as unicode61 cuts them (counted), and how many."""
        if position not in self._counts:
            counts = Counter(index_tokens(self.texts[position]))
            self._counts[position] = (counts, sum(counts.values()))
        return self._counts[position]

    def _admits(self, position: int, filters: Filters) -> bool:
        kind, agency, year, section = self.columns[position]
        return (
            (not filters.kind or kind == filters.kind)
            and (not filters.section or section == filters.section)
            and (filters.year is None or year == filters.year)
            and (not filters.agency or filters.agency in (agency or ""))
        )


def _average_length(db: sqlite_utils.Database) -> float:
    """Tokens per document over the whole index, from FTS5's own totals record (the row
    count, then each column's token count, as SQLite varints)."""
    row = db.execute(f"select block from {FTS}_data where id = 1").fetchone()
    if row is None or not row[0]:
        return 0.0
    numbers, value, data = [], 0, bytes(row[0])
    position = 0
    while position < len(data):
        value, position = _varint(data, position)
        numbers.append(value)
    rows, tokens = numbers[0], sum(numbers[1:])
    return tokens / rows if rows else 0.0


def _varint(data: bytes, position: int) -> tuple[int, int]:
    """SQLite's variable-length integer at ``position``: (value, next position)."""
    value = 0
    for index in range(8):
        if position + index >= len(data):
            return value, len(data)
        byte = data[position + index]
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, position + index + 1
    if position + 8 >= len(data):
        return value, len(data)
    return (value << 8) | data[position + 8], position + 9


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
