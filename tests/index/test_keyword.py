"""The keyword index's two paths agree: FTS5's own ranking over the corpus, and the BM25
scoring of a few known reports read by rowid (which avoids reading whole posting lists)."""

from __future__ import annotations

import random

import pytest
import sqlite_utils

from eval.synth import generate
from index import documents, keyword
from index.keyword import Filters, FtsIndex
from ingest.pipeline import read_bytes
from ingest.store import delete_report, open_db, save

QUESTIONS = (
    "本年新收政府信息公开申请数量 自然人",
    "结转下年度继续办理",
    "申请 信息处理费 提案",
    "行政复议 结果维持",
    "张店 警民恳谈 场次",
    "主动公开 行政处罚",
)


def _report_ids(store: sqlite_utils.Database) -> tuple[str, ...]:
    return tuple(row["id"] for row in store.query("select id from reports order by id"))


def _both(
    store: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch, question: str, filters: Filters
) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    documents.sync(store)
    scored = FtsIndex(store).search(question, 40, filters)
    with monkeypatch.context() as patch:
        patch.setattr(keyword, "PER_REPORT_BELOW", 0)  # FTS5 MATCH with a report clause
        ranked = FtsIndex(store).search(question, 40, filters)
    return scored, ranked


@pytest.mark.parametrize("question", QUESTIONS)
def test_scoring_known_reports_gives_fts5s_scores_and_order(
    question: str, store: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = _report_ids(store)
    for filters in (
        Filters(report_ids=reports),
        Filters(report_ids=reports[:1]),
        Filters(report_ids=reports[1:], kind="fact"),
        Filters(report_ids=reports, section="6"),
    ):
        scored, ranked = _both(store, monkeypatch, question, filters)
        assert scored or filters.report_ids != reports or filters.section, (question, filters)
        assert [doc for doc, _ in scored] == [doc for doc, _ in ranked], (question, filters)
        assert [s for _, s in scored] == pytest.approx([s for _, s in ranked], rel=1e-9)


def test_a_replaced_report_is_scored_from_its_new_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-report cache follows the store: a replaced report is read again."""
    db = open_db(":memory:")
    synthetic = generate(random.Random(5), layout="row_spaces")
    save(db, read_bytes(synthetic.text.encode(), "report.txt"))
    documents.sync(db)
    index = FtsIndex(db)
    (report_id,) = _report_ids(db)
    assert index.search("结转下年度继续办理", 5, Filters(report_ids=(report_id,)))
    assert index.search("葡萄酒", 5, Filters(report_ids=(report_id,))) == []
    changed = synthetic.text.replace("结转下年度继续办理", "葡萄酒", 1)
    assert changed != synthetic.text
    save(db, read_bytes(changed.encode(), "report.txt"))
    documents.sync(db)
    (report_id,) = _report_ids(db)
    assert index.search("葡萄酒", 5, Filters(report_ids=(report_id,)))


def test_reports_without_documents_and_unknown_reports_are_skipped(
    store: sqlite_utils.Database,
) -> None:
    documents.sync(store)
    index = FtsIndex(store)
    reports = _report_ids(store)
    assert index.search("结转下年度继续办理", 5, Filters(report_ids=("no-such-report",))) == []
    assert index.search("结转下年度继续办理", 5, Filters(report_ids=(*reports, "no-such-report")))


def _vocabulary(db: sqlite_utils.Database) -> dict[str, int]:
    return dict(db.execute(f"select term, doc from {documents.FTS}_vocab").fetchall())


def _kept(db: sqlite_utils.Database) -> dict[str, int]:
    return dict(db.execute(f"select term, documents from {documents.TERMS}").fetchall())


def test_document_frequencies_follow_additions_replacements_and_deletions(tmp_path) -> None:
    """The frequencies kept beside the index are FTS5's own, whatever happened to the store."""
    db = open_db(tmp_path / "store.db")
    texts = [generate(random.Random(seed), layout="row_spaces").text for seed in (7, 8)]
    for seed, text in enumerate(texts):
        save(db, read_bytes(text.encode(), f"report-{seed}.txt"))
    documents.sync(db)
    assert _kept(db) == _vocabulary(db) != {}
    save(db, read_bytes(texts[0].replace("结转下年度继续办理", "葡萄酒").encode(), "report-0.txt"))
    documents.sync(db)
    assert _kept(db)["葡萄酒"] >= 1
    assert _kept(db) == _vocabulary(db)
    delete_report(db, _report_ids(db)[0])
    documents.sync(db)
    assert _kept(db) == _vocabulary(db)


def test_an_index_from_before_the_frequencies_gets_them_from_fts5(tmp_path) -> None:
    db = open_db(tmp_path / "store.db")
    save(
        db, read_bytes(generate(random.Random(9), layout="row_spaces").text.encode(), "report.txt")
    )
    documents.sync(db)
    db.table(documents.TERMS).drop()
    documents.ensure_tables(db)
    assert _kept(db) == _vocabulary(db) != {}
