"""An Atom feed of the newest items (site/feed.xml); dates come from the items, never the clock."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape as xml_escape

from zfxxgk.items.record import Item
from zfxxgk.site.siteindex import SiteIndex
from zfxxgk.html.urls import absolute

FEED_PATH = "feed.xml"
# Characters XML 1.0 does not allow at all (YAML's "\x01" escape can put one in a 标题): one would make the
# whole feed unreadable, so they are dropped.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    """Text for XML content or a double-quoted attribute: markup characters escaped, illegal ones dropped."""
    return xml_escape(_ILLEGAL.sub("", text), {'"': "&quot;"})


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def atom(items: Sequence[Item], index: SiteIndex, site_url: str, title: str, author: str, size: int) -> bytes:
    """The Atom 1.0 document for the newest `size` items (items arrive newest first)."""
    newest = list(items[:size])
    feed_url = absolute(site_url, FEED_PATH)
    updated = _stamp(newest[0].published) if newest else "1970-01-01T00:00:00+08:00"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"  <id>{escape(feed_url)}</id>",
        f"  <title>{escape(title)}</title>",
        f"  <updated>{updated}</updated>",
        f'  <link rel="self" type="application/atom+xml" href="{escape(feed_url)}"/>',
        f'  <link rel="alternate" type="text/html" href="{escape(absolute(site_url, ""))}"/>',
        f"  <author><name>{escape(author)}</name></author>",
    ]
    for item in newest:
        url = absolute(site_url, index.urls[item.index_no])
        summary = item.summary or item.title
        lines += [
            "  <entry>",
            f"    <id>{escape(url)}</id>",
            f"    <title>{escape(item.title)}</title>",
            f'    <link rel="alternate" type="text/html" href="{escape(url)}"/>',
            f"    <published>{_stamp(item.published)}</published>",
            f"    <updated>{_stamp(max(d for d in (item.published, item.repealed_on) if d))}</updated>",
            f"    <author><name>{escape(item.publisher)}</name></author>",
            f"    <summary>{escape(summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")
