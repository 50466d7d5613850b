"""Retrieval quality with the real model: hybrid search beats keyword and vector alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eval.bench_retrieval import evaluate, load_gold
from eval.gold_synth import build
from index.model import Embedder
from index.search import Retriever, SearchError
from ingest.pipeline import expand, ingest_files
from ingest.store import open_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Retriever, list[dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("quality")
    gold = [
        q
        for q in load_gold(ROOT / "eval" / "gold" / "sample.jsonl")
        if q["kind"] in ("table", "prose")
    ]
    gold += build(folder / "generated", count=6, seed=5)
    db = open_db(folder / "quality.db")
    list(ingest_files(db, expand([ROOT / "corpus", folder / "generated" / "reports"])))
    retriever = Retriever(db, Embedder(), folder / "quality.db.faiss")
    retriever.warm_up()
    return retriever, gold


def test_hybrid_recall_at_5_is_at_least_that_of_each_run_alone(setup: Any) -> None:
    retriever, gold = setup
    results = evaluate(retriever, gold, k=5)
    for scope in ("scoped", "open"):
        hybrid = results[f"{scope}/hybrid"]["recall"]
        assert hybrid >= results[f"{scope}/keyword"]["recall"], results
        assert hybrid >= results[f"{scope}/vector"]["recall"], results
    assert results["scoped/hybrid"]["recall"] >= 0.85, results


def test_the_carried_over_cell_is_found_for_a_citizens_wording(setup: Any) -> None:
    retriever, _ = setup
    hits = retriever.search("张店交警去年有几件申请没办完？", k=5)
    texts = " ".join(hit.text for hit in hits)
    assert "结转下年度继续办理" in texts
    assert all(hit.agency == "淄博市公安局交通警察支队张店大队" for hit in hits[:3])


def test_an_empty_or_huge_question_is_refused_clearly(setup: Any) -> None:
    retriever, _ = setup
    with pytest.raises(SearchError, match="empty"):
        retriever.search("   ")
    with pytest.raises(SearchError, match="at most 500"):
        retriever.search("申请" * 400)
