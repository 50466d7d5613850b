"""The web app through FastAPI's TestClient: the same answers as the engine, one error
shape, CSV export, uploads behind a key, pages that escape what reports say."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from eval.synth import generate, generate_many, write
from ingest.store import open_db
from service.answering import Answerer
from service.app import create_app
from service.cli import main
from service.settings import Settings
from tests.ingest.test_pdf import pdf, row_blocks

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "corpus"
ZHANGDIAN = "淄博市公安局交通警察支队张店大队"
KEY = "test-key"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("api")
    return Settings.from_env(
        {},
        db_path=folder / "api.db",
        corpus=SAMPLE_DIR,
        api_key=KEY,
        reference_date=date(2025, 3, 1),
        cors_origins=("https://www.example.gov.cn",),
    )


@pytest.fixture(scope="module")
def client(settings: Settings):  # type: ignore[no-untyped-def]
    with TestClient(create_app(settings, background=False)) as test_client:
        yield test_client


def _error(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status and body["error"]["code"] and body["error"]["message"]
    return body["error"]


def test_first_start_ingests_the_corpus_and_is_ready(client: TestClient) -> None:
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "ready" and health.json()["reports"] == 1


@pytest.mark.parametrize(
    "payload",
    [
        {"question": "张店交警去年有几件申请没办完？"},
        {"question": "行政处罚多少件", "agency": "张店交警"},
        {"question": "how many requests were carried over?", "agency": ZHANGDIAN, "year": 2024},
        {"question": "存在哪些问题", "agency": ZHANGDIAN},
        {"question": "召开了几场新闻发布会", "agency": ZHANGDIAN},
    ],
)
def test_ask_returns_exactly_what_the_cli_prints(
    client: TestClient, settings: Settings, payload: dict
) -> None:
    response = client.post("/api/ask", json=payload)
    assert response.status_code == 200, response.text
    arguments = ["ask", payload["question"], "--db", str(settings.db_path), "--json"]
    arguments += ["--date", "2025-03-01"]
    for name in ("agency", "year"):
        if name in payload:
            arguments += [f"--{name}", str(payload[name])]
    printed = CliRunner().invoke(main, arguments)
    assert printed.exit_code == 0, printed.output
    assert response.json() == json.loads(printed.stdout)


def test_golden_answer_values(client: TestClient) -> None:
    carried = client.post("/api/ask", json={"question": "张店交警去年有几件申请没办完？"}).json()
    assert carried["found"] and carried["value"] == 1 and carried["report"]["year"] == 2024
    assert "结转下年度继续办理" in carried["source"]["text"]
    follow = client.post("/api/ask", json={"question": "自然人呢", "context": carried["context"]})
    assert follow.json()["column"]["key"] == "natural_person"


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        ({"question": ""}, "question"),
        ({"question": "   "}, "question"),
        ({"question": "问" * 501}, "question"),
        ({"question": "行政处罚多少件", "year": 1800}, "year"),
        ({"question": "行政处罚多少件", "date": "yesterday"}, "date"),
        ({}, "question"),
    ],
)
def test_bad_questions_get_one_error_shape(client: TestClient, payload: dict, where: str) -> None:
    error = _error(client.post("/api/ask", json=payload), 422)
    assert where in error["message"]


def test_reports_list_and_one_report(client: TestClient) -> None:
    listed = client.get("/api/reports", params={"agency": "张店", "limit": 5}).json()
    assert listed["total"] == 1 and listed["items"][0]["agency"] == ZHANGDIAN
    report = client.get(f"/api/reports/{listed['items'][0]['id']}").json()
    assert report["year"] == 2024
    assert any(s["title"].startswith("五、") for s in report["sections"])
    assert report["checks"] and all(c["status"] == "pass" for c in report["checks"])
    _error(client.get("/api/reports/no-such-report"), 404)
    _error(client.get("/api/reports", params={"year": "twenty"}), 422)


def test_facts_as_json_and_csv(client: TestClient) -> None:
    params = {"agency": "张店", "metric": "requests.carried_over", "table": "三"}
    facts = client.get("/api/facts", params=params).json()
    assert facts["total"] == 7  # the row's six applicant columns and its total
    exported = client.get("/api/facts", params={**params, "format": "csv"})
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == 7
    total = next(r for r in rows if r["column"] == "total")
    assert total["value"] == "1" and total["agency"] == ZHANGDIAN
    _error(client.get("/api/facts", params={"format": "xml"}), 422)


def test_search_and_compare(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "结转下年度继续办理", "k": 3}).json()["hits"]
    assert len(hits) == 3 and any("结转下年度继续办理" in h["text"] for h in hits)
    _error(client.get("/api/search", params={"q": ""}), 422)
    series = client.get("/api/compare", params={"metric": "review", "agency": "张店交警"}).json()
    assert [p["report"]["year"] for p in series["series"]] == [2024]
    assert series["series"][0]["value"] == 0
    _error(client.get("/api/compare", params={"metric": "review", "years": "2024;2023"}), 422)
    _error(client.get("/api/compare", params={"metric": "review", "agency": "海淀区教委"}), 404)


def test_openapi_documents_the_api_with_examples(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/ask", "/api/reports", "/api/facts", "/api/search", "/api/compare"} <= set(
        spec["paths"]
    )
    ask = spec["components"]["schemas"]["AskRequest"]
    assert ask.get("examples")


def test_cors_allows_the_configured_origin_only(client: TestClient) -> None:
    allowed = client.options(
        "/api/ask",
        headers={"Origin": "https://www.example.gov.cn", "Access-Control-Request-Method": "POST"},
    )
    assert allowed.headers.get("access-control-allow-origin") == "https://www.example.gov.cn"
    other = client.options(
        "/api/ask",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert other.headers.get("access-control-allow-origin") is None


def test_upload_needs_the_key_and_ingests(client: TestClient, tmp_path: Path) -> None:
    report = next(iter(generate_many(41, 1)))
    path = write([report], tmp_path)[0]
    data = path.read_bytes()
    _error(client.post("/api/reports", files={"file": (path.name, data)}), 401)
    wrong = client.post(
        "/api/reports", files={"file": (path.name, data)}, headers={"X-API-Key": "x"}
    )
    _error(wrong, 401)
    bad = client.post(
        "/api/reports", files={"file": ("notes.txt", b"just some text")}, headers={"X-API-Key": KEY}
    )
    error = _error(bad, 422)
    assert "notes.txt" in error["message"] and "/" not in error["message"].split("notes.txt")[0]
    added = client.post(
        "/api/reports", files={"file": (path.name, data)}, headers={"X-API-Key": KEY}
    )
    assert added.status_code == 201, added.text
    assert added.json()["status"] == "added" and added.json()["agency"] == report.agency
    for _ in range(600):  # the new report is indexed on a worker, then swapped in
        if client.get("/healthz").json()["indexing_uploads"] == 0:
            break
        time.sleep(0.1)
    answer = client.post(
        "/api/ask", json={"question": f"{report.agency}{report.year}年收到多少件申请"}
    ).json()
    expected = report.cells["requests.new", "total"] or 0
    assert answer["found"] and answer["value"] == int(expected)
    hits = client.get("/api/search", params={"q": "存在的主要问题", "agency": report.agency}).json()
    assert hits["hits"] and all(h["agency"] == report.agency for h in hits["hits"])
    again = client.post(
        "/api/reports", files={"file": (path.name, data)}, headers={"X-API-Key": KEY}
    )
    assert again.status_code == 200 and again.json()["status"] == "unchanged"


def test_uploads_are_off_without_a_key(tmp_path: Path) -> None:
    settings = Settings.from_env({}, db_path=tmp_path / "nokey.db", corpus=SAMPLE_DIR)
    app = create_app(settings, background=False)
    with TestClient(app) as local:
        error = _error(local.post("/api/reports", files={"file": ("a.txt", b"x")}), 403)
        assert "API key" in error["message"]


def test_pages_show_reports_and_escape_their_text(client: TestClient, tmp_path: Path) -> None:
    home = client.get("/")
    assert home.status_code == 200 and 'src="/static/widget.js"' in home.text
    assert "data-agency=" in home.text
    report_id = client.get("/api/reports", params={"agency": "张店"}).json()["items"][0]["id"]
    page = client.get(f"/reports/{report_id}")
    assert page.status_code == 200
    assert "五、存在的主要问题及改进情况" in page.text and "表三" in page.text
    assert "勾稽关系核对" in page.text and "/static/report.js" in page.text
    facts = client.get("/facts", params={"metric": "requests.new", "sort": "value"})
    assert (
        facts.status_code == 200
        and "导出 CSV" in facts.text
        and 'data-metric="requests.new"' in facts.text
    )
    assert client.get("/static/widget.js").status_code == 200
    assert client.get("/static/widget.css").status_code == 200
    _error(client.get("/reports/nope"), 404)


def test_report_text_is_never_markup(tmp_path: Path) -> None:
    """A report whose text holds HTML is shown as text on its page."""
    sample = (SAMPLE_DIR / "zibo-zhangdian-traffic-police-2024.txt").read_text(encoding="utf-8")
    hostile = sample.replace("一是夯实根基", "<script>alert(1)</script>一是夯实根基", 1)
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "hostile.txt").write_text(hostile, encoding="utf-8")
    settings = Settings.from_env({}, db_path=tmp_path / "h.db", corpus=folder)
    with TestClient(create_app(settings, background=False)) as local:
        report_id = local.get("/api/reports").json()["items"][0]["id"]
        page = local.get(f"/reports/{report_id}").text
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_widget_inserts_text_as_text() -> None:
    widget = (Path(__file__).resolve().parents[2] / "service" / "static" / "widget.js").read_text()
    assert "innerHTML" not in widget and "insertAdjacentHTML" not in widget
    assert "textContent" in widget and "/api/ask" in widget
    assert "aria-label" in widget and "Escape" in widget  # keyboard and screen readers


def test_not_ready_is_a_503_in_the_error_shape(tmp_path: Path) -> None:
    settings = Settings.from_env({}, db_path=tmp_path / "slow.db", corpus=SAMPLE_DIR)
    app = create_app(settings, background=True)
    with TestClient(app) as local:
        first = local.post("/api/ask", json={"question": "行政处罚多少件"})
        if first.status_code == 503:  # still starting: the same error shape
            _error(first, 503)
        for _ in range(600):
            if local.get("/healthz").status_code == 200:
                break
            time.sleep(0.1)
        assert local.get("/healthz").status_code == 200


def test_the_engine_answers_the_same_without_the_app(settings: Settings) -> None:
    answer = Answerer(open_db(settings.db_path), today=lambda: date(2025, 3, 1)).ask(
        "张店交警去年有几件申请没办完？"
    )
    assert answer.value == 1


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("script", ["widget.js", "report.js", "facts.js"])
def test_static_scripts_parse(script: str) -> None:
    path = Path(__file__).resolve().parents[2] / "service" / "static" / script
    checked = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_a_pdf_upload_is_ingested_and_a_fake_one_refused(client: TestClient) -> None:
    report = generate(random.Random(43), layout="row_tabs")
    data = pdf(row_blocks(report.text), header=report.agency)
    headers = {"X-API-Key": KEY}
    added = client.post("/api/reports", files={"file": ("年报.pdf", data)}, headers=headers)
    assert added.status_code == 201, added.text
    assert (added.json()["agency"], added.json()["year"]) == (report.agency, report.year)
    page = b"<html><body>x</body></html>"
    fake = client.post("/api/reports", files={"file": ("page.pdf", page)}, headers=headers)
    error = _error(fake, 422)
    assert error["message"].startswith("page.pdf: ") and "not a PDF" in error["message"]
