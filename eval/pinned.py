"""Pinned expectations: the small QA runs whose scores are kept in a file, re-run by a test
so a regression fails CI.

    python -m eval.pinned            # run and compare with eval/results/pinned.json
    python -m eval.pinned --write    # run and write the file (after an intended change)

The runs: the sample report and the 24 gold reports with their question sets
(``qa-sample``, ``qa-synth``), and 200 generated reports (seed 3) with the questions
``eval.gold_synth`` writes for them (a table cell, and the prose figures each states);
the engine and the keyword baseline, scoped and open, with keyword search only (no model:
quick, and the same on every machine).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

from eval.gold_synth import questions_for
from eval.qa import evaluate, load
from eval.synth import generate_many, write

ROOT = Path(__file__).resolve().parents[1]
PINNED = ROOT / "eval" / "results" / "pinned.json"
MEASURES = ("correct", "figure", "no_answer", "source")
GENERATED = 200


def run() -> dict[str, Any]:
    from eval.baselines import keyword_baseline
    from ingest.pipeline import expand, ingest_files
    from ingest.store import open_db
    from service.answering import Answerer

    folder = Path(tempfile.mkdtemp(prefix="reportqa-pinned-"))
    reports = list(generate_many(3, GENERATED))
    files = write(reports, folder / "generated")
    rng = random.Random(3)
    asked = [
        q
        for report, path in zip(reports, files, strict=True)
        for q in questions_for(report, path.name, rng, 1)
    ]
    generated_lines = [{**q, "id": f"p{i:04d}"} for i, q in enumerate(asked)]
    runs = {
        "gold sets (sample + 24 reports)": (
            load([ROOT / "eval/gold/qa-sample.jsonl", ROOT / "eval/gold/qa-synth.jsonl"]),
            [ROOT / "corpus", ROOT / "eval/gold/reports"],
        ),
        f"{GENERATED} generated reports": (generated_lines, [folder / "generated"]),
    }
    result: dict[str, Any] = {}
    for name, (lines, sources) in runs.items():
        db = open_db(folder / f"{len(result)}.db")
        list(ingest_files(db, expand(sources)))
        engine = Answerer(db)
        systems = {"engine": engine, "keyword": keyword_baseline(db, engine.agencies)}
        result[name] = {}
        for system, answerer in systems.items():
            _, summary = evaluate(answerer, lines, agencies=engine.agencies, system=system)
            result[name][system] = {
                mode: {m: summary[mode][m]["rate"] for m in MEASURES if m in summary[mode]}
                | {"questions": summary[mode]["questions"]}
                for mode in summary
            }
    return result


def regressions(now: dict[str, Any], pinned: dict[str, Any]) -> list[str]:
    """Engine scores below the pinned ones, and question counts that changed."""
    problems = []
    for name, systems in pinned.items():
        for mode, scores in systems["engine"].items():
            got = now[name]["engine"][mode]
            if got["questions"] != scores["questions"]:
                problems.append(
                    f"{name} {mode}: {got['questions']} questions, pinned {scores['questions']}"
                )
            for measure in MEASURES:
                if scores.get(measure) is not None and (got.get(measure) or 0) < scores[measure]:
                    problems.append(
                        f"{name} {mode} {measure}: {got.get(measure)} < pinned {scores[measure]}"
                    )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write the pinned file")
    args = parser.parse_args(argv)
    now = run()
    if args.write:
        PINNED.write_text(json.dumps(now, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {PINNED}")
        return 0
    problems = regressions(now, json.loads(PINNED.read_text(encoding="utf-8")))
    print(json.dumps(now, ensure_ascii=False, indent=2))
    for problem in problems:
        print("REGRESSION:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
