"""Which report year a question means: said outright, said relative to a date, or a span.

Reports for year Y are published early in Y+1, so "去年" asked in 2025 is the 2024 report.
Words that look like years but name a template row are left alone: "上年结转" is a row of
table 三, not last year; "本年新收" likewise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9, "两": 2, "十": 10}

_FULL = re.compile(r"(?<![\d])((?:19|20)\d\d)(?:\s*年|(?![\d]))")
_CHINESE = re.compile(r"([二][〇零○O][一二三四五六七八九〇零○O]{2})\s*年")
_SHORT = re.compile(r"(?<![\d.])(\d\d)\s*年(?!度?\s*[前后内底初末])")
_RELATIVE = (
    (re.compile(r"大前年"), -3),
    (re.compile(r"前年"), -2),
    (re.compile(r"去年(?!\s*(?:结转|转过来|转来|遗留))"), -1),
    (re.compile(r"上一?年度?(?!\s*(?:结转|转过来|转来|遗留))"), -1),
    (re.compile(r"今年"), 0),
    (re.compile(r"\blast year\b", re.I), -1),
    (re.compile(r"\bthis year\b", re.I), 0),
)
_LATEST = re.compile(r"最近一年|最新|最近的|latest|most recent", re.I)
_SPAN = re.compile(r"(?:近|最近|过去|前)\s*([一二两三四五六七八九十\d]+)\s*(?:个)?\s*年")
_SPAN_EN = re.compile(r"\b(?:last|past)\s+(two|three|four|five|\d+)\s+years\b", re.I)
_RANGE = re.compile(r"((?:19|20)\d\d)\s*年?\s*(?:到|至|—|–|-|~|～)\s*((?:19|20)\d\d)\s*年?")
_EVERY = re.compile(r"历年|每年|逐年|各年|每一年|year by year|each year|over the years", re.I)
_ENGLISH_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5}


@dataclass(frozen=True, slots=True)
class YearWords:
    """What a question says about years, in the order it says them."""

    years: tuple[int, ...] = ()  # every year named, explicit or relative, in order
    relative: bool = False  # one of them was relative (去年)
    latest: bool = False  # 最新, 最近: the agency's latest report
    span: int | None = None  # 近三年: the last n reports
    every: bool = False  # 历年: all of them
    spans: tuple[tuple[int, int], ...] = ()  # where the words are, to take them out

    @property
    def year(self) -> int | None:
        return self.years[0] if self.years else None

    @property
    def series(self) -> bool:
        return self.span is not None or self.every


def read_years(question: str, today: date) -> YearWords:
    """The years ``question`` names, relative ones against ``today``."""
    found: list[tuple[int, int, int]] = []  # (position, end, year)
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    span = None
    every = False
    ranged = _RANGE.search(question)
    if ranged:
        first, last = sorted((int(ranged.group(1)), int(ranged.group(2))))
        if last - first <= 30:
            found += [(ranged.start(), ranged.end(), y) for y in range(first, last + 1)]
            taken.append(ranged.span())
            every = True
    for pattern in (_SPAN, _SPAN_EN):
        match = pattern.search(question)
        if match and free(*match.span()):
            span = _count(match.group(1))
            taken.append(match.span())
            break
    for match in _FULL.finditer(question):
        if free(*match.span()):
            found.append((match.start(), match.end(), int(match.group(1))))
            taken.append(match.span())
    for match in _CHINESE.finditer(question):
        if free(*match.span()):
            digits = "".join(str(_DIGITS[c]) for c in match.group(1))
            found.append((match.start(), match.end(), int(digits)))
            taken.append(match.span())
    for match in _SHORT.finditer(question):
        if free(*match.span()):
            found.append((match.start(), match.end(), 2000 + int(match.group(1))))
            taken.append(match.span())
    relative = False
    for pattern, offset in _RELATIVE:
        for match in pattern.finditer(question):
            if free(*match.span()):
                found.append((match.start(), match.end(), today.year + offset))
                taken.append(match.span())
                relative = True
    latest = False
    match = _LATEST.search(question)
    if match and free(*match.span()):
        latest = True
        taken.append(match.span())
    match = _EVERY.search(question)
    if match and free(*match.span()):
        every = True
        taken.append(match.span())
    found.sort()
    years = tuple(dict.fromkeys(year for _, _, year in found))
    return YearWords(
        years=years,
        relative=relative,
        latest=latest,
        span=span,
        every=every,
        spans=tuple(sorted(taken)),
    )


def _count(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    if word in _ENGLISH_NUMBERS:
        return _ENGLISH_NUMBERS[word]
    if word == "十":
        return 10
    if len(word) == 1 and word in _DIGITS:
        return _DIGITS[word]
    return None
