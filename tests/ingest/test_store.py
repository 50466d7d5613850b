"""The SQLite store: idempotent saves, replacement of older versions, one transaction each."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils

from ingest import store
from ingest.pipeline import expand, ingest_files, read_file
from ingest.records import ParsedReport

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "zibo-zhangdian-traffic-police-2024.txt"


@pytest.fixture()
def db() -> sqlite_utils.Database:
    return store.open_db(":memory:")


@pytest.fixture(scope="module")
def parsed() -> ParsedReport:
    return read_file(SAMPLE)


def _counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {
        name: db.table(name).count
        for name in ("reports", "sections", "passages", "facts", "checks")
    }


def test_saving_the_same_report_twice_changes_nothing(
    db: sqlite_utils.Database, parsed: ParsedReport
) -> None:
    assert store.save(db, parsed) == ("added", ())
    before = _counts(db), list(db.query("select * from facts order by id"))
    assert store.save(db, parsed) == ("unchanged", ())
    assert (_counts(db), list(db.query("select * from facts order by id"))) == before


def test_a_changed_file_replaces_its_old_version(db: sqlite_utils.Database, tmp_path: Path) -> None:
    copy = tmp_path / "sample.txt"
    shutil.copy(SAMPLE, copy)
    assert store.save(db, read_file(copy))[0] == "added"
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("刊发新闻稿件860余篇", "刊发新闻稿件870余篇", 1), encoding="utf-8")
    assert store.save(db, read_file(copy))[0] == "replaced"
    (report,) = list(store.reports(db))
    assert {row["report_id"] for row in db.query("select report_id from facts")} == {report["id"]}
    assert any(row["raw"].startswith("870") for row in store.facts(db, table=None))


def test_another_file_for_the_same_agency_and_year_is_kept_with_a_warning(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    store.save(db, read_file(SAMPLE))
    other = tmp_path / "mirror.txt"
    other.write_text(SAMPLE.read_text(encoding="utf-8") + "\n（转载）\n", encoding="utf-8")
    status, notes = store.save(db, read_file(other))
    assert status == "added"
    assert notes and str(SAMPLE) in notes[0]
    assert db.table("reports").count == 2
    stored = {row["source_path"]: row["warnings"] for row in store.reports(db)}
    assert any("another report" in w for w in stored[str(other)])


def test_a_failure_mid_save_leaves_the_database_as_it_was(
    db: sqlite_utils.Database, parsed: ParsedReport
) -> None:
    broken = replace(parsed, facts=(*parsed.facts, parsed.facts[0]))  # a duplicate primary key
    with pytest.raises(Exception, match="UNIQUE"):
        store.save(db, broken)
    assert _counts(db) == dict.fromkeys(_counts(db), 0)


def test_facts_are_stored_exactly_and_filtered(
    db: sqlite_utils.Database, parsed: ParsedReport
) -> None:
    store.save(db, parsed)
    (cell,) = list(store.facts(db, agency="张店", year=2024, metric="disclosure.licensing"))
    assert (cell["value"], cell["note"], cell["unit"]) == ("1964904", "含淄博经开区", "件")
    withheld = list(store.facts(db, metric="outcome.withheld", column="total"))
    assert len(withheld) == 8
    assert not list(store.facts(db, year=2023))


def test_a_batch_reports_bad_files_and_goes_on(db: sqlite_utils.Database, tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (tmp_path / "novel.txt").write_text("从前有座山，山里有座庙。" * 30, encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")  # truncated: read, and refused
    (tmp_path / "report.wps").write_bytes(b"\xd0\xcf\x11\xe0")
    results = {Path(r.path).name: r for r in ingest_files(db, expand([tmp_path]))}
    assert results["good.txt"].status == "added"
    for name in ("empty.txt", "binary.txt", "novel.txt", "report.pdf"):
        assert results[name].status == "failed"
        assert results[name].error is not None and name in results[name].error
    assert "report.wps" not in results  # folders yield only supported formats
    assert db.table("reports").count == 1
