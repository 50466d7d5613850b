"""The pinned QA runs: the engine must not score below eval/results/pinned.json, and must
beat the keyword baseline by a wide margin."""

from __future__ import annotations

import json

from eval.pinned import PINNED, regressions, run


def test_pinned_scores_hold_and_beat_the_baseline() -> None:
    now = run()
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    assert set(now) == set(pinned)
    assert regressions(now, pinned) == []
    for systems in now.values():
        for mode, scores in systems["engine"].items():
            assert scores["correct"] - systems["keyword"][mode]["correct"] >= 0.5, mode
