"""Vocabulary for the corpus generator: real titles and sentences from the tests' copy of the
平潭 corpus and the seeds (tests/fixtures/corpus, tests/fixtures/seeds).

Sentences that the privacy lint would flag (phone numbers, ID numbers, names of complainants …) are
dropped, and the other city's names are replaced by the sample agency's, so generated items pass
`zfxxgk check` the way an agency's real, reviewed items do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from zfxxgk.checks import privacy_scan as privacy

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
CORPUS = FIXTURES / "corpus"
SEEDS = FIXTURES / "seeds"

_PLACES = [
    ("平潭综合实验区管委会", "六盘水市人民政府"),
    ("平潭综合实验区", "六盘水市"),
    ("综合实验区", "六盘水市"),
    ("实验区", "全市"),
    ("平潭", "六盘水"),
    ("苏平片区", "钟山区"),
    ("金井片区", "水城区"),
    ("福建省", "贵州省"),
    ("福州市", "贵阳市"),
    ("福建", "贵州"),
]
_SPLIT = re.compile(r"(?<=[。！？；])")
_BAD = re.compile(r"\d{7,}|电话|手机|证人|举报人|投诉人|住址|身份证|账号|卡号|@|https?:|www\.|[<>#|*_`\[\]{}]")
# 主题词 of a market regulation bureau (the vocabulary of the sample's own items).
KEYWORDS = (
    "食品安全", "餐饮服务", "食品经营", "行政许可", "行政处罚", "双随机", "抽查结果", "监督抽检", "特种设备", "计量",
    "标准化", "知识产权", "广告监管", "价格监督", "消费者权益", "信用监管", "企业年报", "登记注册", "药品安全",
    "医疗器械", "化妆品", "产品质量", "网络交易", "反不正当竞争", "营商环境", "政务公开", "政府信息", "年度报告",
    "工作计划", "预算", "决算", "三公经费", "规范性文件", "政策解读", "裁量权", "首违不罚", "校园食品", "农贸市场",
    "冷链食品", "明码标价",
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Vocabulary:
    """Titles and sentences to draw from, in a stable order."""

    titles: tuple[str, ...]
    sentences: tuple[str, ...]
    keywords: tuple[str, ...]


def localise(text: str) -> str:
    """The text with the corpus city's names replaced by the sample agency's city."""
    for old, new in _PLACES:
        text = text.replace(old, new)
    return text


def _body(text: str) -> str:
    marker = "==================== 正文 ===================="
    return text.split(marker, 1)[1] if marker in text else text


def _clean(sentence: str) -> str | None:
    sentence = re.sub(r"\s+", "", localise(sentence)).strip()
    if not 14 <= len(sentence) <= 140 or _BAD.search(sentence):
        return None
    if len(_CJK.findall(sentence)) < len(sentence) * 0.6:
        return None
    if privacy.scan_text(sentence):
        return None
    return sentence


def load() -> Vocabulary:
    """Read the corpus titles (index.tsv), the bodies (docs/*.txt) and the seed documents."""
    titles: list[str] = []
    for line in (CORPUS / "index.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        title = localise(cells[1].strip()) if len(cells) > 1 else ""
        if 8 <= len(title) <= 60 and not _BAD.search(title):
            titles.append(title)
    texts = [p.read_text(encoding="utf-8") for p in sorted((CORPUS / "docs").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    seen: set[str] = set()
    sentences: list[str] = []
    for text in texts:
        for raw in _SPLIT.split(_body(text)):
            sentence = _clean(raw)
            if sentence and sentence not in seen:
                seen.add(sentence)
                sentences.append(sentence)
    return Vocabulary(tuple(dict.fromkeys(titles)), tuple(sentences), KEYWORDS)
