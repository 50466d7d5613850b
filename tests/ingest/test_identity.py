"""Who published a report, for which year, and when: read from its title and signature."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.identity import Identity, read_identity

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "zibo-zhangdian-traffic-police-2024.txt"
TEXT = SAMPLE.read_text(encoding="utf-8")
SIGNED = "2025年1月10日"
BODY = "\n一、总体情况\n本年度共收到申请6件。\n"


def _identity(title: str, opening: str = "", signature: str = "某某局\n" + SIGNED) -> Identity:
    text = f"{title}\n{opening}{BODY}{signature}\n"
    return read_identity(text, text.index("一、总体情况"))


def test_a_garbled_signature_date_is_left_empty_with_a_warning() -> None:
    assert SIGNED in TEXT
    identity = read_identity(TEXT.replace(SIGNED, "2025年1月十十日"), 400)
    assert identity.published is None
    assert any("2025年1月十十日" in w for w in identity.warnings)


@pytest.mark.parametrize(
    "furniture",
    [
        "【打印本页】【关闭窗口】",
        "\n- 9 -\n",
        "\n（此件公开发布）",
        "\n\n分享到：\n【打印本页】\n【关闭】\n",
    ],
)
def test_the_signature_date_is_found_before_page_furniture(furniture: str) -> None:
    identity = read_identity(TEXT.rstrip() + furniture, 400)
    assert identity.published == "2025-01-10"


def test_a_closing_sentence_after_the_date_is_not_furniture() -> None:
    identity = read_identity(TEXT.rstrip() + "\n以上为本单位年度报告全文，欢迎社会各界监督。", 400)
    assert identity.published is None


@pytest.mark.parametrize("zero", ["〇", "○", "Ｏ", "O"])
def test_chinese_years_written_with_any_round_zero_are_read(zero: str) -> None:
    text = TEXT.replace(SIGNED, f"二{zero}二五年元月十日")
    assert read_identity(text, 400).published == "2025-01-10"
    titled = _identity(
        f"某某局二{zero}二四年政府信息公开工作年度报告", signature=f"二{zero}二五年元月十日"
    )
    assert titled.year == 2024


def test_a_title_opening_with_guanyu_yinfa_does_not_lend_those_words_to_the_agency() -> None:
    identity = _identity(
        "关于印发淄博市某某局2024年政府信息公开工作年度报告的通知", signature=SIGNED
    )
    assert identity.agency == "淄博市某某局"


def test_the_signatures_fuller_name_of_the_same_body_is_preferred() -> None:
    identity = _identity(
        "张店大队2024年政府信息公开工作年度报告", signature=f"淄博市交警支队张店大队\n{SIGNED}"
    )
    assert identity.agency == "淄博市交警支队张店大队"
    assert not identity.warnings


def test_a_longer_signature_name_of_another_organ_does_not_replace_the_titles() -> None:
    identity = _identity(
        "淄博市某某局2024年政府信息公开工作年度报告", signature=f"淄博市某某局办公室\n{SIGNED}"
    )
    assert identity.agency == "淄博市某某局"
    shorter = _identity("淄博市某某局2024年政府信息公开工作年度报告", signature=f"某某局\n{SIGNED}")
    assert shorter.agency == "淄博市某某局"


def test_a_publication_date_not_in_the_following_year_is_warned_about() -> None:
    identity = read_identity(TEXT.replace(SIGNED, "2027年1月10日"), 400)
    assert identity.year == 2024 and identity.published == "2027-01-10"
    assert any("published 2027-01-10" in w for w in identity.warnings)


def test_an_opening_year_that_differs_from_the_titles_is_warned_about() -> None:
    identity = _identity("某某局2024年政府信息公开工作年度报告", "统计期限自2023年1月1日起。")
    assert identity.year == 2024
    assert any("2024 in the title but 2023 in the opening" in w for w in identity.warnings)
