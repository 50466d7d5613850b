"""What a generic retrieval pipeline without an LLM would answer, to compare the engine with.

Each baseline takes the top passage of one search run — keyword (SQLite FTS5 over jieba
words) or vector (faiss over multilingual-e5-small) — within the page's agency when one is
given, and answers with the number in that passage nearest to the question's words. It
reads no years, no metrics and no applicant columns: that is what the engine adds. Both
return the engine's answer shape (found, value, unit, source, context), so ``eval.qa``
scores all three the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from index import tokenize
from index.keyword import Filters

# A number, with a unit right after it if there is one; a year (2024年) is not an answer.
_NUMBER = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)(?!\d)\s*(万元|万|亿|余|多)?([件篇条次场项个人家元%]?)"
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass(slots=True)
class BaselineAnswer:
    found: bool
    value: int | float | None = None
    unit: str = ""
    answer: str = ""
    source: dict[str, Any] | None = None
    context: dict[str, Any] = field(default_factory=dict)
    clarify: None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "found": self.found,
            "value": self.value,
            "unit": self.unit,
            "answer": self.answer,
            "source": self.source,
            "context": self.context,
            "clarify": None,
            "passages": [],
            "parts": [],
        }


class TopPassageBaseline:
    """Top-1 passage of one search run, and the number nearest the question's words."""

    def __init__(self, name: str, db: Any, run: Any, agencies: Any) -> None:
        self.name = name
        self.db = db
        self.run = run  # (question, k, filters) -> [(document id, score)]
        self.agencies = agencies  # resolves a page's agency as the engine does

    def ask(self, question: str, *, agency: str | None = None, **_: Any) -> BaselineAnswer:
        if not question.strip():
            raise ValueError("the question is empty")
        filters = Filters(kind="passage")
        if agency:
            match = self.agencies.in_scope(agency)
            names = list(match.agencies)
            if not names:
                return BaselineAnswer(found=False, answer="no such agency")
            rows = self.db.execute(
                f"select id from reports where agency in ({', '.join('?' * len(names))})", names
            ).fetchall()
            filters = Filters(kind="passage", report_ids=tuple(r[0] for r in rows))
        hits = self.run(question, 1, filters)
        if not hits:
            return BaselineAnswer(found=False, answer="nothing found")
        row = self.db.execute(
            'select text, start, "end", report_id from documents where id = ?', [hits[0][0]]
        ).fetchone()
        text, start, end, report_id = row
        source = {"section": "", "text": text, "start": start, "end": end, "page": None}
        value, unit = nearest_number(question, text)
        if value is None:
            return BaselineAnswer(found=False, answer=text[:80], source=source)
        return BaselineAnswer(
            found=True,
            value=value,
            unit=unit,
            answer=f"{value}{unit}",
            source=source,
            context={"report_id": report_id},
        )


def nearest_number(question: str, text: str) -> tuple[int | float | None, str]:
    """The number in ``text`` closest to where the question's words occur in it."""
    places = [
        match.start()
        for term in tokenize.query_terms(question)
        for match in re.finditer(re.escape(term), text)
    ]
    best: tuple[int, int | float, str] | None = None
    for match in _NUMBER.finditer(text):
        digits, scale, unit = match.group(1), match.group(2) or "", match.group(3) or ""
        if _YEAR.match(digits) and text[match.end(1) : match.end(1) + 1] == "年":
            continue
        number = float(digits) * (10_000 if scale == "万" else 100_000_000 if scale == "亿" else 1)
        value: int | float = int(number) if number == int(number) else number
        distance = min((abs(match.start() - p) for p in places), default=match.start())
        if best is None or distance < best[0]:
            best = (distance, value, ("万元" if scale == "万元" else "") + unit)
    return (None, "") if best is None else (best[1], best[2])


def keyword_baseline(db: Any, agencies: Any) -> TopPassageBaseline:
    from index import documents
    from index.keyword import FtsIndex

    documents.sync(db)
    index = FtsIndex(db)
    return TopPassageBaseline("keyword top-1", db, index.search, agencies)


def vector_baseline(db: Any, agencies: Any, vectors: Any) -> TopPassageBaseline:
    return TopPassageBaseline("vector top-1", db, vectors.search, agencies)
