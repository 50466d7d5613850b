"""Ingest throughput on generated reports, and proof that re-ingesting changes nothing.

    python -m eval.bench_ingest --count 1000 --seed 0 --out eval/results/bench-ingest.json

Generates ``count`` reports in every layout into a temporary folder, ingests them into a
fresh SQLite database, then ingests the same files again and checks that every file is
"unchanged" and that the stored rows are identical. Prints (and with ``--out`` writes) the
timings as JSON. Timings are from one run on a shared machine: compare ratios, not seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from eval.output import emit
from eval.synth import generate_many, write
from ingest.pipeline import ingest_files
from ingest.store import open_db

_TABLES = ("reports", "sections", "passages", "facts", "checks")


def run(count: int, seed: int, folder: Path) -> dict[str, Any]:
    """Generate, ingest, re-ingest; the measurements as a dict."""
    started = time.perf_counter()
    files = write(generate_many(seed, count), folder / "reports")
    generated = time.perf_counter() - started

    db = open_db(folder / "bench.db")
    first, first_seconds = _ingest(db, files)
    digest_before = _digest(db)
    again, again_seconds = _ingest(db, files)
    rows = {name: db.table(name).count for name in _TABLES}
    return {
        "reports": count,
        "seed": seed,
        "generate_seconds": round(generated, 3),
        "ingest_seconds": round(first_seconds, 3),
        "reports_per_second": round(count / first_seconds, 1),
        "passages_per_second": round(rows["passages"] / first_seconds, 1),
        "facts_per_second": round(rows["facts"] / first_seconds, 1),
        "first_ingest": dict(first),
        "reingest_seconds": round(again_seconds, 3),
        "reingest": dict(again),
        "reingest_changed_nothing": again == Counter({"unchanged": count})
        and _digest(db) == digest_before,
        "rows": rows,
        "database_bytes": (folder / "bench.db").stat().st_size,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
    }


def _ingest(db: Any, files: list[Path]) -> tuple[Counter[str], float]:
    started = time.perf_counter()
    statuses = Counter(result.status for result in ingest_files(db, files))
    return statuses, time.perf_counter() - started


def _digest(db: Any) -> str:
    """A hash of every stored row, in a fixed order."""
    digest = hashlib.sha256()
    for name in _TABLES:
        for row in db.query(f"select * from {name} order by id"):
            digest.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="reportqa-bench-") as folder:
        results = run(args.count, args.seed, Path(folder))
    emit(results, args.out)
    return (
        0
        if results["reingest_changed_nothing"] and not results["first_ingest"].get("failed")
        else 1
    )


if __name__ == "__main__":
    sys.exit(main())
