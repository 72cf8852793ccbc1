"""The documents the rules cite: national regulations, State Council notices, standards and local rules.

Every message ends with （依据：…） naming at least one of them (tests/test_citations.py holds every rule
and every message to this). A document is recognised in a citation by any of its `names`; `since` and
`until` say when it applied, for the rules that cite by the item's own date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """A regulation, notice, standard or local rule that a check enforces."""

    title: str
    names: tuple[str, ...]
    since: dt.date | None = None
    until: dt.date | None = None

    def in_force(self, day: dt.date) -> bool:
        """True when the document applied on `day`."""
        return (self.since is None or day >= self.since) and (self.until is None or day < self.until)


REGULATION_2019_FROM = dt.date(2019, 5, 15)
REGULATION = "《中华人民共和国政府信息公开条例》"

DOCUMENTS: dict[str, Document] = {
    "条例2019": Document(f"{REGULATION}（2019年修订）", (REGULATION, "条例第"), REGULATION_2019_FROM),
    "条例2008": Document(f"{REGULATION}（2007年公布，2008年5月1日施行）", ("2008年施行的政府信息公开条例",
                         "（2008年施行）"), dt.date(2008, 5, 1), REGULATION_2019_FROM),
    "45号令": Document("《市场监督管理行政处罚信息公示规定》（国家市场监督管理总局令第45号）",
                      ("国家市场监督管理总局令第45号",), dt.date(2021, 9, 1)),
    "国办发〔2016〕80号": Document("《〈关于全面推进政务公开工作的意见〉实施细则》（国办发〔2016〕80号）",
                               ("国办发〔2016〕80号",), dt.date(2016, 11, 10)),
    "国办发〔2018〕118号": Document("《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》"
                                "（国办发〔2018〕118号）", ("国办发〔2018〕118号",)),
    "国办发〔2018〕37号": Document("《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）",
                               ("国办发〔2018〕37号",)),
    "国办发〔2019〕54号": Document("《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）",
                               ("国办发〔2019〕54号",)),
    "国办发〔2017〕47号": Document("《政府网站发展指引》（国办发〔2017〕47号）", ("国办发〔2017〕47号",)),
    "〔2019〕60号": Document("《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式"
                          "（试行）〉的通知》（国办公开办函〔2019〕60号）", ("国办公开办函〔2019〕60号",)),
    "〔2021〕30号": Document("《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉"
                          "的通知》（国办公开办函〔2021〕30号）", ("国办公开办函〔2021〕30号",)),
    "国办秘函〔2019〕19号": Document("《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）", ("国办秘函〔2019〕19号",)),
    "目录指引": Document("《政府信息公开目录系统实施指引（试行）》", ("《政府信息公开目录系统实施指引（试行）》",)),
    "GB/T 9704": Document("《党政机关公文格式》（GB/T 9704-2012）", ("GB/T 9704-2012",)),
    "GB/T 7408": Document("《数据元和交换格式 信息交换 日期和时间表示法》（GB/T 7408）", ("GB/T 7408",)),
    "民法典": Document("《中华人民共和国民法典》", ("民法典",)),
    "六盘水方案": Document("《六盘水市市场监督管理局2021年政务公开工作实施方案》",
                        ("《六盘水市市场监督管理局2021年政务公开工作实施方案》",)),
    "山西方案": Document("《山西工商行政管理局全面推进政务公开工作实施方案》（2017年）",
                      ("《山西工商行政管理局全面推进政务公开工作实施方案》",)),
    "浙江办法": Document("《浙江省行政处罚结果信息网上公开暂行办法》", ("《浙江省行政处罚结果信息网上公开暂行办法》",)),
}


def named_in(citation: str) -> list[str]:
    """The keys of the registered documents a citation names."""
    return [key for key, doc in DOCUMENTS.items() if any(name in citation for name in doc.names)]


def cite(basis: str) -> str:
    """The （依据：…） that ends a message whose basis depends on the item (its date, its kind of 时限)."""
    return f"（依据：{basis}）"


def publication_basis(kind: str, n: int | None, anchor: str | None, month: int | None, day: int | None,
                      start: dt.date) -> str:
    """The rule that set a 公开时限 for information formed on `start`, by the kind of limit.

    20 working days from 形成或变更: the 2008 条例 第十八条 before 2019-05-15, the 2019 条例 第二十六条 since;
    7 working days from an 执法决定: 国办发〔2018〕118号; the 年报's 1月31日: 条例第四十九条; any other limit
    the catalogue sets under 国办发〔2019〕54号 (条例第二十六条: a law may set another limit).
    """
    if kind == "annual_date" and (month, day) == (1, 31):
        return f"{REGULATION}第四十九条：部门在每年1月31日前公布上一年度的年度报告"
    if kind == "working_days" and n == 20 and anchor == "决定作出" and start >= dt.date(2021, 9, 1):
        return ("《市场监督管理行政处罚信息公示规定》（国家市场监督管理总局令第45号）："
                "自作出行政处罚决定之日起20个工作日内公示")
    if kind == "working_days" and n == 7 and anchor in ("决定作出", "决定书送达"):
        return "国办发〔2018〕118号：行政许可、行政处罚等行政执法决定信息自作出之日起7个工作日内公开"
    if kind == "default" or (kind == "working_days" and n == 20 and anchor in (None, "形成", "变更", "形成或变更",
                                                                           "制作或获取")):
        if start < REGULATION_2019_FROM:
            return f"{REGULATION}（2008年施行）第十八条：自该政府信息形成或者变更之日起20个工作日内公开"
        return f"{REGULATION}第二十六条：自该政府信息形成或者变更之日起20个工作日内公开"
    return "国办发〔2019〕54号：按标准目录的公开时限公开；条例第二十六条：法律、法规另有规定的从其规定"


def annual_report_basis(year: int) -> tuple[tuple[int, int], str]:
    """(month, day) by which the report for `year` is due and the rule that set it.

    Reports for 2018 and earlier were due by 31 March under the 2008 条例 (the 2019 条例 took effect on
    2019-05-15); from the 2019 report on, a department's is due by 31 January (第四十九条).
    """
    if year <= 2018:
        return (3, 31), f"{REGULATION}（2008年施行）：每年3月31日前公布政府信息公开工作年度报告"
    return (1, 31), f"{REGULATION}第四十九条：部门在每年1月31日前公布上一年度的年度报告"


def annual_format_basis(year: int) -> str:
    """The national layout a report year's tables follow (国办公开办函〔2019〕60号 up to 2020, 〔2021〕30号 since)."""
    if year >= 2021:
        return "国办公开办函〔2021〕30号：政府信息公开工作年度报告格式"
    return "国办公开办函〔2019〕60号：政府信息公开工作年度报告格式（试行）"
