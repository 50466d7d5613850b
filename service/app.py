"""The web app: a JSON API under /api/, the chat widget, and pages for citizens and staff.

``create_app(settings)`` builds it; ``reportqa serve`` runs it with uvicorn. Every answer
comes from ``service.answering.Answerer.ask`` — the API returns exactly what
``reportqa ask --json`` prints. Every error has one shape::

    {"error": {"status": 422, "code": "invalid_request", "message": "...", "details": [...]}}
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, File, Header, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from ingest import store
from service.answering import MAX_QUESTION_CHARS, AnswerError
from service.engine import Engine
from service.metrics import METRICS
from service.settings import Settings

HERE = Path(__file__).resolve().parent
YEARS = (1990, 2100)

UPLOAD_FORMATS = "a report file: .txt, .md, .html, .htm, .docx or .pdf"


class ApiError(HTTPException):
    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(status_code=status, detail=message)
        self.code = code
        self.details = details


class AskRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"question": "张店交警去年有几件申请没办完？"},
                {"question": "行政处罚多少件", "agency": "张店交警", "year": 2024},
                {
                    "question": "那2023年呢？",
                    "context": {
                        "agency": "淄博市公安局交通警察支队张店大队",
                        "metrics": ["review"],
                    },
                },
            ]
        }
    )

    question: str = Field(
        description="The question, in the asker's words.", max_length=MAX_QUESTION_CHARS
    )
    agency: str | None = Field(None, description="The page's agency (a widget's scope).")
    year: int | None = Field(None, ge=YEARS[0], le=YEARS[1], description="The page's year.")
    context: dict[str, Any] | None = Field(
        None, description="The `context` of the previous answer, sent back unchanged."
    )
    date: str | None = Field(None, description="Count 去年/今年 from this ISO date.")

    @field_validator("question")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the question is empty")
        return value

    @field_validator("date")
    @classmethod
    def iso_date(cls, value: str | None) -> str | None:
        if value is not None:
            date.fromisoformat(value)
        return value


def create_app(settings: Settings | None = None, *, background: bool = True) -> FastAPI:
    """The app over ``settings`` (default: the environment). ``background=False`` prepares
    the data and indexes before serving (tests)."""
    settings = settings or Settings.from_env()
    engine = Engine(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine.start(background=background)
        yield

    app = FastAPI(
        title="reportqa",
        version="0.1",
        summary="Exact figures from 政府信息公开工作年度报告, always with their source.",
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.settings = settings
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "X-API-Key"],
        )
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _errors(app)

    def answerer() -> Any:
        if not engine.ready:
            raise ApiError(503, "not_ready", f"the service is starting: {engine.status.detail}")
        return engine.answerer

    # -- API ---------------------------------------------------------------------------------

    @app.get("/healthz", tags=["service"], summary="Ready once the model and indexes are loaded")
    async def healthz() -> JSONResponse:
        ready = engine.ready
        body = {
            "status": engine.status.state,
            "detail": engine.status.detail,
            "reports": engine.db.table("reports").count if engine.db is not None else 0,
            "indexing_uploads": engine.status.ingesting,
        }
        if engine.status.error:
            body["error"] = engine.status.error
        return JSONResponse(body, status_code=200 if ready else 503)

    @app.post("/api/ask", tags=["answers"], summary="Answer a question")
    async def ask(request: AskRequest) -> dict[str, Any]:
        """The answer object (see the README): the figure, what was counted, the report and
        the source passage; or found=false; or a clarification with choices."""
        engine_answerer = answerer()
        try:
            answer = engine_answerer.ask(
                request.question,
                agency=request.agency,
                year=request.year,
                context=request.context,
                today=date.fromisoformat(request.date) if request.date else None,
            )
        except AnswerError as error:
            raise ApiError(422, "invalid_question", str(error)) from error
        return answer.to_dict()

    @app.get("/api/reports", tags=["reports"], summary="Stored reports")
    async def reports(
        agency: Annotated[str | None, Query(description="a part of the agency's name")] = None,
        year: Annotated[int | None, Query(ge=YEARS[0], le=YEARS[1])] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        rows = list(store.reports(_db(), agency=agency, year=year))
        return {
            "total": len(rows),
            "limit": limit,
            "offset": offset,
            "items": rows[offset : offset + limit],
        }

    @app.get("/api/reports/{report_id}", tags=["reports"], summary="One report")
    async def report(report_id: str) -> dict[str, Any]:
        return _report(report_id)

    @app.get("/api/facts", tags=["facts"], summary="Facts, as JSON or CSV")
    async def facts(
        agency: str | None = None,
        year: Annotated[int | None, Query(ge=YEARS[0], le=YEARS[1])] = None,
        table: Annotated[str | None, Query(pattern="^[二三四]$")] = None,
        metric: str | None = None,
        column: str | None = None,
        format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
        limit: Annotated[int, Query(ge=1, le=100_000)] = 1000,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> Any:
        rows = list(
            store.facts(_db(), agency=agency, year=year, table=table, metric=metric, column=column)
        )
        page = rows[offset : offset + limit]
        if format == "csv":
            return Response(
                _csv(page),
                media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": 'attachment; filename="facts.csv"'},
            )
        return {"total": len(rows), "limit": limit, "offset": offset, "items": page}

    @app.get("/api/search", tags=["answers"], summary="Hybrid search hits")
    async def search(
        q: Annotated[str, Query(min_length=1, max_length=MAX_QUESTION_CHARS)],
        agency: str | None = None,
        year: Annotated[int | None, Query(ge=YEARS[0], le=YEARS[1])] = None,
        kind: Annotated[str | None, Query(pattern="^(passage|fact)$")] = None,
        k: Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> dict[str, Any]:
        from dataclasses import asdict

        from index.keyword import Filters
        from index.search import SearchError

        answerer()
        try:
            hits = engine.retriever.search(
                q, k=k, filters=Filters(agency=agency, year=year, kind=kind)
            )
        except SearchError as error:
            raise ApiError(422, "invalid_question", str(error)) from error
        return {"hits": [asdict(hit) for hit in hits]}

    @app.get("/api/compare", tags=["facts"], summary="A metric across years or agencies")
    async def compare(
        metric: Annotated[str, Query(description="e.g. requests.new, review, outcome.withheld")],
        agency: str | None = None,
        years: Annotated[str | None, Query(description="comma-separated, e.g. 2022,2023")] = None,
        column: str | None = None,
    ) -> dict[str, Any]:
        wanted: tuple[int, ...] = ()
        if years:
            if not re.fullmatch(r"\d{4}(?:\s*,\s*\d{4})*", years):
                raise ApiError(422, "invalid_request", f"years must be like 2022,2023: {years!r}")
            wanted = tuple(int(y) for y in years.split(","))
        try:
            return answerer().compare(metric, column=column, agency=agency, years=wanted)
        except LookupError as error:
            raise ApiError(404, "not_found", str(error)) from error

    @app.post(
        "/api/reports", tags=["reports"], summary="Upload a report to ingest", status_code=201
    )
    async def upload(
        file: Annotated[UploadFile, File(description=UPLOAD_FORMATS)],
        x_api_key: Annotated[str | None, Header()] = None,
    ) -> JSONResponse:
        if not settings.api_key:
            raise ApiError(403, "uploads_disabled", "uploads are off: no API key is configured")
        if x_api_key != settings.api_key:
            raise ApiError(401, "unauthorized", "a valid X-API-Key header is required")
        data = await file.read(settings.max_upload_bytes + 1)
        if len(data) > settings.max_upload_bytes:
            raise ApiError(413, "too_large", f"the file is over {settings.max_upload_bytes} bytes")
        path = _saved_upload(settings, file.filename or "upload.txt", data)
        result = await run_in_threadpool(engine.ingest_upload, path)
        if result.status == "failed":
            message = (result.error or "the file could not be read").replace(
                str(path), file.filename or path.name
            )
            raise ApiError(422, "unreadable_report", message)
        body = {
            "status": result.status,
            "report_id": result.report_id,
            "agency": result.agency,
            "year": result.year,
            "facts": result.facts,
            "failed_checks": result.failed_checks,
            "warnings": list(result.warnings),
            "indexing": result.status in {"added", "replaced"},
        }
        return JSONResponse(body, status_code=201 if result.status != "unchanged" else 200)

    # -- pages -------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home(request: Request) -> HTMLResponse:
        agencies = [row["agency"] for row in store.reports(_db()) if row["agency"]]
        return templates.TemplateResponse(
            request,
            "home.html",
            {"agency": agencies[0] if agencies else "", "reports": list(store.reports(_db()))},
        )

    @app.get("/reports/{report_id}", response_class=HTMLResponse, include_in_schema=False)
    async def report_page(request: Request, report_id: str) -> HTMLResponse:
        return templates.TemplateResponse(request, "report.html", _report(report_id, full=True))

    @app.get("/facts", response_class=HTMLResponse, include_in_schema=False)
    async def facts_page(
        request: Request,
        agency: str | None = None,
        year: Annotated[int | None, Query(ge=YEARS[0], le=YEARS[1])] = None,
        metric: str | None = None,
        sort: Annotated[str, Query(pattern="^(agency|year|metric|value)$")] = "agency",
    ) -> HTMLResponse:
        rows = list(store.facts(_db(), agency=agency or None, year=year, metric=metric or None))
        if sort == "value":
            rows.sort(
                key=lambda r: float(r["value"]) if r["value"] is not None else -1, reverse=True
            )
        elif sort in ("year", "metric"):
            rows.sort(key=lambda r: (r[sort] or 0) if sort == "year" else r[sort])
        query = {"agency": agency or "", "year": year or "", "metric": metric or ""}
        return templates.TemplateResponse(
            request,
            "facts.html",
            {
                "rows": rows[:2000],
                "total": len(rows),
                "query": query,
                "metrics": sorted(METRICS.items()),
                "sort": sort,
            },
        )

    def _db() -> Any:
        if engine.db is None:
            raise ApiError(503, "not_ready", "the service is starting")
        engine.refresh()
        return engine.db

    def _report(report_id: str, full: bool = False) -> dict[str, Any]:
        db = _db()
        row = db.execute(
            "select id, agency, year, published, title, source_path, template, warnings, "
            "incomplete, text from reports where id = ?",
            [report_id],
        ).fetchone()
        if row is None:
            raise ApiError(404, "not_found", f"no report with id {report_id!r}")
        names = ("id", "agency", "year", "published", "title", "source_path", "template")
        body: dict[str, Any] = dict(zip(names, row[:7], strict=True))
        body["warnings"] = json.loads(row[7] or "[]")
        body["incomplete"] = bool(row[8])
        text = row[9]
        sections = [
            {
                "key": key,
                "title": title,
                "path": json.loads(path or "[]"),
                "start": start,
                "end": end,
            }
            for key, title, path, start, end in db.execute(
                'select key, title, path, start, "end" from sections where report_id = ? '
                "order by start, length(key)",
                [report_id],
            )
        ]
        body["sections"] = sections
        body["checks"] = [
            {k: c[k] for k in ("rule", "scope", "status", "expected", "actual", "message")}
            for c in store.checks(db, report_id=report_id)
        ]
        if full:
            body["text"] = text
            body["tables"] = _tables(db, report_id)
            body["blocks"] = _blocks(text, sections)
        return body

    return app


def _errors(app: FastAPI) -> None:
    def shape(status: int, code: str, message: str, details: Any = None) -> JSONResponse:
        error = {"status": status, "code": code, "message": message}
        if details is not None:
            error["details"] = details
        return JSONResponse({"error": error}, status_code=status)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        return shape(error.status_code, error.code, str(error.detail), error.details)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
        return shape(error.status_code, code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        details = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
            for e in error.errors()
        ]
        message = "; ".join(f"{d['where']}: {d['problem']}" for d in details) or "invalid request"
        return shape(422, "invalid_request", message, details)

    @app.exception_handler(Exception)
    async def crashed(request: Request, error: Exception) -> JSONResponse:
        return shape(500, "internal_error", f"{type(error).__name__}: the request failed")


def _csv(rows: list[dict[str, Any]]) -> str:
    columns = [
        "agency",
        "year",
        "table",
        "metric",
        "metric_label",
        "column",
        "column_label",
        "value",
        "unit",
        "note",
        "approximate",
        "empty",
        "inferred",
        "raw",
        "report_id",
        "start",
        "end",
    ]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _saved_upload(settings: Settings, name: str, data: bytes) -> Path:
    """The upload kept beside the database under its own (cleaned) name: uploading a newer
    version of the same file replaces the older report."""
    folder = (
        settings.db_path.parent / "uploads"
        if str(settings.db_path) != ":memory:"
        else Path(tempfile.mkdtemp(prefix="reportqa-uploads-"))
    )
    folder.mkdir(parents=True, exist_ok=True)
    clean = re.sub(r"[^\w.\-\u4e00-\u9fff]+", "_", Path(name).name).strip("._") or "upload.txt"
    path = folder / clean
    path.write_bytes(data)
    return path


def _tables(db: Any, report_id: str) -> list[dict[str, Any]]:
    """Tables 二, 三, 四 rebuilt from the facts: rows by metric, columns by column key."""
    tables: dict[str, dict[str, Any]] = {}
    for fact in db.query(
        'select "table", metric, metric_label, column, column_label, value, raw, unit, note, '
        'empty, start, "end" from facts where report_id = ? and source = ? '
        "order by start, ordinal",
        [report_id, "table"],
    ):
        table = tables.setdefault(fact["table"], {"name": fact["table"], "columns": [], "rows": {}})
        if fact["column"] not in [c["key"] for c in table["columns"]]:
            table["columns"].append({"key": fact["column"], "label": fact["column_label"]})
        row = table["rows"].setdefault(
            fact["metric"],
            {
                "metric": fact["metric"],
                "label": fact["metric_label"],
                "cells": {},
                "start": fact["start"],
                "end": fact["end"],
            },
        )
        shown = "" if fact["empty"] else (fact["raw"] or fact["value"] or "")
        row["cells"][fact["column"]] = shown
    return [
        {**table, "rows": list(table["rows"].values())}
        for name, table in sorted(tables.items(), key=lambda item: "二三四".index(item[0]))
    ]


def _blocks(text: str, sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The report's text cut at its top-level sections, each with its offset, so the page
    can highlight a span (#span=start-end) by offsets into the stored text."""
    tops = sorted((s for s in sections if "." not in s["key"]), key=lambda s: s["start"])
    blocks = []
    for section in tops:
        blocks.append(
            {
                "key": section["key"],
                "title": section["title"],
                "start": section["start"],
                "text": text[section["start"] : section["end"]],
            }
        )
    if not blocks:
        blocks.append({"key": "0", "title": "", "start": 0, "text": text})
    return blocks
