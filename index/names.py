"""Which stored agencies a question names, by the words that tell agencies apart.

"张店交警" names 淄博市公安局交通警察支队张店大队 by its place, 张店; words every such body
has (公安局, 大队, 人民政府) say nothing. The agencies whose distinctive words cover most of
the question win, so "淄博市博山区住房和城乡建设局" picks the 博山区 body, not every one in
淄博市. The answering engine resolves agencies more carefully; search needs only this much.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

import sqlite_utils

from index import tokenize

# Words of agency names that say what kind of body, not which one.
GENERIC: frozenset[str] = frozenset(
    """
    省 市 区 县 镇 乡 街道 局 委员会 委 办公室 人民政府 政府 公安局 公安 交通 警察 交通警察
    支队 大队 中队 中心 管理 服务 住房 城乡 建设 统计 卫生 健康 水利 农业 农村 文化 旅游 市场
    监督 生态 环境 教育 自然资源 规划 财政 司法 应急 发展 改革 人力 资源 社会 保障 民政 商务
    """.split()
)


@cache
def distinctive(agency: str) -> frozenset[str]:
    """The words of an agency's name that tell it apart from bodies of the same kind."""
    return frozenset(t for t in tokenize.tokens(agency) if len(t) >= 2 and t not in GENERIC)


class AgencyNames:
    """The stored agencies by their distinctive words, rebuilt when the reports change, so a
    question is matched by looking up its substrings, not by scanning every agency."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self._stamp: tuple[int, int] | None = None
        self._agencies: dict[str, set[str]] = {}  # word -> agencies having it
        self._longest = 0

    def named(self, question: str) -> list[str]:
        """The stored agencies ``question`` names best (several when they tie), or none."""
        self._refresh()
        words = {
            question[start : start + size]
            for size in range(2, self._longest + 1)
            for start in range(len(question) - size + 1)
        }
        scores: dict[str, int] = defaultdict(int)
        for word in words & self._agencies.keys():
            for agency in self._agencies[word]:
                scores[agency] += len(word)
        if not scores:
            return []
        best = max(scores.values())
        return sorted(agency for agency, score in scores.items() if score == best)

    def _refresh(self) -> None:
        stamp = self.db.execute("select count(*), coalesce(max(rowid), 0) from reports").fetchone()
        if tuple(stamp) == self._stamp:
            return
        agencies: dict[str, set[str]] = defaultdict(set)
        for (agency,) in self.db.execute(
            "select distinct agency from reports where agency is not null"
        ):
            for word in distinctive(agency):
                agencies[word].add(agency)
        self._agencies = dict(agencies)
        self._longest = max(map(len, self._agencies), default=0)
        self._stamp = tuple(stamp)
