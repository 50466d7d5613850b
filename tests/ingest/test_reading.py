"""Reading report files: encodings, refusals, and the normalised text's map back to the input."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.errors import UnreadableFileError
from ingest.reading import decode, normalise

SAMPLE = Path(__file__).parents[2] / "corpus" / "zibo-zhangdian-traffic-police-2024.txt"
SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")


def _gbk_encodable(char: str) -> bool:
    try:
        char.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


# The sample's characters that GBK can encode (not its NBSPs).
GBK_ALPHABET = sorted(char for char in set(SAMPLE_TEXT) if _gbk_encodable(char))
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
SPACES = "\u00a0\u3000\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
FULL_WIDTH_KEPT = "，。：；（）《》“”、"


def _not_blank(text: str) -> bool:
    return any(not char.isspace() and char not in ZERO_WIDTH for char in text)


chinese_text = st.text(alphabet=st.sampled_from(GBK_ALPHABET), min_size=1, max_size=60).filter(
    lambda text: _not_blank(text) and any(ord(char) >= 0x80 for char in text)
)
long_chinese_text = st.text(alphabet=st.sampled_from(GBK_ALPHABET), min_size=300, max_size=1500)
printable_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\t"), min_size=1
).filter(_not_blank)


# decode ---------------------------------------------------------------------------------


def test_decode_reads_plain_utf8_and_names_the_encoding() -> None:
    assert decode(SAMPLE.read_bytes(), "sample.txt") == (SAMPLE_TEXT, "utf-8")


def test_decode_drops_the_utf8_byte_order_mark() -> None:
    assert decode(b"\xef\xbb\xbf" + "年度报告".encode(), "r.txt") == ("年度报告", "utf-8-sig")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_decode_reads_utf16_with_a_byte_order_mark(codec: str) -> None:
    bom = b"" if codec == "utf-16" else ("\ufeff".encode(codec))
    text, encoding = decode(bom + SAMPLE_TEXT.encode(codec), "r.txt")
    assert text == SAMPLE_TEXT
    assert encoding == "utf-16"


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_decode_reads_the_whole_sample_in_gb_encodings(codec: str) -> None:
    data = SAMPLE_TEXT.replace("\u00a0", " ").encode(codec)
    assert decode(data, "r.txt") == (SAMPLE_TEXT.replace("\u00a0", " "), "gb18030")


@pytest.mark.parametrize("text", ["本年度", "中文", "锋，编", "共收到申请6件", "二、上年结转1件"])
def test_decode_does_not_take_short_gbk_for_big5(text: str) -> None:
    assert decode(text.encode("gbk"), "r.txt") == (text, "gb18030")


def test_decode_reads_a_few_hundred_bytes_of_gbk() -> None:
    paragraph = next(line for line in SAMPLE_TEXT.splitlines() if "依申请公开工作程序" in line)
    data = paragraph.encode("gbk")
    assert 200 < len(data) < 600
    assert decode(data, "r.txt") == (paragraph, "gb18030")


def test_decode_reads_traditional_chinese_in_big5() -> None:
    text = "本年度報告中所列數據的統計期限自2024年1月1日起。全年累計刊發新聞稿件860餘篇。"
    assert decode(text.encode("big5"), "r.txt") == (text, "big5")


@pytest.mark.parametrize(
    "data",
    [b"", b"   ", b" \r\n\t\n", b"\xef\xbb\xbf", "\u3000\n".encode(), "\ufeff".encode("utf-16")],
)
def test_decode_refuses_an_empty_file_by_name(data: bytes) -> None:
    with pytest.raises(UnreadableFileError, match=r"^report\.txt: empty file$"):
        decode(data, "report.txt")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml",
        bytes(range(256)) * 4,
        "2024年度报告".encode("utf-16-le"),  # UTF-16 without its byte-order mark
    ],
    ids=["png", "docx", "all-bytes", "utf16-no-bom"],
)
def test_decode_refuses_binary_data_with_nul_bytes(data: bytes) -> None:
    with pytest.raises(UnreadableFileError, match=r"^report\.bin: binary data, not text \(NUL"):
        decode(data, "report.bin")


def test_decode_refuses_text_full_of_control_characters() -> None:
    with pytest.raises(UnreadableFileError, match=r"report\.bin: binary data.*control"):
        decode(b"\x01\x02\x03abc\x04\x05\x06" * 10, "report.bin")


def test_decode_refuses_utf16_that_decodes_to_nul_characters() -> None:
    with pytest.raises(UnreadableFileError, match=r"report\.txt: binary data"):
        decode(b"\xff\xfe" + ("ab\x00" * 20).encode("utf-16-le"), "report.txt")


def test_decode_refuses_bytes_no_encoding_reads_and_says_so() -> None:
    with pytest.raises(UnreadableFileError, match=r"^report\.txt: undecodable text"):
        decode(b"report \xff\xfe\xff\xff text", "report.txt")


def test_decode_names_the_bad_byte_of_a_broken_utf16_file() -> None:
    with pytest.raises(UnreadableFileError, match=r"report\.txt: cannot decode as utf-16"):
        decode(b"\xff\xfe\x00\xd8", "report.txt")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_decode_on_arbitrary_bytes_returns_text_or_raises_only_its_own_error(data: bytes) -> None:
    try:
        text, encoding = decode(data, "x.bin")
    except UnreadableFileError as error:
        assert str(error).startswith("x.bin: ")
    else:
        assert isinstance(text, str) and text.strip()
        assert encoding in {"utf-8", "utf-8-sig", "utf-16", "utf-32", "gb18030", "big5"}


@settings(max_examples=300)
@given(chinese_text, st.sampled_from(["gbk", "gb18030"]))
def test_short_gb_encoded_chinese_round_trips(text: str, codec: str) -> None:
    assert decode(text.encode(codec), "r.txt")[0] == text


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(long_chinese_text.filter(_not_blank), st.sampled_from(["gbk", "gb18030"]))
def test_long_gb_encoded_chinese_round_trips(text: str, codec: str) -> None:
    assert decode(text.encode(codec), "r.txt")[0] == text


@settings(max_examples=200)
@given(chinese_text)
def test_utf8_chinese_with_a_byte_order_mark_round_trips(text: str) -> None:
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8"), "r.txt") == (text, "utf-8-sig")


@settings(max_examples=200)
@given(printable_text, st.sampled_from(["utf-16", "utf-8-sig"]))
def test_any_printable_text_round_trips_with_a_byte_order_mark(text: str, codec: str) -> None:
    assert decode(text.encode(codec), "r.txt")[0] == text


# normalise ------------------------------------------------------------------------------


def test_normalise_turns_crlf_and_lone_cr_into_lf() -> None:
    assert normalise("一\r\n二\r三\n四").text == "一\n二\n三\n四"


def test_normalise_turns_every_odd_space_into_a_plain_space() -> None:
    assert normalise(f"a{SPACES}b").text == "a" + " " * len(SPACES) + "b"


def test_normalise_removes_zero_width_characters() -> None:
    assert normalise(f"\ufeff共{ZERO_WIDTH}6件").text == "共6件"


def test_normalise_folds_full_width_digits_letters_and_signs_to_ascii() -> None:
    assert normalise("０１２３４５６７８９ＡＺａｚ％．＋－／").text == "0123456789AZaz%.+-/"


def test_normalise_keeps_chinese_punctuation_and_tabs_as_published() -> None:
    text = f"\t{FULL_WIDTH_KEPT}﹝2021﹞"
    assert normalise(text).text == text


def test_normalise_maps_each_character_of_the_sample_back_to_its_origin() -> None:
    result = normalise(SAMPLE_TEXT)
    assert len(result.origin) == len(result.text) + 1
    assert result.origin[-1] == len(SAMPLE_TEXT)
    nbsp = [index for index, char in enumerate(SAMPLE_TEXT) if char == "\u00a0"]
    assert nbsp and all(result.text[result.origin.index(index)] == " " for index in nbsp)


def _expected_fold(char: str) -> str:
    """What normalise should make of one input character, written independently."""
    if char == "\r":
        return "\n"
    if char in SPACES:
        return " "
    if 0xFF01 <= ord(char) <= 0xFF5E and unicodedata.normalize("NFKC", char).isalnum():
        return unicodedata.normalize("NFKC", char)
    if char in "％．＋－／":
        return unicodedata.normalize("NFKC", char)
    return char


noisy_text = st.text(
    alphabet=st.sampled_from(
        list("\r\n\t 共收到申请6件，。（）")
        + list(SPACES)
        + list(ZERO_WIDTH)
        + list("０９ＡｚＸ％．＋－／！（")
        + ["\U0002000b"]
    )
    | st.characters(),
    max_size=80,
)


@settings(max_examples=500)
@given(noisy_text)
def test_normalise_origin_maps_every_character_back_to_its_input(text: str) -> None:
    result = normalise(text)
    assert len(result.origin) == len(result.text) + 1
    assert result.origin[-1] == len(text)
    assert list(result.origin) == sorted(set(result.origin))
    for index, char in enumerate(result.text):
        source = text[result.origin[index]]
        assert char == _expected_fold(source)
        if _expected_fold(source) == source:
            assert source == char
    kept = set(result.origin)
    for index, char in enumerate(text):
        if index not in kept:
            assert char in ZERO_WIDTH or (char == "\n" and index and text[index - 1] == "\r")


@given(noisy_text)
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text).text
    assert normalise(once).text == once
