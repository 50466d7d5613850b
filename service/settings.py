"""Where things live by default. (The full settings object comes with the web app.)"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

DB_ENV = "REPORTQA_DB"


def default_db_path() -> Path:
    """``$REPORTQA_DB``, or reportqa.db in the user's data directory."""
    configured = os.environ.get(DB_ENV)
    if configured:
        return Path(configured)
    return Path(user_data_dir("reportqa", appauthor=False)) / "reportqa.db"


def bundled_corpus() -> Path:
    """The sample reports shipped beside the packages (corpus/ in a checkout)."""
    return Path(__file__).resolve().parent.parent / "corpus"


MODEL_ENV = "REPORTQA_MODEL"


def model_path() -> Path | None:
    """``$REPORTQA_MODEL``: another local sentence-transformers model, if the user set one."""
    configured = os.environ.get(MODEL_ENV)
    return Path(configured) if configured else None


def vector_path(db_path: Path) -> Path:
    """The faiss index lives next to its database: reportqa.db → reportqa.db.faiss."""
    return db_path.with_name(db_path.name + ".faiss")
