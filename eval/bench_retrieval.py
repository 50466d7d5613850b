"""Retrieval quality: recall@k of keyword, vector and hybrid search on gold questions.

    python -m eval.bench_retrieval --gold eval/gold/sample.jsonl --reports corpus \\
        --generated 30 --out eval/results/bench-retrieval.json

Ingests the reports (and ``--generated`` synthetic ones, with their own gold questions)
into a fresh database, builds the indexes with the real model, and asks every question
with a figure (kind table or prose) in each mode, scoped (the question's agency as a
filter, as a widget on that agency's page) and open (the question alone; only questions
that name their agency count there). A hit is right
when it is the gold fact (same report, metric and column) or, without those, when its
source text overlaps the gold ``support`` line, ignoring whitespace.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from eval.gold_synth import build as build_generated
from eval.output import emit
from index.bm25 import Bm25Index
from index.keyword import Filters
from index.model import Embedder
from index.names import distinctive
from index.search import MODES, Hit, Retriever
from ingest.pipeline import expand, ingest_files
from ingest.store import open_db


def load_gold(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def is_right(hit: Hit, gold: dict[str, Any], report: dict[str, Any], db: Any) -> bool:
    """Whether ``hit`` holds the gold answer."""
    if hit.agency != gold.get("agency") or hit.year != gold.get("year"):
        return False
    if gold.get("metric") and hit.kind == "fact":
        fact = db.table("facts").get(hit.id.removeprefix("f:"))
        # The table cell, or a sentence of the report stating the same figure.
        same_column = fact["column"] == gold.get("column", "") or fact["source"] == "prose"
        return bool(fact["metric"] == gold["metric"] and same_column)
    support = "".join(str(gold.get("support", "")).split())
    source = "".join(report["text"][hit.start : hit.end].split())
    return bool(support) and bool(source) and (support in source or source in support)


def names_agency(question: str, agency: str | None) -> bool:
    """Whether ``question`` names its agency by something distinctive (a place, a short form)."""
    if not agency:
        return False
    return any(word in question for word in distinctive(agency))


def evaluate(
    retriever: Retriever, gold: list[dict[str, Any]], k: int, modes: tuple[str, ...] = MODES
) -> dict[str, Any]:
    """Recall@k per mode and scope, and search latency."""
    db = retriever.db
    texts = {row["id"]: row for row in db.query("select id, agency, year, text from reports")}
    results: dict[str, Any] = {}
    for scope in ("scoped", "open"):
        for mode in modes:
            right, latencies = 0, []
            asked = [
                q for q in gold if scope == "scoped" or names_agency(q["question"], q["agency"])
            ]
            for question in asked:
                filters = Filters(agency=question["agency"]) if scope == "scoped" else None
                started = time.perf_counter()
                hits = retriever.search(question["question"], k=k, filters=filters, mode=mode)
                latencies.append(time.perf_counter() - started)
                right += any(is_right(h, question, texts[h.report_id], db) for h in hits)
            latencies.sort()
            results[f"{scope}/{mode}"] = {
                "recall": round(right / len(asked), 3),
                "right": right,
                "questions": len(asked),
                "p50_ms": round(1000 * latencies[len(latencies) // 2], 1),
                "p95_ms": round(1000 * latencies[int(len(latencies) * 0.95)], 1),
            }
    return results


def run(
    gold_path: Path, reports: Path, generated: int, k: int, folder: Path, seed: int = 11
) -> dict[str, Any]:
    gold = [q for q in load_gold(gold_path) if q.get("kind") in ("table", "prose")]
    files = expand([reports])
    if generated:
        synthetic = build_generated(folder / "generated", count=generated, seed=seed)
        gold += synthetic
        files += expand([folder / "generated" / "reports"])
    db = open_db(folder / "bench.db")
    list(ingest_files(db, files))
    embedder = Embedder()
    retriever = Retriever(db, embedder, folder / "bench.db.faiss")
    started = time.perf_counter()
    retriever.warm_up()
    built = time.perf_counter() - started
    # The same documents and vectors with the other keyword index, to choose between them.
    bm25 = Retriever(db, embedder, folder / "bench.db.faiss", keyword=Bm25Index(db))
    bm25.warm_up()
    both = ("keyword", "hybrid")
    return {
        "k": k,
        "reports": len(files),
        "questions": len(gold),
        "index_seconds": round(built, 1),
        "documents": db.table("documents").count,
        "results": evaluate(retriever, gold, k),
        "keyword_backends": {
            "fts5": evaluate(retriever, gold, k, both),
            "bm25s": evaluate(bm25, gold, k, both),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=Path("eval/gold/sample.jsonl"))
    parser.add_argument("--reports", type=Path, default=Path("corpus"))
    parser.add_argument("--generated", type=int, default=30)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--seed", type=int, default=11, help="seed of the generated reports")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="reportqa-retrieval-") as folder:
        summary = run(args.gold, args.reports, args.generated, args.k, Path(folder), args.seed)
    emit(summary, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
