"""Split a report's normalised text into the template's six sections and their sub-parts.

Headings are found in template order. Numbering is often mangled ("2、" for "二、") or
missing, and a crawler's text may hold the whole report on one line, so a heading is the
section's number (Chinese or Arabic) followed within a few characters by its keywords, or a
line that is only the section's title. Sections tile the text: a preamble ("0") runs up to
the first heading, and each section runs up to the next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.records import Section, content_id
from ingest.template import CHINESE_DIGITS, SECTION_KEYWORDS, SECTION_NUMBERED_KEYWORDS

TABLE_SECTIONS = frozenset({"2", "3", "4"})
# Word exports leave bookmarks before a line ("[bookmark: _GoBack]（四）…").
ARTIFACT = re.compile(r"\[bookmark:[^\]\n]*\]")
_SUBPART = re.compile(r"^[ \t]*(?:\[bookmark:[^\]\n]*\])?[(（][一二三四五六七八九十]{1,3}[)）]")


@dataclass(frozen=True, slots=True)
class Heading:
    key: str
    start: int
    end: int  # end of the heading's title
    title: str


def _heading_patterns(key: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    number = int(key)
    keywords = "|".join(filter(None, (SECTION_KEYWORDS[key], SECTION_NUMBERED_KEYWORDS.get(key))))
    numbered = re.compile(
        rf"(?:(?<![(（第一二三四五六七八九十])[{CHINESE_DIGITS[number]}]|(?<![\d.]){number})"
        rf"[ \t]*[、.，,．:：][ \t]*"
        rf"[^\n\d。；，]{{0,14}}?(?:{keywords})[^\n\d。；，]{{0,16}}"
    )
    bare = re.compile(rf"(?m)^[ \t]*(?:{SECTION_KEYWORDS[key]})[^\n\d。；，]{{0,14}}[ \t]*$")
    return numbered, bare


_PATTERNS = {key: _heading_patterns(key) for key in ("1", "2", "3", "4", "5", "6")}


def find_headings(text: str) -> tuple[Heading, ...]:
    """The template sections' headings present in ``text``, in order."""
    headings: list[Heading] = []
    position = 0
    for key, (numbered, bare) in _PATTERNS.items():
        matches = [m for m in (numbered.search(text, position), bare.search(text, position)) if m]
        if not matches:
            continue
        match = min(matches, key=lambda m: m.start())
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        end = match.start() + len(match.group().rstrip())
        headings.append(Heading(key=key, start=start, end=end, title=text[start:end]))
        position = end
    return tuple(headings)


def split_sections(report_id: str, text: str, headings: tuple[Heading, ...]) -> tuple[Section, ...]:
    """Top-level sections tiling ``text``, then the sub-parts of the prose sections."""
    bounds = [(h.key, h.start, h.title) for h in headings]
    if not bounds or bounds[0][1] > 0:
        bounds.insert(0, ("0", 0, "前言"))
    sections: list[Section] = []
    for index, (key, start, title) in enumerate(bounds):
        end = bounds[index + 1][1] if index + 1 < len(bounds) else len(text)
        sections.append(_section(report_id, key, (title,), start, end))
    for top in list(sections):
        if top.key not in TABLE_SECTIONS and top.key != "0":
            sections.extend(_subparts(report_id, text, top))
    return tuple(sections)


def _section(report_id: str, key: str, path: tuple[str, ...], start: int, end: int) -> Section:
    return Section(
        id=content_id(report_id, "section", key, start, end),
        report_id=report_id,
        key=key,
        path=path,
        title=path[-1],
        start=start,
        end=end,
    )


def _subparts(report_id: str, text: str, top: Section) -> list[Section]:
    """（一）… sub-parts at line starts inside a prose section."""
    starts: list[tuple[int, str]] = []
    offset = top.start
    for line in text[top.start : top.end].splitlines(keepends=True):
        if _SUBPART.match(line):
            lead = len(line) - len(ARTIFACT.sub("", line, count=1).lstrip())
            starts.append((offset + lead, _subpart_title(ARTIFACT.sub("", line, count=1))))
        offset += len(line)
    parts: list[Section] = []
    for index, (start, title) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else top.end
        key = f"{top.key}.{index + 1}"
        parts.append(_section(report_id, key, (top.title, title), start, end))
    return parts


def _subpart_title(line: str) -> str:
    """A sub-part's heading: its line, or the line up to the first full stop when it runs on."""
    stripped = line.strip()
    head, stop, _ = stripped.partition("。")
    return head + stop if stop and len(head) < 60 else stripped[:60]


def section_at(sections: tuple[Section, ...], position: int) -> Section:
    """The innermost section holding ``position``."""
    holding = [s for s in sections if s.start <= position < s.end]
    if not holding:
        return sections[-1]
    return max(holding, key=lambda s: (s.start, len(s.path)))
