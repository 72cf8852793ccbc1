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
