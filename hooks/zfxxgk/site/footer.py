"""The footer required by 国办秘函〔2019〕19号: 主办单位, 地址, 电话, 网站标识码, ICP备案, 公安备案."""

from __future__ import annotations

import re

from zfxxgk.settings import Agency
from zfxxgk.html.markup import e

ICP_URL = "https://beian.miit.gov.cn/"
POLICE_URL = "https://beian.gov.cn/portal/registerSystemInfo"
_POLICE_NO = re.compile(r"(\d{8,})")


def police_url(number: str) -> str:
    """The 公安备案 lookup link; the record number is passed when the setting contains one."""
    match = _POLICE_NO.search(number)
    return f"{POLICE_URL}?recordcode={match[1]}" if match else "https://beian.gov.cn/"


def footer_html(agency: Agency) -> str:
    """The footer's inner HTML (inside Material's <footer>), every value from settings."""
    contact = [f"主办单位：{e(agency.name)}", f"地址：{e(agency.address)}"]
    if agency.postcode:
        contact.append(f"邮编：{e(agency.postcode)}")
    contact.append(f"电话：{e(agency.phone)}")
    if agency.email:
        contact.append(f"电子邮箱：{e(agency.email)}")
    records = [
        f"网站标识码：{e(agency.site_code)}",
        f'<a href="{ICP_URL}" rel="noopener">{e(agency.icp)}</a>',
        f'<a href="{e(police_url(agency.police))}" rel="noopener">{e(agency.police)}</a>',
    ]
    return (
        f'<p class="zfxxgk-footer__line">{"<span>" + "</span><span>".join(contact) + "</span>"}</p>'
        f'<p class="zfxxgk-footer__line">{"<span>" + "</span><span>".join(records) + "</span>"}</p>'
    )
