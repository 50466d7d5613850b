"""What search looks at: every passage and every fact, as a document in SQLite.

A fact's document is described in the words a person would use for it: the table, its row
and column labels, or the prose clause. For a table cell that description holds no agency
or year, so it is the same text in every report and is embedded once (``embed_text``); the
agency and year are filters, and part of the keyword text. Documents follow the store:
``sync`` adds the documents of new reports and removes those of reports that are gone.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

import sqlite_utils

from index import tokenize
from ingest.template import SECTION_TITLES, table

DOCUMENTS = "documents"
FTS = "documents_fts"
INDEXED = "indexed_reports"
TERMS = "documents_terms"  # how many documents hold each keyword-index token
_TOKEN = re.compile(r"[^\W_]+")  # FTS5's unicode61 tokenizer: runs of letters and digits
# Bumped whenever documents are described differently: reports indexed under another
# version are indexed again, so a search never mixes old and new descriptions.
DOCUMENTS_VERSION = 3
_TABLE_SECTION = {name: table(name).section for name in ("二", "三", "四")}


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    id: str  # "p:" + passage id, or "f:" + fact id
    kind: str  # "passage" or "fact"
    report_id: str
    agency: str | None
    year: int | None
    section: str  # the template section, "0" … "6"
    text: str  # what is shown
    embed_text: str  # what is embedded
    text_hash: str  # sha256 of embed_text: one vector per distinct text
    start: int
    end: int


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ensure_tables(db: sqlite_utils.Database) -> None:
    """Create the documents, their full-text index and the sync ledger if missing."""
    db.table(DOCUMENTS).create(
        {
            "id": str,
            "kind": str,
            "report_id": str,
            "agency": str,
            "year": int,
            "section": str,
            "text": str,
            "embed_text": str,
            "text_hash": str,
            "start": int,
            "end": int,
        },
        pk="id",
        if_not_exists=True,
    )
    db.table(DOCUMENTS).create_index(["report_id"], if_not_exists=True)
    db.table(DOCUMENTS).create_index(["text_hash"], if_not_exists=True)
    db.table(INDEXED).create(
        {"report_id": str, "documents": int, "version": int}, pk="report_id", if_not_exists=True
    )
    if "version" not in db.table(INDEXED).columns_dict:  # a ledger from before versions
        db.table(INDEXED).add_column("version", int)
    db.execute(
        f"create virtual table if not exists {FTS} using fts5("
        "kind unindexed, agency unindexed, year unindexed, section unindexed, terms, "
        "tokenize = 'unicode61')"  # its rowid is the document's rowid
    )
    db.execute(f"create virtual table if not exists {FTS}_vocab using fts5vocab({FTS}, 'row')")
    if TERMS not in db.table_names():
        # Document frequencies kept beside the index: FTS5 counts them by reading a term's
        # whole posting list, which at 10,000 reports takes longer than a search may.
        with db.atomic():
            db.table(TERMS).create({"term": str, "documents": int}, pk="term")
            db.execute(f"insert into {TERMS} select term, doc from {FTS}_vocab")


def index_tokens(terms: str) -> list[str]:
    """``terms`` cut as FTS5's unicode61 tokenizer cuts them: runs of letters and digits,
    case folded."""
    return _TOKEN.findall(terms.lower())


def frequencies(db: sqlite_utils.Database, terms: list[str]) -> dict[str, int]:
    """How many documents hold each of ``terms`` (0 for none)."""
    found = dict.fromkeys(terms, 0)
    for start in range(0, len(terms), 500):
        chunk = terms[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        found.update(
            db.execute(
                f"select term, documents from {TERMS} where term in ({marks})", chunk
            ).fetchall()
        )
    return found


def _count_terms(db: sqlite_utils.Database, texts: list[str], sign: int) -> None:
    """Add (``sign`` 1) or take away (-1) the documents ``texts`` from the frequencies."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(index_tokens(text)))
    db.conn.executemany(
        f"insert into {TERMS} (term, documents) values (?, ?) "
        "on conflict(term) do update set documents = documents + excluded.documents",
        [(term, sign * count) for term, count in counts.items()],
    )
    if sign < 0:
        db.execute(f"delete from {TERMS} where documents <= 0")


def report_documents(db: sqlite_utils.Database, report_id: str) -> list[Document]:
    """The documents of one stored report: its passages, then its facts."""
    report = db.table("reports").get(report_id)
    agency, year = report["agency"], report["year"]
    documents = [
        _document(
            "p:" + row["id"],
            "passage",
            report_id,
            agency,
            year,
            row["section_key"].split(".")[0],
            row["text"],
            row["text"],
            row,
        )
        for row in db.query(
            "select * from passages where report_id = ? order by start", [report_id]
        )
    ]
    sections = {d.id.removeprefix("p:"): d.section for d in documents}
    for row in db.query(
        "select * from facts where report_id = ? order by start, ordinal", [report_id]
    ):
        describe = _table_description if row["source"] == "table" else _prose_description
        text, embed_text, section = describe(row)
        # A prose figure is in the section of the passage that states it.
        section = section or sections.get(row["passage_id"], "")
        documents.append(
            _document(
                "f:" + row["id"], "fact", report_id, agency, year, section, text, embed_text, row
            )
        )
    return documents


def _document(
    doc_id: str,
    kind: str,
    report_id: str,
    agency: str | None,
    year: int | None,
    section: str,
    text: str,
    embed_text: str,
    row: dict[str, Any],
) -> Document:
    return Document(
        id=doc_id,
        kind=kind,
        report_id=report_id,
        agency=agency,
        year=year,
        section=section,
        text=text,
        embed_text=embed_text,
        text_hash=text_hash(embed_text),
        start=row["start"],
        end=row["end"],
    )


def _table_description(fact: dict[str, Any]) -> tuple[str, str, str]:
    section = _TABLE_SECTION[fact["table"]]
    # Outcome rows sit under the group "三、本年度办理结果", which their own labels omit.
    group = "三、本年度办理结果 " if fact["metric"].startswith("outcome.") else ""
    label = f"{group}{fact['metric_label']} {fact['column_label']}"
    embed_text = f"表{fact['table']} {SECTION_TITLES[section]} {label}"
    value = fact["raw"] or "（空）"
    return (
        f"{embed_text}：{value}{fact['unit'] if fact['value'] is not None else ''}",
        embed_text,
        section,
    )


def _prose_description(fact: dict[str, Any]) -> tuple[str, str, str]:
    clause = fact["clause"] or fact["raw"]
    named = fact["metric_label"] if fact["metric"] != "prose" else ""
    embed_text = f"{named} {clause}".strip()
    return embed_text, embed_text, ""


def keyword_text(document: Document) -> str:
    """The words a keyword search matches: the text, the agency and the year."""
    who = f"{document.agency or ''} {document.year or ''}年"
    return " ".join(tokenize.tokens(f"{document.embed_text} {who}"))


def sync(
    db: sqlite_utils.Database, on_report: Callable[[str], None] | None = None
) -> tuple[list[str], list[str]]:
    """Bring the documents in step with the stored reports: (added, removed) report ids."""
    ensure_tables(db)
    stored = {row["id"] for row in db.query("select id from reports")}
    indexed = {
        row["report_id"]
        for row in db.query(
            f"select report_id from {INDEXED} where version = ?", [DOCUMENTS_VERSION]
        )
    }
    outdated = {
        row["report_id"]
        for row in db.query(
            f"select report_id from {INDEXED} where version is not ? ", [DOCUMENTS_VERSION]
        )
    }
    for report_id in sorted(outdated):
        with db.atomic():
            _remove(db, report_id)
    removed = sorted(indexed - stored)
    added = sorted(stored - indexed)
    for report_id in removed:
        with db.atomic():
            _remove(db, report_id)
    for report_id in added:
        documents = report_documents(db, report_id)
        with db.atomic():
            _add(db, report_id, documents)
        if on_report is not None:
            on_report(report_id)
    return added, removed


def _add(db: sqlite_utils.Database, report_id: str, documents: list[Document]) -> None:
    db.table(DOCUMENTS).insert_all((asdict(d) for d in documents), replace=True, batch_size=500)
    rowids = {
        row["id"]: row["rowid"]
        for row in db.query(f"select rowid, id from {DOCUMENTS} where report_id = ?", [report_id])
    }
    texts = [keyword_text(d) for d in documents]
    db.conn.executemany(
        f"insert into {FTS} (rowid, kind, agency, year, section, terms) values (?,?,?,?,?,?)",
        [
            (rowids[d.id], d.kind, d.agency, d.year, d.section, text)
            for d, text in zip(documents, texts, strict=True)
        ],
    )
    _count_terms(db, texts, 1)
    db.table(INDEXED).insert(
        {"report_id": report_id, "documents": len(documents), "version": DOCUMENTS_VERSION},
        replace=True,
    )


def _remove(db: sqlite_utils.Database, report_id: str) -> None:
    texts = [
        row[0]
        for row in db.execute(
            f"select terms from {FTS} where rowid in "
            f"(select rowid from {DOCUMENTS} where report_id = ?)",
            [report_id],
        )
    ]
    _count_terms(db, texts, -1)
    db.execute(
        f"delete from {FTS} where rowid in (select rowid from {DOCUMENTS} where report_id = ?)",
        [report_id],
    )
    db.table(DOCUMENTS).delete_where("report_id = ?", [report_id])
    db.table(INDEXED).delete_where("report_id = ?", [report_id])


def documents_in_order(db: sqlite_utils.Database, ids: list[str]) -> list[dict[str, Any]]:
    """Stored documents for ``ids``, in the order of ``ids``."""
    found = {row["id"]: row for row in documents_by_id(db, ids)}
    return [found[doc_id] for doc_id in ids if doc_id in found]


def documents_by_id(db: sqlite_utils.Database, ids: list[str]) -> Iterator[dict[str, Any]]:
    """Stored documents for ``ids``, in no particular order."""
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        yield from db.query(
            f"select * from {DOCUMENTS} where id in ({', '.join('?' * len(part))})", part
        )
