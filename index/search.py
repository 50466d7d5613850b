"""Hybrid retrieval: keyword and vector search fused by reciprocal rank.

``Retriever`` is the one entry point: ``warm_up()`` brings the documents and both indexes
in step with the stored reports (and loads the model); ``search()`` returns ranked hits
with their sources. Ordering is deterministic: ties are broken by document id.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

import sqlite_utils

from index import documents, tokenize
from index.fusion import reciprocal_rank_fusion
from index.keyword import Filters, FtsIndex
from index.names import AgencyNames
from index.vectors import QUERY_CACHE, Embedder, VectorIndex

MAX_QUESTION_CHARS = 500
MODES = ("hybrid", "keyword", "vector")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
# One worker embeds a question while the keyword index is searched (torch and SQLite both
# let go of the GIL): one query at a time, as the model runs on one torch thread.
_EMBEDDER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reportqa-embed")
ROUTED_REPORTS = 5  # hybrid without an agency filter: the vector run looks in these reports


class SearchError(ValueError):
    """A search that cannot be run as asked (an empty or over-long question, a bad mode)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Hit:
    id: str
    kind: str  # "passage" or "fact"
    score: float
    text: str
    report_id: str
    agency: str | None
    year: int | None
    section: str
    start: int
    end: int
    ranks: dict[str, int] = field(default_factory=dict)  # rank in each run it came from


class KeywordIndex(Protocol):
    """What the retriever needs of a keyword index (``FtsIndex``; ``Bm25Index`` to compare)."""

    def warm_up(self) -> None: ...
    def search(
        self, question: str, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]: ...


class Retriever:
    def __init__(
        self,
        db: sqlite_utils.Database,
        embedder: Embedder,
        vector_path: Path | None = None,
        keyword: KeywordIndex | None = None,
        query_cache: int = QUERY_CACHE,
    ) -> None:
        self.db = db
        self.keyword = keyword or FtsIndex(db)
        self.vectors = VectorIndex(db, embedder, vector_path, query_cache)
        self.names = AgencyNames(db)

    def warm_up(
        self,
        on_report: Callable[[str], None] | None = None,
        on_embed: Callable[[int, int], None] | None = None,
    ) -> None:
        """Sync documents with the store, then load or rebuild both indexes."""
        documents.sync(self.db, on_report)
        self.keyword.warm_up()
        self.vectors.warm_up(on_embed)

    def search(
        self, question: str, *, k: int = 10, filters: Filters | None = None, mode: str = "hybrid"
    ) -> list[Hit]:
        """The ``k`` best documents for ``question`` under ``filters``."""
        question = _checked(question, mode)
        depth = max(k * 5, 50)
        runs: dict[str, list[tuple[str, float]]] = {}
        filters = self._by_report(filters)
        if mode == "hybrid":
            filters = self._named(question, filters)
            focused = self._focused(question, filters)
            early = None
            if filters.report_ids is not None:
                # The reports are known, so the vector run's question is too: embed it on the
                # other core while the keyword index is read.
                early = _EMBEDDER.submit(self.vectors.embed_question, focused)
            runs["keyword"] = self.keyword.search(focused, depth, filters)
            routed = self._routed(filters, runs)
            # The documents to score are read while the question is still being embedded.
            prepared = self.vectors.prepare(routed) if early is not None else None
            vector = early.result() if early is not None else None
            runs["vector"] = self.vectors.search(
                self._focused(question, routed), depth, routed, vector=vector, prepared=prepared
            )
        elif mode == "keyword":
            runs["keyword"] = self.keyword.search(question, depth, filters)
        else:
            runs["vector"] = self.vectors.search(question, depth, filters)
        if mode == "hybrid":
            ranked = reciprocal_rank_fusion([[d for d, _ in run] for run in runs.values()])
        else:
            ranked = runs[mode]
        return self._hits(ranked[:k], runs)

    def _by_report(self, filters: Filters | None) -> Filters:
        """Agency and report filters as one set of report ids: the reports table is small,
        and documents are indexed by report, so neither index scans every document."""
        filters = filters or Filters()
        reports = filters.report_ids
        if filters.report_id:
            reports = tuple(r for r in (reports or (filters.report_id,)) if r == filters.report_id)
        if filters.agency:
            # Names matched in memory: a LIKE over the reports table reads every report's text.
            agencies = self.names.containing(filters.agency)
            marks = ", ".join("?" * len(agencies))
            named = tuple(
                row[0]
                for row in self.db.execute(
                    f"select id from reports where agency in ({marks}) order by id", agencies
                )
            )
            reports = named if reports is None else tuple(r for r in named if r in reports)
        return replace(filters, agency=None, report_id=None, report_ids=reports)

    def _named(self, question: str, filters: Filters) -> Filters:
        """The reports of the year the question states, among the caller's (an agency's
        page) or else among those of the agencies the question names, if it names any
        (``names.AgencyNames``). A year no such report has narrows nothing."""
        if filters.report_ids is not None:
            if not filters.report_ids:
                return filters
            marks = ", ".join("?" * len(filters.report_ids))
            rows = self.db.execute(
                f"select id, year from reports where id in ({marks}) order by id",
                list(filters.report_ids),
            ).fetchall()
        else:
            agencies = self.names.named(question)
            if not agencies:
                return filters
            marks = ", ".join("?" * len(agencies))
            rows = self.db.execute(
                f"select id, year from reports where agency in ({marks}) order by id", agencies
            ).fetchall()
        said = {int(year) for year in _YEAR.findall(question)}
        that_year = tuple(rid for rid, year in rows if year in said)
        return replace(filters, report_ids=that_year or tuple(rid for rid, _ in rows))

    def _routed(self, filters: Filters, runs: dict[str, list[tuple[str, float]]]) -> Filters:
        """A template cell reads the same in every report, so a vector search alone cannot
        tell one agency's from another's. Unless the caller fixed the agency or report, the
        vector run looks inside the reports the keyword run found (it matches the names)."""
        if filters.report_ids is not None:
            return filters
        keyword_ids = [doc_id for doc_id, _ in runs["keyword"]]
        reports = list(
            dict.fromkeys(
                row["report_id"] for row in documents.documents_in_order(self.db, keyword_ids)
            )
        )
        if not reports:
            return filters
        return replace(filters, report_ids=tuple(reports[:ROUTED_REPORTS]))

    def _focused(self, question: str, filters: Filters) -> str:
        """The question once the reports are known: the agency's name and the year are said
        by the filters, not by the words; the template's terms for its wording added. A
        small model otherwise matches the name, not the figure asked, and keyword search
        would read the postings of every document naming a place or a year."""
        if not filters.report_ids:
            return question
        marks = ", ".join("?" * len(filters.report_ids))
        names = [
            row[0]
            for row in self.db.execute(
                f"select distinct agency from reports where id in ({marks}) and agency is not null",
                list(filters.report_ids),
            )
        ]
        focused = tokenize.without(question, names)
        return " ".join([focused, *tokenize.template_terms(question)]).strip() or question

    def _hits(
        self, ranked: list[tuple[str, float]], runs: dict[str, list[tuple[str, float]]]
    ) -> list[Hit]:
        rows = {
            row["id"]: row for row in documents.documents_by_id(self.db, [d for d, _ in ranked])
        }
        positions = {
            name: {d: rank for rank, (d, _) in enumerate(run, 1)} for name, run in runs.items()
        }
        hits = []
        for doc_id, score in ranked:
            row = rows[doc_id]
            hits.append(
                Hit(
                    id=doc_id,
                    kind=row["kind"],
                    score=round(score, 6),
                    text=row["text"],
                    report_id=row["report_id"],
                    agency=row["agency"],
                    year=row["year"],
                    section=row["section"],
                    start=row["start"],
                    end=row["end"],
                    ranks={
                        name: ranks[doc_id] for name, ranks in positions.items() if doc_id in ranks
                    },
                )
            )
        return hits


def _checked(question: str, mode: str) -> str:
    if mode not in MODES:
        raise SearchError(f"unknown search mode {mode!r}; choose from {', '.join(MODES)}")
    stripped = question.strip()
    if not stripped:
        raise SearchError("the question is empty")
    if len(stripped) > MAX_QUESTION_CHARS:
        raise SearchError(
            f"the question has {len(stripped)} characters; at most "
            f"{MAX_QUESTION_CHARS} are searched"
        )
    return stripped
