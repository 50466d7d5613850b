"""Who published a report, for which year, and when: from its title, opening and signature.

Nothing is guessed silently: a field that cannot be read stays empty and a warning says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.numbers import parse_number

_YEAR = r"(?:20\d\d|[〇零一二][〇零一二三四五六七八九]{3})"
_TITLE_REPORT = r"政府信息公开(?:工作)?(?:年度)?报告"
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
    r"(?P<y>20\d\d|[〇零一二][〇零一二三四五六七八九]{3})\s*年\s*"
    r"(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*"
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
    year = title_year or _opening_year(head)
    signature_agency, published = _signature(text)
    opening_agency = _opening_agency(head)
    agency = title_agency or signature_agency or opening_agency
    warnings = []
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
    if published is None:
        warnings.append("publication date not found in the signature")
    return Identity(
        agency=agency, year=year, published=published, title=title, warnings=tuple(warnings)
    )


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


def _signature(text: str) -> tuple[str | None, str | None]:
    """The agency and date that close the report (also when the text is one long line)."""
    tail = text[-400:].rstrip()
    dates = list(_DATE.finditer(tail))
    if not dates or len(tail) - dates[-1].end() > 0:
        return None, None
    date = dates[-1]
    before = re.split(r"[\n。！？；]", tail[: date.start()].rstrip())[-1]
    return _agency_name(before), _iso_date(date)


def _agency_name(raw: str) -> str | None:
    cleaned = _clean(raw)
    match = _AGENCY_AT_END.search(cleaned)
    return match.group(1) if match else None


def _clean(raw: str) -> str:
    return re.sub(r"[\s\u3000]+", "", raw).strip("：:，,。")


def _year(raw: str) -> int | None:
    value = int(parse_number(raw))
    return value if 1990 <= value <= 2100 else None


def _iso_date(match: re.Match[str]) -> str | None:
    year = _year(match.group("y"))
    month = int(parse_number(match.group("m")))
    day = int(parse_number(match.group("d")))
    if year is None or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
