"""The reportqa command line: documented commands, data on stdout, clear failures."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "zibo-zhangdian-traffic-police-2024.txt"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return str(tmp_path / "test.db")


def test_every_command_is_documented_with_an_example(runner: CliRunner) -> None:
    for name, command in main.commands.items():
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"{name} --help has no example"
        assert command.help and len(command.help) > 40, name


def test_help_imports_no_heavy_library() -> None:
    probe = (
        "import sys; from click.testing import CliRunner; from service.cli import main; "
        "CliRunner().invoke(main, ['--help']); "
        "heavy = {'torch', 'sentence_transformers', 'faiss', 'jieba', 'sqlite_utils', "
        "'ingest.parse'}; print(sorted(heavy & set(sys.modules)))"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


def test_ingest_then_list_reports_facts_and_checks(runner: CliRunner, db: str) -> None:
    first = runner.invoke(main, ["ingest", str(SAMPLE), "--db", db, "--no-index"])
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("1 file, 1 added, 0 replaced, 0 unchanged, 0 failed")
    again = runner.invoke(main, ["ingest", str(SAMPLE), "--db", db, "--json", "--no-index"])
    assert json.loads(again.stdout)["summary"]["unchanged"] == 1

    listed = json.loads(runner.invoke(main, ["reports", "--db", db, "--json"]).stdout)
    assert [(r["agency"], r["year"]) for r in listed] == [
        ("淄博市公安局交通警察支队张店大队", 2024)
    ]

    carried = json.loads(
        runner.invoke(
            main,
            [
                "facts",
                "--db",
                db,
                "--json",
                "--table",
                "三",
                "--metric",
                "requests.carried_over",
                "--column",
                "total",
            ],
        ).stdout
    )
    assert [(f["value"], f["unit"]) for f in carried] == [("1", "件")]

    table = runner.invoke(main, ["facts", "--db", db, "--csv", "--metric", "disclosure.licensing"])
    (row,) = list(csv.DictReader(io.StringIO(table.stdout)))
    assert (row["value"], row["note"]) == ("1964904", "含淄博经开区")

    checks = runner.invoke(main, ["checks", "--db", db, "--json"])
    assert json.loads(checks.stdout) == []


def test_a_bad_file_fails_the_batch_with_its_reason_but_the_rest_is_stored(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    result = runner.invoke(main, ["ingest", str(folder), "--db", db, "--no-index"])
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr
    assert "1 added" in result.stdout and "1 failed" in result.stdout
    listed = json.loads(runner.invoke(main, ["reports", "--db", db, "--json"]).stdout)
    assert len(listed) == 1


def test_agency_and_year_options_fill_what_a_report_does_not_say(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    text = SAMPLE.read_text(encoding="utf-8").splitlines()
    anonymous = tmp_path / "anonymous.txt"
    # No title, opening sentence or signature: nothing says who or which year.
    anonymous.write_text(
        "政府信息公开工作年度报告\n" + "\n".join(text[4:-3]) + "\n", encoding="utf-8"
    )
    plain = json.loads(
        runner.invoke(main, ["ingest", str(anonymous), "--db", db, "--json", "--no-index"]).stdout
    )
    assert plain["files"][0]["year"] is None
    assert any("year" in w for w in plain["files"][0]["warnings"])
    stated = runner.invoke(
        main,
        [
            "ingest",
            str(anonymous),
            "--db",
            db,
            "--json",
            "--agency",
            "某某交警大队",
            "--no-index",
            "--year",
            "2024",
        ],
    )
    result = json.loads(stated.stdout)["files"][0]
    assert (result["agency"], result["year"]) == ("某某交警大队", 2024)


def test_checks_names_the_cell_to_blame_in_a_broken_report(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    marker = "\t7.属于行政执法案卷\n\t\xa01\n"
    text = SAMPLE.read_text(encoding="utf-8")
    assert marker in text
    broken = tmp_path / "broken.txt"
    broken.write_text(text.replace(marker, "\t7.属于行政执法案卷\n\t\xa02\n"), encoding="utf-8")
    result = runner.invoke(main, ["ingest", str(broken), "--db", db, "--no-index"])
    assert "failed checks" in result.stderr
    rows = json.loads(runner.invoke(main, ["checks", "--db", db, "--json"]).stdout)
    assert {row["rule"] for row in rows} == {"三.row_total", "三.outcome_total"}
    assert {(c["metric"], c["column"], c["value"]) for c in rows[0]["blamed_cells"]} == {
        ("outcome.withheld.enforcement", "natural_person", "2")
    }
    table = runner.invoke(main, ["checks", "--db", db]).stdout
    assert "7.属于行政执法案卷 / 自然人 = 2" in table


def test_each_failed_check_blames_only_cells_it_compared(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    enforcement = "\t7.属于行政执法案卷\n\t\xa01\n"
    not_held = "\t1.本机关不掌握相关政府信息\n\t\xa03\n\t\xa00\n"
    assert enforcement in text and not_held in text
    broken = tmp_path / "two-wrong-cells.txt"
    broken.write_text(
        text.replace(enforcement, "\t7.属于行政执法案卷\n\t\xa02\n").replace(
            not_held, "\t1.本机关不掌握相关政府信息\n\t\xa03\n\t\xa01\n"
        ),
        encoding="utf-8",
    )
    runner.invoke(main, ["ingest", str(broken), "--db", db, "--no-index"])
    rows = json.loads(runner.invoke(main, ["checks", "--db", db, "--json"]).stdout)
    assert len(rows) >= 4
    for row in rows:
        assert row["blamed_cells"], row["message"]
        assert {cell["id"] for cell in row["blamed_cells"]} <= set(row["cells"]), row["message"]


def test_facts_as_csv_and_json_say_which_cells_are_unreadable(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    marker = "四、结转下年度继续办理\n\t1\n"
    ocr = tmp_path / "ocr.txt"
    ocr.write_text(
        SAMPLE.read_text(encoding="utf-8").replace(marker, "四、结转下年度继续办理\n\tO\n"),
        encoding="utf-8",
    )
    runner.invoke(main, ["ingest", str(ocr), "--db", db, "--no-index"])
    query = ["facts", "--db", db, "--metric", "requests.carried_over", "--column", "natural_person"]
    (row,) = list(csv.DictReader(io.StringIO(runner.invoke(main, [*query, "--csv"]).stdout)))
    assert (row["raw"], row["unreadable"]) == ("O", "1")
    (fact,) = json.loads(runner.invoke(main, [*query, "--json"]).stdout)
    assert fact["unreadable"] == 1


def test_only_database_errors_become_a_cannot_open_message(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    result = runner.invoke(main, ["reports", "--db", str(blocked / "x.db")])
    assert result.exit_code == 1 and "cannot open database" in result.stderr

    def broken(path: object) -> None:
        raise RuntimeError("a bug, not a database problem")

    monkeypatch.setattr("ingest.store.open_db", broken)
    result = runner.invoke(main, ["reports", "--db", str(tmp_path / "x.db")])
    assert isinstance(result.exception, RuntimeError)


def test_another_file_for_the_same_agency_and_year_is_kept_and_the_readme_says_so(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    readme = (SAMPLE.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "another file for the same agency and year is kept" in " ".join(readme.split())
    copy = tmp_path / "copy.txt"
    copy.write_text(SAMPLE.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    runner.invoke(main, ["ingest", str(SAMPLE), "--db", db, "--no-index"])
    second = json.loads(
        runner.invoke(main, ["ingest", str(copy), "--db", db, "--json", "--no-index"]).stdout
    )
    assert second["files"][0]["status"] == "added"
    assert any("another report" in w for w in second["files"][0]["warnings"])
    copy.write_text(SAMPLE.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    third = json.loads(
        runner.invoke(main, ["ingest", str(copy), "--db", db, "--json", "--no-index"]).stdout
    )
    assert third["files"][0]["status"] == "replaced"
    assert len(json.loads(runner.invoke(main, ["reports", "--db", db, "--json"]).stdout)) == 2


def test_ingest_builds_the_indexes_and_search_finds_the_source(runner: CliRunner, db: str) -> None:
    result = runner.invoke(main, ["ingest", str(SAMPLE), "--db", db, "--quiet"])
    assert result.exit_code == 0, result.output
    assert Path(db + ".faiss").exists()
    found = runner.invoke(main, ["search", "结转下年度继续办理", "--db", db, "--k", "3", "--json"])
    assert found.exit_code == 0, found.output
    hits = json.loads(found.stdout)
    assert len(hits) == 3
    assert any("结转下年度继续办理" in hit["text"] for hit in hits)
    fields = {"id", "kind", "score", "text", "agency", "year", "start", "end", "ranks"}
    assert fields <= set(hits[0])
    table = runner.invoke(main, ["search", "结转下年度继续办理", "--db", db, "--kind", "fact"])
    assert "fact" in table.stdout and "passage" not in table.stdout
    empty = runner.invoke(main, ["search", "  ", "--db", db])
    assert empty.exit_code != 0 and "empty" in empty.output


def test_ask_prints_the_answer_object_and_its_source(runner: CliRunner, db: str) -> None:
    assert runner.invoke(main, ["ingest", str(SAMPLE), "--db", db, "--quiet"]).exit_code == 0
    question = "张店交警去年有几件申请没办完?"
    result = runner.invoke(main, ["ask", question, "--db", db, "--date", "2025-02-01", "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    fields = {"found", "answer", "value", "unit", "approximate", "metric", "report", "source"}
    assert fields | {"alternatives", "clarify", "context", "confidence"} <= set(answer)
    assert answer["found"] and answer["value"] == 1 and answer["unit"] == "件"
    assert "结转下年度继续办理" in answer["source"]["text"]
    text = SAMPLE.read_text(encoding="utf-8")
    assert answer["source"]["text"] in text or answer["source"]["start"] < answer["source"]["end"]
    # the same question for a person, then a follow-up with the context sent back
    shown = runner.invoke(main, ["ask", question, "--db", db, "--date", "2025-02-01"])
    assert "1件" in shown.stdout and "来源" in shown.stdout
    context = json.dumps(answer["context"], ensure_ascii=False)
    follow = runner.invoke(main, ["ask", "自然人呢", "--db", db, "--context", context, "--json"])
    assert json.loads(follow.stdout)["column"]["key"] == "natural_person"
    # a passage question goes through the hybrid search with the real model
    problems = runner.invoke(main, ["ask", "张店交警存在哪些问题", "--db", db, "--json"])
    passage = json.loads(problems.stdout)
    assert passage["kind"] == "passage" and passage["value"] is None
    assert passage["source"]["section"].startswith("五、")
    empty = runner.invoke(main, ["ask", " ", "--db", db])
    assert empty.exit_code != 0 and "empty" in empty.output


def test_chat_keeps_the_conversation(runner: CliRunner, db: str) -> None:
    assert runner.invoke(main, ["ingest", str(SAMPLE), "--db", db, "--quiet"]).exit_code == 0
    typed = "张店交警2024年收到多少件申请\n自然人呢\n\n"
    result = runner.invoke(main, ["chat", "--db", db], input=typed)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if "“本年新收" in line]
    assert "6件" in lines[0] and "自然人" in lines[1] and "6件" in lines[1]
