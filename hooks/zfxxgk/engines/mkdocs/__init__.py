"""MkDocs as the engine of zfxxgk.build: its configuration, its theme, its build, with the adapter's events.

`zfxxgk build` loads mkdocs.yml with MkDocs' own loader (so hooks, theme and Markdown settings are the ones
`mkdocs build` uses) and runs MkDocs' build with the library's state on the config: the adapter's events
then only hand MkDocs the page plan (zfxxgk.engines.mkdocs.adapter), and the bytes are those of `mkdocs build`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from zfxxgk.build import Build, BuildError, ConfigError, SiteConfig
from zfxxgk.engines.mkdocs import adapter


class MkDocsEngine:
    """zfxxgk.build.engine.Engine with MkDocs (or an API-compatible fork, `name`, whose logs go to `loggers`)."""

    def __init__(self, name: str = "mkdocs", loggers: tuple[str, ...] = ("mkdocs",)) -> None:
        self.name = name
        self.loggers = tuple(logging.getLogger(n) for n in loggers)
        self._config: MkDocsConfig | None = None

    def load(self, config_file: Path, site_dir: Path | None) -> SiteConfig:
        """mkdocs.yml as MkDocs reads it (site_dir from it unless given); its hooks must include zfxxgk's."""
        if (message := adapter.config_limit_error(config_file)) is not None:
            raise ConfigError(message)
        if not config_file.is_file():
            raise ConfigError(f"找不到配置文件 {config_file}。请在项目根目录运行，或用 --config 指定 mkdocs.yml。")
        try:
            config = load_config(str(config_file), site_dir=str(site_dir) if site_dir is not None else None)
        except MkDocsException as exc:
            raise ConfigError(f"zfxxgk: {self.name} 无法读取配置 {config_file}：{exc}") from None
        if not any(getattr(plugin, "on_config", None) is adapter.on_config for plugin in config.plugins.values()):
            raise ConfigError(f"zfxxgk: {config_file} 的 hooks: 中没有 hooks/zfxxgk_hooks.py，{self.name} 不会生成信息公开栏目")
        self._config = config
        return adapter.site_config(config)

    def render(self, state: Build, site_dir: Path) -> None:
        """MkDocs' build of the configuration into `site_dir`, the adapter handing it the plan."""
        config = self._config
        if config is None:
            raise BuildError("zfxxgk: 引擎还没有读取配置")
        config.site_dir = str(site_dir)
        config.strict = False  # the build counts the warnings itself (zfxxgk.build.write.finish), MkDocs' too
        config[adapter.BUILD_KEY] = state
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        except MkDocsException as exc:
            raise BuildError(f"zfxxgk: {self.name} 构建失败（见上方）：{exc}，网站没有发布") from None
        finally:
            config.plugins.on_shutdown()


def engine() -> MkDocsEngine:
    """The MkDocs engine."""
    return MkDocsEngine()
