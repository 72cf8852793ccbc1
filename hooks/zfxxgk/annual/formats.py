"""The two national layouts of the annual report's tables, as data (labels exactly as published).

国办公开办函〔2019〕60号 (试行) is used for report years 2019–2020, 国办公开办函〔2021〕30号 from 2021 on
(RULES §8). Section 二 is a list of blocks (第二十条第（x）项), section 三 a tree of rows under the applicant
columns, section 四 fifteen numbers in three groups. The renderers and the schema are generated from this.
"""

from __future__ import annotations

from dataclasses import dataclass

SECTIONS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
S1, S2, S3, S4, S5, S6 = SECTIONS
NOTE = "说明"  # optional Markdown after the table of sections 二, 三 and 四

CHECK_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEAD = "申请人情况"
NATURAL = "自然人"
LEGAL_HEAD = "法人或其他组织"
LEGAL = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
APPLICANTS = (NATURAL, *LEGAL)
TOTAL = "总计"
APPLICANT_COLUMNS = (*APPLICANTS, TOTAL)

RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结")
RESULT_COLUMNS = (*RESULTS, TOTAL)
REVIEW = "行政复议"
LITIGATION = "行政诉讼"
DIRECT = "未经复议直接起诉"
AFTER_REVIEW = "复议后起诉"
GROUPS = (REVIEW, DIRECT, AFTER_REVIEW)

NEW = "一、本年新收政府信息公开申请数量"
CARRIED_IN = "二、上年结转政府信息公开申请数量"
RESULTS_HEAD = "三、本年度办理结果"
RESULTS_TOTAL = "（七）总计"
CARRIED_OUT = "四、结转下年度继续办理"


@dataclass(frozen=True)
class Column:
    """A column of a section 二 block: its label, the kind of number, and what derives it from items."""

    label: str
    kind: str = "count"  # count: 非负整数; delta: 带符号整数; amount: 非负数; money: 数字或“49万元”
    derive: str | None = None  # issued | repealed | in-force | made | published | total


@dataclass(frozen=True)
class Row:
    """A row of a section 二 block; `category` names the item class it counts (规章/行政规范性文件)."""

    label: str
    category: str | None = None


@dataclass(frozen=True)
class Block:
    """One 第二十条第（x）项 block of section 二: title row, header row (信息内容 + columns), data rows."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    @property
    def derivable(self) -> bool:
        """True when every column can be derived from items (the data file may leave it out)."""
        return all(c.derive for c in self.columns)


@dataclass(frozen=True)
class Node:
    """A row of section 三; a node with children is a row group (its label spans their rows)."""

    label: str
    children: tuple[Node, ...] = ()

    def leaves(self, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
        """The key paths of the data rows under this node."""
        path = (*prefix, self.label)
        if not self.children:
            return [path]
        return [leaf for child in self.children for leaf in child.leaves(path)]


@dataclass(frozen=True)
class Format:
    """A national layout: name, the notice that issued it, section 二 blocks, section 三 rows."""

    name: str
    basis: str
    blocks: tuple[Block, ...]
    rows3: tuple[Node, ...]

    def leaves3(self) -> list[tuple[str, ...]]:
        """Every data row of section 三 as a key path, in table order."""
        return [leaf for node in self.rows3 for leaf in node.leaves()]

    def result_parts(self) -> list[tuple[str, ...]]:
        """The rows under 三、本年度办理结果 that add up to （七）总计."""
        return [p for p in self.leaves3() if p[0] == RESULTS_HEAD and p[-1] != RESULTS_TOTAL]


def _leaves(*labels: str) -> tuple[Node, ...]:
    return tuple(Node(label) for label in labels)


_WITHHELD = Node("（三）不予公开", _leaves(
    "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
    "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项",
))
_UNABLE = Node("（四）无法提供", _leaves(
    "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确",
))
_NOT_HANDLED = Node("（五）不予处理", _leaves(
    "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
))
_OTHER_2021 = Node("（六）其他处理", _leaves(
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
))
_OTHER_2019 = Node("（六）其他处理")


def _rows3(other: Node) -> tuple[Node, ...]:
    results = (
        Node("（一）予以公开"), Node("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        _WITHHELD, _UNABLE, _NOT_HANDLED, other, Node(RESULTS_TOTAL),
    )
    return (Node(NEW), Node(CARRIED_IN), Node(RESULTS_HEAD, results), Node(CARRIED_OUT))


_DECISIONS = (Column("本年处理决定数量"),)

FORMAT_2021 = Format(
    name="2021",
    basis="国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》",
    blocks=(
        Block("第二十条第（一）项",
              (Column("本年制发件数", derive="issued"), Column("本年废止件数", derive="repealed"),
               Column("现行有效件数", derive="in-force")),
              (Row("规章", "规章"), Row("行政规范性文件", "行政规范性文件"))),
        Block("第二十条第（五）项", _DECISIONS, (Row("行政许可"),)),
        Block("第二十条第（六）项", _DECISIONS, (Row("行政处罚"), Row("行政强制"))),
        Block("第二十条第（八）项", (Column("本年收费金额（单位：万元）", kind="amount"),),
              (Row("行政事业性收费"),)),
    ),
    rows3=_rows3(_OTHER_2021),
)

_ITEMS_2019 = (Column("上一年项目数量"), Column("本年增/减", kind="delta"), Column("处理决定数量"))

FORMAT_2019 = Format(
    name="2019",
    basis="国办公开办函〔2019〕60号《中华人民共和国政府信息公开工作年度报告格式（试行）》",
    blocks=(
        Block("第二十条第（一）项",
              (Column("本年新制作数量", derive="made"), Column("本年新公开数量", derive="published"),
               Column("对外公开总数量", derive="total")),
              (Row("规章", "规章"), Row("规范性文件", "行政规范性文件"))),
        Block("第二十条第（五）项", _ITEMS_2019, (Row("行政许可"), Row("其他对外管理服务事项"))),
        Block("第二十条第（六）项", _ITEMS_2019, (Row("行政处罚"), Row("行政强制"))),
        Block("第二十条第（八）项", _ITEMS_2019[:2], (Row("行政事业性收费"),)),
        Block("第二十条第（九）项", (Column("采购项目数量"), Column("采购总金额", kind="money")),
              (Row("政府集中采购"),)),
    ),
    rows3=_rows3(_OTHER_2019),
)

FORMATS = (FORMAT_2019, FORMAT_2021)
# Reports exist since the 2008 条例 (in force 2008-05-01). Before 2019 there was no national table layout;
# a report for 2008–2018 is kept with the older of the two layouts, 2019 (试行), whose tables it may fill.
FIRST_YEAR = 2008


def format_for(year: int) -> Format:
    """The layout for a report year: 2019 (试行) up to 2020 (also for 2008–2018), 2021 from 2021 on."""
    return FORMAT_2021 if year >= 2021 else FORMAT_2019
