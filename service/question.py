"""What a question says, read before any figure is looked up: the words that ask for a
figure, a check, a change or a series; the years (against the conversation's); the
question's own content words, and how much of them a stated figure's clause says.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ingest.script import simplified
from service import metrics as lexicon
from service.agencies import AgencyMatch
from service.years import YearWords, read_years

MAX_QUESTION_CHARS = 500
PROSE_KEY = "prose"  # a figure stated in prose that the lexicon does not name
PROSE_GATE = 0.34  # share of the question's content pairs a prose figure's clause must hold

FIGURE = re.compile(
    r"多少|几(?:件|个|篇|条|次|场|项|家|人|万|元|起)?|数量|数目|总数|合计|一共|总共|共计|金额|"
    r"how (?:many|much)|number of|what (?:was|is) the (?:total|number|amount)|\bcount\b|"
    r"\brate\b|\bby how much\b",
    re.I,
)
CHECK = re.compile(
    r"对得上|对不上|能对上|对上吗|平衡|勾稽|是不是等于|是否等于|等不等于|加起来(?:对|一致|相等)|数据(?:是否|有没有)?(?:一致|准确|正确|有误|有问题)|"
    r"核对|校验|add up|balance|consistent",
    re.I,
)
COMPARE = re.compile(
    r"比(?!例)|相比|同比|较上年|较去年|增加了|减少了|增长了|下降了|变化|"
    r"compared|than (?:the )?(?:previous|last|prior)|change from",
    re.I,
)
# A body named in the question: a place, then an organ (西湖区民政局, 海淀区教育委员会).
AGENCY_LIKE = re.compile(
    r"[\u4e00-\u9fff]{1,6}(?:省|市|区|县)[\u4e00-\u9fff]{0,12}?"
    r"(?:局|委员会|办公室|政府办|人民政府|大队|支队|管委会)"
)
EQUALS = re.compile(r"是不是等于|是否等于|等不等于|相等吗|等于.*吗|平衡吗|对得上|对上|对不上")
SUM_ALL = re.compile(r"一共|总共|合计|累计|加起来|共计|in total|altogether|combined", re.I)
AND = re.compile(r"和|与|及|以及|加上|加|、|跟|同|\band\b|\bplus\b|&", re.I)
FOLLOW_UP = re.compile(r"呢|那|还有|又是|分别|what about|and (?:in|for)|how about", re.I)
# Sections a passage question points to, by its words.
SECTION_HINTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(words, re.I), key)
    for words, key in (
        (r"问题|不足|改进|整改|短板|差距|problems?|shortcomings?|improve", "5"),
        (r"平台建设|平台|网站|platform|website", "1.4"),
        (r"监督保障|监督|考核|问责|培训|supervision", "1.5"),
        (r"信息管理|保密审查|管理情况", "1.3"),
        (
            r"怎么申请|如何申请|怎样申请|申请渠道|申请方式|依申请|"
            r"how (?:do|can) (?:i|we) (?:apply|request)",
            "1.2",
        ),
        (r"主动公开", "1.1"),
        (r"创新|特色|亮点|其他需要报告|innovat", "6"),
        (r"联系方式|联系电话|电话|地址|邮箱|怎么联系|咨询|疑问|问询|contact|phone|address", "0"),
    )
)
STOP_CHARS = set(
    "的了是吗呢吧啊呀有在和与及把被对从到向给让请问个件条篇次场项共多少几么什怎样哪些这那年度"
)
QUESTION_WORDS = re.compile(
    r"请问|多少|几|一共|总共|共计|合计|累计|全年|是多少|有多少|有几|怎么样|如何|什么|哪些|"
    r"情况|数量|总数|政府信息公开|信息公开|工作|报告|年度|分别|各是|每年|各|"
    r"增加|减少|增长|下降|变化|还是|相差|差|多了|少了|"
    r"[条篇次件场项个人]数"
)


class AnswerError(ValueError):
    """A question that cannot be asked as given (empty, over-long)."""


@dataclass(slots=True)
class Reading:
    """What the engine understood of one question, context and scope applied."""

    text: str
    years: YearWords
    agency: str | None = None
    agency_match: AgencyMatch | None = None
    agency_words: list[str] = field(default_factory=list)  # the question's words naming it
    metrics: list[str] = field(default_factory=list)
    column: str | None = None  # said in the question
    inherited: bool = False  # the metric came from the previous turn
    weak: bool = False  # named only by a wording that often means something else
    notes: list[str] = field(default_factory=list)


def checked(question: str) -> str:
    if question is None or not str(question).strip():
        raise AnswerError("the question is empty")
    text = unicodedata.normalize("NFKC", str(question)).strip()
    if len(text) > MAX_QUESTION_CHARS:
        raise AnswerError(
            f"the question has {len(text)} characters; at most {MAX_QUESTION_CHARS} are read"
        )
    return text


def without_agency(text: str, reading: Reading) -> str:
    """The question with the agency's words blanked: a name's words are not metrics
    (行政审批服务局 is not 行政许可)."""
    words = [*reading.agency_words, *(reading.agency_match.words if reading.agency_match else ())]
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(word, " " * len(word))
    for start, end in reading.years.spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


FROM_TO = re.compile(r"(?:\bfrom\b|从)[^\d]{0,20}\d{4}", re.I)
# A follow-up's year said against the conversation's: 前一年 is the year before that one.
FOLLOW_YEARS = (
    (re.compile(r"再?前一年|上一年|前一个年度|the year before|previous year"), -1),
    (re.compile(r"后一年|下一年(?!度?继续)|次年|the year after|following year"), 1),
    (re.compile(r"那一年|同一年|当年|那年|same year|that year"), 0),
)


def question_years(text: str, today: date, context: dict[str, Any]) -> YearWords:
    """The years a question names; relative to the conversation's year when it is a
    follow-up that says 前一年 / 那一年 and names no year of its own."""
    years = read_years(text, today)
    said = context.get("year")
    if said and not any(c.isdigit() for c in text):
        for pattern, offset in FOLLOW_YEARS:
            match = pattern.search(text)
            if match and not COMPARE.search(text):
                return YearWords(years=(int(said) + offset,), spans=(match.span(),))
    return years


def elliptical(reading: Reading, text: str) -> bool:
    """A follow-up that names no figure of its own ("那2023年呢?", "自然人呢?", "比去年呢"):
    besides the agency, years, applicant columns and asking words it says nothing."""
    said = [text[c.start : c.end] for c in lexicon.find_columns(text)]
    own = [
        w
        for w in content_words(reading)
        if not any(w in c or c in w for c in said) and not FOLLOW_UP.fullmatch(w)
    ]
    return not own and (bool(FOLLOW_UP.search(text)) or len(text) <= 12)


def series_words(text: str) -> bool:
    return bool(
        re.search(r"分别|历年|每年|逐年|趋势|year by year|each year|over the years", text, re.I)
    )


def year_after(text: str, position: int) -> bool:
    return bool(
        re.match(r"\s*(?:(?:19|20)\d\d|\d\d年|去年|上一?年|前年|今年)", text[position + 1 :])
    )


def content_of(reading: Reading) -> str:
    """The question's own words: without the agency, the years and asking words."""
    return QUESTION_WORDS.sub(" ", without_agency(reading.text, reading))


LISTED = re.compile(r"(?:^|、)\x00(?:、|等)|、\x00(?:、|等|$)")
MEASURES = set("件个篇条次场项家人起期")


# What reports call the things people name (Chinese and English): the report's term joins
# the question's words, and stands for the word it translates when that word is the head.
PROSE_SYNONYMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(words, re.I), said)
    for words, said in (
        (r"微博|微信|抖音|新媒体|new media|social media|weibo|wechat", "两微一抖"),
        (r"门户网站|官网|网站|website|portal", "政府门户网站"),
        (r"发布会|press conferences?", "新闻发布会"),
        (r"press releases?|news (?:articles?|releases?|stories|items)|稿子|新闻稿", "新闻稿件"),
        (r"training|培训", "培训"),
        (r"proactive\w*|publish\w* (?:on its own|proactively)", "主动公开"),
        (r"items? of information|information items?|pieces? of information", "信息"),
        (r"proposals?|suggestions?", "提案"),
        (r"fees?", "信息处理费"),
    )
)
# Words that name no particular figure: a question's head is the last word not among them.
VAGUE_HEADS = frozenset(
    {"信息", "政府信息", "内容", "数据", "事项", "工作", "东西"}
    | {"发", "上发", "发布", "公布", "刊发", "推送", "发送", "办理", "开展", "办", "做", "搞"}
)
# Media names jieba runs together with what follows (微博微信抖音上发): cut them apart.
MEDIA = re.compile(r"(两微一抖|微博|微信|抖音|公众号|新媒体|视频号)")


def content_words(reading: Reading) -> list[str]:
    """The question's content words in order: without the agency, years, asking words.
    The report's own term for a thing is added (两微一抖 for 微博微信); an English question
    keeps only those terms."""
    from index import tokenize

    content = MEDIA.sub(r" \1 ", content_of(reading).replace("了", " "))
    extra = [said for pattern, said in PROSE_SYNONYMS if pattern.search(content)]
    found = [w for w in tokenize.words(content) if len(w) >= 2 or w.isascii()]
    if content.isascii():
        return list(dict.fromkeys(extra))
    return [*extra, *found]


def heads_of(words: list[str]) -> tuple[set[str], str | None]:
    """The head noun (the last specific word) with the report's terms for it, and the
    vague word after it if the question ends in one (…主动公开了多少条信息)."""
    specific = [w for w in words if w not in VAGUE_HEADS]
    if not specific:
        return ({words[-1]} if words else set()), None
    head = specific[-1]
    vague = words[-1] if words[-1] in VAGUE_HEADS else None
    return {head} | {said for pattern, said in PROSE_SYNONYMS if pattern.search(head)}, vague


def pairs_of(text: str) -> set[str]:
    runs = re.findall(r"[\u4e00-\u9fff]+|[a-z0-9]+", text.lower())
    pairs = set()
    for run in runs:
        if run.isascii():
            pairs.add(run)
            continue
        for i in range(len(run) - 1):
            pair = run[i : i + 2]
            if pair[0] not in STOP_CHARS and pair[1] not in STOP_CHARS:
                pairs.add(pair)
    return pairs


def prose_overlap(words: list[str], clause: str, sentence: str = "") -> float:
    """How much of the question's words the sentence says: the share of their character
    pairs it holds; zero unless the figure's own clause says the last word (the head
    noun: 发布会 in 新闻发布会, which 新闻稿件 does not say), or most of it."""
    if not words:
        return 0.0
    in_clause = pairs_of(simplified(clause))  # a report in traditional characters
    in_sentence = pairs_of(simplified(sentence))
    heads, vague = heads_of(words)

    def says(pairs_said: set[str], word: str) -> bool:
        pairs = pairs_of(word) or {word}
        return bool(pairs & pairs_said) and len(pairs & pairs_said) * 2 >= len(pairs)

    said_head = next((h for h in heads if says(in_clause, h)), None)
    if said_head is None and vague and vague in clause:
        # "主动公开了多少条信息": the clause says 信息, its sentence says 主动公开.
        said_head = next((h for h in heads if says(in_sentence, h)), None)
    if said_head is None:
        return 0.0
    if said_head in clause and LISTED.search(clause.replace(said_head, "\x00")):
        return 0.0  # "A、政策解读、C等各类信息84条" counts them all, not 政策解读
    said = in_clause | in_sentence
    asked = pairs_of(" ".join(words))
    return len(asked & said) / len(asked) if asked else 0.0


def measure_word(text: str) -> str | None:
    match = re.search(r"(?:多少|几)\s*([件个篇条次场项家人万元起])", text)
    return match.group(1) if match else None
