"""The contract every search index passes: keyword (FTS5) and vector (faiss) alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from index import documents
from index.bm25 import Bm25Index
from index.keyword import Filters, FtsIndex
from index.vectors import VectorIndex
from ingest.pipeline import read_file
from ingest.store import delete_report, open_db, save
from tests.index.conftest import SAMPLE, FakeEmbedder

KINDS = ("keyword", "bm25", "vector")


def _index(kind: str, db: sqlite_utils.Database, path: Path | None = None) -> Any:
    documents.sync(db)
    index: Any
    if kind == "keyword":
        index = FtsIndex(db)
    elif kind == "bm25":
        index = Bm25Index(db)
    else:
        index = VectorIndex(db, FakeEmbedder(), path)
    index.warm_up()
    return index


def _ids(index: Any, question: str, k: int = 10, filters: Filters | None = None) -> list[str]:
    return [doc_id for doc_id, _ in index.search(question, k, filters)]


@pytest.mark.parametrize("kind", KINDS)
def test_an_empty_store_returns_nothing(kind: str) -> None:
    index = _index(kind, open_db(":memory:"))
    assert index.search("结转下年度继续办理", 5) == []


@pytest.mark.parametrize("kind", KINDS)
def test_k_larger_than_the_corpus_returns_each_document_once(
    kind: str, store: sqlite_utils.Database
) -> None:
    index = _index(kind, store)
    total = store.table(documents.DOCUMENTS).count
    found = _ids(index, "结转下年度继续办理 申请", k=total * 3)
    assert len(found) == len(set(found)) <= total
    if kind == "vector":
        assert len(found) == total


@pytest.mark.parametrize("kind", KINDS)
def test_results_are_deterministic_and_best_first(kind: str, store: sqlite_utils.Database) -> None:
    index = _index(kind, store)
    first = index.search("本年新收政府信息公开申请数量 自然人", 20)
    assert first == index.search("本年新收政府信息公开申请数量 自然人", 20)
    scores = [score for _, score in first]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("kind", KINDS)
def test_filters_restrict_agency_year_kind_and_section(
    kind: str, store: sqlite_utils.Database
) -> None:
    index = _index(kind, store)
    rows = {row["id"]: row for row in store.query(f"select * from {documents.DOCUMENTS}")}
    for filters in (
        Filters(agency="张店"),
        Filters(year=2024, kind="fact"),
        Filters(kind="passage", section="6"),
    ):
        found = _ids(index, "申请 信息处理费 提案", 50, filters)
        assert found, filters
        for doc_id in found:
            row = rows[doc_id]
            assert filters.agency is None or filters.agency in row["agency"]
            assert filters.year is None or row["year"] == filters.year
            assert filters.kind is None or row["kind"] == filters.kind
            assert filters.section is None or row["section"] == filters.section


@pytest.mark.parametrize("kind", KINDS)
def test_a_deleted_report_is_no_longer_found(kind: str, store: sqlite_utils.Database) -> None:
    index = _index(kind, store)
    sample_id = next(
        r["id"]
        for r in store.query("select id from reports where agency like '%交通警察支队张店大队%'")
    )
    assert _ids(index, "张店 结转下年度继续办理", 50, Filters(agency="交通警察支队张店大队"))
    delete_report(store, sample_id)
    index = _index(kind, store)
    assert _ids(index, "张店 结转下年度继续办理", 50, Filters(agency="交通警察支队张店大队")) == []
    assert store.table(documents.DOCUMENTS).count_where("report_id = ?", [sample_id]) == 0


@pytest.mark.parametrize("kind", KINDS)
def test_a_replaced_report_is_found_in_its_new_version_only(kind: str, tmp_path: Path) -> None:
    db = open_db(":memory:")
    copy = tmp_path / "report.txt"
    copy.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    save(db, read_file(copy))
    _index(kind, db)
    copy.write_text(
        copy.read_text(encoding="utf-8").replace("警民恳谈136场次", "警民恳谈137场次"),
        encoding="utf-8",
    )
    save(db, read_file(copy))
    index = _index(kind, db)
    found = {
        row["text"] for row in documents.documents_by_id(db, _ids(index, "警民恳谈 场次", 200))
    }
    assert any("137场次" in text for text in found)
    assert not any("136场次" in text for text in found)
    (indexed,) = list(db.query(f"select report_id from {documents.INDEXED}"))
    assert indexed["report_id"] == next(iter(db.query("select id from reports")))["id"]


def test_the_vector_index_file_is_rebuilt_when_it_no_longer_matches(
    store: sqlite_utils.Database, tmp_path: Path
) -> None:
    path = tmp_path / "vectors.faiss"
    index = _index("vector", store, path)
    assert path.exists() and index.size > 0
    before = index.size
    delete_report(store, next(iter(store.query("select id from reports")))["id"])
    reopened = _index("vector", store, path)
    assert reopened.size < before
    assert (
        reopened.size
        == store.execute("select count(distinct text_hash) from documents").fetchone()[0]
    )


def test_documents_described_by_an_older_version_are_indexed_again(
    store: sqlite_utils.Database,
) -> None:
    documents.sync(store)
    store.execute(f"update {documents.INDEXED} set version = 1")
    store.execute(f"update {documents.DOCUMENTS} set text = 'stale'")
    added, _ = documents.sync(store)
    assert len(added) == store.table("reports").count
    assert store.table(documents.DOCUMENTS).count_where("text = 'stale'") == 0
    (versions,) = store.execute(f"select distinct version from {documents.INDEXED}").fetchall()
    assert versions == (documents.DOCUMENTS_VERSION,)


def test_every_document_belongs_to_a_template_section(store: sqlite_utils.Database) -> None:
    documents.sync(store)
    sections = {
        row[0] for row in store.execute(f"select distinct section from {documents.DOCUMENTS}")
    }
    assert sections <= set("0123456")
