"""Which stored agencies a question names, by the words that tell agencies apart.

"张店交警" names 淄博市公安局交通警察支队张店大队 by its place, 张店; words every such body
has (公安局, 大队, 人民政府) say nothing. Among the agencies sharing a distinctive word with
the question, those whose name the question spells out most fully win: "湾沚区司法局" is
芜湖市湾沚区司法局, not every 司法局, and "淄博市博山区住房和城乡建设局" is the 博山区 body,
not every one in 淄博市. The answering engine resolves agencies more carefully; search
needs only this much.
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
        self._names: tuple[str, ...] = ()  # every stored agency
        self._longest = 0

    def containing(self, part: str) -> list[str]:
        """The stored agencies whose name contains ``part``."""
        self._refresh()
        return [name for name in self._names if part in name]

    def named(self, question: str) -> list[str]:
        """The stored agencies ``question`` names best (several when they tie), or none."""
        self._refresh()
        words = {
            question[start : start + size]
            for size in range(2, self._longest + 1)
            for start in range(len(question) - size + 1)
        }
        candidates = {
            agency for word in words & self._agencies.keys() for agency in self._agencies[word]
        }
        scores = {agency: _covered(agency, question) for agency in candidates}
        if not scores:
            return []
        best = max(scores.values())
        return sorted(agency for agency, score in scores.items() if score == best)

    def _refresh(self) -> None:
        stamp = self.db.execute("select count(*), coalesce(max(rowid), 0) from reports").fetchone()
        if tuple(stamp) == self._stamp:
            return
        agencies: dict[str, set[str]] = defaultdict(set)
        names = [
            row[0]
            for row in self.db.execute(
                "select distinct agency from reports where agency is not null order by agency"
            )
        ]
        for agency in names:
            for word in distinctive(agency):
                agencies[word].add(agency)
        self._agencies = dict(agencies)
        self._names = tuple(names)
        self._longest = max(map(len, self._agencies), default=0)
        self._stamp = tuple(stamp)


def _covered(name: str, question: str) -> int:
    """How many characters of ``name`` lie in runs of two or more that ``question`` has."""
    covered = [False] * len(name)
    for start in range(len(name) - 1):
        end = start + 2
        while end <= len(name) and name[start:end] in question:
            end += 1
        if end - 1 - start >= 2:
            covered[start : end - 1] = [True] * (end - 1 - start)
    return sum(covered)
