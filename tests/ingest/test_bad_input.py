"""Bad input gets a clear error naming the file, or is read as far as it goes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.errors import IngestError, NotAReportError, UnreadableFileError
from ingest.pipeline import read_bytes, read_file

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "zibo-zhangdian-traffic-police-2024.txt"
TEXT = SAMPLE.read_text(encoding="utf-8")


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_the_parsers_own_error(data: bytes) -> None:
    try:
        read_bytes(data, "random.txt")
    except IngestError as error:
        assert "random.txt" in str(error)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=3000))
def test_arbitrary_text_raises_only_the_parsers_own_error(text: str) -> None:
    try:
        read_bytes(text.encode("utf-8"), "text.txt")
    except IngestError as error:
        assert "text.txt" in str(error)


def test_an_empty_file_is_named_in_the_error() -> None:
    with pytest.raises(UnreadableFileError, match=r"empty\.txt"):
        read_bytes(b"", "empty.txt")


def test_a_text_that_is_not_a_report_says_so() -> None:
    with pytest.raises(NotAReportError, match=r"story\.txt: not a government information"):
        read_bytes(("从前有座山，山里有座庙。" * 40).encode("utf-8"), "story.txt")


def test_a_report_in_gbk_reads_the_same_as_in_utf8() -> None:
    utf8 = read_bytes(TEXT.encode("utf-8"), "a.txt")
    gbk = read_bytes(TEXT.encode("gb18030"), "b.txt")
    assert gbk.report.encoding.lower().replace("_", "").replace("-", "") in {"gb18030", "gbk"}
    assert [(f.metric, f.column, f.value) for f in gbk.facts] == [
        (f.metric, f.column, f.value) for f in utf8.facts
    ]


def test_a_truncated_report_keeps_what_it_read_and_is_marked_incomplete() -> None:
    cut = TEXT[: TEXT.index("（四）无法提供")]
    parsed = read_bytes(cut.encode("utf-8"), "cut.txt")
    assert parsed.report.incomplete
    assert any("table 三: rows not found" in w for w in parsed.report.warnings)
    assert any("sections not found: 4, 5, 6" in w for w in parsed.report.warnings)
    kept = {f.metric for f in parsed.facts if f.table == "三"}
    assert {"requests.new", "requests.carried_in", "outcome.withheld.inquiry"} <= kept
    assert "requests.carried_over" not in kept
    skipped = [c for c in parsed.checks if c.status == "skipped"]
    assert skipped and not any(c.status == "fail" for c in parsed.checks)


def test_a_non_numeric_cell_is_kept_raw_flagged_and_named_in_a_warning() -> None:
    marker = "四、结转下年度继续办理\n\t1\n"
    assert marker in TEXT
    parsed = read_bytes(TEXT.replace(marker, "四、结转下年度继续办理\n\tO\n").encode(), "ocr.txt")
    cell = next(
        f
        for f in parsed.facts
        if f.metric == "requests.carried_over" and f.column == "natural_person"
    )
    assert cell.unreadable and cell.value is None and cell.raw == "O"
    assert parsed.report.incomplete
    assert any(
        "row 四、结转下年度继续办理 column 自然人: cannot read 'O' as a number" in w
        for w in parsed.report.warnings
    )


def test_a_report_cut_off_mid_row_has_no_facts_for_the_cells_it_lost() -> None:
    row = "1.本机关不掌握相关政府信息\n\t\xa03\n\t\xa00\n\t0\xa0\n"
    assert row in TEXT
    parsed = read_bytes(TEXT[: TEXT.index(row) + len(row)].encode("utf-8"), "cut.txt")
    cells = {f.column: f for f in parsed.facts if f.metric == "outcome.unavailable.not_held"}
    assert sorted(cells) == ["commercial", "natural_person", "research"]
    assert [cells[c].value for c in ("natural_person", "commercial", "research")] == [3, 0, 0]
    row_total = next(c for c in parsed.checks if c.scope == "outcome.unavailable.not_held")
    assert row_total.status == "skipped"
    assert not any(c.status == "fail" for c in parsed.checks)
    assert any("ends after 3 of 7 cells" in w for w in parsed.report.warnings)


def test_every_error_names_the_file_as_it_was_given(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match=r"^corpus/empty\.txt: empty file"):
        read_bytes(b"", "corpus/empty.txt")
    with pytest.raises(UnreadableFileError, match=r"^corpus/binary\.txt: binary data"):
        read_bytes(b"\x00\x01" * 100, "corpus/binary.txt")
    with pytest.raises(NotAReportError, match=r"^corpus/story\.txt: not a government"):
        read_bytes(("从前有座山，山里有座庙。" * 40).encode("utf-8"), "corpus/story.txt")
    for name, data in (("report.pdf", b"%PDF"), ("gone.txt", None)):
        path = tmp_path / name
        if data is not None:
            path.write_bytes(data)
        with pytest.raises(UnreadableFileError) as raised:
            read_file(path)
        assert str(raised.value).startswith(f"{path}: ")
