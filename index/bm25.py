"""Keyword search with bm25s over the same jieba terms, held in memory beside the database.

The alternative to ``keyword.FtsIndex`` that the retrieval benchmark measures it against
(see the README for which one is used and why). It reads the segmented terms the FTS table
already stores, so both see exactly the same tokens.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sqlite_utils

from index import tokenize
from index.documents import DOCUMENTS, FTS, ensure_tables
from index.keyword import Filters


class Bm25Index:
    name = "bm25s"

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self._model: Any = None
        self._rows: list[dict[str, Any]] = []

    def warm_up(self) -> None:
        import bm25s

        ensure_tables(self.db)
        self._rows = list(
            self.db.query(
                f"select d.id, d.kind, d.agency, d.year, d.section, d.report_id, f.terms "
                f"from {FTS} f join {DOCUMENTS} d on d.rowid = f.rowid order by d.id"
            )
        )
        self._model = bm25s.BM25()
        if self._rows:
            self._model.index([row["terms"].split() for row in self._rows], show_progress=False)

    def search(
        self, question: str, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        if self._model is None:
            self.warm_up()
        terms = tokenize.query_terms(question)
        if not terms or not self._rows or k <= 0:
            return []
        mask = self._mask(filters or Filters())
        if not mask.any():
            return []
        ids, scores = self._model.retrieve(
            [terms], k=min(k, len(self._rows)), show_progress=False, weight_mask=mask
        )
        found = [
            (self._rows[i]["id"], float(s)) for i, s in zip(ids[0], scores[0], strict=True) if s > 0
        ]
        return sorted(found, key=lambda pair: (-pair[1], pair[0]))

    def _mask(self, filters: Filters) -> np.ndarray:
        keep = np.ones(len(self._rows), dtype=bool)
        for i, row in enumerate(self._rows):
            if (
                (filters.agency and filters.agency not in (row["agency"] or ""))
                or (filters.year is not None and row["year"] != filters.year)
                or (filters.kind and row["kind"] != filters.kind)
                or (filters.section and row["section"] != filters.section)
                or (filters.report_id and row["report_id"] != filters.report_id)
            ):
                keep[i] = False
        return keep
