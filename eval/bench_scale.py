"""Scale: answer latency, peak memory and size on disk against corpus size, with a plot.

    python -m eval.bench_scale --reports 100 --reports 1000 --reports 10000 \\
        --out eval/results/bench-scale.json --plot eval/results/bench-scale.png

For each size, the database and indexes ``eval.bench_search`` built and cached (in
``~/.cache/reportqa-bench/``; built first when missing, which takes hours at 10,000
reports) are opened in a fresh process that loads the model and the indexes and answers
``eval.bench_answer``'s questions; that process reports its peak resident memory, so each
size is measured alone. Ingest throughput comes from each cache's own build when it was
timed; ``--ingest`` measures it again for each size (``eval.bench_ingest``: generate,
ingest into a fresh database, re-ingest) in the same child process, before the answers.
The plot (matplotlib: ``pip install -e '.[bench]'``) shows answer latency, peak memory and
disk, and ingest throughput when measured, against the number of reports.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

from eval.output import emit

CACHE = Path.home() / ".cache" / "reportqa-bench"


def measure(count: int, seed: int, cache: Path, questions: int) -> dict[str, Any]:
    """One size, in this process (run by ``main`` in a child process per size)."""
    from eval.bench_answer import run as answers

    result = answers(count, seed, cache, questions)
    folder = Path(result["folder"])
    result["bytes_on_disk"] = sum(p.stat().st_size for p in folder.glob("bench.db*"))
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def measure_ingest(count: int, seed: int) -> dict[str, Any]:
    """``eval.bench_ingest`` at this size, in a temporary folder (its own child process, so
    the answering run's peak memory is its own)."""
    import tempfile

    from eval.bench_ingest import run as ingest_run

    with tempfile.TemporaryDirectory(prefix="reportqa-scale-") as folder:
        result = ingest_run(count, seed, Path(folder))
    keep = ("ingest_seconds", "reports_per_second", "passages_per_second", "facts_per_second")
    return {key: result[key] for key in (*keep, "reingest_seconds", "reingest_changed_nothing")}


def _child(count: int, call: str) -> dict[str, Any]:
    code = (
        "import json; from pathlib import Path; from eval import bench_scale; "
        f"print(json.dumps(bench_scale.{call}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"measuring {count} reports failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def plot(rows: list[dict[str, Any]], path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise SystemExit("the plot needs matplotlib: pip install -e '.[bench]'") from error
    sizes = [row["reports"] for row in rows]
    measured = [row for row in rows if "ingest" in row]
    panels = 3 if measured else 2
    figure, axes = plt.subplots(1, panels, figsize=(5 * panels, 4))
    latency, memory = axes[0], axes[1]
    for mode, style in (("open", "-o"), ("scoped", "--s")):
        latency.plot(sizes, [r[mode]["p50_ms"] for r in rows], style, label=f"{mode} p50")
        latency.plot(sizes, [r[mode]["p95_ms"] for r in rows], style, label=f"{mode} p95")
    latency.set(xscale="log", xlabel="reports", ylabel="ms per question", title="Answer latency")
    latency.axhline(100, color="grey", linewidth=0.8, linestyle=":")
    latency.legend()
    memory.plot(sizes, [r["peak_rss_mb"] for r in rows], "-o", label="peak RSS (MB)")
    memory.plot(sizes, [r["bytes_on_disk"] / 2**20 for r in rows], "-s", label="on disk (MB)")
    memory.set(xscale="log", yscale="log", xlabel="reports", ylabel="MB", title="Memory and disk")
    memory.legend()
    if measured:
        sizes_measured = [row["reports"] for row in measured]
        speed = axes[2]
        speed.plot(sizes_measured, [r["ingest"]["reports_per_second"] for r in measured], "-o")
        speed.set(xscale="log", xlabel="reports", ylabel="reports/s", title="Ingest throughput")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, action="append", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--plot", type=Path)
    parser.add_argument(
        "--ingest", action="store_true", help="also time ingesting each size into a fresh database"
    )
    args = parser.parse_args(argv)
    rows = []
    for count in sorted(args.reports):
        row = _child(
            count, f"measure({count}, {args.seed}, Path({str(args.cache)!r}), {args.questions})"
        )
        if args.ingest:
            row["ingest"] = _child(count, f"measure_ingest({count}, {args.seed})")
        rows.append(row)
        print(
            f"{count} reports: open p95 {row['open']['p95_ms']} ms, "
            f"peak {row['peak_rss_mb']} MB, {row['bytes_on_disk'] / 2**20:.0f} MB on disk",
            file=sys.stderr,
        )
    if args.plot:
        plot(rows, args.plot)
    emit({"sizes": rows}, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
