"""Numbers as the reports print them: table cells and figures in Arabic or Chinese numerals.

Values are ``Decimal``, never float. Chinese numerals are read by cn2an, behind
``parse_number`` only; it is given integers alone, so it never hands back a float.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

CHINESE_DIGITS = "〇零一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
CHINESE_NUMERAL_CHARS = CHINESE_DIGITS + "十百千万亿拾佰仟"
SCALES: dict[str, Decimal] = {
    "百": Decimal(100),
    "千": Decimal(1000),
    "万": Decimal(10_000),
    "十万": Decimal(100_000),
    "百万": Decimal(1_000_000),
    "千万": Decimal(10_000_000),
    "亿": Decimal(100_000_000),
    "万亿": Decimal(1_000_000_000_000),
}
APPROXIMATE_BEFORE = ("大约", "将近", "超过", "约", "近", "超", "逾")
APPROXIMATE_AFTER = ("左右", "以上", "余", "多")

ARABIC = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_SCALE_WORDS = "|".join(sorted(SCALES, key=len, reverse=True))
_ARABIC_SCALED = re.compile(rf"(?P<sign>[+-]?)(?P<digits>{ARABIC})(?P<scale>{_SCALE_WORDS})?")
_DIGIT_VALUES = (
    {char: index for index, char in enumerate("〇一二三四五六七八九")}
    | {char: index for index, char in enumerate("零壹贰叁肆伍陆柒捌玖")}
    | {"两": 2}
)

# What cells print for zero or nothing to report (the template's "—" and "/").
_ZERO_MARKS = re.compile(r"[-－—―–‐]+|[/／]|无")
_NOTE = re.compile(r"(?P<core>.*?)\s*[(（](?P<note>[^()（）]*)[)）]")
_COUNT_UNITS = ("件", "个", "条", "项", "次")
MONEY_UNITS = {"元": Decimal(1), "万元": Decimal(10000)}  # yuan in one of each


@dataclass(frozen=True, slots=True, kw_only=True)
class CellValue:
    """What a table cell says: a value, a note beside it, or why there is no value."""

    value: Decimal | None
    note: str | None = None
    approximate: bool = False
    empty: bool = False
    unreadable: bool = False


def parse_cell(raw: str, unit: str = "") -> CellValue:
    """Read one table cell's text; never raises (an odd cell comes back ``unreadable``).

    ``unit`` is the column's: an amount the cell states in money ("13401元", "1.3401万元",
    or "1.3401万" under 万元) is given in it; money in a column of counts is unreadable."""
    text = raw.strip()
    if not text:
        return CellValue(value=None, empty=True)
    core, note = _split_note(text)
    if _ZERO_MARKS.fullmatch(core):
        return CellValue(value=Decimal(0), note=note)
    core, approximate = strip_approximate(core)
    value = _money(core, unit) if core.endswith("元") or unit == "万元" else _cell_number(core)
    if value is None:
        return CellValue(value=None, note=note, approximate=approximate, unreadable=True)
    return CellValue(value=value, note=note, approximate=approximate)


def parse_number(text: str) -> Decimal:
    """A number in Arabic or Chinese numerals, with 万/亿 scales: "1.2万" → 12000.

    Raises ``ValueError`` for anything else.
    """
    stripped = text.strip()
    match = _ARABIC_SCALED.fullmatch(stripped)
    if match:
        value = Decimal(match["digits"].replace(",", ""))
        if match["scale"]:
            value = _tidy(value * SCALES[match["scale"]])
        return -value if match["sign"] == "-" else value
    if stripped and all(char in CHINESE_NUMERAL_CHARS or char == "点" for char in stripped):
        return _chinese(stripped)
    raise ValueError(f"cannot read {text!r} as a number")


def strip_approximate(text: str) -> tuple[str, bool]:
    """The text without its approximate markers (约500, 3400余, 500多), and whether it had any."""
    core, approximate = text.strip(), False
    for marker in APPROXIMATE_BEFORE:
        if core.startswith(marker) and len(core) > len(marker):
            core, approximate = core[len(marker) :].lstrip(), True
            break
    for marker in APPROXIMATE_AFTER:
        if core.endswith(marker) and len(core) > len(marker):
            core, approximate = core[: -len(marker)].rstrip(), True
            break
    return core, approximate


def _split_note(text: str) -> tuple[str, str | None]:
    match = _NOTE.fullmatch(text)
    if not match or not match["core"]:
        return text, None
    return match["core"], match["note"].strip() or None


def _money(core: str, unit: str) -> Decimal | None:
    """An amount in the column's money unit (元 or 万元), from the cell's own unit."""
    if unit not in MONEY_UNITS:
        return None
    if core.endswith("元"):
        stated = core[:-1].rstrip()
    elif core.endswith(("万", "亿")):  # "1.3万" under 万元 means 1.3万元
        stated = core
    else:
        return _cell_number(core)  # a bare number is in the column's unit
    try:
        yuan = parse_number(stated)
    except ValueError:
        return None
    return _tidy(yuan / MONEY_UNITS[unit])


def _cell_number(core: str) -> Decimal | None:
    """A cell's number: Arabic (maybe with a count unit, "6件") or Chinese numerals."""
    for unit in _COUNT_UNITS:
        if core.endswith(unit):
            core = core[: -len(unit)].rstrip()
            break
    try:
        return parse_number(core)
    except ValueError:
        return None


def _chinese(text: str) -> Decimal:
    whole, point, fraction = text.partition("点")
    if not point:
        return _chinese_integer(whole)
    if not whole or not fraction or any(char not in _DIGIT_VALUES for char in fraction):
        raise ValueError(f"cannot read {text!r} as a number")
    value = _chinese_integer(whole)
    return value + Decimal("0." + "".join(str(_DIGIT_VALUES[char]) for char in fraction))


def _chinese_integer(text: str) -> Decimal:
    import cn2an  # heavy import (it loads its rule tables); only Chinese numerals need it

    try:
        result = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise ValueError(f"cannot read {text!r} as a number") from error
    if not isinstance(result, int):
        raise ValueError(f"cannot read {text!r} as a whole number")
    return Decimal(result)


def _tidy(value: Decimal) -> Decimal:
    """12000.0 → 12000: a scaled whole number loses the decimals of its multiplier."""
    if value == value.to_integral_value() and value.as_tuple().exponent != 0:
        return value.quantize(Decimal(1))
    return value
