"""Fixtures for the index tests: a deterministic fake embedder and small stores."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
import sqlite_utils

from eval.synth import generate
from ingest.pipeline import read_bytes, read_file
from ingest.store import open_db, save

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "zibo-zhangdian-traffic-police-2024.txt"


class FakeEmbedder:
    """Vectors seeded by the sha256 of each text: deterministic, meaningless, fast.

    For the mechanics of the indexes only; retrieval quality is tested with the real model.
    Texts sharing a word share part of their vector, so a query can find its own words.
    """

    name = "fake-sha256"
    dimension = 32

    def warm_up(self) -> None:
        pass

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimension, dtype=np.float32)
        for piece in [text, *text.split()]:
            seed = int.from_bytes(hashlib.sha256(piece.encode()).digest()[:8], "little")
            vector += np.random.default_rng(seed).standard_normal(self.dimension).astype(np.float32)
        return vector / np.linalg.norm(vector)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts])

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts])


@pytest.fixture()
def fake() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture()
def store() -> sqlite_utils.Database:
    """The sample report and two generated ones."""
    db = open_db(":memory:")
    save(db, read_file(SAMPLE))
    for seed in (1, 2):
        synthetic = generate(random.Random(seed), layout="row_spaces")
        save(db, read_bytes(synthetic.text.encode(), f"synthetic-{seed}.txt"))
    return db
