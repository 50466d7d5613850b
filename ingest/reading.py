"""Bytes to text: detect the encoding, refuse what is not text, normalise what is.

Reports reach us as UTF-8 (with or without a byte-order mark), GBK/GB18030, now and then
UTF-16 with a byte-order mark, and rarely Big5 from traditional-character mirrors.
charset-normalizer detects among the legacy Chinese encodings; it is restricted to
GB18030 (a superset of GBK and GB2312) and Big5, because left to itself it reads a few
hundred bytes of GBK as Big5, cp949 or latin-1. Its statistics need text to work on, so
for short inputs each strictly decodable candidate is also weighed by how many of its
characters are common ones in that encoding (GB2312 level 1, Big5 frequent hanzi); ties
go to GB18030, the encoding mainland reports use.

``normalise`` folds the layout noise of converted documents (CRLF, non-breaking and
ideographic spaces, zero-width characters, full-width digits) and keeps, for each output
character, its index in the input, so spans found later map back to the source.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.errors import UnreadableFileError

# Checked longest first: a UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_LEGACY: tuple[str, ...] = ("gb18030", "big5")  # in order of preference
_SHORT = 512  # bytes; below this charset-normalizer's verdict alone is not trusted
_ASCII_BLANK = b" \t\r\n\x0b\x0c"
_CONTROL_SHARE = 0.01  # more control characters than this share of the text: binary

# Control characters that plain text does not contain; \t \n \r, form feed (a PDF page
# break) and escape are allowed.
_CONTROLS = frozenset(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r\x0c\x1b") | {"\x7f"}
_CONTROL_BYTES = "".join(sorted(_CONTROLS)).encode("ascii")


_SPACES = "\u00a0\u3000\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_FULL_WIDTH = (
    [chr(c) for c in range(0xFF10, 0xFF1A)]  # ０-９
    + [chr(c) for c in range(0xFF21, 0xFF3B)]  # Ａ-Ｚ
    + [chr(c) for c in range(0xFF41, 0xFF5B)]  # ａ-ｚ
    + list("％．＋－／")
)
_FOLD: dict[str, str] = (
    {char: " " for char in _SPACES}
    | {char: chr(ord(char) - 0xFEE0) for char in _FULL_WIDTH}  # = NFKC for this block
    | {"\r": "\n"}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Normalised:
    """Normalised text; ``origin[i]`` is the input index of ``text[i]``, then len(input)."""

    text: str
    origin: tuple[int, ...]


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of a file's bytes and the encoding it was read with.

    Raises ``UnreadableFileError`` naming ``name`` for an empty file, binary data or
    bytes that no supported encoding reads.
    """
    if not data.strip(_ASCII_BLANK):
        raise UnreadableFileError(f"{name}: empty file")
    encoding = _bom_encoding(data)
    if encoding is None:
        _refuse_binary_bytes(data, name)
        text, encoding = _decode_plain(data, name)
    else:
        text = _decode_strict(data, encoding, name)
    _refuse_binary_text(text, name)
    if _is_blank(text):
        raise UnreadableFileError(f"{name}: empty file")
    return text, encoding


def normalise(text: str) -> Normalised:
    """Fold line ends, spaces, zero-width and full-width characters; keep each origin."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in _ZERO_WIDTH:
            continue
        if char == "\n" and index and text[index - 1] == "\r":
            continue  # the CR before it already stands for the pair
        chars.append(_FOLD.get(char, char))
        origin.append(index)
    origin.append(len(text))
    return Normalised(text="".join(chars), origin=tuple(origin))


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _decode_strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableFileError(
            f"{name}: cannot decode as {encoding} (byte {error.start}: {error.reason})"
        ) from error


def _refuse_binary_bytes(data: bytes, name: str) -> None:
    if b"\x00" in data:
        raise UnreadableFileError(f"{name}: binary data, not text (NUL bytes)")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _CONTROL_SHARE * len(data):
        raise UnreadableFileError(f"{name}: binary data, not text (control characters)")


def _refuse_binary_text(text: str, name: str) -> None:
    if "\x00" in text:
        raise UnreadableFileError(f"{name}: binary data, not text (NUL characters)")
    controls = sum(1 for char in text if char in _CONTROLS)
    if controls > _CONTROL_SHARE * len(text):
        raise UnreadableFileError(f"{name}: binary data, not text (control characters)")


def _is_blank(text: str) -> bool:
    return all(char.isspace() or char in _ZERO_WIDTH for char in text)


def _decode_plain(data: bytes, name: str) -> tuple[str, str]:
    """Text without a byte-order mark: UTF-8 if it is valid and reads as such, else legacy."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_legacy(data, name)
    if _looks_like_misread_gb(text, data):
        return data.decode("gb18030"), "gb18030"
    return text, "utf-8"


def _looks_like_misread_gb(text: str, data: bytes) -> bool:
    """True for short GB text that happens to be valid UTF-8 (e.g. b"\\xc4\\xa1").

    Such text decodes to Latin, Greek or Cyrillic letters only (two-byte UTF-8), never
    to CJK; read as GB18030 it is all common hanzi.
    """
    if all(ord(char) < 0x80 for char in text) or any(ord(char) >= 0x800 for char in text):
        return False
    gb = _try_decode(data, "gb18030")
    return gb is not None and _commonness(gb, "gb18030") == 1.0


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    candidates = _detected(data)
    if not candidates or len(data) < _SHORT:
        for encoding in _LEGACY:
            text = _try_decode(data, encoding)
            if text is not None:
                candidates.setdefault(encoding, text)
    if not candidates:
        readable = ", ".join(("UTF-8", *(encoding.upper() for encoding in _LEGACY)))
        raise UnreadableFileError(f"{name}: undecodable text (not {readable})")
    encoding = max(candidates, key=lambda enc: _score(candidates[enc], enc))
    return candidates[encoding], encoding


def _detected(data: bytes) -> dict[str, str]:
    """charset-normalizer's readings of the data among the legacy encodings, by name."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data, cp_isolation=list(_LEGACY))
    return {match.encoding: str(match) for match in matches if match.encoding in _LEGACY}


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _commonness(text: str, encoding: str) -> float:
    """Share of the non-ASCII characters that are common ones in ``encoding``."""
    wide = [char for char in text if ord(char) >= 0x80]
    if not wide:
        return 1.0
    return sum(1 for char in wide if _is_common(char, encoding)) / len(wide)


def _is_common(char: str, encoding: str) -> bool:
    """Punctuation, full-width forms and the frequent hanzi (GB2312 level 1; Big5 常用字)."""
    try:
        encoded = char.encode("gbk" if encoding == "gb18030" else encoding)
    except UnicodeEncodeError:
        return False
    if len(encoded) != 2:
        return False
    lead, trail = encoded
    if encoding == "big5":
        return 0xA1 <= lead <= 0xC6
    if trail < 0xA1:  # GBK's additions: rare hanzi, but also the brackets ﹝﹞ of 〔2021〕
        return 0xA8 <= lead <= 0xA9
    return 0xA1 <= lead <= 0xA3 or 0xB0 <= lead <= 0xD7


def _score(text: str, encoding: str) -> tuple[float, int]:
    """How well ``text`` reads as ``encoding``; on a tie the earlier of ``_LEGACY`` wins."""
    return _commonness(text, encoding), -_LEGACY.index(encoding)
