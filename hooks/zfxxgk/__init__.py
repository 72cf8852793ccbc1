"""zfxxgk: generator and checker for a government agency's 政府信息公开 column."""

from __future__ import annotations

__version__ = "0.1.0"
