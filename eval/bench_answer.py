"""Answer latency: one question in, the answer object out, at a corpus size.

    python -m eval.bench_answer --reports 10000 --out eval/results/bench-answer-10000.json

Uses the database and indexes ``eval.bench_search`` builds and caches for the same size and
seed (building them first if missing: hours at 10k reports on 2 cores), loads the model,
then times ``Answerer.ask`` on questions of every kind (table cells, prose figures,
passages, changes between years, figures the reports lack), asked with the agency named in
the question (open) and with the agency as the page's scope (scoped). Each question is timed
cold: the cache of question vectors is emptied first (a service answering the same wording
again is faster than this).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from eval.bench_search import build
from eval.output import emit
from eval.synth import generate_many
from service.answering import Answerer

# (kind, wording): {a} is the agency, {y} the year.
WORDINGS: tuple[tuple[str, str], ...] = (
    ("table", "{a}{y}年收到多少件政府信息公开申请？"),
    ("table", "{a}{y}年有几件申请没办完"),
    ("table", "{a}{y}年企业申请予以公开的有几件"),
    ("table", "{a}{y}年不予公开的一共多少件"),
    ("table", "{a}{y}年行政复议有几件"),
    ("table", "{a}{y}年行政处罚决定多少件"),
    ("prose", "{a}{y}年发布了多少篇新闻稿件"),
    ("prose", "{a}{y}年办理了多少件人大建议和政协提案"),
    ("passage", "{a}{y}年存在哪些问题"),
    ("compare", "{a}{y}年比上一年多收了几件申请"),
    ("none", "{a}{y}年召开了几场新闻发布会"),
)


def questions(seed: int, count: int, wanted: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    reports = list(generate_many(seed, min(count, wanted)))
    asked = []
    for report in reports:
        kind, wording = rng.choice(WORDINGS)
        asked.append(
            {
                "kind": kind,
                "agency": report.agency,
                "question": wording.format(a=report.agency, y=report.year),
                "scoped": wording.format(a="", y=report.year),
            }
        )
    return asked


def timed(
    answerer: Answerer, asked: list[dict[str, Any]], scoped: bool, forget: Any
) -> dict[str, Any]:
    times: list[float] = []
    by_kind: dict[str, list[float]] = {}
    found = 0
    for item in asked:
        forget()  # cold: no question vector cached from an earlier, similar question
        started = time.perf_counter()
        if scoped:
            answer = answerer.ask(item["scoped"], agency=item["agency"])
        else:
            answer = answerer.ask(item["question"])
        seconds = time.perf_counter() - started
        found += answer.found
        times.append(seconds)
        by_kind.setdefault(item["kind"], []).append(seconds)
    return {
        **_stats(times),
        "found": found,
        "by_kind": {kind: _stats(values) for kind, values in sorted(by_kind.items())},
    }


def _stats(times: list[float]) -> dict[str, Any]:
    ordered = sorted(times)
    return {
        "questions": len(ordered),
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1),
        "max_ms": round(1000 * ordered[-1], 1),
    }


def run(count: int, seed: int, cache: Path, wanted: int) -> dict[str, Any]:
    folder = cache / f"reports-{count}-seed-{seed}"
    retriever, _, stats = build(folder, count, seed)
    answerer = Answerer(retriever.db, search=retriever.search)
    asked = questions(seed, count, wanted)
    answerer.ask(asked[0]["question"])  # the first call loads what warm-up left lazy
    return {
        "reports": count,
        "seed": seed,
        "folder": str(folder),
        "index_reused": stats["reused"],
        "open": timed(answerer, asked, scoped=False, forget=retriever.vectors.forget_queries),
        "scoped": timed(answerer, asked, scoped=True, forget=retriever.vectors.forget_queries),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "reportqa-bench")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    emit(run(args.reports, args.seed, args.cache, args.questions), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
