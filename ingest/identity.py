"""Who published a report, for which year, and when: from its title, opening and signature.

Nothing is guessed silently: a field that cannot be read stays empty and a warning says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.numbers import parse_number

# Chinese years are also printed with ○ (a circle), Ｏ or the letter O for 〇: "二○二五年".
_ZERO = "〇零○OＯo"
_YEAR = rf"(?:20\d\d|[{_ZERO}一二][{_ZERO}一二三四五六七八九]{{3}})"
_ZERO_FOLD = str.maketrans({char: "〇" for char in _ZERO})
_TITLE_REPORT = r"政府信息公开(?:工作)?(?:年度)?报告"
# A title may open "关于印发…的通知", which is no part of the agency's name.
_NOT_A_NAME = re.compile(r"^(?:关于|印发)+")
# After the signature date, page furniture may follow: 【打印本页】, "- 9 -", (此件公开发布).
_FURNITURE_LINES = 4
_FURNITURE_CHARS = 24
# An agency name ends in the kind of body that publishes these reports.
_ORGAN_END = (
    r"(?:局|委员会|委|办公室|办|院|厅|部|署|会|政府|大队|支队|中队|中心|所|处|站|馆|室|街道"
    r"|街道办事处|镇|乡|公司|集团|队|科|社|监狱|法院|检察院|银行|学校|大学)"
)
_AGENCY_AT_END = re.compile(rf"([^\s，,。：:；;《》“”()（）\d]{{2,40}}?{_ORGAN_END})$")
_AGENCY_IN_OPENING = re.compile(
    rf"[，,。]\s*([^\s，,。：:；;《》“”()（）\d]{{2,40}}?{_ORGAN_END})(?:现|特|特此|根据|依据)?编制"
)
_TITLE_AGENCY_FIRST = re.compile(
    rf"(?P<agency>[^\n\d《》]{{0,40}}?)[ \t]*\n?[ \t]*"
    rf"(?P<year>{_YEAR})[ \t]*年度?[ \t]*{_TITLE_REPORT}"
)
_TITLE_YEAR_FIRST = re.compile(
    rf"(?P<year>{_YEAR})[ \t]*年度?(?P<agency>[^\n\d《》]{{2,40}}?){_TITLE_REPORT}"
)
_YEAR_IN_OPENING = re.compile(
    rf"(?:统计期限自|本部门|本单位|本机关|编制了?)\s*(?P<year>{_YEAR})\s*年"
)
_DATE = re.compile(
    rf"(?P<y>{_YEAR})\s*年\s*"
    r"(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2}|元)\s*月\s*"
    r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Identity:
    agency: str | None
    year: int | None
    published: str | None
    title: str | None
    warnings: tuple[str, ...] = ()


def read_identity(text: str, preamble_end: int) -> Identity:
    """The identity of the report in ``text``; the preamble ends at ``preamble_end``."""
    head = text[: max(preamble_end, min(len(text), 400))]
    title, title_agency, title_year = _title(head)
    opening_year = _opening_year(head)
    year = title_year or opening_year
    signature_agency, published, date_warning = _signature(text)
    agency = _prefer(title_agency, signature_agency) or _opening_agency(head)
    warnings = [date_warning] if date_warning else []
    if agency is None:
        warnings.append("agency (发布机关) not found in the title, opening or signature")
    elif (
        signature_agency
        and _clean(signature_agency) not in _clean(agency)
        and _clean(agency) not in _clean(signature_agency)
    ):
        warnings.append(f"title names '{agency}' but the signature names '{signature_agency}'")
    if year is None:
        warnings.append("report year not found in the title or opening")
    warnings += _year_warnings(title_year, opening_year, year, published)
    if published is None and date_warning is None:
        warnings.append("publication date not found in the signature")
    return Identity(
        agency=agency, year=year, published=published, title=title, warnings=tuple(warnings)
    )


def _prefer(title: str | None, signature: str | None) -> str | None:
    """The title's name, or the signature's when it names the same body in full: longer,
    holding the title's name, ending with the same organ ("张店大队" → "…支队张店大队")."""
    if title is None or signature is None:
        return title or signature
    if len(signature) > len(title) and title in signature and _organ(signature) == _organ(title):
        return signature
    return title


def _organ(name: str) -> str | None:
    match = re.search(rf"{_ORGAN_END}$", name)
    return match.group() if match else None


def _year_warnings(
    title_year: int | None, opening_year: int | None, year: int | None, published: str | None
) -> list[str]:
    """Years that disagree: the title's and the opening's, or a publication not the year after."""
    warnings = []
    if title_year and opening_year and title_year != opening_year:
        warnings.append(f"report year {title_year} in the title but {opening_year} in the opening")
    if year and published and int(published[:4]) != year + 1:
        warnings.append(f"report year {year} but published {published}, not in the year after")
    return warnings


def _title(head: str) -> tuple[str | None, str | None, int | None]:
    for pattern in (_TITLE_YEAR_FIRST, _TITLE_AGENCY_FIRST):
        match = pattern.search(head)
        if match is None:
            continue
        agency = _agency_name(match.group("agency"))
        title = re.sub(r"\s+", "", match.group())
        return title, agency, _year(match.group("year"))
    return None, None, None


def _opening_year(head: str) -> int | None:
    match = _YEAR_IN_OPENING.search(head)
    return _year(match.group("year")) if match else None


def _opening_agency(head: str) -> str | None:
    match = _AGENCY_IN_OPENING.search(head)
    return _agency_name(match.group(1)) if match else None


def _signature(text: str) -> tuple[str | None, str | None, str | None]:
    """The agency and date that close the report (also when the text is one long line), and
    a warning when the date is there but cannot be read."""
    tail = text[-400:].rstrip()
    dates = list(_DATE.finditer(tail))
    if not dates or not _furniture(tail[dates[-1].end() :]):
        return None, None, None
    date = dates[-1]
    before = re.split(r"[\n。！？；]", tail[: date.start()].rstrip())[-1]
    published = _iso_date(date)
    warning = None if published else f"cannot read the signature date '{date.group()}'"
    return _agency_name(before), published, warning


def _furniture(after: str) -> bool:
    """Whether what follows the signature date is only page furniture: a few short lines
    without a full stop (【打印本页】【关闭窗口】, "- 9 -", （此件公开发布）)."""
    lines = [line.strip() for line in after.splitlines() if line.strip()]
    return (
        "。" not in after
        and len(lines) <= _FURNITURE_LINES
        and all(len(line) <= _FURNITURE_CHARS for line in lines)
    )


def _agency_name(raw: str) -> str | None:
    cleaned = _NOT_A_NAME.sub("", _clean(raw))
    match = _AGENCY_AT_END.search(cleaned)
    return match.group(1) if match else None


def _clean(raw: str) -> str:
    return re.sub(r"[\s\u3000]+", "", raw).strip("：:，,。")


def _year(raw: str) -> int | None:
    try:
        value = int(parse_number(raw.translate(_ZERO_FOLD)))
    except ValueError:
        return None
    return value if 1990 <= value <= 2100 else None


def _iso_date(match: re.Match[str]) -> str | None:
    """The date as YYYY-MM-DD; None when it is garbled ("1月十十日") or impossible."""
    year = _year(match.group("y"))
    try:
        month = 1 if match.group("m") == "元" else int(parse_number(match.group("m")))
        day = int(parse_number(match.group("d")))
    except ValueError:
        return None
    if year is None or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
