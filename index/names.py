"""Which stored agencies a question names, by the words that tell agencies apart.

"张店交警" names 淄博市公安局交通警察支队张店大队 by its place, 张店; words every such body
has (公安局, 大队, 人民政府) say nothing. The agencies whose distinctive words cover most of
the question win, so "淄博市博山区住房和城乡建设局" picks the 博山区 body, not every one in
淄博市. The answering engine resolves agencies more carefully; search needs only this much.
"""

from __future__ import annotations

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


def named_agencies(db: sqlite_utils.Database, question: str) -> list[str]:
    """The stored agencies ``question`` names best (several when they tie), or none."""
    scores: dict[str, int] = {}
    for (agency,) in db.execute("select distinct agency from reports where agency is not null"):
        score = sum(len(word) for word in distinctive(agency) if word in question)
        if score:
            scores[agency] = score
    if not scores:
        return []
    best = max(scores.values())
    return sorted(agency for agency, score in scores.items() if score == best)
