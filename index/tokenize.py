"""Chinese word segmentation for search: the one module that owns jieba.

A domain dictionary keeps the template's terms whole (结转下年度继续办理, 行政复议 …), so a
search for them does not fall apart into common characters. Question words, stop words and
punctuation are dropped, so they do not dominate a query. Text in traditional characters
is cut as its simplified form (``ingest.script.simplified``), so a report a mirror converted
and a question typed in either script meet on the same words.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import cache
from typing import Any

from ingest.script import simplified

# Terms of the report template and of the questions people ask about it.
DOMAIN_TERMS: tuple[str, ...] = (
    "政府信息公开",
    "信息公开",
    "政务公开",
    "依申请公开",
    "主动公开",
    "结转下年度继续办理",
    "结转下年度",
    "上年结转",
    "本年新收",
    "本年度办理结果",
    "予以公开",
    "部分公开",
    "不予公开",
    "无法提供",
    "不予处理",
    "其他处理",
    "国家秘密",
    "三安全一稳定",
    "第三方合法权益",
    "内部事务信息",
    "过程性信息",
    "行政执法案卷",
    "行政查询事项",
    "另行制作",
    "信访举报投诉",
    "重复申请",
    "公开出版物",
    "行政复议",
    "行政诉讼",
    "复议后起诉",
    "直接起诉",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "人大建议",
    "人大代表建议",
    "政协提案",
    "提案议案",
    "建议提案",
    "信息处理费",
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政事业性收费",
    "行政规范性文件",
    "规范性文件",
    "规章",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "新闻稿件",
    "新闻发布会",
    "政策解读",
    "满意率",
    "年度报告",
    "工作年度报告",
)

# Words that carry no meaning for retrieval: question words, particles, relative dates
# (the answering engine reads those itself) and filler.
STOP_WORDS: frozenset[str] = frozenset(
    """
    的 了 和 与 及 或 是 在 有 为 对 等 中 也 都 就 而 并 将 把 被 从 于 以 之 其 该 这 那 个 们
    吗 呢 吧 啊 呀 么 嘛 哪 哪些 哪个 什么 怎么 怎样 如何 多少 几 几件 几个 几次 几项 是否 有没有
    请问 请 问 一下 告诉 我 我们 你 你们 他们 它 一共 总共 共 一共有 到底 具体 情况 方面 有关
    去年 今年 前年 上一年度 上年度 最近 年 年度 月 日 号
    a an the of to in on for by at is are was were be been do does did how many much what
    which who when where why there this that it its and or with from as please
    """.split()
)
_KEEP = re.compile(r"[\w%]", re.UNICODE)

# How people say what the template calls otherwise (Chinese and English): a question that
# says the left-hand words also searches for the template's terms on the right.
SYNONYMS: tuple[tuple[str, str], ...] = (
    (
        r"没办完|未办结|没有办结|没办结|转到下一年|留到下一年|结转到下一年|下一年继续|下一年度继续"
        r"|carr(?:y|ied) over|carryover|next year",
        "结转下年度继续办理",
    ),
    (
        r"从上年|上一年转|去年剩|结转过来|上年度结转|carried (?:in|forward) from|previous year",
        "上年结转",
    ),
    (r"新收|收到|接到|受理|new requests?|received", "本年新收 申请"),
    (r"全部公开|同意公开|公开了|disclosed in full|granted", "予以公开"),
    (r"驳回|拒绝公开|不公开|refused|withheld", "不予公开"),
    (r"复议|administrative review", "行政复议"),
    (r"起诉|被告|打官司|诉讼|lawsuits?|litigation|sued", "行政诉讼"),
    (r"罚款|处罚|penalt(?:y|ies)|fines?", "行政处罚"),
    (r"许可|licen[cs]es?|permits?", "行政许可"),
    (r"人大代表|人大|npc", "人大建议"),
    (r"政协|cppcc", "政协提案"),
    (r"处理费|收费|fees?|charged?", "信息处理费"),
    (r"requests?|applications?", "申请"),
)
_COUNT = re.compile(r"多少|几|数量|总数|how many|number of", re.IGNORECASE)
_APPLICANT = re.compile(
    r"自然人|个人|公民|群众|企业|公司|科研|研究|公益|律师|法律服务|其他组织|法人"
    r"|natural person|individual|compan|business|research|lawyer|legal|non-?profit",
    re.IGNORECASE,
)
_SYNONYM_PATTERNS = tuple((re.compile(words, re.IGNORECASE), terms) for words, terms in SYNONYMS)

_lock = threading.Lock()


@cache
def _jieba() -> Any:
    """A jieba tokenizer with the domain dictionary, built once per process."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for term in DOMAIN_TERMS:
        tokenizer.add_word(term, freq=200_000)
    return tokenizer


def tokens(text: str) -> list[str]:
    """Index terms of ``text``: words and their meaningful parts, stop words dropped."""
    with _lock:  # jieba's lazy initialisation is not thread-safe
        pieces = _jieba().lcut_for_search(simplified(text))
    return [piece for piece in (p.strip().lower() for p in pieces) if _useful(piece)]


def query_terms(question: str) -> list[str]:
    """The distinct words of a question, then the template terms its wording stands for
    (``SYNONYMS``). Documents are indexed with every word and its parts; a question is cut
    into whole words only, and single characters are dropped when words remain: each term
    a query carries costs a scan of its postings."""
    question = simplified(question)
    text = " ".join([question, *template_terms(question)])
    with _lock:
        pieces = _jieba().lcut(text)
    words = [p for p in (piece.strip().lower() for piece in pieces) if _useful(p)]
    longer = [w for w in words if len(w) > 1]
    return list(dict.fromkeys(longer or words))


def words(text: str) -> list[str]:
    """The words of ``text`` in order, cut whole (not into parts), stop words dropped."""
    with _lock:
        pieces = _jieba().lcut(simplified(text))
    return [p for p in (piece.strip().lower() for piece in pieces) if _useful(p)]


def template_terms(question: str) -> list[str]:
    """The template's terms that a question's wording stands for (``SYNONYMS``); and 总计
    for a count that names no applicant type, which the template reads as the total."""
    terms = [terms for pattern, terms in _SYNONYM_PATTERNS if pattern.search(question)]
    if _COUNT.search(question) and not _APPLICANT.search(question):
        terms.append("总计")
    return terms


def without(question: str, names: list[str]) -> str:
    """``question`` with years and the words naming ``names`` (agencies) taken out: their
    words, and short forms whose characters all occur in a name (张店交警, 市统计局)."""
    question = _YEAR.sub(" ", question)
    with _lock:
        pieces = _jieba().lcut(question)
    return "".join(p for p in pieces if not _names_one(p, names)).strip()


_YEAR = re.compile(r"(?:\d{4}|\d{2}|[〇○零一二三四五六七八九]{4})\s*年度?")


def _names_one(piece: str, names: list[str]) -> bool:
    return len(piece) >= 2 and any(all(char in name for char in piece) for name in names)


def _useful(piece: str) -> bool:
    return bool(piece) and piece not in STOP_WORDS and bool(_KEEP.search(piece))
