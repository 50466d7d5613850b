"""Reciprocal rank fusion: one ranking from several, as a pure function."""

from __future__ import annotations

from collections.abc import Sequence

RRF_K = 60


def reciprocal_rank_fusion(
    runs: Sequence[Sequence[str]], k: int = RRF_K
) -> list[tuple[str, float]]:
    """Fuse rankings of ids (best first): each id scores the sum of 1 / (k + rank) over the
    runs it appears in. Ties are broken by id, so the order is deterministic."""
    scores: dict[str, float] = {}
    for run in runs:
        for rank, doc_id in enumerate(run, start=1):
            scores[doc_id] = scores.get(doc_id, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))
