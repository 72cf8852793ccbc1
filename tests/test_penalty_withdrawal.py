"""An expired 行政处罚 leaves the lists and its URL serves a withdrawal notice, in a real build."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from projectkit import ROOT

PENALTY = """---
索引号: 11520200MB1C123455/2026-00030
标题: 六盘水市钟山区某某便利店销售超过保质期食品案行政处罚决定书
目录: 行政处罚/行政处罚决定
发布机构: 六盘水市市场监督管理局
成文日期: 2026-06-01
发布日期: 2026-06-10
公开方式: 主动公开
责任科室: 执法支队
处罚对象: 六盘水市钟山区某某便利店（统一社会信用代码 92520201MA6J8QWX1R）
案件名称: 销售超过保质期食品案
违法主要事实: 当事人在其经营场所销售超过保质期的预包装饮料2瓶，货值金额共计9元。
处罚种类和内容: 罚款人民币3000元
处罚依据: 《中华人民共和国食品安全法》第一百二十四条第一款第（五）项
作出处罚决定部门: 六盘水市市场监督管理局
处罚时间: 2026-06-01
处罚决定书文号: 六盘水市监处罚〔2026〕31号
处罚履行方式和期限: 自收到本决定书之日起十五日内缴纳罚款
---
当事人已于2026年6月8日缴纳罚款。
"""
URL = "xxgk/11520200MB1C123455/2026-00030/"


def _build(project: Path, day: dt.date) -> Path:
    out = project / "out"
    epoch = int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.timezone.utc).timestamp())
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=project,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def _project(tmp_path: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    for name in ("hooks", "overrides", "schema", "catalogue", "docs"):
        (tmp_path / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    item = tmp_path / "content/行政处罚/行政处罚决定/2026-00030/index.md"
    item.parent.mkdir(parents=True)
    item.write_text(PENALTY, encoding="utf-8")
    return tmp_path


def _listed(site: Path) -> set[str]:
    rows = json.loads((site / "data/items.json").read_text(encoding="utf-8"))["items"]
    return {row["索引号"] for row in rows}


def _set_aside_later_items(project: Path, day: dt.date, aside: Path) -> list[tuple[Path, Path]]:
    """Move the items published after `day` out of the content (a build on `day` would fail on them:
    date.future is an error, and a build with errors publishes nothing); the moves, to undo them."""
    moves = []
    for path in sorted((project / "content").rglob("index.md")):
        found = re.search(r"^发布日期: (\d{4}-\d{2}-\d{2})$", path.read_text(encoding="utf-8"), re.M)
        if found and dt.date.fromisoformat(found.group(1)) > day:
            moves.append((path.parent, aside / str(len(moves))))
            shutil.move(path.parent, moves[-1][1])
    return moves


def test_small_fine_is_shown_for_three_months_then_withdrawn(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    moves = _set_aside_later_items(project, dt.date(2026, 8, 20), tmp_path)
    during = _build(project, dt.date(2026, 8, 20))
    assert "11520200MB1C123455/2026-00030" in _listed(during)
    assert "超过保质期食品案" in (during / URL / "index.html").read_text(encoding="utf-8")
    shutil.rmtree(during)
    for home, aside in moves:
        shutil.move(aside, home)

    after = _build(project, dt.date(2026, 11, 20))
    assert "11520200MB1C123455/2026-00030" not in _listed(after)
    column = (after / "fdzdgknr/xzcf/xzcfjd/index.html").read_text(encoding="utf-8")
    assert "2026-00030" not in column
    notice = (after / URL / "index.html").read_text(encoding="utf-8")
    assert "已撤下" in notice and "2026-09-10" in notice
    assert "销售超过保质期的预包装饮料" not in notice
    manifest = json.loads((after / "data/manifest.json").read_text(encoding="utf-8"))
    assert manifest["urls"][URL]["status"] == "withdrawn"


def test_removed_item_with_a_withdrawal_record_serves_the_notice(tmp_path: Path) -> None:
    project = _project(tmp_path)
    gone = "xxgk/11520200MB1C123455/2023-00012/"
    shutil.rmtree(project / "content/政策文件/其他文件/2023-00012")
    (project / "content/_records.yaml").write_text(
        "撤回:\n  - 网址: " + gone + "\n    索引号: 11520200MB1C123455/2023-00012\n"
        "    标题: 关于开展2023年“铁拳”行动的通知\n    撤回日期: 2026-11-18\n    原因: 该通知已被新的部署替代，按公开办决定撤下\n"
        "迁移:\n  - 原网址: zwgk/zfxxgk/202107/t20210702_123.htm\n    新网址: xxgk/11520200MB1C123455/2021-00010/\n",
        encoding="utf-8",
    )
    site = _build(project, dt.date(2026, 11, 20))
    notice = (site / gone / "index.html").read_text(encoding="utf-8")
    assert "已撤下" in notice and "2026-11-18" in notice and "该通知已被新的部署替代" in notice
    redirect = (site / "zwgk/zfxxgk/202107/t20210702_123.htm").read_text(encoding="utf-8")
    assert "2021-00010" in redirect and 'http-equiv="refresh"' in redirect
    manifest = json.loads((site / "data/manifest.json").read_text(encoding="utf-8"))
    assert manifest["urls"][gone]["status"] == "withdrawn"
