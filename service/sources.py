"""Where in a report an answer comes from: the stated prose figures that match a question,
the passages for a question without a figure, and the source spans shown with answers.

``Sources`` reads the stored report; ``search`` (``index.search.Retriever.search`` or
anything with its signature) ranks candidates within one report, and without it keyword
search alone is used.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlite_utils

from service.question import (
    MEASURES,
    SECTION_HINTS,
    Reading,
    content_words,
    measure_word,
    prose_overlap,
)


class Sources:
    def __init__(
        self, db: sqlite_utils.Database, search: Callable[..., list[Any]] | None = None
    ) -> None:
        self.db = db
        self._search = search
        self._keyword: Any = None  # keyword search when no hybrid search is given

    def prose_scored(
        self, reading: Reading, report: dict[str, Any]
    ) -> list[tuple[float, float, dict[str, Any]]]:
        """The report's stated figures, best match for the question first, as (score,
        overlap, fact): the clause must say the question's last word (its head noun); the
        share of the question's words is counted over the whole sentence."""
        content = content_words(reading)
        facts = list(
            self.db.query(
                "select id, source, metric, metric_label, column, column_label, value, unit, raw, "
                'approximate, empty, unreadable, note, start, "end", page, clause from facts '
                "where report_id = ? and source = 'prose' order by start, ordinal",
                [report["id"]],
            )
        )
        if not facts:
            return []
        text = self.db.execute("select text from reports where id = ?", [report["id"]]).fetchone()[
            0
        ]
        ranks = self.search_ranks(reading.text, report["id"], "fact")
        measure = measure_word(reading.text)
        scored = []
        for fact in facts:
            sentence = text[fact["start"] : fact["end"]]
            overlap = prose_overlap(content, fact["clause"] or "", sentence)
            unit = fact["unit"] or ""
            if measure and unit and unit[0] != measure and unit[0] in MEASURES:
                overlap = 0.0  # 几场 is not counted in 篇
            bonus = 0.15 if measure and unit and unit[0] == measure else 0.0
            rank = ranks.get("f:" + fact["id"])
            boost = 0.1 / rank if rank else 0.0
            scored.append((overlap + bonus + boost, overlap, fact))
        scored.sort(key=lambda s: (-s[0], s[2]["start"]))
        return scored

    def passages(
        self, reading: Reading, report: dict[str, Any], limit: int
    ) -> list[dict[str, Any]]:
        """The report's passages that answer a question without a figure: the section its
        words point to, best first by search; else the search's best passages."""
        section = next(
            (key for pattern, key in SECTION_HINTS if pattern.search(reading.text)), None
        )
        ranks = self.search_ranks(reading.text, report["id"], "passage")
        where, params = "report_id = ? and kind != 'table_row'", [report["id"]]
        rows = self.db.execute(
            'select id, section_key, section_path, text, start, "end", page from passages '
            f"where {where} order by start",
            params,
        ).fetchall()
        candidates = [
            dict(
                zip(
                    ("id", "section_key", "section_path", "text", "start", "end", "page"),
                    r,
                    strict=True,
                )
            )
            for r in rows
        ]
        if section is not None:
            within = [
                c
                for c in candidates
                if c["section_key"] == section or c["section_key"].startswith(section + ".")
            ]
            if not within and "." in section:
                top = section.split(".")[0]
                within = [c for c in candidates if c["section_key"].split(".")[0] == top]
            # The section's own heading line says nothing: prefer its longer passages.
            within = [c for c in within if len(c["text"]) > 15] or within
            if within:
                candidates = within
            order = {c["id"]: i for i, c in enumerate(candidates)}
            candidates.sort(key=lambda c: (ranks.get("p:" + c["id"], 10_000), order[c["id"]]))
        else:
            candidates = [c for c in candidates if "p:" + c["id"] in ranks]
            candidates.sort(key=lambda c: ranks["p:" + c["id"]])
        return [self.of_passage(c) for c in candidates[:limit]]

    def search_ranks(self, question: str, report_id: str, kind: str) -> dict[str, int]:
        """Document id → rank in the hybrid search of one report's ``kind`` documents."""
        from index.keyword import Filters

        filters = Filters(report_ids=(report_id,), kind=kind)
        try:
            if self._search is not None:
                hits = self._search(question, k=20, filters=filters)
                return {hit.id: rank for rank, hit in enumerate(hits, 1)}
            from index import documents
            from index.keyword import FtsIndex

            documents.sync(self.db)  # cheap when in step; new reports become searchable
            if self._keyword is None:
                self._keyword = FtsIndex(self.db)  # kept: it caches document frequencies
            found = self._keyword.search(question, 20, filters)
            return {doc_id: rank for rank, (doc_id, _) in enumerate(found, 1)}
        except ValueError:
            return {}

    # -- sources ---------------------------------------------------------------------------

    def of_fact(self, report_id: str, fact: dict[str, Any]) -> dict[str, Any]:
        start, end = fact["start"], fact["end"]
        text = self.db.execute(
            "select substr(text, ?, ?) from reports where id = ?",
            [start + 1, end - start, report_id],
        ).fetchone()[0]
        return {
            "section": self.section(report_id, start),
            "text": text,
            "start": start,
            "end": end,
            "page": fact.get("page"),
        }

    def of_passage(self, passage: dict[str, Any]) -> dict[str, Any]:

        path = json.loads(passage["section_path"] or "[]")
        return {
            "section": " / ".join(path),
            "text": passage["text"],
            "start": passage["start"],
            "end": passage["end"],
            "page": passage["page"],
        }

    def section(self, report_id: str, start: int) -> str:

        row = self.db.execute(
            'select path from sections where report_id = ? and start <= ? and "end" > ? '
            "order by length(key) desc limit 1",
            [report_id, start, start],
        ).fetchone()
        return " / ".join(json.loads(row[0])) if row else ""
