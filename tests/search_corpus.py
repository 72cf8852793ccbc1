"""A deterministic, realistic synthetic corpus of SearchDocs for search tests and benchmarks.

Titles come from the real 平潭 index (tests/fixtures/corpus/index.tsv), bodies are
slices of the 20 real pages in tests/fixtures/corpus/docs, mixed with the sample agency's 文号 and 索引号 forms.
"""

from __future__ import annotations

import random
from pathlib import Path

from zfxxgk.search.model import SearchDoc

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
AGENCY = "六盘水市市场监督管理局"
CODE = "11520200MB1C123455"
DEPARTMENTS = ("办公室", "法规科", "食品经营监管科", "行政审批科", "执法支队", "信用监管科", "财务科")
COLUMNS = ("政府信息公开指南", "政府信息公开制度", "政府信息公开年报", "机构职能", "行政规范性文件", "其他文件",
           "政策解读", "工作计划", "食品经营许可信息", "行政处罚决定", "抽查结果", "食品安全监督抽检",
           "部门预决算", "工作动态")
SUBJECTS = ("综合政务", "市场监管、安全生产监管", "财政、金融、审计", "卫生、体育", "商贸、海关、旅游")
VALIDITY = ("现行有效", "现行有效", "现行有效", "已修改", "已废止", "")
ISSUERS = ("六盘水市监发", "六盘水市监办发", "六盘水市监函", "黔府办函", "黔市监发", "六盘水府办发")
BRACKETS = ("〔〕", "〔〕", "〔〕", "[]", "【】", "﹝﹞", "（）")


def _titles() -> list[str]:
    rows = (CORPUS / "index.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [" ".join(row.split("\t")[1].split()) for row in rows if row.count("\t") >= 2]


def _bodies() -> list[str]:
    texts = []
    for path in sorted((CORPUS / "docs").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts.append(" ".join(text.split("==== 正文 ====", 1)[-1].split("\n")[1:]))
    return texts


def synthetic_docs(count: int, seed: int = 5) -> list[SearchDoc]:
    """`count` deterministic SearchDocs with real titles and bodies, 文号 in mixed bracket styles."""
    rng = random.Random(seed)
    titles, bodies = _titles(), _bodies()
    docs: list[SearchDoc] = []
    for i in range(count):
        year = 2015 + rng.randrange(11)
        date = f"{year}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"
        seq = i + 1
        open_, close = rng.choice(BRACKETS)
        doc_no = f"{rng.choice(ISSUERS)}{open_}{year}{close}{1 + rng.randrange(200)}号" if rng.random() < 0.6 else ""
        source = bodies[rng.randrange(len(bodies))]
        length = 500 + rng.randrange(4500)
        start = rng.randrange(max(1, len(source) - length))
        body = source[start : start + length]
        if doc_no and rng.random() < 0.5:
            body = f"根据{doc_no}文件精神，" + body
        title = titles[rng.randrange(len(titles))]
        if rng.random() < 0.3:
            title = f"{AGENCY}关于{title}的通知"
        summary = body[:80] if rng.random() < 0.5 else ""
        attachments = tuple(f"附件{k + 1}-{title[:12]}.pdf" for k in range(rng.randrange(3)))
        column = COLUMNS[rng.randrange(len(COLUMNS))]
        docs.append(SearchDoc(
            ref=f"xxgk/{CODE}/{year}-{seq:05d}/",
            title=title,
            doc_no=doc_no,
            index_no=f"{CODE}/{year}-{seq:05d}",
            summary=summary,
            body=body,
            attachments=attachments,
            date=date,
            column=column,
            publisher=AGENCY if rng.random() < 0.7 else f"{AGENCY}{rng.choice(DEPARTMENTS)}",
            subject=rng.choice(SUBJECTS),
            validity=rng.choice(VALIDITY),
        ))
    return docs
