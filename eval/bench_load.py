"""Load on the web API from a second process: questions per second, errors, latency.

    python -m eval.bench_load --duration 60 --concurrency 8 --out eval/results/bench-load.json

Starts ``reportqa serve`` as its own process on a free loopback port over a database of the
bundled corpus and the gold reports (built in a temporary folder unless ``--db`` is given),
waits for /healthz, then posts the gold questions to /api/ask from ``--concurrency``
threads for ``--duration`` seconds, in rotation, each with its agency as the page's scope.
The server caches question vectors, so a question asked again skips the model: the result
says how many distinct questions there were and how often each came round; ``--cold`` turns
the cache off in the server (every question embedded) for the worst case.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from eval.output import emit
from eval.qa import load

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [ROOT / "eval" / "gold" / "qa-sample.jsonl", ROOT / "eval" / "gold" / "qa-synth.jsonl"]
REPORTS = [ROOT / "corpus", ROOT / "eval" / "gold" / "reports"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _database(db: Path | None) -> Path:
    if db is not None:
        return db
    from ingest.pipeline import expand, ingest_files
    from ingest.store import open_db

    path = Path(tempfile.mkdtemp(prefix="reportqa-load-")) / "load.db"
    list(ingest_files(open_db(path), expand(REPORTS)))
    return path


def serve(db: Path, port: int, cold: bool) -> subprocess.Popen[bytes]:
    env = {**os.environ, "REPORTQA_DB": str(db), "REPORTQA_REFERENCE_DATE": "2025-06-01"}
    if cold:
        env["REPORTQA_QUERY_CACHE"] = "0"  # every question embedded, as if never asked
    server = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/healthz"
    for _ in range(1800):
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        if server.poll() is not None:
            raise SystemExit("the server stopped during start-up")
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server was not ready in 6 minutes")


def load_test(port: int, lines: list[dict[str, Any]], duration: float, concurrency: int):
    url = f"http://127.0.0.1:{port}/api/ask"
    bodies = [
        {"question": line["question"], "agency": line.get("agency"), "year": line.get("scope_year")}
        for line in lines
        if not line.get("follows")
    ]
    times: list[float] = []
    errors: list[str] = []
    counter = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + duration

    def worker() -> None:
        with httpx.Client(timeout=30) as client:
            while time.perf_counter() < stop:
                with lock:
                    body = bodies[counter[0] % len(bodies)]
                    counter[0] += 1
                started = time.perf_counter()
                try:
                    response = client.post(url, json=body)
                    ok = response.status_code == 200
                    problem = "" if ok else f"{response.status_code}: {response.text[:200]}"
                except httpx.HTTPError as error:
                    ok, problem = False, f"{type(error).__name__}: {error}"
                elapsed = time.perf_counter() - started
                with lock:
                    times.append(elapsed)
                    if not ok:
                        errors.append(problem)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    times.sort()
    return {
        "duration_s": round(wall, 1),
        "concurrency": concurrency,
        "requests": len(times),
        "questions_per_second": round(len(times) / wall, 1),
        "errors": len(errors),
        "first_errors": errors[:5],
        "latency_ms": {
            "p50": round(1000 * statistics.median(times), 1),
            "p95": round(1000 * times[int(len(times) * 0.95)], 1),
            "max": round(1000 * times[-1], 1),
        },
        "distinct_questions": len(bodies),
        "rounds_of_the_question_set": round(len(times) / len(bodies), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--db", type=Path, help="serve this database (default: a new one)")
    parser.add_argument("--cold", action="store_true", help="the server caches no question vectors")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    db = _database(args.db)
    port = _free_port()
    server = serve(db, port, args.cold)
    try:
        result = load_test(port, load(QUESTIONS), args.duration, args.concurrency)
    finally:
        server.terminate()
        server.wait(timeout=30)
    result |= {
        "question_vector_cache": "off" if args.cold else "on (256)",
        "machine": {"cpus": os.cpu_count(), "load_average": list(os.getloadavg())},
    }
    emit(result, args.out)
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
