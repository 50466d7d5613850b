"""The web app's engine: the database, the search indexes and the answerer, built once and
swapped whole after an ingest.

Requests are served on one thread (the event loop) through one reading connection. Slow
work runs on a worker thread with its own connection: at start, ingesting the bundled
corpus when the database is empty and bringing the indexes in step (embedding); after an
upload, ingesting the file and indexing it. When the worker is done the next request
finds ``stale`` set and swaps in a new retriever that loads the finished index from disk:
a request sees either the old indexes or the new ones, never a half-built one.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.settings import Settings, vector_path

log = logging.getLogger("reportqa")


@dataclass(slots=True)
class Status:
    state: str = "starting"  # starting, ready, failed
    detail: str = "loading"
    error: str | None = None
    ingesting: int = 0  # uploads being indexed
    log: list[str] = field(default_factory=list)


class Engine:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.status = Status()
        self.db: Any = None  # the reading connection, opened on the serving thread
        self.answerer: Any = None
        self.retriever: Any = None
        self._embedder: Any = None
        self._stale = threading.Event()
        self._write_lock = threading.Lock()  # one writer at a time (start-up, uploads)

    # -- start-up ---------------------------------------------------------------------------

    def start(self, background: bool = True) -> None:
        """Open the reading connection here; prepare data and indexes on a worker."""
        from ingest.store import open_db

        self.db = open_db(self.settings.db_path)
        if background:
            threading.Thread(target=self._prepare, name="reportqa-start", daemon=True).start()
        else:
            self._prepare()
            self.refresh()

    def _prepare(self) -> None:
        try:
            with self._write_lock:
                from index.model import Embedder
                from ingest.store import open_db

                writer = open_db(self.settings.db_path)
                if writer.table("reports").count == 0 and self.settings.corpus:
                    self._ingest_corpus(writer, self.settings.corpus)
                self._say("loading the embedding model")
                self._embedder = Embedder(model_path=self.settings.model_path)
                self._index(writer)
                writer.close()
            self._stale.set()
        except Exception as error:  # reported by /healthz, and in the log
            log.exception("start-up failed")
            self.status.state, self.status.error = "failed", f"{type(error).__name__}: {error}"

    def _ingest_corpus(self, writer: Any, corpus: Path) -> None:
        from ingest.pipeline import expand, ingest_files

        files = list(expand([corpus]))
        self._say(f"ingesting {len(files)} bundled report(s) from {corpus}")
        for number, result in enumerate(ingest_files(writer, files), 1):
            self._say(f"[{number}/{len(files)}] {result.status} {result.path}")

    def _index(self, writer: Any) -> None:
        from index.search import Retriever

        retriever = Retriever(writer, self._embedder, vector_path(self.settings.db_path))

        def embedded(done: int, total: int) -> None:
            if done == total or done % 256 == 0:
                self._say(f"embedding {done}/{total}")

        self._say("bringing the search indexes in step")
        retriever.warm_up(on_embed=embedded)

    def _say(self, message: str) -> None:
        self.status.detail = message
        print(f"reportqa: {message}", file=sys.stderr, flush=True)

    # -- serving ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """On the serving thread: swap in indexes a worker finished, if any."""
        if not self._stale.is_set():
            return
        if self.answerer is not None and (self.status.ingesting or self._write_lock.locked()):
            return  # a worker is writing: keep serving the complete indexes until it is done
        from index.search import Retriever
        from service.answering import Answerer

        self._stale.clear()
        retriever = Retriever(
            self.db,
            self._embedder,
            vector_path(self.settings.db_path),
            query_cache=self.settings.query_cache,
        )
        retriever.warm_up()  # documents and vectors are in step: this loads the index file
        today = self.settings.reference_date
        self.retriever = retriever
        self.answerer = Answerer(
            self.db,
            search=retriever.search,
            **({"today": lambda: today} if today else {}),
        )
        self.status.state, self.status.detail = "ready", "ready"

    @property
    def ready(self) -> bool:
        self.refresh()
        return self.answerer is not None

    # -- uploads ----------------------------------------------------------------------------

    def ingest_upload(self, path: Path, on_done: Callable[[], None] | None = None) -> Any:
        """Ingest one uploaded file now (on the caller's worker thread); index it on
        another worker; the serving thread swaps the new indexes in when they are done."""
        from ingest.pipeline import ingest_files
        from ingest.store import open_db

        with self._write_lock:
            writer = open_db(self.settings.db_path)
            result = next(iter(ingest_files(writer, [path])))
            writer.close()
            changed = result.status in {"added", "replaced"}
            if changed:  # counted before the lock is let go: no swap in between
                self.status.ingesting += 1
        if changed:
            threading.Thread(
                target=self._index_upload, args=(on_done,), name="reportqa-index", daemon=True
            ).start()
        return result

    def _index_upload(self, on_done: Callable[[], None] | None) -> None:
        try:
            with self._write_lock:
                from ingest.store import open_db

                writer = open_db(self.settings.db_path)
                self._index(writer)
                writer.close()
            self._stale.set()
        except Exception:
            log.exception("indexing an upload failed")
        finally:
            self.status.ingesting -= 1
            if on_done:
                on_done()
