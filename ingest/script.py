"""Traditional characters: matched as simplified, stored as the report prints them.

Some mirrors convert report pages to traditional characters (政府資訊公開, 結轉下年度繼續辦理).
The template's labels, headings and prose words are simplified, so the parser reads a
simplified *view* of the text, converted so that it keeps the text's length (see
``simplified``): every offset found in the view is an offset into the text. Mirrors that
also reword as Taiwan does (資訊 for 信息, 檔案 for 文件) get the template's own words
turned back in the view (``taiwan_words``); other Taiwan wordings stay. The records
are then given back the report's own characters (``in_original``): its text, the text of
every passage, section titles, cell and figure texts. Keys and labels stay the template's,
and so does the identity (agency, title) as read from the view: the simplified name is the
one questions use and one agency's reports share.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import cache

from ingest.records import Fact, ParsedReport, Passage, Section

Convert = Callable[[str], str]
# A text is traditional when this share of its hanzi change under t2s; a simplified report
# changes none or a handful.
_TRADITIONAL_SHARE = 0.05


@cache
def _opencc(config: str) -> Convert:
    import opencc  # loads its dictionaries when first needed

    return opencc.OpenCC(config).convert


def simplified(text: str, convert: Convert | None = None) -> str:
    """``text`` in simplified characters and of the same length, so offsets are shared.

    ``convert`` defaults to OpenCC's t2s, which converts phrases ("反覆" → "反复"); a line
    whose conversion changes its length is converted one character at a time instead (a
    character whose conversion is longer stays as it is). A traditional text is converted
    with tw2s and hk2s instead, which also fold Taiwan's and Hong Kong's variant characters
    (本著 → 本着, 衞生 → 卫生), and the template's own words as Taiwan's usage prints them
    are turned back (see ``taiwan_words``). Simplified text is left to t2s alone: tw2s
    would turn its 显著 into 显着.
    """
    if text.isascii():
        return text
    if convert is not None:
        return _same_length(text, convert)
    view = _same_length(text, _opencc("t2s"))
    if not _traditional(text, view):
        return view
    view = _same_length(text, _from_variants)
    for taiwan, mainland in taiwan_words():
        view = _replaced(view, taiwan, mainland)
    return view


def _from_variants(text: str) -> str:
    return _opencc("hk2s")(_opencc("tw2s")(text))


def _replaced(view: str, taiwan: str, mainland: str) -> str:
    """``taiwan`` turned into ``mainland`` (as long) wherever it stands, also when a wrapped
    label puts line breaks or spaces between its characters; those stay in place."""
    pattern = r"\s*".join(re.escape(char) for char in taiwan)

    def back(match: re.Match[str]) -> str:
        chars = iter(mainland)
        return "".join(char if char.isspace() else next(chars) for char in match.group())

    return re.sub(pattern, back, view)


@cache
def taiwan_words() -> tuple[tuple[str, str], ...]:
    """(Taiwan's wording after t2s, the template's wording) for the template's words that
    OpenCC's s2twp words differently: 政府资讯公开 for 政府信息公开, 规范性档案 for 规范性文件.

    Each pair is the differing characters and the one before them, found by converting the
    template's vocabulary, not written by hand. They are undone only in traditional text:
    tw2sp as a whole would also turn a mainland 查询 into 查找 and 文件 into 文档.
    """
    from ingest.template import vocabulary

    to_taiwan, to_simplified = _opencc("s2twp"), _opencc("t2s")
    pairs: dict[str, str] = {}
    for term in sorted(vocabulary()):
        back = to_simplified(to_taiwan(term))
        if len(back) != len(term):
            continue
        for start, end in _differing_runs(term, back):
            pairs.setdefault(back[max(0, start - 1) : end], term[max(0, start - 1) : end])
    return tuple(sorted(pairs.items(), key=lambda pair: (-len(pair[0]), pair)))


def _differing_runs(a: str, b: str) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for index, (x, y) in enumerate(zip(a, b, strict=True)):
        if x == y:
            continue
        if runs and runs[-1][1] == index:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    return runs


def _traditional(text: str, view: str) -> bool:
    hanzi = [index for index, char in enumerate(text) if "\u4e00" <= char <= "\u9fff"]
    changed = sum(1 for index in hanzi if view[index] != text[index])
    return changed > _TRADITIONAL_SHARE * len(hanzi)


def _same_length(text: str, convert: Convert) -> str:
    converted = convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_line(line, convert) for line in text.splitlines(keepends=True))


def _line(line: str, convert: Convert) -> str:
    converted = convert(line)
    if len(converted) == len(line):
        return converted
    return "".join(_char(convert, char) for char in line)


def _char(convert: Convert, char: str) -> str:
    converted = convert(char)
    return converted if len(converted) == 1 else char


def in_original(parsed: ParsedReport, original: str) -> ParsedReport:
    """``parsed``, read from the simplified view of ``original``, with ``original``'s own
    characters back in every text it stores; spans are unchanged (they are shared)."""
    view = parsed.report.text
    if view == original:
        return parsed
    if len(view) != len(original):
        raise ValueError("the simplified view must have the text's length")
    spell = _Speller(view, original)
    return replace(
        parsed,
        report=replace(parsed.report, text=original),
        sections=tuple(spell.section(section) for section in parsed.sections),
        passages=tuple(spell.passage(passage) for passage in parsed.passages),
        facts=tuple(spell.fact(fact) for fact in parsed.facts),
    )


class _Speller:
    """Finds a string read from the view in the view, and returns the original's spelling."""

    def __init__(self, view: str, original: str) -> None:
        self.view = view
        self.original = original

    def first(self, fragment: str | None, start: int, end: int) -> str | None:
        """``fragment`` as the original spells its first occurrence in ``view[start:end]``."""
        if not fragment:
            return fragment
        at = self.view.find(fragment, start, end)
        return self.original[at : at + len(fragment)] if at >= 0 else fragment

    def last(self, fragment: str, end: int) -> str:
        """``fragment`` as the original spells its last occurrence ending by ``end``."""
        at = self.view.rfind(fragment, 0, end)
        return self.original[at : at + len(fragment)] if at >= 0 else fragment

    def section(self, section: Section) -> Section:
        # A section's path runs from the headings above it down to its own, which starts it.
        path = tuple(self.last(title, section.start + len(title)) for title in section.path)
        return replace(section, path=path, title=path[-1] if path else section.title)

    def passage(self, passage: Passage) -> Passage:
        path = tuple(self.last(title, passage.start + len(title)) for title in passage.section_path)
        return replace(passage, text=self.original[passage.start : passage.end], section_path=path)

    def fact(self, fact: Fact) -> Fact:
        if fact.source == "prose":
            at = fact.start + fact.ordinal  # a figure's offset in its sentence
            raw = self.original[at : at + len(fact.raw)]
            clause = self.first(fact.clause, fact.start, fact.end)
            return replace(fact, raw=raw, clause=clause)
        return replace(
            fact,
            raw=self.first(fact.raw, fact.start, fact.end) or fact.raw,
            note=self.first(fact.note, fact.start, fact.end),
        )
