"""发布机构 is the agency's full name (RULES §5), never an abbreviation such as 市市场监管局 or 六盘水市监局."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zfxxgk.problems import Severity, rule

if TYPE_CHECKING:
    from zfxxgk.checks.context import CheckContext

rule("field.publisher", Severity.ERROR,
     "《政府信息公开目录系统实施指引（试行）》：信息索引表要素“发布机构”（写机关全称，不用简称）",
     "发布机构不是机关全称")


def known_names(ctx: CheckContext) -> list[str]:
    """The agency's name and the other full names allowed in settings (joint or forwarded documents)."""
    names = [ctx.settings.agency.name]
    names += [str(n) for n in ctx.settings.options.publishers if str(n) not in names]
    return names


def check(ctx: CheckContext) -> None:
    """Every 发布机构 is one of the known full names; an abbreviation is shown its full form."""
    names = known_names(ctx)
    for item in ctx.items:
        publisher = item.publisher
        if publisher in names:
            continue
        src = ctx.source(item)
        pos = src.located.value_pos(("发布机构",), src.pos("发布机构"))
        full = next((n for n in names if _subsequence(publisher, n)), None)
        if full is not None:
            hint = f"发布机构“{publisher}”是简称或写法不全：请写全称“{full}”。"
        else:
            hint = (f"发布机构“{publisher}”不是本机关的全称“{names[0]}”。其他机关的文件请写该机关的全称，"
                    "并把它加入设置 extra.zfxxgk.options.publishers。")
        ctx.problems.add("field.publisher", src.rel, pos.line, pos.column, hint)


def _subsequence(short: str, name: str) -> bool:
    """True when the characters of `short` appear in `name` in order (六盘水市监局 in 六盘水市市场监督管理局)."""
    rest = iter(name)
    return len(short) < len(name) and all(char in rest for char in short)
