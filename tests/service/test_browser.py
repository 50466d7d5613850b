"""The widget and pages in real headless Chromium (Debian's chromium, driven by Playwright):
a citizen's questions typed into the chat bubble, the figure and its source, the report
page opened at the highlighted passage, and report text containing <script> shown as text.

README command 2 (and so ``.ci/run``) installs chromium; screenshots go to a folder the
tests create (printed at the end of the run, kept under pytest's temporary directory).
"""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from eval.synth import generate

CHROMIUM = Path("/usr/bin/chromium")
SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "zibo-zhangdian-traffic-police-2024.txt"
HOSTILE = "<script>alert('xss')</script>"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def hostile_agency() -> str:
    report = generate(random.Random(7), layout="cells", year=2022)
    return report.agency


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``reportqa serve`` in its own process, over the sample report and a generated report
    whose text holds a <script> tag."""
    import httpx

    from ingest.pipeline import ingest_files
    from ingest.store import open_db

    corpus = tmp_path_factory.mktemp("corpus")
    hostile = generate(random.Random(7), layout="cells", year=2022)
    text = hostile.text.replace("扎实推进政务公开各项工作", f"扎实推进政务公开各项工作{HOSTILE}", 1)
    assert HOSTILE in text
    (corpus / "hostile.txt").write_text(text, encoding="utf-8")
    db = tmp_path_factory.mktemp("db") / "browser.db"
    results = list(ingest_files(open_db(db), [SAMPLE, corpus / "hostile.txt"]))
    assert [r.status for r in results] == ["added", "added"]
    port = _free_port()
    env = {**os.environ, "REPORTQA_DB": str(db), "REPORTQA_REFERENCE_DATE": "2025-03-01"}
    process = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)], env=env
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, "reportqa serve stopped during start-up"
            time.sleep(0.2)
        else:
            raise AssertionError("reportqa serve was not ready in 4 minutes")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"\nbrowser screenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    assert CHROMIUM.exists(), (
        "Chromium is not installed: README command 2 installs it "
        "(apt-get install chromium chromium-driver)"
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield launched
        launched.close()


def _ask(page, question: str, answers_before: int):  # type: ignore[no-untyped-def]
    page.fill(".rqa-input", question)
    page.keyboard.press("Enter")
    answers = page.locator(".rqa-msg.rqa-bot:not(.rqa-waiting)")
    page.wait_for_function(
        "n => document.querySelectorAll('.rqa-msg.rqa-bot:not(.rqa-waiting)').length > n",
        arg=answers_before,
        timeout=30_000,
    )
    return answers.nth(answers_before)


def test_widget_answers_with_the_figure_and_opens_the_source(
    browser, server: str, shots: Path
) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server + "/")
    page.get_by_role("button", name="打开年度报告问答").click()
    assert page.locator(".rqa-panel").is_visible()
    before = page.locator(".rqa-msg.rqa-bot").count()  # the greeting

    carried = _ask(page, "张店交警去年有几件申请没办完？", before)
    assert carried.locator(".rqa-figure").inner_text() == "1件"
    assert "结转下年度继续办理" in carried.locator(".rqa-passage").inner_text()
    page.screenshot(path=str(shots / "widget-answer.png"))

    follow = _ask(page, "自然人呢？", before + 1)
    assert "自然人" in follow.inner_text() and follow.locator(".rqa-figure").inner_text() == "1件"

    proposals = _ask(page, "张店交警去年办理了多少件人大建议和政协提案?", before + 2)
    assert proposals.locator(".rqa-figure").inner_text().startswith("21")
    penalty = _ask(page, "张店交警行政处罚多少件", before + 3)
    assert penalty.locator(".rqa-figure").inner_text() == "933554件"
    fee = _ask(page, "张店交警收了多少信息处理费", before + 4)
    assert fee.locator(".rqa-figure").inner_text() == "0元"
    problems = _ask(page, "张店交警存在哪些问题", before + 5)
    assert "五、存在的主要问题" in problems.locator(".rqa-section").inner_text()
    carried_en = _ask(page, "how many requests were carried over by 张店交警?", before + 6)
    assert carried_en.locator(".rqa-figure").inner_text() == "1件"
    assert carried_en.locator(".rqa-choice").count() >= 1  # 上年结转, the other reading
    missing = _ask(page, "张店交警去年召开了几场新闻发布会？", before + 7)
    assert missing.locator(".rqa-figure").count() == 0
    page.screenshot(path=str(shots / "widget-conversation.png"), full_page=True)

    with context.expect_page() as opened:
        carried.get_by_role("link", name="在报告中查看").click()
    report = opened.value
    report.wait_for_selector("mark.hit", timeout=15_000)
    assert "结转下年度继续办理" in report.locator("mark.hit").inner_text()
    assert report.locator("mark.hit").is_visible()
    report.screenshot(path=str(shots / "report-highlight.png"))
    assert dialogs == []
    context.close()


def test_widget_fits_a_phone_and_works_from_the_keyboard(browser, server: str, shots: Path) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(server + "/")
    page.focus(".rqa-bubble")
    page.keyboard.press("Enter")
    assert page.locator(".rqa-panel").is_visible()
    box = page.locator(".rqa-panel").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    answer = _ask(page, "张店交警2024年行政强制有几件", page.locator(".rqa-msg.rqa-bot").count())
    assert answer.locator(".rqa-figure").inner_text() == "6761件"
    page.screenshot(path=str(shots / "widget-phone.png"))
    page.keyboard.press("Escape")
    assert not page.locator(".rqa-panel").is_visible()
    context.close()


def test_report_text_with_a_script_tag_is_shown_as_text(
    browser, server: str, shots: Path, hostile_agency: str
) -> None:
    import json
    import urllib.request

    with urllib.request.urlopen(
        f"{server}/api/reports?agency={urllib.parse.quote(hostile_agency)}"
    ) as r:
        report_id = json.load(r)["items"][0]["id"]
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{server}/reports/{report_id}")
    assert page.get_by_text(HOSTILE, exact=False).count() >= 1  # visible as text
    assert page.locator("script:not([src])").count() == 0
    page.screenshot(path=str(shots / "report-hostile.png"))
    assert dialogs == []
    context.close()
