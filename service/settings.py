"""Where things live by default, and the one settings object of the web app."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Everything the web app is configured by, from the environment (``REPORTQA_*``),
    overridden by ``reportqa serve`` flags."""

    db_path: Path
    model_path: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    cors_origins: tuple[str, ...] = ()  # pages allowed to call the API from a browser
    api_key: str | None = None  # uploads are off without one
    reference_date: date | None = None  # 去年/今年 count from this date (default: today)
    corpus: Path | None = None  # ingested on first start when the database is empty
    max_upload_bytes: int = 20 * 1024 * 1024
    query_cache: int = 256  # question vectors kept for repeated questions; 0: none

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        env = os.environ if environ is None else environ
        origins = tuple(
            o.strip() for o in env.get("REPORTQA_CORS_ORIGINS", "").split(",") if o.strip()
        )
        reference = env.get("REPORTQA_REFERENCE_DATE")
        values: dict[str, Any] = {
            "db_path": Path(env[DB_ENV]) if env.get(DB_ENV) else default_db_path(),
            "model_path": Path(env[MODEL_ENV]) if env.get(MODEL_ENV) else None,
            "host": env.get("REPORTQA_HOST", "127.0.0.1"),
            "port": int(env.get("REPORTQA_PORT", "8000")),
            "cors_origins": origins,
            "api_key": env.get("REPORTQA_API_KEY") or None,
            "reference_date": date.fromisoformat(reference) if reference else None,
            "corpus": bundled_corpus(),
            "query_cache": int(env.get("REPORTQA_QUERY_CACHE", "256")),
        }
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)
