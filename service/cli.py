"""The ``reportqa`` command: a thin click face over the library.

Data goes to stdout (tables, ``--json``, ``--csv``); progress and messages to stderr.
Library errors become ``ClickException`` with a hint here, in one place. Heavy modules are
imported inside the commands, so ``reportqa --help`` stays instant.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from service.settings import (
    DB_ENV,
    MODEL_ENV,
    bundled_corpus,
    default_db_path,
    model_path,
    vector_path,
)

_DB_HELP = f"SQLite database file (default: ${DB_ENV} or reportqa.db in your data directory)."


def _db_option(function: Any) -> Any:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=_DB_HELP,
    )(function)


def _model_option(function: Any) -> Any:
    return click.option(
        "--model",
        "model",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        default=None,
        help=f"A local sentence-transformers model folder (default: ${MODEL_ENV} or the bundled "
        "multilingual-e5-small).",
    )(function)


def _retriever(db: Any, db_path: Path | None, model: Path | None) -> Any:
    from index.model import Embedder
    from index.search import Retriever

    path = db_path or default_db_path()
    return Retriever(db, Embedder(model_path=model or model_path()), vector_path(path))


def _update_index(retriever: Any, quiet: bool) -> None:
    """Bring the search indexes in step with the database, with progress on stderr."""
    bar: Any = None

    def embedded(done: int, total: int) -> None:
        nonlocal bar
        if quiet:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="embedding", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    if not quiet:
        click.echo("updating the search indexes (the first run builds the model)…", err=True)
    retriever.warm_up(on_embed=embedded)
    if bar is not None:
        bar.__exit__(None, None, None)


def _open(db_path: Path | None) -> Any:
    import sqlite3

    from ingest.store import open_db

    path = db_path or default_db_path()
    try:
        return open_db(path)
    except (sqlite3.Error, OSError) as error:  # translated once, here
        raise click.ClickException(f"cannot open database {path}: {error}") from error


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reportqa")
def main() -> None:
    """Question answering over 政府信息公开工作年度报告 (government disclosure reports).

    \b
    Example:
      reportqa ingest corpus/          # read the sample reports into the database
      reportqa facts --metric requests.carried_over
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@_db_option
@click.option("--agency", help="The publishing agency, when the reports do not say it clearly.")
@click.option("--year", type=click.IntRange(1990, 2100), help="The year reported on, likewise.")
@click.option("--json", "as_json", is_flag=True, help="Print the per-file results as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or per-file lines.")
@click.option("--no-index", is_flag=True, help="Do not update the search indexes now.")
@_model_option
def ingest(
    paths: tuple[Path, ...],
    db_path: Path | None,
    agency: str | None,
    year: int | None,
    as_json: bool,
    quiet: bool,
    no_index: bool,
    model: Path | None,
) -> None:
    """Read report files (or folders of them) into the database.

    Formats: text (.txt .md, UTF-8 or GBK/GB18030), web pages (.html .htm), Word (.docx)
    and PDFs with a text layer (.pdf), in simplified or traditional characters, a folder
    may mix them. Without PATHS, ingests the bundled sample corpus. Ingesting the same report twice
    changes nothing; a changed report replaces its older version. A file that cannot be
    read is reported with its reason and skipped; the exit status is 1 if any failed.
    Then the search indexes are brought in step (skip with --no-index; `reportqa index`
    does it later).

    \b
    Example:
      reportqa ingest corpus/ --db reports.db --no-index
      reportqa ingest 2024-report.txt --agency 张店区交警大队 --year 2024
    """
    from ingest.pipeline import expand, ingest_files

    files = expand(paths or (bundled_corpus(),))
    if not files:
        raise click.ClickException("no report files found (looked for .txt and .md files)")
    db = _open(db_path)
    results = []
    with click.progressbar(
        files,
        label="ingesting",
        file=sys.stderr,
        show_pos=True,
        hidden=quiet or as_json or len(files) < 2,
    ) as bar:
        for result in ingest_files(db, bar, agency=agency, year=year):
            results.append(result)
            if not quiet and not as_json:
                _say_file(result)
    if not no_index:
        _update_index(_retriever(db, db_path, model), quiet or as_json)
    _summary(results, as_json)
    if any(result.status == "failed" for result in results):
        sys.exit(1)


@main.command("index")
@_db_option
@_model_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def index_command(db_path: Path | None, model: Path | None, quiet: bool) -> None:
    """Bring the keyword and vector indexes in step with the stored reports.

    Adds the documents of new reports, removes those of deleted or replaced ones, embeds
    texts that have no vector yet (each distinct text once), and rebuilds the vector index
    file next to the database if it does not match.

    \b
    Example:
      reportqa index --db reports.db
    """
    db = _open(db_path)
    retriever = _retriever(db, db_path, model)
    _update_index(retriever, quiet)
    documents = db.table("documents").count
    click.echo(
        f"{documents} documents, {retriever.vectors.size} distinct texts in the vector index"
    )


@main.command()
@click.argument("question")
@_db_option
@_model_option
@click.option("--agency", help="Only this agency (a part of its name is enough).")
@click.option("--year", type=int, help="Only this report year.")
@click.option("--section", type=click.Choice(list("0123456")), help="Only this section.")
@click.option("--kind", type=click.Choice(["passage", "fact"]), help="Only passages or facts.")
@click.option("--k", "k", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "keyword", "vector"]),
    default="hybrid",
    show_default=True,
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def search(
    question: str,
    db_path: Path | None,
    model: Path | None,
    agency: str | None,
    year: int | None,
    section: str | None,
    kind: str | None,
    k: int,
    mode: str,
    as_json: bool,
) -> None:
    """Find the passages and facts a question could be about.

    \b
    Example:
      reportqa search "结转下年度继续办理的申请有多少" --agency 张店 --year 2024
      reportqa search "how many requests were carried over" --k 5 --json
    """
    from index.keyword import Filters
    from index.search import SearchError

    db = _open(db_path)
    retriever = _retriever(db, db_path, model)
    _update_index(retriever, quiet=True)
    filters = Filters(agency=agency, year=year, section=section, kind=kind)
    try:
        hits = retriever.search(question, k=k, filters=filters, mode=mode)
    except SearchError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json.dumps([asdict(hit) for hit in hits], ensure_ascii=False, indent=2))
        return
    rows = [
        {
            "rank": i,
            "score": f"{hit.score:.4f}",
            "kind": hit.kind,
            "agency": hit.agency,
            "year": hit.year,
            "section": hit.section,
            "text": " ".join(hit.text.split()),
            "from": ",".join(f"{name}#{rank}" for name, rank in hit.ranks.items()),
        }
        for i, hit in enumerate(hits, 1)
    ]
    _table(rows, ["rank", "score", "kind", "agency", "year", "section", "text", "from"])


def _answerer(db: Any, db_path: Path | None, model: Path | None) -> Any:
    from service.answering import Answerer

    retriever = _retriever(db, db_path, model)
    _update_index(retriever, quiet=True)
    return Answerer(db, search=retriever.search)


def _reference_date(value: str | None) -> Any:
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a date like 2025-03-01") from error


def _show_answer(answer: Any) -> None:
    """An answer for a person: the sentence, the source, alternatives, choices."""
    click.echo(answer.answer)
    if answer.source:
        where = answer.source.get("section") or ""
        text = " ".join(str(answer.source.get("text", "")).split())
        click.echo(
            click.style(f"  来源 [{where}] ", dim=True)
            + (text[:200] + ("…" if len(text) > 200 else ""))
        )
    for alternative in answer.alternatives:
        click.echo(f"  另一种理解：{alternative.get('answer') or alternative['metric']['label']}")
    if answer.clarify:
        for number, choice in enumerate(answer.clarify["choices"], 1):
            click.echo(f"  {number}. {choice['label']}")
    for note in answer.notes:
        click.echo(click.style(f"  注：{note}", dim=True))
    if not answer.found and answer.related:
        shown = [r.get("label") or r.get("agency") for r in answer.related[:3]]
        click.echo(click.style("  相关：" + "；".join(str(s) for s in shown if s), dim=True))


@main.command()
@click.argument("question")
@_db_option
@_model_option
@click.option("--agency", help="The agency the question is about (as a page would name it).")
@click.option(
    "--year", type=click.IntRange(1990, 2100), help="The report year, unless the question says."
)
@click.option("--date", "reference", help="Count 去年/今年 from this date (default: today).")
@click.option("--context", "context_json", help="The context of the previous answer, as JSON.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer object as JSON.")
def ask(
    question: str,
    db_path: Path | None,
    model: Path | None,
    agency: str | None,
    year: int | None,
    reference: str | None,
    context_json: str | None,
    as_json: bool,
) -> None:
    """Answer a question with the figure from a report and its source.

    \b
    Example:
      reportqa ask "张店交警去年有几件申请没办完?" --date 2025-03-01
      reportqa ask "行政处罚多少件" --agency 张店交警 --json
      reportqa ask "那2023年呢?" --context '{"agency": "…", "metrics": ["review"]}'
    """
    from service.answering import AnswerError

    context = None
    if context_json:
        try:
            context = json.loads(context_json)
        except json.JSONDecodeError as error:
            raise click.BadParameter(f"not JSON: {error}", param_hint="--context") from error
    answerer = _answerer(_open(db_path), db_path, model)
    try:
        answer = answerer.ask(
            question, agency=agency, year=year, context=context, today=_reference_date(reference)
        )
    except AnswerError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        _show_answer(answer)


@main.command()
@_db_option
@_model_option
@click.option("--agency", help="Talk about this agency unless a question names another.")
@click.option("--date", "reference", help="Count 去年/今年 from this date (default: today).")
def chat(
    db_path: Path | None, model: Path | None, agency: str | None, reference: str | None
) -> None:
    """A conversation in the terminal: follow-up questions use the previous answer.

    \b
    Type a question and press Enter; a number picks one of the offered choices;
    an empty line or Ctrl-D ends the conversation.

    \b
    Example:
      reportqa chat --agency 张店交警 --date 2025-03-01
      问> 去年收到多少件申请?
      问> 那自然人呢?
    """
    from service.answering import AnswerError

    answerer = _answerer(_open(db_path), db_path, model)
    today = _reference_date(reference)
    context: dict[str, Any] | None = None
    choices: list[dict[str, Any]] = []
    last_question = ""
    while True:
        try:
            question = input("问> ").strip()
        except EOFError:
            break
        if not question:
            break
        scope = agency
        if question.isdigit() and 0 < int(question) <= len(choices):
            choice = choices[int(question) - 1]
            if choice.get("field") == "agency":  # ask again, about the chosen agency
                scope, question, context = choice["value"], last_question, None
            else:  # a metric: ask for it, in the same conversation
                question = f"{choice['label']}有多少"
        try:
            answer = answerer.ask(question, agency=scope, context=context, today=today)
        except AnswerError as error:
            click.echo(f"无法回答：{error}", err=True)
            continue
        _show_answer(answer)
        context = answer.context
        choices = (
            [{**c, "field": answer.clarify["field"]} for c in answer.clarify["choices"]]
            if answer.clarify
            else []
        )
        last_question = question


@main.command()
@_db_option
@_model_option
@click.option("--host", help="Address to listen on (default: $REPORTQA_HOST or 127.0.0.1).")
@click.option(
    "--port", type=click.IntRange(1, 65535), help="Port (default: $REPORTQA_PORT or 8000)."
)
@click.option(
    "--cors-origin",
    "cors",
    multiple=True,
    help="A web origin allowed to call the API (repeatable; default: $REPORTQA_CORS_ORIGINS).",
)
@click.option("--date", "reference", help="Count 去年/今年 from this date (default: today).")
def serve(
    db_path: Path | None,
    model: Path | None,
    host: str | None,
    port: int | None,
    cors: tuple[str, ...],
    reference: str | None,
) -> None:
    """Run the web app: JSON API, chat widget, report and staff pages.

    On first start the bundled corpus is ingested into an empty database and the search
    indexes are built (progress on stderr); /healthz says when it is ready. Uploads
    (POST /api/reports) need $REPORTQA_API_KEY.

    \b
    Example:
      reportqa serve                       # then open http://127.0.0.1:8000/
      REPORTQA_API_KEY=secret reportqa serve --port 8080 --cors-origin https://www.example.gov.cn
    """
    import uvicorn

    from service.app import create_app
    from service.settings import Settings

    settings = Settings.from_env(
        db_path=db_path,
        model_path=model,
        host=host,
        port=port,
        cors_origins=cors or None,
        reference_date=_reference_date(reference),
    )
    click.echo(f"reportqa: serving on http://{settings.host}:{settings.port}/", err=True)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")


@main.command(
    "eval",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.argument("arguments", nargs=-1, type=click.UNPROCESSED)
def eval_command(arguments: tuple[str, ...]) -> None:
    """Measure answers against gold questions: the engine and two baselines, scoped and open.

    Ingests --reports into a fresh temporary database (or --db), asks every question of the
    JSONL files, and prints figure, no-answer and source accuracy, false answers,
    clarifications and latency per system and mode (`reportqa eval --help` for all options).

    \b
    Example:
      reportqa eval eval/gold/qa-sample.jsonl --reports corpus/
      reportqa eval my-questions.jsonl --reports reports/ --json --out failures.jsonl
    """
    from eval.qa import main as run

    if not arguments or arguments[0] in {"-h", "--help"}:
        click.echo(click.get_current_context().get_help())
        click.echo("")
    sys.exit(run(list(arguments) or ["--help"]))


def _say_file(result: Any) -> None:
    if result.status == "failed":
        click.secho(f"failed     {result.error}", fg="red", err=True)
        return
    who = f"{result.agency or '?'} {result.year or '?'}"
    notes = []
    if result.failed_checks:
        notes.append(f"{result.failed_checks} failed checks")
    if result.incomplete:
        notes.append("incomplete")
    if result.warnings:
        notes.append(f"{len(result.warnings)} warnings")
    extra = f" ({', '.join(notes)})" if notes else ""
    click.echo(f"{result.status:<10} {result.path}: {who}, {result.facts} facts{extra}", err=True)
    for warning in result.warnings:
        click.echo(f"           warning: {warning}", err=True)


def _summary(results: Sequence[Any], as_json: bool) -> None:
    counts = {
        status: sum(r.status == status for r in results)
        for status in ("added", "replaced", "unchanged", "failed")
    }
    totals = {
        "files": len(results),
        **counts,
        "facts": sum(r.facts for r in results),
        "failed_checks": sum(r.failed_checks for r in results),
        "incomplete": sum(r.incomplete for r in results),
    }
    if as_json:
        click.echo(
            json.dumps(
                {"summary": totals, "files": [asdict(r) for r in results]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    files = totals.pop("files")
    parts = [f"{files} file{'' if files == 1 else 's'}"]
    parts += [f"{value} {name.replace('_', ' ')}" for name, value in totals.items()]
    click.echo(", ".join(parts))


@main.command()
@_db_option
@click.option("--agency", help="Only agencies whose name contains this text.")
@click.option("--year", type=int, help="Only this report year.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def reports(db_path: Path | None, agency: str | None, year: int | None, as_json: bool) -> None:
    """List the stored reports.

    \b
    Example:
      reportqa reports --agency 张店 --json
    """
    from ingest.store import reports as stored

    rows = list(stored(_open(db_path), agency=agency, year=year))
    columns = ["id", "agency", "year", "published", "facts", "failed_checks", "incomplete"]
    _emit(rows, columns, "json" if as_json else "table")


@main.command()
@_db_option
@click.option("--agency", help="Only agencies whose name contains this text.")
@click.option("--year", type=int, help="Only this report year.")
@click.option(
    "--table", "table_name", type=click.Choice(["二", "三", "四"]), help="Only this table."
)
@click.option("--metric", help="Metric key or key prefix, e.g. requests.new or outcome.withheld.")
@click.option("--column", help="Column key, e.g. total, natural_person, issued.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
def facts(
    db_path: Path | None,
    agency: str | None,
    year: int | None,
    table_name: str | None,
    metric: str | None,
    column: str | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """List stored facts: table cells and figures stated in prose.

    \b
    Example:
      reportqa facts --table 三 --metric requests.carried_over --column total
      reportqa facts --agency 张店 --year 2024 --csv > facts.csv
    """
    from ingest.store import facts as stored

    rows = list(
        stored(
            _open(db_path), agency=agency, year=year, table=table_name, metric=metric, column=column
        )
    )
    columns = [
        "agency",
        "year",
        "table",
        "metric",
        "column",
        "value",
        "unit",
        "note",
        "approximate",
        "empty",
        "inferred",
        "unreadable",
        "metric_label",
        "column_label",
        "raw",
        "clause",
        "start",
        "end",
        "id",
    ]
    short = ["agency", "year", "table", "metric_label", "column_label", "value", "unit", "note"]
    _emit(rows, columns, "json" if as_json else "csv" if as_csv else "table", short=short)


@main.command()
@_db_option
@click.option("--all", "show_all", is_flag=True, help="Show passed and skipped checks too.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def checks(db_path: Path | None, show_all: bool, as_json: bool) -> None:
    """Reports that break a balance rule of the template, and why.

    \b
    Example:
      reportqa checks
      reportqa checks --all --json
    """
    from ingest.store import blamed
    from ingest.store import checks as stored

    db = _open(db_path)
    rows = list(stored(db, status=None if show_all else "fail"))
    blame = {row["report_id"]: blamed(db, row["report_id"]) for row in rows}
    for row in rows:
        # Only the suspects this check compared: another rule's suspect does not explain it.
        row["blamed_cells"] = (
            [cell for cell in blame[row["report_id"]] if cell["id"] in row["cells"]]
            if row["status"] == "fail"
            else []
        )
        row["blame"] = "; ".join(
            f"{c['metric_label']} / {c['column_label']} = {c['raw'] or '(empty)'}"
            for c in row["blamed_cells"]
        )
    if not rows and not as_json:
        click.echo("no failed checks" if not show_all else "no checks stored", err=True)
        return
    _emit(
        rows,
        ["agency", "year", "rule", "status", "message", "blame", "source_path"],
        "json" if as_json else "table",
    )


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--count", default=10, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--layout", "layouts", multiple=True, help="Only these layouts (repeatable).")
@click.option("--broken", is_flag=True, help="Break one balance rule in each report on purpose.")
@click.option("--encoding", default="utf-8", show_default=True, help="e.g. utf-8, gbk, gb18030.")
@click.option(
    "--years",
    type=click.IntRange(1, 30),
    default=1,
    show_default=True,
    help="Reports per agency, for consecutive years ending 2024.",
)
def synth(
    folder: Path,
    count: int,
    seed: int,
    layouts: tuple[str, ...],
    broken: bool,
    encoding: str,
    years: int,
) -> None:
    """Write synthetic reports whose figures obey the template's rules.

    \b
    Example:
      reportqa synth /tmp/synthetic --count 1000 --seed 7
      reportqa synth /tmp/one-line --layout run_together --broken
      reportqa synth /tmp/series --count 40 --years 4   # 10 agencies, 2021-2024 each
    """
    from eval.synth import LAYOUTS, generate_many, write

    unknown = sorted(set(layouts) - set(LAYOUTS))
    if unknown:
        raise click.BadParameter(f"unknown layout {unknown[0]!r}; choose from {', '.join(LAYOUTS)}")
    generated = generate_many(
        seed, count, layouts=layouts or LAYOUTS, broken_share=1.0 if broken else 0.0, years=years
    )
    written = write(generated, folder, encoding=encoding)
    click.echo(f"wrote {len(written)} reports to {folder}", err=True)


def _emit(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    form: str,
    short: Sequence[str] | None = None,
) -> None:
    if form == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str))
    elif form == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    else:
        _table(rows, short or columns)


def _table(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> None:
    from tabulate import tabulate

    body = [[_cell(row.get(column)) for column in columns] for row in rows]
    if not body:
        click.echo("(nothing stored matches)", err=True)
        return
    click.echo(tabulate(body, headers=list(columns), disable_numparse=True))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


if __name__ == "__main__":
    main()
