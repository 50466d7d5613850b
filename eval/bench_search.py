"""Search performance: embedding throughput, index build, latency at a corpus size.

    python -m eval.bench_search --reports 1000 --out eval/results/bench-search-1000.json

Generates ``--reports`` synthetic reports, ingests them and builds the indexes with the real
model, then times hybrid searches (query embedding included), scoped to the question's
agency and open. Embedding a large corpus takes hours on 2 cores, so the built database is
kept in ``--cache`` (default ~/.cache/reportqa-bench/) and reused by later runs of the same
size and seed; the result says whether the index was built or reused. Throughput of the
indexing path is compared with the model's raw ``encode`` on the same texts.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from pathlib import Path
from typing import Any

from eval.gold_synth import questions_for
from eval.output import emit
from eval.synth import generate_many, write
from index import documents
from index.keyword import Filters
from index.model import Embedder
from index.search import Retriever
from ingest.pipeline import ingest_files
from ingest.store import open_db

RAW_SAMPLE = 500


def build(folder: Path, count: int, seed: int) -> tuple[Any, Embedder, dict[str, Any]]:
    """The database and indexes for ``count`` reports, built once per folder."""
    folder.mkdir(parents=True, exist_ok=True)
    db = open_db(folder / "bench.db")
    embedder = Embedder()
    stats: dict[str, Any] = {"reused": db.table("reports").count == count}
    if not stats["reused"]:
        files = write(generate_many(seed, count), folder / "reports")
        started = time.perf_counter()
        list(ingest_files(db, files))
        stats["ingest_seconds"] = round(time.perf_counter() - started, 1)
    retriever = Retriever(db, embedder, folder / "bench.db.faiss")
    started = time.perf_counter()
    documents.sync(db)  # segmenting and the keyword index, timed apart from embedding
    stats["documents_seconds"] = round(time.perf_counter() - started, 1)
    embedder.warm_up()
    started = time.perf_counter()
    embedded: list[int] = [0]
    retriever.warm_up(on_embed=lambda done, total: embedded.__setitem__(0, total))
    seconds = time.perf_counter() - started
    stats["vector_index_seconds"] = round(seconds, 1)
    if embedded[0]:
        stats["embedded_texts"] = embedded[0]
        stats["index_passages_per_second"] = round(embedded[0] / seconds, 1)
    return retriever, embedder, stats


def raw_throughput(retriever: Retriever, embedder: Embedder) -> float:
    """The model's own ``encode`` on a sample of the indexed texts, in texts per second."""
    rows = retriever.db.execute(
        f"select distinct embed_text from documents order by text_hash limit {RAW_SAMPLE}"
    ).fetchall()
    texts = [row[0] for row in rows]
    started = time.perf_counter()
    embedder.embed_passages(texts)
    return round(len(texts) / (time.perf_counter() - started), 1)


def latencies(retriever: Retriever, questions: list[dict[str, Any]]) -> dict[str, Any]:
    results = {}
    for scope in ("scoped", "open"):
        times = []
        for question in questions:
            filters = Filters(agency=question["agency"]) if scope == "scoped" else None
            retriever.vectors.forget_queries()  # cold: every question embedded
            started = time.perf_counter()
            retriever.search(question["question"], k=10, filters=filters)
            times.append(time.perf_counter() - started)
        times.sort()
        results[scope] = {
            "questions": len(times),
            "p50_ms": round(1000 * times[len(times) // 2], 1),
            "p95_ms": round(1000 * times[int(len(times) * 0.95)], 1),
            "max_ms": round(1000 * times[-1], 1),
        }
    return results


def run(count: int, seed: int, cache: Path, questions: int) -> dict[str, Any]:
    folder = cache / f"reports-{count}-seed-{seed}"
    retriever, embedder, stats = build(folder, count, seed)
    rng = random.Random(seed)
    reports = list(generate_many(seed, min(count, questions)))
    asked = [q for report in reports for q in questions_for(report, "", rng, 1)][:questions]
    retriever.search("预热", k=1)  # the first call loads what warm_up left lazy
    on_disk = sum(p.stat().st_size for p in folder.glob("bench.db*"))
    return {
        "reports": count,
        "seed": seed,
        "folder": str(folder),
        **stats,
        "documents": retriever.db.table("documents").count,
        "distinct_texts": retriever.vectors.size,
        "vector_index": "hnsw" if retriever.vectors.size > 50_000 else "flat",
        "raw_encode_passages_per_second": raw_throughput(retriever, embedder),
        "bytes_on_disk": on_disk,
        "latency": latencies(retriever, asked),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "reportqa-bench")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    result = run(args.reports, args.seed, args.cache, args.questions)
    emit(result, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
