"""依申请公开: the guide page and the 政府信息公开申请表 as a real Word (.docx) file built at each build."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from zfxxgk.settings import Agency
from zfxxgk.html.markup import e, human_size
from zfxxgk.ziputil import write_zip

FORM_FILE = "zfxxgk-sqb.docx"
FORM_NAME = "政府信息公开申请表.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "申请人信息（公民）",
        ("姓名", "工作单位", "证件名称", "证件号码", "联系电话", "邮政编码", "通信地址", "电子邮箱"),
    ),
    (
        "申请人信息（法人或者其他组织）",
        (
            "名称",
            "统一社会信用代码",
            "法定代表人或者负责人",
            "联系人姓名",
            "联系人电话",
            "通信地址",
            "电子邮箱",
        ),
    ),
    ("所需信息情况", ("所需政府信息的名称、文号或者便于查询的其他特征性描述", "所需信息的用途（选填）")),
    (
        "获取方式",
        (
            "提供方式：□纸质 □电子邮件 □光盘 □其他",
            "获取方式：□邮寄 □电子邮件 □传真 □自行领取 □当场阅读、抄录",
        ),
    ),
    ("申请人签名（盖章）", ("签名（盖章）", "申请时间")),
)


def _p(text: str, *, bold: bool = False, center: bool = False, size: int = 24) -> str:
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    rpr = f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="{size}"/></w:rPr>'
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _cell(content: str, width: int, span: int = 1) -> str:
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}</w:tcPr>{content}</w:tc>'


def _document(agency: Agency) -> str:
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    rows = []
    for heading, labels in SECTIONS:
        rows.append(f"<w:tr>{_cell(_p(heading, bold=True), 9000, 2)}</w:tr>")
        rows += [f"<w:tr>{_cell(_p(label), 3600)}{_cell(_p(''), 5400)}</w:tr>" for label in labels]
    table = (
        f'<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/><w:tblBorders>{border}</w:tblBorders></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="3600"/><w:gridCol w:w="5400"/></w:tblGrid>{"".join(rows)}</w:tbl>'
    )
    body = "".join(
        [
            _p("政府信息公开申请表", bold=True, center=True, size=36),
            _p(f"受理机关：{agency.name}"),
            table,
            _p(
                f"受理地址：{agency.address}{'（邮编 ' + agency.postcode + '）' if agency.postcode else ''}",
                size=21,
            ),
            _p(
                f"咨询电话：{agency.phone}{'　传真：' + agency.fax if agency.fax else ''}"
                f"{'　电子邮箱：' + agency.email if agency.email else ''}",
                size=21,
            ),
            _p(
                "依据《中华人民共和国政府信息公开条例》第二十九条，申请人应当提供身份证明，写明所需信息的名称、文号或者"
                "便于查询的其他特征性描述，以及获取信息的方式、途径。",
                size=21,
            ),
        ]
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>{body}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" '
        'w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>'
    )


def application_form(agency: Agency, when: dt.date) -> bytes:
    """The application form as a .docx (WordprocessingML) with fixed dates, byte-identical per input."""
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/></Relationships>'
    )
    stamp = f"{when.isoformat()}T00:00:00Z"
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>政府信息公开申请表</dc:title><dc:creator>{escape(agency.name)}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'
    )
    parts = {"[Content_Types].xml": types, "_rels/.rels": rels, "docProps/core.xml": core,
             "word/document.xml": _document(agency)}
    return write_zip(parts.items(), when)


def application_page(agency: Agency, form_size: int, crumbs: str) -> str:
    """The 依申请公开 guide (受理机构, 方式, 期限, 收费, 救济) with the form's download link."""
    fax = f"<li>传真：{e(agency.fax)}</li>" if agency.fax else ""
    mail = f"<li>电子邮箱：{e(agency.email)}</li>" if agency.email else ""
    post = f"（邮编 {e(agency.postcode)}）" if agency.postcode else ""
    return f"""{crumbs}
<h1>依申请公开</h1>
<p>公民、法人或者其他组织可以向{e(agency.name)}申请获取主动公开以外的政府信息（《中华人民共和国政府信息公开条例》第二十七条）。</p>
<h2 id="slj">受理机构</h2>
<ul><li>受理机关：{e(agency.name)}</li><li>地址：{e(agency.address)}{post}</li>
<li>办公时间：{e(agency.hours)}</li><li>咨询电话：{e(agency.phone)}</li>{fax}{mail}</ul>
<h2 id="sqb">申请表下载</h2>
<p><a href="{FORM_FILE}" download="{FORM_NAME}">政府信息公开申请表</a>
<span class="zfxxgk-file">（Word 文档，{e(human_size(form_size))}）</span></p>
<h2 id="fs">申请方式</h2>
<p>申请人可以当面提交、邮寄或者传真申请表，也可以发送电子邮件。申请应当包括申请人的姓名或者名称、身份证明、联系方式；所需政府信息的名称、文号或者便于查询的其他特征性描述；获取信息的方式、途径（条例第二十九条）。</p>
<h2 id="qx">答复期限</h2>
<p>能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日（条例第三十三条）。</p>
<h2 id="sf">收费</h2>
<p>提供政府信息不收取费用。申请公开政府信息的数量、频次明显超过合理范围的，可以收取信息处理费（条例第四十二条）。</p>
<h2 id="jj">监督和救济</h2>
<p>申请人认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（条例第五十一条）。</p>"""
