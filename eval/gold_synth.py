"""Gold questions for generated reports, in the benchmark's JSONL format.

    python -m eval.gold_synth OUT_DIR --count 30 --seed 11

writes ``count`` generated reports to ``OUT_DIR/reports/`` and ``OUT_DIR/gold.jsonl``: for
each report a few questions, worded in several ways, whose answers are the generator's own
figures. Each line carries the format's fields (id, question, answer_value, answer_unit,
agency, year, report, kind, support) plus ``metric`` and ``column`` for a strict match.
"""

from __future__ import annotations

import argparse
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

from eval.synth import SynthReport, generate_many, write
from ingest.template import TABLES

# (metric, column, unit, wordings); {a} is the agency, {y} the year.
TABLE_QUESTIONS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "requests.new",
        "total",
        "件",
        ("{a}{y}年收到多少件政府信息公开申请？", "{y}年{a}新收了几件信息公开申请？"),
    ),
    (
        "requests.carried_over",
        "total",
        "件",
        ("{a}{y}年有几件申请结转到下一年继续办理？", "{a}{y}年还有多少申请没办完？"),
    ),
    ("requests.carried_in", "total", "件", ("{a}{y}年从上年结转过来的申请有几件？",)),
    ("requests.new", "natural_person", "件", ("{a}{y}年自然人提出了多少件信息公开申请？",)),
    (
        "outcome.disclosed",
        "total",
        "件",
        ("{a}{y}年予以公开的申请有几件？", "{a}{y}年有多少申请全部公开了？"),
    ),
    (
        "outcome.unavailable.not_held",
        "total",
        "件",
        ("{a}{y}年因本机关不掌握相关政府信息而无法提供的有几件？",),
    ),
    ("outcome.not_processed.repeated", "total", "件", ("{a}{y}年收到几件重复申请？",)),
    ("outcome.total", "total", "件", ("{a}{y}年本年度办理结果总计多少件？",)),
    ("review", "total", "件", ("{a}{y}年因政府信息公开被申请行政复议多少件？",)),
    ("disclosure.penalty", "decisions", "件", ("{a}{y}年作出了多少件行政处罚决定？",)),
    ("disclosure.licensing", "decisions", "件", ("{a}{y}年行政许可处理决定数量是多少？",)),
)
PROSE_QUESTIONS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("proposals.npc", "人大建议{v}件", "件", ("{a}{y}年办理了多少件人大建议？",)),
    ("proposals.cppcc", "政协提案{v}件", "件", ("{a}{y}年办理了几件政协提案？",)),
)
_LABELS = {
    (cell.metric, cell.column): row.label.split(" ")[-1]
    for table in TABLES
    for row in table.rows
    for cell in row.cells
}


def questions_for(
    report: SynthReport, file_name: str, rng: random.Random, per_report: int
) -> list[dict[str, Any]]:
    """Up to ``per_report`` gold questions about one generated report."""
    rows: list[dict[str, Any]] = []
    for metric, column, unit, wordings in rng.sample(TABLE_QUESTIONS, per_report):
        value = report.cells[(metric, column)]
        rows.append(
            _row(
                report,
                file_name,
                rng.choice(wordings),
                value or Decimal(0),
                unit,
                "table",
                _LABELS[(metric, column)],
                metric,
                column,
            )
        )
    for metric, support, unit, wordings in PROSE_QUESTIONS:
        if metric in report.prose:
            value = report.prose[metric]
            rows.append(
                _row(
                    report,
                    file_name,
                    rng.choice(wordings),
                    value,
                    unit,
                    "prose",
                    support.format(v=value),
                    metric,
                    "",
                )
            )
    return rows


def _row(
    report: SynthReport,
    file_name: str,
    wording: str,
    value: Decimal,
    unit: str,
    kind: str,
    support: str,
    metric: str,
    column: str,
) -> dict[str, Any]:
    return {
        "question": wording.format(a=report.agency, y=report.year),
        "answer_value": str(value),
        "answer_unit": unit,
        "agency": report.agency,
        "year": report.year,
        "report": file_name,
        "kind": kind,
        "support": support,
        "metric": metric,
        "column": column,
    }


def build(folder: Path, *, count: int, seed: int, per_report: int = 3) -> list[dict[str, Any]]:
    """Write the reports and return their gold questions (ids ``g0001`` …)."""
    reports = list(generate_many(seed, count, layouts=("cells", "row_spaces", "row_pipes")))
    paths = write(reports, folder / "reports")
    rng = random.Random(f"reportqa-gold:{seed}")
    gold: list[dict[str, Any]] = []
    for report, path in zip(reports, paths, strict=True):
        gold += questions_for(report, path.name, rng, per_report)
    return [{"id": f"g{i:04d}", **row} for i, row in enumerate(gold, 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    gold = build(args.folder, count=args.count, seed=args.seed)
    with (args.folder / "gold.jsonl").open("w", encoding="utf-8") as out:
        for row in gold:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(gold)} questions about {args.count} reports in {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
