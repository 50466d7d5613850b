"""Vector search: faiss over the embeddings of every distinct document text.

Vectors are cached in SQLite by (text hash, model), so a text that repeats across reports
(a template cell's description) is embedded once, and rebuilding the index never embeds
again. The faiss index holds one vector per distinct live text and is persisted next to
the database with a manifest; at start the manifest is compared with the database, and a
mismatch rebuilds the index instead of serving it wrong. Up to ``APPROXIMATE_ABOVE``
distinct texts the index is exact (inner product on normalised vectors = cosine); above it,
HNSW. A filtered search over few documents scores them exactly, without faiss.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import sqlite_utils

from index.documents import DOCUMENTS, ensure_tables
from index.keyword import Filters

VECTORS = "vectors"
APPROXIMATE_ABOVE = 50_000  # distinct texts; about 5k reports
EXACT_FILTERED_BELOW = 20_000  # documents left by the filters: scored exactly with numpy
QUERY_CACHE = 256  # question vectors kept for repeated searches
VECTOR_CACHE = 20_000  # document vectors kept for exact searches (about 30 MB)
BATCH = 64


class Embedder(Protocol):
    """What the vector index needs of a model (``index.model.Embedder`` is the real one)."""

    @property
    def name(self) -> str: ...
    @property
    def dimension(self) -> int: ...
    def warm_up(self) -> None: ...
    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...
    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


class VectorIndex:
    name = "faiss"

    def __init__(
        self,
        db: sqlite_utils.Database,
        embedder: Embedder,
        path: Path | None = None,
        query_cache: int = QUERY_CACHE,
    ) -> None:
        self.db = db
        self.query_cache = query_cache  # question vectors kept; 0 embeds every question
        self.embedder = embedder
        self.path = path  # the faiss file; None keeps the index in memory only
        self._index: Any = None
        # The answering engine searches one question's facts, then its passages: the
        # question is embedded once. Most recent last; a few hundred vectors at most.
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        # Text vectors read for exact searches; a template cell's is wanted by every report.
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    def warm_up(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Load the model, embed what is missing, and load or rebuild the faiss index."""
        ensure_tables(self.db)
        self.db.table(VECTORS).create(
            {"hash": str, "model": str, "vector": bytes}, pk=("hash", "model"), if_not_exists=True
        )
        self.embedder.warm_up()
        self.update(progress)

    def update(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Embed the texts that have no vector yet; rebuild the index if anything changed."""
        missing = list(
            self.db.query(
                f"select distinct d.text_hash as hash, d.embed_text as text from {DOCUMENTS} d "
                f"where not exists (select 1 from {VECTORS} v where v.hash = d.text_hash "
                "and v.model = ?) order by d.text_hash",
                [self.embedder.name],
            )
        )
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            vectors = self.embedder.embed_passages([row["text"] for row in batch])
            with self.db.atomic():
                self.db.table(VECTORS).insert_all(
                    (
                        {
                            "hash": row["hash"],
                            "model": self.embedder.name,
                            "vector": np.asarray(vector, dtype=np.float32).tobytes(),
                        }
                        for row, vector in zip(batch, vectors, strict=True)
                    ),
                    replace=True,
                )
            if progress is not None:
                progress(min(start + BATCH, len(missing)), len(missing))
        self._load_or_build()
        return len(missing)

    def _manifest(self) -> dict[str, Any]:
        count, rowid_sum = self.db.execute(
            f"select count(*), coalesce(sum(rowid), 0) from {VECTORS} where model = ? and hash "
            f"in (select text_hash from {DOCUMENTS})",
            [self.embedder.name],
        ).fetchone()
        kind = "hnsw" if count > APPROXIMATE_ABOVE else "flat"
        return {"model": self.embedder.name, "count": count, "rowid_sum": rowid_sum, "kind": kind}

    def _load_or_build(self) -> None:
        import faiss

        expected = self._manifest()
        manifest = self.path.with_suffix(self.path.suffix + ".json") if self.path else None
        if (
            manifest
            and manifest.exists()
            and self.path
            and self.path.exists()
            and json.loads(manifest.read_text(encoding="utf-8")) == expected
        ):
            self._index = faiss.read_index(str(self.path))
            return
        self._index = self._build(expected["kind"])
        if self.path and manifest:
            faiss.write_index(self._index, str(self.path))
            manifest.write_text(json.dumps(expected), encoding="utf-8")

    def _build(self, kind: str) -> Any:
        import faiss

        rows = self.db.execute(
            f"select rowid, vector from {VECTORS} where model = ? and hash in "
            f"(select text_hash from {DOCUMENTS}) order by rowid",
            [self.embedder.name],
        ).fetchall()
        dimension = self.embedder.dimension
        inner: Any
        if kind == "hnsw":
            inner = faiss.IndexHNSWFlat(dimension, 32, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efSearch = 128
        else:
            inner = faiss.IndexFlatIP(dimension)
        index = faiss.IndexIDMap2(inner)
        if rows:
            ids = np.array([row[0] for row in rows], dtype=np.int64)
            matrix = np.frombuffer(b"".join(row[1] for row in rows), dtype=np.float32)
            index.add_with_ids(matrix.reshape(len(rows), dimension), ids)
        return index

    @property
    def size(self) -> int:
        return 0 if self._index is None else int(self._index.ntotal)

    def search(
        self,
        question: str,
        k: int,
        filters: Filters | None = None,
        vector: np.ndarray | None = None,
        prepared: Candidates | None = None,
    ) -> list[tuple[str, float]]:
        """Up to ``k`` (document id, cosine) pairs, best first; ``vector`` is the question's
        embedding when the caller has it already (``embed_question``), ``prepared`` what
        ``prepare(filters)`` returned."""
        if self._index is None:
            self.warm_up()
        if k <= 0 or not question.strip():
            return []
        query = self.embed_question(question) if vector is None else vector
        filters = filters or Filters()
        if prepared is None:
            prepared = self.prepare(filters)
        if prepared is not None:
            return prepared.ranked(query, k)
        where, params = _where(filters)
        return self._approximate(query, k, where, params)

    def prepare(self, filters: Filters) -> Candidates | None:
        """The documents ``filters`` leave and their vectors, when they are few enough to be
        scored exactly (None: the approximate index is searched). Reading them needs no
        question, so it can run while the question is embedded."""
        where, params = _where(filters)
        if not where:
            return None
        rows = self.db.execute(
            f"select d.id, d.text_hash from {DOCUMENTS} d where 1 {where} limit ?",
            [*params, EXACT_FILTERED_BELOW + 1],
        ).fetchall()
        if len(rows) > EXACT_FILTERED_BELOW:
            return None
        vectors = self._text_vectors(list(dict.fromkeys(text_hash for _, text_hash in rows)))
        kept = [(doc_id, text_hash) for doc_id, text_hash in rows if text_hash in vectors]
        hashes = list(dict.fromkeys(text_hash for _, text_hash in kept))
        position = {text_hash: n for n, text_hash in enumerate(hashes)}
        return Candidates(
            ids=[doc_id for doc_id, _ in kept],
            rows=np.array([position[text_hash] for _, text_hash in kept], dtype=np.int64),
            matrix=np.stack([vectors[h] for h in hashes]) if hashes else None,
        )

    def _text_vectors(self, hashes: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors of ``hashes`` (those embedded), through a cache."""
        found = {h: self._vectors[h] for h in hashes if h in self._vectors}
        for h in found:
            self._vectors.move_to_end(h)
        missing = [h for h in hashes if h not in found]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            for text_hash, blob in self.db.execute(
                f"select hash, vector from {VECTORS} where model = ? and hash in "
                f"({', '.join('?' * len(chunk))})",
                [self.embedder.name, *chunk],
            ):
                found[text_hash] = self._vectors[text_hash] = np.frombuffer(blob, np.float32)
        while len(self._vectors) > VECTOR_CACHE:
            self._vectors.popitem(last=False)
        return found

    def forget_queries(self) -> None:
        """Drop the cached question vectors (a benchmark measures the cold cost)."""
        self._queries.clear()

    def embed_question(self, question: str) -> np.ndarray:
        """The question's vector (e5's "query: " side), from the cache when asked before."""
        if question in self._queries:
            self._queries.move_to_end(question)
            return self._queries[question]
        vector = self.embedder.embed_queries([question])[0].astype(np.float32)
        self._queries[question] = vector
        while len(self._queries) > self.query_cache:
            self._queries.popitem(last=False)
        return vector

    def _approximate(
        self, query: np.ndarray, k: int, where: str, params: list[object]
    ) -> list[tuple[str, float]]:
        total = self.size
        if total == 0:
            return []
        wanted = min(total, max(k * 10, 100))
        while True:
            scores, ids = self._index.search(query.reshape(1, -1), wanted)
            found = self._documents(scores[0], ids[0], k, where, params)
            if len(found) >= k or wanted >= total:
                return found
            wanted = min(total, wanted * 4)

    def _documents(
        self, scores: np.ndarray, ids: np.ndarray, k: int, where: str, params: list[object]
    ) -> list[tuple[str, float]]:
        """Documents of the nearest texts, nearest first, ties by document id; at most ``k``
        per text, so a template cell shared by every report cannot crowd out the rest."""
        nearest = {
            int(rowid): float(score)
            for score, rowid in zip(scores.tolist(), ids.tolist(), strict=True)
            if rowid >= 0
        }
        if not nearest:
            return []
        marks = ", ".join("?" * len(nearest))
        rows = self.db.execute(
            f"select id, rowid_ from (select d.id, v.rowid as rowid_, row_number() over "
            f"(partition by d.text_hash order by d.id) as n from {VECTORS} v join {DOCUMENTS} d "
            f"on d.text_hash = v.hash where v.rowid in ({marks}) {where}) where n <= ?",
            [*nearest, *params, k],
        ).fetchall()
        ranked = sorted(
            ((nearest[rowid], doc_id) for doc_id, rowid in rows),
            key=lambda pair: (-pair[0], pair[1]),
        )
        return [(doc_id, score) for score, doc_id in ranked[:k]]


@dataclass(frozen=True, slots=True)
class Candidates:
    """Documents to score exactly: their ids, and for each the row of its text's vector."""

    ids: list[str]
    rows: np.ndarray
    matrix: np.ndarray | None  # one row per distinct text

    def ranked(self, query: np.ndarray, k: int) -> list[tuple[str, float]]:
        if self.matrix is None or k <= 0:
            return []
        scores = (self.matrix @ query)[self.rows].tolist()
        ranked = sorted(zip(scores, self.ids, strict=True), key=lambda p: (-p[0], p[1]))
        return [(doc_id, float(score)) for score, doc_id in ranked[:k]]


def _where(filters: Filters) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if filters.report_ids is not None:
        clauses.append(f"and d.report_id in ({', '.join('?' * len(filters.report_ids))})")
        params += list(filters.report_ids)
    for column, value in (
        ("agency", filters.agency),
        ("year", filters.year),
        ("section", filters.section),
        ("kind", filters.kind),
        ("report_id", filters.report_id),
    ):
        if value is None or value == "":
            continue
        if column == "agency":
            clauses.append("and d.agency like ?")
            params.append(f"%{value}%")
        else:
            clauses.append(f"and d.{column} = ?")
            params.append(value)
    return " ".join(clauses), params
