"""Which agencies a question names."""

from __future__ import annotations

import sqlite_utils

from index.names import AgencyNames, distinctive


def _db(*agencies: str) -> sqlite_utils.Database:
    db = sqlite_utils.Database(memory=True)
    db.table("reports").insert_all(
        [{"id": str(i), "agency": agency} for i, agency in enumerate(agencies)], pk="id"
    )
    return db


def test_a_short_form_names_its_agency_by_place() -> None:
    names = AgencyNames(_db("淄博市公安局交通警察支队张店大队", "淄博市博山区住房和城乡建设局"))
    assert names.named("张店交警去年有几件申请没办完？") == ["淄博市公安局交通警察支队张店大队"]


def test_the_agency_named_most_fully_wins_over_one_sharing_its_city() -> None:
    names = AgencyNames(_db("淄博市公安局交通警察支队张店大队", "淄博市博山区住房和城乡建设局"))
    assert names.named("淄博市博山区住房和城乡建设局2024年收到多少申请") == [
        "淄博市博山区住房和城乡建设局"
    ]


def test_a_question_naming_no_agency_names_none() -> None:
    names = AgencyNames(_db("淄博市公安局交通警察支队张店大队"))
    assert names.named("自然人提出的信息公开申请有多少？") == []


def test_words_every_such_body_has_do_not_tell_agencies_apart() -> None:
    assert not {"公安局", "大队", "交通警察"} & distinctive("淄博市公安局交通警察支队张店大队")


def test_a_new_report_is_seen_without_a_new_object() -> None:
    db = _db("淄博市公安局交通警察支队张店大队")
    names = AgencyNames(db)
    assert names.named("临沂市兰陵县统计局的申请") == []
    db.table("reports").insert({"id": "9", "agency": "临沂市兰陵县统计局"})
    assert names.named("临沂市兰陵县统计局的申请") == ["临沂市兰陵县统计局"]


def test_the_agency_the_question_spells_out_wins_over_every_body_of_its_kind() -> None:
    names = AgencyNames(
        _db("芜湖市湾沚区司法局", "三台县司法局", "芜湖市司法局", "芜湖市湾沚区财政局")
    )
    assert names.named("湾沚区司法局2024年自然人提出了多少件申请？") == ["芜湖市湾沚区司法局"]
    names = AgencyNames(
        _db("芜湖市公安局交通警察支队鸠江大队", "芜湖市公安局交通警察支队繁昌大队", "鸠江区司法局")
    )
    assert names.named("芜湖市公安局交通警察支队鸠江大队2023年作出了多少件行政处罚决定？") == [
        "芜湖市公安局交通警察支队鸠江大队"
    ]
