"""Synthetic disclosure annual reports with known figures, for tests and benchmarks.

``generate`` draws an agency, balanced figures for tables 二, 三 and 四 (every rule of the
template holds), prose that repeats some of them, and prints the tables in one of
``LAYOUTS``. With ``broken=True`` exactly one table-三 cell is changed afterwards, so the
rules that involve it fail. Everything comes from the ``random.Random`` passed in.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from eval import synth_layouts as layouts
from eval.synth_layouts import LAYOUTS, MARKDOWN_LAYOUTS, Key
from ingest.template import APPLICANT_COLUMNS, TRIAL_YEARS, Row, outcome_items, table

__all__ = ["LAYOUTS", "SynthReport", "encode", "generate", "generate_many", "write"]

_APPLICANTS = tuple(column for column, _ in APPLICANT_COLUMNS[:-1])
_APPLICANT_WEIGHTS = (85, 8, 0.5, 0.5, 1.5, 5)
_ITEM_WEIGHTS = {
    "outcome.disclosed": 40,
    "outcome.partly": 6,
    "outcome.unavailable.not_held": 25,
    "outcome.unavailable.needs_creation": 3,
    "outcome.unavailable.unclear": 3,
    "outcome.not_processed.petition": 6,
    "outcome.not_processed.repeated": 5,
    "outcome.withheld.inquiry": 3,
    "outcome.withheld.process": 2,
    "outcome.withheld.enforcement": 2,
    "outcome.other.no_correction": 4,
    "outcome.other.other": 4,
    "outcome.other.unpaid": 0.2,
    "outcome.other": 8,  # the trial format's one 其他处理 row
}

_PLACES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("山东省", "淄博市", ("张店区", "淄川区", "博山区", "临淄区", "周村区", "桓台县", "沂源县")),
    ("山东省", "临沂市", ("兰山区", "罗庄区", "河东区", "沂南县", "郯城县", "沂水县", "兰陵县")),
    ("江苏省", "徐州市", ("鼓楼区", "云龙区", "贾汪区", "泉山区", "铜山区", "丰县", "睢宁县")),
    ("浙江省", "温州市", ("鹿城区", "龙湾区", "瓯海区", "洞头区", "永嘉县", "平阳县", "苍南县")),
    ("河南省", "洛阳市", ("老城区", "西工区", "涧西区", "洛龙区", "孟津区", "新安县", "栾川县")),
    ("湖北省", "宜昌市", ("西陵区", "伍家岗区", "点军区", "夷陵区", "远安县", "兴山县")),
    ("四川省", "绵阳市", ("涪城区", "游仙区", "安州区", "三台县", "盐亭县", "梓潼县")),
    ("广东省", "佛山市", ("禅城区", "南海区", "顺德区", "三水区", "高明区")),
    ("安徽省", "芜湖市", ("镜湖区", "鸠江区", "弋江区", "湾沚区", "繁昌区", "南陵县")),
    ("河北省", "保定市", ("竞秀区", "莲池区", "满城区", "清苑区", "徐水区", "涞水县", "阜平县")),
)
_BUREAUS = (
    "市场监督管理局",
    "人力资源和社会保障局",
    "自然资源局",
    "卫生健康局",
    "民政局",
    "财政局",
    "司法局",
    "住房和城乡建设局",
    "农业农村局",
    "文化和旅游局",
    "应急管理局",
    "医疗保障局",
    "退役军人事务局",
    "交通运输局",
    "水利局",
    "统计局",
    "审计局",
    "教育和体育局",
)
_ENFORCING = ("市场监督管理局", "自然资源局", "卫生健康局", "应急管理局", "交通运输局")
_TOWNS = (
    ("城关镇人民政府", "我镇"),
    ("东城街道办事处", "我街道"),
    ("新华街道办事处", "我街道"),
    ("经济开发区管理委员会", "我委"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Agency:
    """The body a report is by: its full name, how it calls itself, where it is."""

    name: str
    we: str  # 我局, 我队
    city: str
    enforcement: bool  # issues many licences and penalties


def _agency(rng: random.Random) -> Agency:
    """A plausible agency: a district or city bureau, a traffic-police brigade, an office."""
    province, city, districts = rng.choice(_PLACES)
    district = rng.choice(districts)
    kind = rng.choices(("bureau", "city", "traffic", "office", "town"), (6, 2, 2, 2, 1))[0]
    prefix = rng.choice((province + city + district, city + district, district))
    if kind == "traffic":
        short = district[:-1] if len(district) > 2 else district
        return Agency(
            name=f"{city}公安局交通警察支队{short}大队", we="我队", city=city, enforcement=True
        )
    if kind == "office":
        return Agency(name=f"{prefix}人民政府办公室", we="我办", city=city, enforcement=False)
    if kind == "town":
        town, we = rng.choice(_TOWNS)
        return Agency(name=f"{city}{district}{town}", we=we, city=city, enforcement=False)
    organ = rng.choice(_BUREAUS)
    name = f"{rng.choice((province, ''))}{city}{organ}" if kind == "city" else prefix + organ
    return Agency(name=name, we="我局", city=city, enforcement=organ in _ENFORCING)


@dataclass(frozen=True, slots=True, kw_only=True)
class SynthReport:
    """A generated report: its text and the figures a correct parse must find in it."""

    agency: str
    year: int
    published: date
    layout: str
    text: str
    cells: dict[Key, Decimal | None]  # every template cell; None: printed empty (a zero)
    broken: Key | None = None  # the one table-三 cell changed after balancing
    prose: dict[str, Decimal]  # figures the prose states, by metric key
    notes: dict[Key, str]  # a cell's note, e.g. "含淄博经开区"

    @property
    def slug(self) -> str:
        """An ASCII file stem: year, layout and a digest of the text."""
        digest = hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:12]
        return f"{self.year}-{self.layout.replace('_', '-')}-{digest}"


def generate(
    rng: random.Random,
    *,
    layout: str,
    broken: bool = False,
    agency: Agency | None = None,
    year: int | None = None,
    template: str = "2021",
) -> SynthReport:
    """One synthetic report printed in ``layout``; ``broken`` changes one table-三 cell.
    ``agency`` and ``year`` are drawn unless given (a series of one agency's reports).
    ``template="2019"`` prints the trial format's tables, for a report on 2019 or 2020."""
    if layout not in (*LAYOUTS, *MARKDOWN_LAYOUTS):
        known = ", ".join((*LAYOUTS, *MARKDOWN_LAYOUTS))
        raise ValueError(f"unknown layout {layout!r}; expected one of {known}")
    if template not in ("2021", "2019"):
        raise ValueError(f"unknown template {template!r}; expected 2021 or 2019")
    drawn_agency, drawn_year = _agency(rng), rng.randint(2021, 2024)
    if template == "2019":
        drawn_year = TRIAL_YEARS[drawn_year % len(TRIAL_YEARS)]
    agency = agency or drawn_agency
    year = year or drawn_year
    published = date(year + 1, 1, rng.randint(5, 31))
    single_digit = layout == "run_together"
    notes: dict[Key, str] = {}
    if template == "2019":
        values = _table_2_2019(rng, agency, single_digit=single_digit)
    else:
        values, notes = _table_2(rng, agency, single_digit_documents=single_digit)
    values |= _table_3(rng, template) | _table_4(rng)
    # Drawn whether or not it is applied, so a broken report and its unbroken twin share
    # every other draw and differ in this one cell only.
    changed, wrong = _perturbation(rng, values, template)
    if broken:
        values[changed] = wrong
    paragraphs, prose = _prose(rng, agency, year, values)
    shown = layouts.blank(rng, layout, values, template)
    text = layouts.compose(
        rng,
        layout=layout,
        front=_front(rng, agency, year, template),
        prose=paragraphs,
        tables=_tables(rng, layout, shown, notes, template),
        back=["", agency.name, _chinese_date(published)],
    )
    return SynthReport(
        agency=agency.name,
        year=year,
        published=published,
        layout=layout,
        text=text,
        cells=shown,
        broken=changed if broken else None,
        prose=prose,
        notes=notes,
    )


def generate_many(
    seed: int,
    count: int,
    *,
    layouts: tuple[str, ...] = LAYOUTS,
    broken_share: float = 0.0,
    years: int = 1,
) -> Iterator[SynthReport]:
    """``count`` reports cycling through ``layouts``; report i depends only on (seed, i).
    With ``years`` > 1, each agency reports for that many consecutive years ending 2024
    (figures drawn afresh each year), so comparisons across years have data."""
    if not layouts:
        raise ValueError("layouts is empty")
    if years < 1:
        raise ValueError("years must be at least 1")
    agency: Agency | None = None
    for index in range(count):
        rng = random.Random(f"reportqa-synth:{seed}:{index}")
        broken = rng.random() < broken_share
        if years == 1:
            yield generate(rng, layout=layouts[index % len(layouts)], broken=broken)
            continue
        if index % years == 0:
            agency = _agency(random.Random(f"reportqa-synth-agency:{seed}:{index}"))
        year = 2024 - years + 1 + index % years
        yield generate(
            rng, layout=layouts[index % len(layouts)], broken=broken, agency=agency, year=year
        )


def write(reports: Iterable[SynthReport], folder: Path, encoding: str = "utf-8") -> list[Path]:
    """Write each report to ``folder/{slug}.txt`` in ``encoding``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    used: set[str] = set()
    for report in reports:
        slug = report.slug
        suffix = 2
        while slug in used:
            slug, suffix = f"{report.slug}-{suffix}", suffix + 1
        used.add(slug)
        path = folder / f"{slug}.txt"
        path.write_bytes(encode(report.text, encoding))
        paths.append(path)
    return paths


def encode(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``; GBK lacks NBSP, so there it becomes a plain space."""
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.replace("\xa0", " ").encode(encoding)


def _tables(
    rng: random.Random,
    layout: str,
    shown: dict[Key, Decimal | None],
    notes: dict[Key, str],
    template: str,
) -> dict[str, str]:
    texts = layouts.cell_texts(shown, notes)
    printed = {
        "二": layouts.table_2_rows(template),
        "三": layouts.table_3_rows(template),
        "四": layouts.table_4_rows(),
    }
    return {name: layouts.format_table(rng, layout, rows, texts) for name, rows in printed.items()}


def _table_2(
    rng: random.Random, agency: Agency, *, single_digit_documents: bool
) -> tuple[dict[Key, Decimal], dict[Key, str]]:
    """Table 二: document counts (single digits when run together: no sums split them)."""
    values: dict[Key, Decimal] = {}
    for key, rare in (("disclosure.rules", 0.9), ("disclosure.normative_documents", 0.4)):
        issued, repealed, in_force = _documents(rng, rare, single_digit_documents)
        values |= {
            (key, "issued"): issued,
            (key, "repealed"): repealed,
            (key, "in_force"): in_force,
        }
    busy = agency.enforcement
    for key, scale in (
        ("licensing", 2_000_000 if busy else 800),
        ("penalty", 1_000_000 if busy else 300),
        ("coercion", 8000 if busy else 20),
    ):
        values[f"disclosure.{key}", "decisions"] = _decisions(rng, scale)
    values["disclosure.fees", "amount"] = _fee(rng)
    notes: dict[Key, str] = {}
    licensing = ("disclosure.licensing", "decisions")
    if values[licensing] > 1000 and rng.random() < 0.3:
        notes[licensing] = f"含{agency.city[:-1]}{rng.choice(('经开区', '高新区', '开发区'))}"
    return values, notes


def _table_2_2019(rng: random.Random, agency: Agency, *, single_digit: bool) -> dict[Key, Decimal]:
    """Table 二 of the trial format: documents made and published, items and decisions,
    fee items and central procurement (single digits when run together)."""
    top = 9 if single_digit else 60
    values: dict[Key, Decimal] = {}
    for key in ("rules", "normative_documents"):
        made = rng.randint(0, min(top, 8))
        published = rng.randint(0, made)
        public_total = rng.randint(published, top)
        values |= {
            (f"disclosure2019.{key}", "made"): Decimal(made),
            (f"disclosure2019.{key}", "published"): Decimal(published),
            (f"disclosure2019.{key}", "public_total"): Decimal(public_total),
        }
    busy = agency.enforcement
    for key, scale in (
        ("licensing", 800 if busy else 30),
        ("other_services", 200 if busy else 20),
        ("penalty", 300 if busy else 10),
        ("coercion", 50 if busy else 5),
        ("fees", 20 if busy else 3),
    ):
        metric = f"disclosure2019.{key}"
        values[metric, "items_last_year"] = Decimal(rng.randint(0, min(top, scale)))
        change = rng.randint(0, min(top, max(1, scale // 10)))
        # A shrinking list prints "-2"; run together, a sign would join the figures.
        shrank = not single_digit and rng.random() < 0.3
        values[metric, "items_change"] = Decimal(-change if shrank else change)
        if key != "fees":
            values[metric, "decisions"] = Decimal(
                rng.randint(0, top if single_digit else scale * 50)
            )
    projects = rng.randint(0, top if single_digit else 40)
    amount = Decimal(rng.randint(1, 50000)).scaleb(-rng.choice((0, 1, 2, 4)))
    if single_digit:  # run together, only one-digit cells split one way
        amount = Decimal(rng.randint(1, 9))
    values["disclosure2019.procurement", "projects"] = Decimal(projects)
    values["disclosure2019.procurement", "total_amount"] = amount if projects else Decimal(0)
    return values


def _documents(rng: random.Random, rare: float, single_digit: bool) -> tuple[Decimal, ...]:
    if rng.random() < rare:
        return Decimal(0), Decimal(0), Decimal(0)
    issued, repealed = rng.randint(0, 6), rng.randint(0, 3)
    in_force = rng.randint(issued, 9 if single_digit else issued + 40)
    return Decimal(issued), Decimal(repealed), Decimal(in_force)


def _decisions(rng: random.Random, scale: int) -> Decimal:
    if rng.random() < 0.35:
        return Decimal(0)
    return Decimal(rng.randint(1, scale) if rng.random() < 0.5 else rng.randint(1, scale // 20 + 1))


def _fee(rng: random.Random) -> Decimal:
    """Fees in 万元, sometimes with decimals ("12.5", "0.36")."""
    if rng.random() < 0.7:
        return Decimal(0)
    return Decimal(rng.randint(1, 3000)).scaleb(-rng.choice((0, 1, 2)))


def _table_3(rng: random.Random, template: str = "2021") -> dict[Key, Decimal]:
    """Requests and outcomes; each column balances: 一 + 二 = （七）总计 + 四."""
    handled = rng.choice(
        (
            0,
            0,
            0,
            rng.randint(1, 12),
            rng.randint(1, 12),
            rng.randint(13, 80),
            rng.randint(100, 900),
        )
    )
    outcomes = outcome_items(template)
    counts = dict.fromkeys(((item, column) for item in outcomes for column in _APPLICANTS), 0)
    columns = rng.choices(_APPLICANTS, _APPLICANT_WEIGHTS, k=handled)
    weights = [_ITEM_WEIGHTS.get(item, 0.7) for item in outcomes]
    items = rng.choices(outcomes, weights, k=handled)
    for item, column in zip(items, columns, strict=True):
        counts[item, column] += 1
    for column in _APPLICANTS:
        total = sum(counts[item, column] for item in outcomes)
        over = _carried(rng, total)
        carried_in = min(_carried(rng, total), total + over)
        counts["outcome.total", column] = total
        counts["requests.carried_over", column] = over
        counts["requests.carried_in", column] = carried_in
        counts["requests.new", column] = total + over - carried_in
    return _with_totals(table("三", template).rows, counts)


def _carried(rng: random.Random, handled: int) -> int:
    if handled == 0 or rng.random() < 0.55:
        return 0
    return rng.randint(1, max(1, handled // 8))


def _table_4(rng: random.Random) -> dict[Key, Decimal]:
    """Review and litigation: mostly zeros; each group's 总计 is the sum of its four."""
    row = table("四").rows[0]
    quiet = rng.random() < 0.6
    counts: dict[Key, int] = {}
    for addends, _total in row.sums:
        busy = not quiet and rng.random() < 0.6
        for index in addends:
            cell = row.cells[index]
            counts[cell.metric, cell.column] = rng.choice((0, 0, 1, 1, 2, 3, 7)) if busy else 0
    return _with_totals((row,), counts)


def _with_totals(rows: Iterable[Row], counts: dict[Key, int]) -> dict[Key, Decimal]:
    """Fill each row's total cells from its addends, by the template's sums."""
    values = {key: Decimal(count) for key, count in counts.items()}
    for row in rows:
        keys = [(cell.metric, cell.column) for cell in row.cells]
        for addends, total in row.sums:
            values[keys[total]] = sum((values[keys[index]] for index in addends), Decimal(0))
    return values


def _perturbation(
    rng: random.Random, values: dict[Key, Decimal], template: str = "2021"
) -> tuple[Key, Decimal]:
    """A table-三 cell and a different, non-negative value for it."""
    cell = rng.choice(rng.choice(table("三", template).rows).cells)
    key = (cell.metric, cell.column)
    delta = Decimal(rng.choice((1, 1, 2, 3, 5, 10)))
    lower = rng.random() < 0.5 and values[key] >= delta
    return key, values[key] - delta if lower else values[key] + delta


def _chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _front(rng: random.Random, agency: Agency, year: int, template: str = "2021") -> list[str]:
    phone = f"0{rng.randint(310, 939)}-{rng.randint(2000000, 8999999)}"
    opening = (
        "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第四十九条、第五十条规定和"
        f"《关于政府信息公开工作年度报告有关事项的通知》（{_NOTICES[template]}）要求，"
        f"{agency.name}编制{year}年政府信息公开工作年度报告。本报告中所列数据的统计期限自"
        f"{year}年1月1日起至{year}年12月31日止。如对本报告有疑问，请与{agency.name}联系"
        f"（电话：{phone}）。"
    )
    return [agency.name, f"{year}年政府信息公开工作年度报告", "", opening]


Paragraphs = dict[int, tuple[str, ...]]
_NOTICES = {"2021": "国办公开办函〔2021〕30号", "2019": "国办公开办函〔2019〕60号"}


def _prose(
    rng: random.Random, agency: Agency, year: int, values: dict[Key, Decimal]
) -> tuple[Paragraphs, dict[str, Decimal]]:
    """Sections 一, 五 and 六 as paragraphs, and the figures they state by metric key."""
    one, one_figures = _section_1(rng, agency, year, values)
    training = Decimal(rng.randint(1, 12))
    five = (
        f"{year}年，{agency.we}政府信息公开工作取得一定成效，但仍存在一些不足：一是主动公开的"
        f"深度和广度还需拓展；二是政策解读形式较为单一。全年组织政务公开专题培训{training}次，"
        "工作人员业务能力仍有待提升。",
        f"下一步，{agency.we}将进一步加强学习培训，丰富公开形式，提升政务公开工作质量。",
    )
    six, six_figures = _section_6(rng, agency, year)
    return {1: one, 5: five, 6: six}, one_figures | six_figures | {"training.sessions": training}


def _section_1(
    rng: random.Random, agency: Agency, year: int, values: dict[Key, Decimal]
) -> tuple[tuple[str, ...], dict[str, Decimal]]:
    items, press = Decimal(rng.randint(10, 3000)), Decimal(rng.randint(2, 90) * 10)
    new, carried_in, carried_over, handled = (
        values[metric, "total"]
        for metric in (
            "requests.new",
            "requests.carried_in",
            "requests.carried_over",
            "outcome.total",
        )
    )
    figures = {
        "proactive.items": items,
        "proactive.press_releases": press,
        "requests.new": new,
        "requests.carried_in": carried_in,
        "requests.carried_over": carried_over,
    }
    if rng.random() < 0.5:
        requests = (
            f"{year}年，{agency.we}共收到政府信息公开申请{new}件，上年度结转{carried_in}"
            f"件，结转下年度继续办理{carried_over}件，均在法定期限内予以答复。"
        )
    else:
        figures["outcome.total"] = handled
        requests = (
            f"本年度新收政府信息公开申请{new}件，上年结转政府信息公开申请{carried_in}件，"
            f"全年办结{handled}件，结转下年度继续办理{carried_over}件。"
        )
    paragraphs = (
        f"{year}年，{agency.name}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实"
        "《条例》和上级工作部署，扎实推进政务公开各项工作。",
        "（一）主动公开",
        f"{year}年，{agency.we}通过政府门户网站主动公开政府信息{items}条，发布新闻稿件{press}余篇，"
        "及时公开机构职能、政策文件、行政权力运行等信息。",
        "（二）依申请公开",
        requests,
        "（三）政府信息管理",
        "严格落实保密审查制度，坚持“先审查、后公开”和“一事一审”原则，动态更新公开指南和目录。",
        "（四）平台建设",
        "持续优化政府信息公开专栏，及时更新机构职能、政策文件等栏目内容。",
        "（五）监督保障",
        "将政务公开工作纳入年度考核，健全工作机制，主动接受社会监督。",
    )
    return paragraphs, figures


def _section_6(
    rng: random.Random, agency: Agency, year: int
) -> tuple[tuple[str, ...], dict[str, Decimal]]:
    quiet = rng.random() < 0.3
    npc, cppcc = (Decimal(0 if quiet else rng.randint(0, 30)) for _ in range(2))
    figures = {"proposals.npc": npc, "proposals.cppcc": cppcc, "proposals.total": npc + cppcc}
    fee = "本年度未收取信息处理费。"
    if rng.random() < 0.08:
        figures["fees.processing"] = Decimal(rng.randint(10, 500))
        fee = f"本年度共收取信息处理费{figures['fees.processing']}元。"
    satisfied = "，满意率100%" if npc + cppcc else ""
    if npc + cppcc:
        figures["proposals.satisfaction"] = Decimal(100)
    if rng.random() < 0.5:
        proposals = (
            f"本年度共办理人大建议{npc}件、政协提案{cppcc}件，共{npc + cppcc}件{satisfied}。"
        )
    else:
        proposals = (
            f"{year}年共办理答复人大建议、政协提案{npc + cppcc}件，其中人大建议{npc}件，"
            f"政协提案{cppcc}件{satisfied}。"
        )
    return (
        "（一）信息处理费收取情况。" + fee,
        "（二）人大代表建议和政协提案办理情况。" + proposals,
        f"（三）创新实践情况。{agency.we}积极探索政务公开新形式，提升公开实效。",
    ), figures
