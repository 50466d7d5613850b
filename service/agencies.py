"""Which stored agency a question, or a page's scope, means.

People name agencies by short forms: 张店交警 for 淄博市公安局交通警察支队张店大队,
博山区政府办 for 山东省淄博市博山区人民政府办公室. The names are learnt from the stored
agencies: each name's place words (淄博市, 张店, 博山区 and their stems 淄博, 博山) tell
agencies apart; its organ words (公安局, 交通警察, 人民政府办公室) break ties between bodies
of one place. Common abbreviations are spelled out first (交警 → 交通警察). A scope string
that matches no words is compared as a whole with every name, to forgive an OCR slip.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import sqlite_utils
from rapidfuzz import fuzz, process

from index import tokenize
from index.names import GENERIC

# Short forms people use, and what they stand for in agencies' names.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("交警", "交通警察"),
    ("政府办", "人民政府办公室"),
    ("住建", "住房和城乡建设"),
    ("人社", "人力资源和社会保障"),
    ("市监", "市场监督管理"),
    ("市场监管", "市场监督管理"),
    ("卫健", "卫生健康"),
    ("医保", "医疗保障"),
    ("文旅", "文化和旅游"),
    ("教体", "教育和体育"),
    ("退役军人", "退役军人事务"),
    ("农业局", "农业农村局"),
    ("应急局", "应急管理局"),
    ("交通局", "交通运输局"),
    ("自规", "自然资源和规划"),
    ("发改", "发展和改革"),
    ("生态环境", "生态环境"),
    ("街道办", "街道办事处"),
    ("管委会", "管理委员会"),
    ("镇政府", "镇人民政府"),
)
_PLACE_END = re.compile(r"^(.{2,})(?:省|市|区|县|镇|乡|街道)$")
FUZZY_CUTOFF = 80  # rapidfuzz ratio (0-100) a scope string must reach to match a name


@dataclass(frozen=True, slots=True)
class AgencyMatch:
    """The agencies a text names: one (resolved), several (ask which), none."""

    agencies: tuple[str, ...]
    how: str  # "exact", "words", "fuzzy" or "none"
    words: tuple[str, ...] = ()  # the words of the text that matched

    @property
    def resolved(self) -> str | None:
        return self.agencies[0] if len(self.agencies) == 1 else None


def expand(text: str) -> str:
    """``text`` with common short forms spelled out: 张店交警 → 张店交通警察."""
    for short, full in ABBREVIATIONS:
        if short in text and full not in text:
            text = text.replace(short, full)
    return text


@cache
def _words(agency: str) -> tuple[frozenset[str], frozenset[str]]:
    """An agency's distinctive words (place names and their stems) and its organ words."""
    distinctive: set[str] = set()
    generic: set[str] = set()
    for token in tokenize.words(agency):  # whole words: search mode's 州市 names no place
        if len(token) < 2:
            continue
        if token in GENERIC:
            generic.add(token)
            continue
        distinctive.add(token)
        stem = _PLACE_END.match(token)
        if stem and stem.group(1) not in GENERIC:
            distinctive.add(stem.group(1))
    for organ in ("人民政府办公室", "交通警察", "公安局", "大队", "街道办事处", "人民政府"):
        if organ in agency:
            generic.add(organ)
    return frozenset(distinctive), frozenset(generic)


class AgencyResolver:
    """The stored agencies, indexed by their words; rebuilt when the reports change."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self._stamp: tuple[int, int] | None = None
        self._names: list[str] = []
        self._by_word: dict[str, set[str]] = {}
        self._organs: dict[str, frozenset[str]] = {}
        self._longest = 0

    @property
    def names(self) -> list[str]:
        self._refresh()
        return self._names

    def in_question(self, question: str) -> AgencyMatch:
        """The agencies ``question`` names by their place words (organ words break ties)."""
        self._refresh()
        if not self._names:
            return AgencyMatch((), "none")
        text = expand(question)
        exact = [name for name in self._names if name in text]
        if exact:
            longest = max(map(len, exact))
            chosen = tuple(sorted(n for n in exact if len(n) == longest))
            return AgencyMatch(chosen, "exact", chosen)
        return self._by_words(text)

    def in_scope(self, scope: str) -> AgencyMatch:
        """The agency a page's scope names: as a question would, else by fuzzy similarity."""
        scope = scope.strip()
        if not scope:
            return AgencyMatch((), "none")
        match = self.in_question(scope)
        if match.resolved:
            return match
        close = self.fuzzy(scope)  # 张殿 for 张店: the place word itself slipped
        return close if close.resolved else match

    def words_in(self, text: str, agency: str) -> list[str]:
        """The words of ``agency``'s name that ``text`` says, longest first (to blank them)."""
        distinctive, generic = _words(agency)
        parts = {w for w in (*distinctive, *generic, *tokenize.tokens(agency)) if len(w) >= 2}
        return sorted((w for w in parts if w in text), key=len, reverse=True)

    def fuzzy(self, text: str) -> AgencyMatch:
        """The stored name most like ``text`` as a whole, when it is alike enough."""
        self._refresh()
        best = process.extractOne(
            expand(text), self._names, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
        )
        if best is None:
            return AgencyMatch((), "none")
        return AgencyMatch((best[0],), "fuzzy", (text,))

    def _by_words(self, text: str) -> AgencyMatch:
        found = {
            text[start : start + size]
            for size in range(2, self._longest + 1)
            for start in range(len(text) - size + 1)
        } & self._by_word.keys()
        # A word inside a longer matched word says nothing more: 淄博 within 淄博市.
        found = {w for w in found if not any(w != o and w in o for o in found)}
        scores: dict[str, float] = defaultdict(float)
        for word in found:
            for agency in self._by_word[word]:
                scores[agency] += len(word)
        if not scores:
            return AgencyMatch((), "none")
        for agency in scores:
            scores[agency] += 0.1 * sum(len(w) for w in self._organs[agency] if w in text)
        best = max(scores.values())
        chosen = tuple(sorted(a for a, s in scores.items() if s == best))
        return AgencyMatch(chosen, "words", tuple(sorted(found)))

    def _refresh(self) -> None:
        stamp = self.db.execute("select count(*), coalesce(max(rowid), 0) from reports").fetchone()
        if tuple(stamp) == self._stamp:
            return
        names = [
            row[0]
            for row in self.db.execute(
                "select distinct agency from reports where agency is not null order by agency"
            )
        ]
        by_word: dict[str, set[str]] = defaultdict(set)
        organs = {}
        for name in names:
            distinctive, generic = _words(name)
            for word in distinctive:
                by_word[word].add(name)
            organs[name] = generic
        self._names = names
        self._by_word = dict(by_word)
        self._organs = organs
        self._longest = max(map(len, self._by_word), default=0)
        self._stamp = tuple(stamp)
