"""Reading numbers: table cells as printed, and Arabic or Chinese numerals with scales."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.numbers import CellValue, parse_cell, parse_number

DIGITS = "零一二三四五六七八九"


def _chinese_below_10000(number: int) -> str:
    """The usual written form of 0 < number < 10000 (一千零五, 十一, 三百二十), built by hand."""
    places = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    parts: list[str] = []
    pending_zero = False
    for size, word in places:
        digit = number // size % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        parts.append(("" if size == 10 and not parts and digit == 1 else DIGITS[digit]) + word)
    return "".join(parts)


def _chinese(number: int) -> str:
    """0 ≤ number < 10^8 in Chinese numerals with 万."""
    if number == 0:
        return "零"
    high, low = divmod(number, 10_000)
    if not high:
        return _chinese_below_10000(low)
    low_text = _chinese_below_10000(low) if low else ""
    if low and low < 1000:
        low_text = "零" + (low_text if not low_text.startswith("十") else "一" + low_text)
    return _chinese_below_10000(high) + "万" + low_text


# parse_cell -----------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["", " ", "\t", "   \n "])
def test_a_blank_cell_is_empty_with_no_value(raw: str) -> None:
    assert parse_cell(raw) == CellValue(value=None, empty=True)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("12", "12"),
        (" 0 ", "0"),
        ("1,234", "1234"),
        ("12.5", "12.5"),
        ("933554", "933554"),
        ("6件", "6"),
        ("-3", "-3"),
    ],
)
def test_a_number_cell_gives_its_exact_decimal_value(raw: str, value: str) -> None:
    cell = parse_cell(raw)
    assert cell.value == Decimal(value)
    assert str(cell.value) == value
    assert not (cell.empty or cell.unreadable or cell.approximate)


@pytest.mark.parametrize(
    "raw", ["1964904(含淄博经开区)", "1964904（含淄博经开区）", " 1964904 （含淄博经开区） "]
)
def test_a_note_in_brackets_is_kept_apart_from_the_value(raw: str) -> None:
    assert parse_cell(raw) == CellValue(value=Decimal(1964904), note="含淄博经开区")


@pytest.mark.parametrize("raw", ["—", "-", "－", "/", "／", "―", "——", " — "])
def test_a_dash_or_slash_cell_means_zero(raw: str) -> None:
    assert parse_cell(raw) == CellValue(value=Decimal(0))


@pytest.mark.parametrize(("raw", "value"), [("3400余", 3400), ("约500", 500), ("500多", 500)])
def test_a_cell_with_an_approximate_marker_is_flagged_approximate(raw: str, value: int) -> None:
    assert parse_cell(raw) == CellValue(value=Decimal(value), approximate=True)


@pytest.mark.parametrize("raw", ["O", "o", "l", "x", "abc", "1 2", "12..5", "()", "余", "约"])
def test_a_cell_that_is_not_a_number_is_unreadable_not_an_error(raw: str) -> None:
    cell = parse_cell(raw)
    assert cell.value is None
    assert cell.unreadable and not cell.empty


@given(st.text(max_size=30))
def test_parse_cell_never_raises_and_reports_exactly_one_state(raw: str) -> None:
    cell = parse_cell(raw)
    assert (cell.value is None) == (cell.empty or cell.unreadable)
    assert not (cell.empty and cell.unreadable)


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["{}", "{:,}", " {} ", "{}.0"]))
def test_any_whole_number_cell_reads_back_as_that_number(number: int, layout: str) -> None:
    assert parse_cell(layout.format(number)).value == number


@given(st.integers(min_value=0, max_value=10**9), st.text(alphabet="含经开区高新区不", min_size=1))
def test_any_number_with_a_note_keeps_both(number: int, note: str) -> None:
    assert parse_cell(f"{number}（{note}）") == CellValue(value=Decimal(number), note=note)


# parse_number ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("二十一", "21"),
        ("两", "2"),
        ("二〇二四", "2024"),
        ("100万", "1000000"),
        ("1.2万", "12000"),
        ("3400", "3400"),
        ("1,234", "1234"),
        ("十", "10"),
        ("一百零五", "105"),
        ("两万", "20000"),
        ("三点五", "3.5"),
        ("0.5亿", "50000000"),
        ("壹佰贰拾", "120"),
        ("1.25万", "12500"),
    ],
)
def test_parse_number_reads_arabic_and_chinese_numerals_with_scales(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)
    assert str(parse_number(text)) == value


@pytest.mark.parametrize(
    "text", ["", " ", "O", "abc", "2024年", "十点", "点五", "万", "一盔", "3-5"]
)
def test_parse_number_raises_value_error_for_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match="cannot read"):
        parse_number(text)


@given(st.integers(min_value=0, max_value=99_999_999))
def test_parse_number_reads_any_chinese_numeral_written_the_usual_way(number: int) -> None:
    assert parse_number(_chinese(number)) == number


@given(st.integers(min_value=0, max_value=9999))
def test_parse_number_reads_a_year_written_digit_by_digit(number: int) -> None:
    digit_by_digit = "".join("〇一二三四五六七八九"[int(digit)] for digit in f"{number:04d}")
    assert parse_number(digit_by_digit) == number


@given(
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([("万", 10**4), ("亿", 10**8)]),
)
def test_parse_number_scales_arabic_numbers_exactly(
    number: Decimal, scale: tuple[str, int]
) -> None:
    word, size = scale
    assert parse_number(f"{number}{word}") == number * size


@given(st.text(alphabet="〇零一二两三四五六七八九十百千万亿点", max_size=8))
def test_parse_number_on_chinese_numeral_characters_raises_only_value_error(text: str) -> None:
    try:
        value = parse_number(text)
    except ValueError:
        return
    assert value >= 0


@pytest.mark.parametrize(
    ("raw", "unit", "value"),
    [
        ("160.5964万元", "万元", "160.5964"),  # stated in the column's unit
        ("80618元", "万元", "8.0618"),  # stated in yuan under 万元
        ("1.2万", "万元", "1.2"),  # 万 under 万元 is 万元, not 12000 of them
        ("80618元", "元", "80618"),
        ("1.5万元", "元", "15000"),
        ("0.36", "万元", "0.36"),  # a bare number is in the column's unit
    ],
)
def test_money_is_given_in_the_columns_unit(raw: str, unit: str, value: str) -> None:
    cell = parse_cell(raw, unit)
    assert cell.value == Decimal(value) and not cell.unreadable


def test_money_in_a_column_of_counts_is_unreadable() -> None:
    assert parse_cell("12元", "件").unreadable
    assert parse_cell("3万", "件").value == Decimal(30000)  # a count may be in 万
