"""HTML reports: generated reports written as CMS pages (navigation, breadcrumbs, scripts,
share buttons, footers around the article; merged header and label cells; GBK or UTF-8)
read back to exactly the generator's figures, through the same parser as text."""

from __future__ import annotations

import html
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eval.synth import SynthReport, encode, generate
from ingest.errors import NotAReportError
from ingest.pipeline import read_bytes, read_file
from tests.ingest.readback import assert_reads_back, table_cells

# Merged cells as a CMS draws the template's tables: header cells spanning columns, group
# labels spanning the rows of their items (those rows then lack the label cell).
_COLSPAN = {
    "申请人情况": 7,
    "法人或其他组织": 5,
    "行政诉讼": 10,
    "未经复议直接起诉": 5,
    "复议后起诉": 5,
    "行政复议": 5,
}
_ROWSPAN = {
    "自然人": 2,
    "总计": 2,
    "（三）不予公开": 8,
    "（四）无法提供": 3,
    "（五）不予处理": 5,
    "（六）其他处理": 3,
}


def _cell(text: str, first_row_of_table_4: bool) -> str:
    attributes = ""
    if text in _COLSPAN:
        attributes += f' colspan="{_COLSPAN[text]}"'
    if text in _ROWSPAN and not (text == "总计" and first_row_of_table_4):
        attributes += f' rowspan="{_ROWSPAN[text]}"'
    return f"<td{attributes}>{html.escape(text)}</td>"


def page(report: SynthReport, *, title_in_h1: bool = True) -> str:
    """A generated report (row-per-line layout) as a government CMS page."""
    body: list[str] = []
    rows: list[str] = []
    table_4 = False

    def close_table() -> None:
        if rows:
            body.append('<table border="1" class="MsoTableGrid">' + "".join(rows) + "</table>")
            rows.clear()

    lines = report.text.split("\n")
    for line in lines[2:]:
        if "\t" in line:
            cells = line.split("\t")
            table_4 = table_4 or cells[0] == "行政复议"
            rows.append("<tr>" + "".join(_cell(c, table_4) for c in cells) + "</tr>")
        else:
            close_table()
            if line.strip():
                body.append(f"<p>{html.escape(line)}</p>")
    close_table()
    heading = f"<h1>{html.escape(lines[0])}{html.escape(lines[1])}</h1>" if title_in_h1 else ""
    return f"""<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset=CHARSET">
<title>{html.escape(lines[1])}_{html.escape(lines[0])}</title>
<script>var menu = "一、总体情况 二、主动公开"; document.write("<table></table>");</script>
<style>.nav {{ color: red }}</style></head>
<body><div class="top-nav"><ul><li>首页</li><li>政务公开</li><li>政府信息公开年报</li></ul></div>
<div class="breadcrumb">当前位置：首页 &gt; 政府信息公开 &gt; 年度报告</div>
<div class="main"><div class="article">{heading}
<div class="TRS_Editor">{"".join(body)}</div></div>
<div class="share">分享到：微信 微博</div></div>
<div class="footer">版权所有：{html.escape(lines[0])} 网站标识码 3703030001</div></body></html>"""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), encoding=st.sampled_from(["utf-8", "gbk", "gb18030"]))
def test_generated_pages_read_back_exactly(seed: int, encoding: str) -> None:
    report = generate(random.Random(seed), layout="row_tabs")
    data = encode(page(report).replace("CHARSET", encoding), encoding)
    parsed = read_bytes(data, "report.html", kind="html")
    assert_reads_back(parsed, report)


def test_chrome_never_reaches_the_text(tmp_path: Path) -> None:
    report = generate(random.Random(5), layout="row_tabs")
    path = tmp_path / "page.html"
    path.write_text(page(report).replace("CHARSET", "utf-8"), encoding="utf-8")
    parsed = read_file(path)
    text = parsed.report.text
    for chrome in ("当前位置", "分享到", "版权所有", "document.write", "首页"):
        assert chrome not in text
    assert table_cells(parsed) == report.cells


def test_the_page_title_stands_in_for_a_missing_heading() -> None:
    report = generate(random.Random(9), layout="row_tabs")
    data = page(report, title_in_h1=False).replace("CHARSET", "utf-8").encode()
    stripped = data.replace(f"<p>{report.text.splitlines()[2]}</p>".encode(), b"")
    parsed = read_bytes(stripped, "report.html", kind="html")
    assert parsed.report.year == report.year


@pytest.mark.parametrize(
    ("page_text", "problem"),
    [
        ("<html><body><div class='nav'>首页</div><p>欢迎访问</p></body></html>", "no article"),
        (
            "<html><body><div><p>一、总体情况</p><table><tr><td colspan='9999'>1</td></tr>"
            "</table></div></body></html>",
            "broken table",
        ),
    ],
)
def test_pages_that_are_not_reports_are_refused_clearly(page_text: str, problem: str) -> None:
    with pytest.raises(NotAReportError, match=problem):
        read_bytes(page_text.encode(), "page.html", kind="html")
