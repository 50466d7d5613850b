"""Hybrid retrieval: keyword and vector search fused by reciprocal rank.

``Retriever`` is the one entry point: ``warm_up()`` brings the documents and both indexes
in step with the stored reports (and loads the model); ``search()`` returns ranked hits
with their sources. Ordering is deterministic: ties are broken by document id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from index import documents
from index.fusion import reciprocal_rank_fusion
from index.keyword import Filters, FtsIndex
from index.vectors import Embedder, VectorIndex

MAX_QUESTION_CHARS = 500
MODES = ("hybrid", "keyword", "vector")


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


class Retriever:
    def __init__(
        self, db: sqlite_utils.Database, embedder: Embedder, vector_path: Path | None = None
    ) -> None:
        self.db = db
        self.keyword = FtsIndex(db)
        self.vectors = VectorIndex(db, embedder, vector_path)

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
        if mode in ("hybrid", "keyword"):
            runs["keyword"] = self.keyword.search(question, depth, filters)
        if mode in ("hybrid", "vector"):
            runs["vector"] = self.vectors.search(question, depth, filters)
        if mode == "hybrid":
            ranked = reciprocal_rank_fusion([[d for d, _ in run] for run in runs.values()])
        else:
            ranked = runs[mode]
        return self._hits(ranked[:k], runs)

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
