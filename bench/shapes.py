"""The shape of each catalogue row's items: front matter, 要素 as fields or `##` sections, body, attachments."""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generate import Spec
    from vocab import Vocabulary

AGENCY = "六盘水市市场监督管理局"
PHONE = "0858-8221234"
SUBJECTS = {"财政信息": "财政、金融、审计", "政务公开": "综合政务", "机构信息": "综合政务", "规划计划": "综合政务",
            "工作动态": "综合政务"}
DEPARTMENTS = {"政务公开": "办公室", "机构信息": "办公室", "政策文件/行政规范性文件": "法规科", "政策文件": "办公室",
               "政策解读": "法规科", "规划计划": "办公室", "行政许可": "行政审批科", "行政处罚": "执法支队",
               "双随机一公开": "信用监管科", "监督检查": "食品经营监管科", "财政信息": "财务科", "工作动态": "办公室"}
# 要素 written as `##` sections of the body (prose rows); the other rows carry them as fields.
SECTIONS = {
    "机构信息/机构职能": ("主要职责", "内设机构", "办公地址", "办公时间", "联系方式", "负责人姓名"),
    "政策解读/政策解读": ("背景依据", "主要内容"),
    "行政许可/食品经营许可服务指南": ("适用范围", "审批依据", "受理机构", "申请条件", "申请材料目录", "办理基本流程",
                              "办结时限", "收费依据及标准", "结果送达", "监督投诉渠道"),
    "财政信息/部门预决算": ("部门预算", "部门决算", '"三公"经费'),
}
COUNTIES = ("钟山区", "水城区", "盘州市", "六枝特区", "六盘水高新区")
SHOPS = ("凉都", "乌蒙", "夜郎", "荷城", "明湖", "水钢", "德坞", "红桥", "大河", "双水", "黄土坡", "月照")
TRADES = ("餐饮管理有限公司", "商贸有限公司", "便民超市", "大药房有限公司", "食品厂", "农贸市场经营部", "酒店有限公司",
          "火锅店", "烘焙坊", "粮油经营部")
VIOLATIONS = (
    ("未取得食品经营许可从事食品经营", "《中华人民共和国食品安全法》第一百二十二条第一款"),
    ("经营超过保质期的食品", "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"),
    ("经营标签不符合规定的预包装食品", "《中华人民共和国食品安全法》第一百二十五条第一款第（二）项"),
    ("未按规定查验供货者许可证和食品合格证明文件", "《中华人民共和国食品安全法》第一百二十六条第一款第（三）项"),
    ("销售不合格的食用农产品", "《食用农产品市场销售质量安全监督管理办法》第四十七条"),
    ("发布虚假违法广告", "《中华人民共和国广告法》第五十五条第一款"),
    ("使用未经检定的计量器具", "《中华人民共和国计量法实施细则》第四十三条"),
)
PRODUCTS = ("大米", "挂面", "食用植物油", "酱油", "食醋", "糕点", "饼干", "瓶装饮用水", "鲜鸡蛋", "猪肉", "韭菜",
            "豆芽", "酸汤", "辣椒制品", "腊肉", "白酒", "啤酒", "茶叶", "蜂蜜", "牛奶")
RULE_KINDS = ("监督管理办法", "实施细则", "工作规范", "管理规定", "实施办法", "指导意见")
FORMS = ("文字解读", "图文解读", "问答", "负责人解读", "专家解读")
GENRES = {"政策文件/其他文件": ("通知", "意见", "方案", "办法", "通告"), "规划计划/工作计划": ("计划", "要点", "方案"),
          "工作动态/工作动态": ("信息",), "政务公开/政府信息公开制度": ("制度", "办法", "规定")}
_PLAIN = re.compile(r"^[\u4e00-\u9fff0-9A-Za-z（《“〔][^:#]*$")


def plus_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (29 February becomes 28 February)."""
    return day.replace(year=day.year + years, day=min(day.day, 28) if day.month == 2 else day.day)


def sample_attachments(content: Path) -> list[Path]:
    """The sample's real attachment files (small xlsx, pdf, docx, xls), in a stable order."""
    return sorted(p for p in content.rglob("*") if p.is_file() and p.suffix in (".xlsx", ".pdf", ".docx", ".xls"))


def _value(value: str) -> str:
    return value if _PLAIN.match(value) and not value.endswith(" ") else json.dumps(value, ensure_ascii=False)


def render(meta: dict[str, Any], body: str) -> str:
    """index.md text: YAML front matter written the way editors write it, then the body."""
    lines = ["---"]
    for key, value in meta.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            for entry in value:
                first = True
                for k, v in entry.items():
                    lines.append(f"  {'- ' if first else '  '}{k}: {_value(v)}")
                    first = False
        else:
            lines.append(f"{key}: {_value(str(value))}")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + body.strip() + "\n"


def _paragraphs(words: Vocabulary, rng: random.Random, chars: int) -> list[str]:
    out: list[str] = []
    total = 0
    while total < chars:
        para = "".join(rng.choice(words.sentences) for _ in range(rng.randint(2, 5)))
        out.append(para)
        total += len(para)
    return out


def _table(rng: random.Random, words: Vocabulary, spec: Spec) -> str:
    rows = rng.randint(3, 8)
    if spec.path == "监督检查/食品安全监督抽检":
        head = "| 序号 | 抽检产品名称 | 被抽检单位 | 检验结果 |\n|---:|---|---|---|"
        body = [f"| {i} | {rng.choice(PRODUCTS)} | {_company(rng)} | 合格 |" for i in range(1, rows + 1)]
    else:
        head = "| 序号 | 工作事项 | 责任科室 | 完成时限 |\n|---:|---|---|---|"
        body = [
            f"| {i} | {rng.choice(words.keywords)}{rng.choice(words.keywords)} | {rng.choice(tuple(DEPARTMENTS.values()))} "
            f"| {spec.written.year}年{rng.randint(1, 12)}月底前 |"
            for i in range(1, rows + 1)
        ]
    return "\n".join([head, *body])


def _company(rng: random.Random) -> str:
    return f"六盘水市{rng.choice(COUNTIES)}{rng.choice(SHOPS)}{rng.choice(SHOPS)}{rng.choice(TRADES)}"


def _body(spec: Spec, words: Vocabulary, rng: random.Random) -> str:
    target = int(math.exp(rng.uniform(math.log(500), math.log(5000))))
    sections = SECTIONS.get(spec.path, ())
    parts: list[str] = []
    if sections:
        share = max(120, target // len(sections))
        parts.append(_paragraphs(words, rng, 60)[0])
        for name in sections:
            parts.append(f"## {name}")
            parts += _paragraphs(words, rng, share)
        parts.insert(3, _table(rng, words, spec))
    else:
        paras = _paragraphs(words, rng, target)
        cut = max(1, len(paras) // 2)
        parts += [*paras[:cut], "## 有关情况", _table(rng, words, spec), *paras[cut:]]
    if spec.path == "机构信息/机构职能":
        parts.append(f"联系方式：{PHONE}；办公时间：工作日 上午9:00—12:00，下午14:30—17:30。")
    return "\n\n".join(parts)


def _title(spec: Spec, words: Vocabulary, rng: random.Random, extra: dict[str, Any]) -> str:
    year = spec.written.year
    path = spec.path
    if path == "行政处罚/行政处罚决定":
        return f"{extra['处罚对象']}{extra['_violation']}案行政处罚决定信息公示"
    if path == "行政许可/食品经营许可信息":
        return f"关于准予{extra['经营者名称']}食品经营许可的公示"
    if path == "双随机一公开/抽查结果":
        return f"{AGENCY}{year}年{extra['_topic']}“双随机、一公开”抽查结果公示"
    if path == "监督检查/食品安全监督抽检":
        return f"{AGENCY}关于{year}年第{spec.seq % 40 + 1}期食品安全监督抽检信息的通告"
    if path == "政策解读/政策解读" and spec.interprets is not None:
        return f"《{extra['_doc_title']}》政策解读"
    if path == "政策文件/行政规范性文件":
        return f"{AGENCY}关于印发《六盘水市{rng.choice(words.keywords)}{rng.choice(RULE_KINDS)}》的通知"
    if path == "财政信息/部门预决算":
        return f"{AGENCY}{year}年部门{rng.choice(('预算', '决算'))}公开"
    if path == "机构信息/机构职能":
        return f"{AGENCY}机构职能（{year}年更新）"
    if path == "行政许可/食品经营许可服务指南":
        return f"食品经营许可{rng.choice(('新办', '变更', '延续', '注销'))}服务指南（{year}年版）"
    if path.startswith("政务公开/"):
        return f"{AGENCY}{path.split('/')[1]}（{year}年修订）"
    return rng.choice(words.titles)


def _fields(spec: Spec, rng: random.Random) -> dict[str, Any]:
    """The 要素 of structured rows as fields (keys starting with _ are only for the title)."""
    day = spec.written
    iso = day.isoformat()
    if spec.path == "行政处罚/行政处罚决定":
        who = _company(rng)
        violation, basis = rng.choice(VIOLATIONS)
        fine = rng.choice((rng.randint(2, 9) * 1000, rng.randint(11, 300) * 1000))
        return {"处罚对象": who, "案件名称": f"{who}{violation}案", "_violation": violation,
                "违法主要事实": f"当事人{violation}，违法经营的货值金额{fine // 10}元。",
                "处罚种类和内容": f"罚款人民币{fine}元。", "处罚依据": basis, "作出处罚决定部门": AGENCY,
                "处罚时间": iso, "处罚决定书文号": "", "处罚履行方式和期限": "自收到行政处罚决定书之日起十五日内缴纳罚款。"}
    if spec.path == "行政许可/食品经营许可信息":
        who = _company(rng)
        until = plus_years(day, 5) - dt.timedelta(days=1)
        return {"经营者名称": who, "许可证编号": f"JY2{spec.written.year % 100:02d}0201{spec.seq:07d}",
                "法定代表人（负责人）": f"{rng.choice('王李张刘陈杨黄赵吴周')}某某", "经营场所": f"贵州省六盘水市{rng.choice(COUNTIES)}"
                f"{rng.choice(SHOPS)}路{rng.randint(1, 300)}号", "经营项目": "预包装食品销售（含冷藏冷冻食品）；热食类食品制售",
                "日常监督管理机构": f"六盘水市{rng.choice(COUNTIES)}市场监督管理局", "投诉举报电话": "12315",
                "有效期限": f"{iso}至{until.isoformat()}", "决定日期": iso}
    if spec.path == "双随机一公开/抽查结果":
        end = day - dt.timedelta(days=rng.randint(1, 6))
        begin = end - dt.timedelta(days=rng.randint(10, 30))
        topic = rng.choice(("食品销售经营者", "餐饮服务单位", "学校食堂", "特种设备使用单位", "计量器具使用单位"))
        n = rng.randint(10, 40)
        return {"抽查任务名称": f"{day.year}年{topic}随机抽查", "_topic": topic, "抽查机关": AGENCY,
                "抽查对象": f"{topic}{n}户（随机抽取）", "抽查时间": f"{begin.isoformat()}至{end.isoformat()}",
                "抽查结果": f"抽查{n}户，未发现问题{n - 2}户，发现问题已责令改正2户。", "抽查结束日期": end.isoformat()}
    if spec.path == "监督检查/食品安全监督抽检":
        return {"抽检产品名称": "、".join(rng.sample(PRODUCTS, 4)), "被抽检单位": _company(rng),
                "标称生产企业": _company(rng), "检验结果": "所检项目均符合食品安全国家标准。"}
    if spec.path == "双随机一公开/随机抽查事项清单":
        return {"抽查依据": "《中华人民共和国食品安全法》第一百一十条", "抽查主体": AGENCY,
                "抽查内容": "食品经营许可情况、进货查验记录、食品贮存条件", "抽查方式": "现场检查、书面检查"}
    return {}


def item(
    spec: Spec, words: Vocabulary, rng: random.Random, attachments: list[Path], numbers: Counter[tuple[str, int]]
) -> tuple[dict[str, Any], str, list[tuple[str, Path]]]:
    """(front matter, body, [(attachment name, source file)]) of one item."""
    first = spec.path.split("/")[0]
    fields = _fields(spec, rng)
    if spec.interprets is not None:
        fields["_doc_title"] = spec.interprets.extra.get("_title", "")
    title = _title(spec, words, rng, fields)
    spec.extra["_title"] = title
    doc_no = _doc_no(spec, numbers)
    if "处罚决定书文号" in fields:
        fields["处罚决定书文号"] = doc_no
    meta: dict[str, Any] = {"索引号": spec.index_no, "标题": title, "目录": spec.path, "发布机构": AGENCY,
                            "成文日期": spec.written.isoformat(), "发布日期": spec.published.isoformat()}
    if doc_no:
        meta["文号"] = doc_no
    genre = "解读" if spec.interprets else {"行政处罚": "决定", "行政许可": "公示", "双随机一公开": "公示",
                                           "监督检查": "通告", "财政信息": "报告", "机构信息": "信息"}.get(first)
    meta["主题分类"] = SUBJECTS.get(first, "市场监管、安全生产监管")
    meta["文种"] = genre or rng.choice(GENRES.get(spec.path, ("通知",)))
    meta["主题词"] = " ".join(rng.sample(words.keywords, 3))
    meta["内容概述"] = rng.choice(words.sentences)
    meta["公开方式"] = "主动公开"
    meta["公开范围"] = "面向全社会"
    for key, value in spec.extra.items():
        if not key.startswith("_"):
            meta[key] = value
    if spec.interprets is not None:
        meta["解读对象"] = spec.interprets.index_no
        meta["解读形式"] = rng.choice(FORMS)
    meta["责任科室"] = DEPARTMENTS.get(spec.path, DEPARTMENTS[first])
    meta.update({k: v for k, v in fields.items() if not k.startswith("_")})
    files: list[tuple[str, Path]] = []
    if attachments and spec.path not in SECTIONS and first not in ("行政处罚", "行政许可") and rng.random() < 0.15:
        src = rng.choice(attachments)
        name = f"附件-{spec.index_no.split('/')[1]}{src.suffix}"
        meta["附件"] = [{"名称": f"{title[:40]}（附件）", "文件": name}]
        files.append((name, src))
    return meta, _body(spec, words, rng), files


def _doc_no(spec: Spec, numbers: Counter[tuple[str, int]]) -> str:
    kind = {"行政处罚/行政处罚决定": "监处罚", "政策文件/行政规范性文件": "监规", "政策文件/其他文件": "监发",
            "规划计划/工作计划": "监发", "政务公开/政府信息公开制度": "监发"}.get(spec.path)
    if kind is None:
        return ""
    key = (kind, spec.written.year)
    numbers[key] += 1
    return f"六盘水市{kind}〔{spec.written.year}〕{numbers[key]}号"
