"""Answer accuracy on gold question sets.

    python -m eval.qa eval/gold/qa-sample.jsonl eval/gold/qa-synth.jsonl \\
        --reports corpus --reports eval/gold/reports

Ingests the reports into a fresh temporary database (or uses ``--db``), asks every question
through ``service.answering.Answerer`` and scores the answers:

- figure accuracy: a line with ``answer_value`` is right when the answer is found with that
  value (a series when every year's value matches ``answer_series``);
- no-answer accuracy: a line whose ``answer_value`` is null and ``kind`` is "none" is right
  when found is false and no number is given; a number given there is a *false answer*;
- passages (kind "passage") are right when a passage is returned that holds a ``support``
  line; balance checks (``answer_check``) when the check's verdict matches;
- source accuracy: the returned source (or a part's, or a passage) holds a ``support`` line,
  compared without whitespace.

Modes: *scoped* passes the line's ``agency`` as the page's scope; *open* asks the question
alone and counts only questions that name their agency (a follow-up counts when the
question that opened its conversation does). A line's optional ``scope_year`` is passed as
the page's year in scoped mode (a widget on the page of one year's report). Follow-ups
(``follows``) are asked after the turns before them, with the context those returned.
``reference_date`` fixes 去年/今年.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

MODES = ("scoped", "open")
SYSTEMS = ("engine", "keyword", "vector")
DEFAULT_DATE = date(2025, 6, 1)  # gold lines without reference_date use no relative years


def load(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Gold lines from JSONL files; unknown fields kept, missing optional ones tolerated."""
    lines: list[dict[str, Any]] = []
    for path in paths:
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
            except json.JSONDecodeError as error:
                raise SystemExit(f"{path}:{number}: not JSON: {error}") from error
            if "question" not in line:
                raise SystemExit(f"{path}:{number}: no question")
            line.setdefault("id", f"{path.stem}:{number}")
            lines.append(line)
    return lines


def _squash(text: Any) -> str:
    return re.sub(r"\s+", "", str(text or ""))


def _supports(line: dict[str, Any]) -> list[str]:
    support = line.get("support") or []
    if isinstance(support, str):
        support = [support]
    return [s for s in (_squash(x) for x in support) if s]


def _sources(answer: dict[str, Any]) -> list[str]:
    texts = []
    if answer.get("source"):
        texts.append(answer["source"].get("text"))
    for part in answer.get("parts") or []:
        if part.get("source"):
            texts.append(part["source"].get("text"))
    for passage in answer.get("passages") or []:
        texts.append(passage.get("text"))
    return [_squash(t) for t in texts if t]


def _same(a: Any, b: Any) -> bool:
    try:
        return abs(float(a) - float(b)) < 1e-9
    except (TypeError, ValueError):
        return False


_SCALE = {"万": 10_000, "亿": 100_000_000}


def _same_figure(value: Any, unit: str, expected: Any, expected_unit: str) -> bool:
    """Equal values; or equal once a 万/亿 in one unit is multiplied out (1300 万次 is
    13000000)."""
    if _same(value, expected):
        return True
    try:
        got = float(value) * _SCALE.get(unit[:1], 1)
        wanted = float(expected) * _SCALE.get(expected_unit[:1], 1)
    except (TypeError, ValueError):
        return False
    return abs(got - wanted) < 1e-6


def score(line: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """What was right about one answer."""
    expected = line.get("answer_value")
    kind = line.get("kind") or ("none" if expected is None else "table")
    verdict: dict[str, Any] = {"kind": kind, "category": line.get("category", "")}
    series = line.get("answer_series")
    if series and expected is None:
        got = {str(p.get("year")): p.get("value") for p in answer.get("parts") or []}
        verdict["figure"] = answer.get("found") and all(
            _same(got.get(str(year)), value) for year, value in series.items()
        )
    elif expected is not None:
        verdict["figure"] = bool(answer.get("found")) and _same_figure(
            answer.get("value"), answer.get("unit") or "", expected, line.get("answer_unit") or ""
        )
    elif "answer_check" in line:
        check = answer.get("check") or {}
        verdict["check"] = bool(answer.get("found")) and check.get("ok") == line["answer_check"]
    elif kind == "passage":
        verdict["passage"] = bool(answer.get("found")) and answer.get("value") is None
    else:
        verdict["no_answer"] = not answer.get("found") and answer.get("value") is None
        verdict["false_answer"] = answer.get("value") is not None
    supports = _supports(line)
    if supports and answer.get("found"):
        sources = _sources(answer)
        verdict["source"] = any(s in t or t in s for s in supports for t in sources if t)
        if kind == "passage":
            verdict["passage"] = verdict["passage"] and verdict["source"]
    verdict["clarified"] = answer.get("clarify") is not None
    verdict["correct"] = all(
        verdict[k] for k in ("figure", "check", "passage", "no_answer") if k in verdict
    )
    return verdict


class Runner:
    """Asks gold lines in one mode, following conversations."""

    def __init__(self, answerer: Any, lines: list[dict[str, Any]], mode: str) -> None:
        self.answerer = answerer
        self.by_id = {line["id"]: line for line in lines}
        self.mode = mode
        self.done: dict[str, dict[str, Any]] = {}
        self.seconds: dict[str, float] = {}

    def ask(self, line: dict[str, Any]) -> dict[str, Any]:
        if line["id"] in self.done:
            return self.done[line["id"]]
        context = None
        before = self.by_id.get(line.get("follows") or "")
        if before is not None:
            context = self.ask(before).get("context")
        today = date.fromisoformat(line["reference_date"]) if line.get("reference_date") else None
        scope = line.get("agency") if self.mode == "scoped" else None
        scope_year = line.get("scope_year") if self.mode == "scoped" else None
        started = time.perf_counter()
        try:
            answer = self.answerer.ask(
                line["question"],
                agency=scope,
                year=scope_year,
                context=context,
                today=today or DEFAULT_DATE,
            ).to_dict()
        except ValueError as error:  # a question the engine refuses
            answer = {"found": False, "value": None, "answer": f"error: {error}"}
        self.seconds[line["id"]] = time.perf_counter() - started
        self.done[line["id"]] = answer
        return answer

    def opener(self, line: dict[str, Any]) -> dict[str, Any]:
        while line.get("follows") in self.by_id:
            line = self.by_id[line["follows"]]
        return line


def counts_in_open(agencies: Any, runner: Runner, line: dict[str, Any]) -> bool:
    """Open mode asks only questions that name their own agency (directly or by opener)."""
    if not line.get("agency"):
        return True
    opener = runner.opener(line)
    return line["agency"] in agencies.in_question(opener["question"]).agencies


def evaluate(
    answerer: Any,
    lines: list[dict[str, Any]],
    modes: Iterable[str] = MODES,
    agencies: Any = None,
    system: str = "engine",
):
    """Per-question records and a summary per mode. ``agencies`` (the engine's resolver)
    decides which questions name their agency, whichever system answers."""
    agencies = agencies or answerer.agencies
    records = []
    summary: dict[str, Any] = {}
    for mode in modes:
        runner = Runner(answerer, lines, mode)
        tally: dict[str, list[bool]] = defaultdict(list)
        for line in lines:
            if mode == "open" and not counts_in_open(agencies, runner, line):
                continue
            answer = runner.ask(line)
            verdict = score(line, answer)
            records.append(
                {
                    "system": system,
                    "mode": mode,
                    "id": line["id"],
                    "gold": line,
                    "answer": answer,
                    **verdict,
                }
            )
            for key in ("figure", "no_answer", "false_answer", "source", "passage", "check"):
                if key in verdict:
                    tally[key].append(bool(verdict[key]))
                    if key == "figure":
                        tally[f"figure:{verdict['kind']}"].append(bool(verdict[key]))
            tally["clarified"].append(verdict["clarified"])
            tally["correct"].append(verdict["correct"])
        times = sorted(runner.seconds.values())
        summary[mode] = {
            "questions": len(tally["correct"]),
            **{key: _rate(values) for key, values in sorted(tally.items())},
            "latency_ms": _latency(times),
        }
    return records, summary


def _rate(values: list[bool]) -> dict[str, Any]:
    return {"rate": round(sum(values) / len(values), 4) if values else None, "n": len(values)}


def _latency(times: list[float]) -> dict[str, float]:
    if not times:
        return {}
    return {
        "p50": round(1000 * statistics.median(times), 1),
        "p95": round(1000 * times[min(len(times) - 1, int(len(times) * 0.95))], 1),
        "max": round(1000 * times[-1], 1),
    }


def table(summary: dict[str, Any]) -> str:
    keys = sorted(
        {
            k
            for mode in summary.values()
            for k, v in mode.items()
            if isinstance(v, dict) and "rate" in v
        }
    )
    rows = [["measure", *summary]]
    for key in keys:
        cells = []
        for mode in summary.values():
            value = mode.get(key)
            cells.append(
                "" if not value or value["rate"] is None else f"{value['rate']:.3f} ({value['n']})"
            )
        rows.append([key, *cells])
    rows.append(
        [
            "latency p50/p95 ms",
            *(
                f"{m['latency_ms'].get('p50')}/{m['latency_ms'].get('p95')}"
                for m in summary.values()
            ),
        ]
    )
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows
    )


def build(
    db_path: Path | None, reports: list[Path], keyword_only: bool
) -> tuple[dict[str, Any], Any, dict[str, float]]:
    """The systems to compare over ``reports`` ingested into ``db_path`` (a temporary file
    if None): the engine and the two baselines (the vector one needs the model)."""
    from eval.baselines import keyword_baseline, vector_baseline
    from ingest.pipeline import expand, ingest_files
    from ingest.store import open_db
    from service.answering import Answerer

    path = db_path or Path(tempfile.mkdtemp(prefix="reportqa-qa-")) / "qa.db"
    db = open_db(path)
    started = time.perf_counter()
    files = list(expand(reports)) if reports else []
    if files:
        list(ingest_files(db, files))
    timing = {"ingest_seconds": round(time.perf_counter() - started, 1), "files": len(files)}
    started = time.perf_counter()
    if keyword_only:
        engine = Answerer(db)
        systems = {"engine": engine, "keyword": keyword_baseline(db, engine.agencies)}
        timing["index_seconds"] = round(time.perf_counter() - started, 1)
        return systems, engine.agencies, timing
    from index.model import Embedder
    from index.search import Retriever

    retriever = Retriever(db, Embedder(), path.with_name(path.name + ".faiss"))
    retriever.warm_up()
    engine = Answerer(db, search=retriever.search)
    engine.ask("预热", agency=None)  # loads what warm-up left lazy
    timing["index_seconds"] = round(time.perf_counter() - started, 1)
    systems = {
        "engine": engine,
        "keyword": keyword_baseline(db, engine.agencies),
        "vector": vector_baseline(db, engine.agencies, retriever.vectors),
    }
    return systems, engine.agencies, timing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reportqa eval", description=__doc__.split("\n\n")[0])
    parser.add_argument("questions", nargs="+", type=Path, help="gold JSONL files")
    parser.add_argument(
        "--reports", action="append", type=Path, default=[], help="report files or folders"
    )
    parser.add_argument("--db", type=Path, help="use this database (reports are added to it)")
    parser.add_argument("--mode", choices=MODES, action="append", help="default: both")
    parser.add_argument(
        "--system",
        choices=SYSTEMS,
        action="append",
        help="default: all (the engine and both baselines)",
    )
    parser.add_argument(
        "--keyword-only", action="store_true", help="no vector model: engine and keyword baseline"
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--out", type=Path, help="write per-question records (JSONL) here")
    args = parser.parse_args(argv)
    lines = load(args.questions)
    systems, agencies, timing = build(args.db, args.reports, args.keyword_only)
    wanted = [name for name in (args.system or SYSTEMS) if name in systems]
    records: list[dict[str, Any]] = []
    summary: dict[str, Any] = {}
    for name in wanted:
        system_records, system_summary = evaluate(
            systems[name], lines, args.mode or MODES, agencies, name
        )
        records += system_records
        summary[name] = system_summary
    result = {**timing, "questions": len(lines), "systems": summary}
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        columns = {
            f"{name} {mode}": summary[name][mode] for name in summary for mode in summary[name]
        }
        print(table(columns))
        print(
            f"{len(lines)} questions; ingest {timing['ingest_seconds']} s ({timing['files']} files)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
