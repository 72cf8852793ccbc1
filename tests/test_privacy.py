"""Privacy lint (RULES §10): scanning text, acknowledgments, positions, and attachment text extraction."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zfxxgk.checks import privacy_scan as privacy_module
from zfxxgk.checks.privacy_fold import fold
from zfxxgk.checks.privacy_scan import (
    Finding,
    apply_acknowledgments,
    line_col,
    mask,
    read_acknowledgments,
    scan_text,
    stale_acknowledgments,
)
from zfxxgk.problems import RULES
from zfxxgk.text.extract import can_extract, decode_text, extract_text

AS_OF = date(2026, 11, 1)
FIXTURES = Path(__file__).parent / "fixtures" / "privacy"
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


# --- generated test values (computed checksums, nobody's real number) ----------------------------------

def id18(birth: date, area: str = "520201", seq: str = "123") -> str:
    """An 18-digit ID number with a correct ISO 7064 MOD 11-2 check character."""
    body = f"{area}{birth:%Y%m%d}{seq}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def wrong_check(number: str) -> str:
    """The same digits with a different (hence wrong) check character."""
    return number[:17] + ("0" if number[17] != "0" else "1")


def id15(birth: date, area: str = "520201", seq: str = "123") -> str:
    """A legacy 15-digit ID number (YYMMDD, 19YY)."""
    return f"{area}{birth:%y%m%d}{seq}"


def luhn(body: str) -> str:
    """`body` completed with its Luhn check digit."""
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c) * (1 if i % 2 else 2)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


def credit_code(body: str) -> str:
    """A 统一社会信用代码: 17 characters completed with the GB 32100 check character."""
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(body, _CREDIT_WEIGHTS, strict=True))
    return body + _CREDIT_CHARS[(31 - total % 31) % 31]


ADULT = id18(date(1985, 3, 15))
MINOR = id18(date(2012, 6, 1), seq="456")
CARD = luhn("622202123456789012")  # 19 digits
CARD16 = luhn("622848001234567")
WIDE_ADULT = ADULT.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
ID_X = next(n for s in range(1000) if (n := id18(date(1990, 1, 1), seq=f"{s:03d}")).endswith("X"))


def kinds(text: str, allowed_numbers: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(kind, value) of every finding in `text`, scanned as of AS_OF."""
    return [(f.kind, f.value) for f in scan_text(text, as_of=AS_OF, allowed_numbers=allowed_numbers)]


# --- the generators themselves ----------------------------------------------------------------------------

def test_generated_values_are_well_formed() -> None:
    assert len(ADULT) == len(MINOR) == 18 and len(CARD) == 19 and len(CARD16) == 16
    assert credit_code("11520200MB1C12345") == "11520200MB1C123455"  # the sample agency's code (common brief)


# --- scanning: table of cases -----------------------------------------------------------------------------

CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("id with valid checksum", f"身份证号码：{ADULT}。", [("id-number", ADULT)]),
    ("id with lower-case x check", f"身份证号{ID_X.lower()}", [("id-number", ID_X.lower())]),
    ("same digits, wrong checksum", f"身份证号码：{wrong_check(ADULT)}。", []),
    ("impossible date", "身份证号码：520201199002301234。", []),
    ("inside a longer digit run", f"流水号9{ADULT}7", []),
    ("minor", f"身份证号码：{MINOR}", [("minor", MINOR)]),
    ("legacy 15 digits", f"身份证号码：{id15(date(1968, 7, 9))}", [("id-number", id15(date(1968, 7, 9)))]),
    ("legacy 15 digits, bad date", "身份证号码：520201681332123", []),
    ("full-width digits", f"身份证号码：{WIDE_ADULT}", [("id-number", WIDE_ADULT)]),
    ("bank card near 开户行", f"开户行：中国农业银行六盘水分行 {CARD}", [("bank-account", CARD)]),
    ("bank card grouped by 4 after 账号", f"账号：{' '.join(CARD16[i:i + 4] for i in range(0, 16, 4))}",
     [("bank-account", " ".join(CARD16[i:i + 4] for i in range(0, 16, 4)))]),
    ("card failing Luhn", f"账号：{CARD[:-1]}{(int(CARD[-1]) + 1) % 10}", []),
    ("16 digits far from any label", f"账号已核实。{'本案有关情况经调查已经查明属实，' * 2}编号{CARD16}", []),
    ("mobile", "当事人手机：13812345678。", [("mobile", "13812345678")]),
    ("mobile with +86 and hyphens", "联系方式+86 138-1234-5678", [("mobile", "+86 138-1234-5678")]),
    ("mobile inside a longer run", "订单号213812345678", []),
    ("amount is not a mobile", "采购总金额13575394432.52元", []),
    ("hotline short numbers", "投诉举报电话：12315、0858-12315", []),
    ("office landline after 咨询电话", "咨询电话：0858-8220315", []),
    ("office landlines listed after 投诉举报电话", "投诉举报电话：12315、0858-8221234，0858-8221235", []),
    ("person's landline", "当事人联系电话：0858-8123456", [("landline", "0858-8123456")]),
    ("person's mobile after 联系电话", "当事人联系电话：13912345678", [("mobile", "13912345678")]),
    ("label far before a mobile", "投诉举报电话：12315，当事人手机13912345678", [("mobile", "13912345678")]),
    ("address after 家庭住址", "家庭住址：贵州省六盘水市钟山区人民中路88号，",
     [("address", "贵州省六盘水市钟山区人民中路88号")]),
    ("address after 户籍地", "户籍地为盘州市红果镇某村", []),  # already masked with 某
    ("address to county level only", "住址：贵州省六盘水市钟山区。", []),
    ("business premises are public", "经营场所：六盘水市钟山区凉都大道15号；注册地址：钟山区人民路1号", []),
    ("住址 mentioned as a category", "对家庭住址、身份证号码等个人信息进行处理", []),
    ("name after 举报人", "举报人张三反映", [("name", "张三")]),
    ("name after 证人 with colon", "证人：欧阳明辉称", [("name", "欧阳明辉")]),
    ("举报人反映", "举报人反映当事人销售过期食品", []),
    ("举报人的合法权益", "保护举报人的合法权益", []),
    ("举报人称 / 要求 / 于", "举报人称其购买，举报人要求退款，投诉人于2026年3月5日", []),
    ("masked name", "举报人王某某、投诉人李某", []),
    ("证人证言", "证人证言、现场笔录", []),
    ("投诉人陈述", "投诉人陈述称", []),
    ("被投诉人 is the party", "被投诉人赵六", []),
    ("credit code", "统一社会信用代码：11520200MB1C123455", []),
    ("credit code ending in X", f"统一社会信用代码：{credit_code('91520200MA6DJHL22')}", []),
]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in CASES], ids=[c[0] for c in CASES])
def test_scan_text(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


def test_all_digit_credit_code_after_its_label_is_not_an_id() -> None:
    # An ID-shaped 18-digit string that is also a valid all-digit credit code, right after its label.
    for seq in range(1000):
        number = id18(date(1990, 1, 1), seq=f"{seq:03d}")
        if credit_code(number[:17]) == number:
            break
    else:
        pytest.skip("no ID-shaped all-digit credit code in this range")
    assert kinds(f"统一社会信用代码：{number}") == []
    assert kinds(f"身份证号码：{number}") == [("id-number", number)]


def test_minor_is_judged_on_the_day_passed_in() -> None:
    """scan_text judges age on the day it is given; the check passes the decision's date (not --as-of)."""
    born = date(2008, 11, 2)
    number = id18(born)
    assert [f.kind for f in scan_text(number, as_of=date(2026, 11, 1))] == ["minor"]
    assert [f.kind for f in scan_text(number, as_of=date(2026, 11, 2))] == ["id-number"]


def test_minor_is_judged_at_the_decision_date_not_the_check_date(tmp_path: Path) -> None:
    """Issue 19: decided 2026-08-03 about a person born 2008-09-01 (17 then), checked 2026-11-20 (18 by then)."""
    from zfxxgk.checks.privacy import judged_on
    from zfxxgk.items.loader import read_source
    from zfxxgk.items.record import build_item
    from zfxxgk.problems import Problems

    folder = tmp_path / "content" / "2026-00031"
    folder.mkdir(parents=True)
    number = id18(date(2008, 9, 1))
    (folder / "index.md").write_text(
        "---\n索引号: X/2026-00031\n标题: 决定书\n目录: 行政处罚/行政处罚决定\n发布机构: 某局\n成文日期: 2026-08-01\n"
        "处罚时间: 2026-08-03\n发布日期: 2026-08-10\n公开方式: 主动公开\n---\n" + number + "\n", encoding="utf-8")
    source = read_source(folder / "index.md", "index.md", Problems())
    assert source is not None
    item = build_item(source, {})
    day = judged_on(item)
    assert day == date(2026, 8, 3)
    assert [f.kind for f in scan_text(item.body, as_of=day)] == ["minor"]
    assert "2026-08-03 时 17 岁" in scan_text(item.body, as_of=day)[0].message


def test_allowed_numbers_are_not_flagged() -> None:
    text = "当事人电话：0858-8123456，值班手机 139 1234 5678"
    assert kinds(text) == [("landline", "0858-8123456"), ("mobile", "139 1234 5678")]
    assert kinds(text, allowed_numbers=["0858 8123456", "13912345678"]) == []


def test_offsets_point_at_the_value() -> None:
    text = f"第一行\n当事人：张某\n身份证号码：{ADULT}"
    (finding,) = scan_text(text, as_of=AS_OF)
    assert text[finding.start:finding.end] == ADULT
    assert line_col(text, finding.start, base_line=7) == (9, 7)
    assert line_col("abc", 0) == (1, 1)


def test_findings_carry_a_registered_rule_and_a_chinese_message() -> None:
    findings = scan_text(f"身份证号码：{ADULT}；{MINOR}；举报人张三；手机13812345678", as_of=AS_OF)
    assert [(f.kind, f.severity) for f in findings] == [
        ("id-number", "error"), ("minor", "error"), ("name", "warning"), ("mobile", "warning")]
    for f in findings:
        assert f.rule_id in RULES
        assert "国家市场监督管理总局令第45号" in f.message and "第六条" in f.message
    assert "5202**********" + ADULT[-4:] in findings[0].message
    assert "不能通过隐私确认豁免" in findings[1].message
    assert "张某" in findings[2].message


def test_mask() -> None:
    assert mask("id-number", "520201198503151234") == "5202**********1234"
    assert mask("mobile", "138 1234 5678") == "138****5678"
    assert mask("name", "欧阳明辉") == "欧某某某"


# --- realistic decisions (fixtures are templates; numbers are generated here) ------------------------

def test_unmasked_decision() -> None:
    text = (FIXTURES / "decision-unmasked.txt").read_text(encoding="utf-8").format(
        ID_ADULT=ADULT, ID_MINOR=MINOR, MOBILE="13812345678", CARD=CARD)
    assert kinds(text) == [
        ("id-number", ADULT),
        ("address", "贵州省六盘水市钟山区人民中路88号3单元502室"),
        ("mobile", "13812345678"),
        ("name", "刘晓梅"),
        ("name", "王小军"),
        ("minor", MINOR),
        ("bank-account", CARD),
    ]


def test_masked_decision_is_clean() -> None:
    text = (FIXTURES / "decision-masked.txt").read_text(encoding="utf-8").format(
        CREDIT=credit_code("92520201MA6DJHL2X"))
    assert kinds(text) == []


# --- acknowledgments ----------------------------------------------------------------------------------

def test_acknowledgment_drops_exactly_the_named_value() -> None:
    findings = scan_text("当事人手机：138-1234-5678；证人手机：13912345678", as_of=AS_OF)
    assert [f.value for f in findings] == ["138-1234-5678", "13912345678"]
    kept = apply_acknowledgments(findings, ["138 1234 5678"])
    assert [f.value for f in kept] == ["13912345678"]


def test_a_minor_can_never_be_acknowledged() -> None:
    findings = scan_text(f"{MINOR}，{ADULT}", as_of=AS_OF)
    kept = apply_acknowledgments(findings, [MINOR, ADULT])
    assert [(f.kind, f.value) for f in kept] == [("minor", MINOR)]


def test_stale_acknowledgment() -> None:
    findings = scan_text("举报人张三", as_of=AS_OF)
    stale = stale_acknowledgments(findings, ["张三", "13800000000"])
    assert [(f.kind, f.value, f.severity) for f in stale] == [("stale-ack", "13800000000", "warning")]
    assert "隐私确认" in stale[0].message


@pytest.mark.parametrize(
    ("raw", "values", "errors"),
    [
        (None, [], 0),
        ([{"内容": "138-1234-5678", "理由": "当事人同意公开的经营电话"}], ["138-1234-5678"], 0),
        ([{"内容": "张三"}], [], 1),
        ([{"理由": "x"}, "张三"], [], 2),
        ("张三", [], 1),
    ],
)
def test_read_acknowledgments(raw: object, values: list[str], errors: int) -> None:
    acks, problems = read_acknowledgments(raw)
    assert [a.value for a in acks] == values
    assert len(problems) == errors
    assert all("隐私确认" in p for p in problems)


PRIVACY_ALPHABET = "0123456789 -+Xx：:（）账号开户行举报人证张王某住址家庭路号电话热线\n。，"


@given(st.text(alphabet=st.sampled_from(list(PRIVACY_ALPHABET))) | st.text())
def test_scan_text_never_raises(text: str) -> None:
    for finding in scan_text(text, as_of=AS_OF):
        assert isinstance(finding, Finding)
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.value


GATE_TOKENS = ["13812345678", "138 1234 5678", "１３８－１２３４－５６７８", "+86 ", "(0858) ", "0858-8221234",
               ADULT, WIDE_ADULT, MINOR, CARD, "6222 0212 3456 7890", "6222\u30000212\u00a03456", "2021-2035",
               "家庭住址：", "现居住地", "户籍所在地", "家庭地址", "举报人", "投诉人", "证人", "银行账号", "热线电话",
               "统一社会信用代码", "1", "3", "-", " ", "元", "某", "张", "路12号",
               # disguises (see test_privacy_disguises.py): entities, markup, invisible characters, groups
               "&#53;", "&#x35;", "&shy;", "&nbsp;", "<b>", "</span>", "**", "\u200b", "\ufeff", ".", "\n",
               "520201 19850315 1237", "5202-0119-8503-1512-37", "6222021234567890128"]


@given(st.lists(st.sampled_from(GATE_TOKENS) | st.text(alphabet=st.sampled_from(list(PRIVACY_ALPHABET)),
                                                       max_size=4), max_size=12).map("".join))
def test_pre_tests_never_hide_a_finding(text: str) -> None:
    """scan_text skips a group of detectors when its pre-test fails; running every detector finds no more."""
    folded = fold(text)  # every detector on the text as a reader sees it, moved back to the source
    everything = [(f.kind, *folded.span(f.start, f.end))
                  for f in privacy_module._scan(folded.text, AS_OF, frozenset(), True, True, True)]
    assert [(f.kind, f.start, f.end) for f in scan_text(text, as_of=AS_OF)] == everything
    if not privacy_module.may_find(text):  # nor in any part of it (the check tests all fields at once)
        assert everything == [] and scan_text(text[len(text) // 2:], as_of=AS_OF) == []


def test_allowed_numbers_may_be_any_iterable() -> None:
    text = "当事人电话：0858-8221234"
    assert scan_text(text, as_of=AS_OF, allowed_numbers=["0858-8221234"]) == []
    assert scan_text(text, as_of=AS_OF, allowed_numbers=iter(["08588221234"])) == []
    assert [f.kind for f in scan_text(text, as_of=AS_OF, allowed_numbers=())] == ["landline"]


# --- attachment text ----------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(path: Path, body: str, header: str = "") -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
        if header:
            z.writestr("word/header1.xml", f'<w:hdr xmlns:w="{W}">{header}</w:hdr>')
    return path


def test_docx_paragraphs_tables_and_headers(tmp_path: Path) -> None:
    body = (
        "<w:p><w:r><w:t>身份证号码：</w:t></w:r><w:r><w:t>" + ADULT + "</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>账号</w:t><w:tab/><w:t>" + CARD + "</w:t></w:r></w:p>"
        "</w:tc></w:tr></w:tbl>"
        "<w:p><w:r><w:delText>举报人刘晓梅</w:delText></w:r></w:p>"
    )
    path = _docx(tmp_path / "决定书.docx", body, header="<w:p><w:r><w:t>手机13812345678</w:t></w:r></w:p>")
    text = extract_text(path)
    assert text == f"身份证号码：{ADULT}\n账号\t{CARD}\n举报人刘晓梅\n手机13812345678"
    assert [f.kind for f in scan_text(text, as_of=AS_OF)] == ["id-number", "bank-account", "name", "mobile"]


def test_txt_utf8_and_gb18030(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"身份证号码：{ADULT}", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(f"身份证号码：{ADULT}".encode("gb18030"))
    assert extract_text(tmp_path / "a.txt") == extract_text(tmp_path / "b.txt") == f"身份证号码：{ADULT}"
    assert decode_text(b"\xef\xbb\xbfabc") == "abc"


def test_xlsx(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "名单"
    book.active.append(["姓名", "身份证号码"])
    book.active.append(["张三", ADULT])
    book.save(tmp_path / "名单.xlsx")
    text = extract_text(tmp_path / "名单.xlsx")
    assert text is not None
    # The cells first; the workbook's properties (written by openpyxl) follow as a labelled section.
    assert text.split("\n\f")[0] == f"名单\n姓名\t身份证号码\n张三\t{ADULT}"


def test_corrupt_or_unsupported_files_give_none(tmp_path: Path) -> None:
    for name in ("bad.docx", "bad.xlsx", "bad.xls", "bad.pdf"):
        (tmp_path / name).write_bytes(b"\x00not really a document\xff")
        assert extract_text(tmp_path / name) is None, name
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("word/document.xml", "<w:document><unclosed>")
    assert extract_text(broken) is None
    (tmp_path / "scan.jpg").write_bytes(b"\xff\xd8")
    assert extract_text(tmp_path / "scan.jpg") is None and not can_extract(tmp_path / "scan.jpg")
    assert extract_text(tmp_path / "missing.txt") is None


def test_pdf_text(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    path = tmp_path / "a.pdf"
    path.write_bytes(_minimal_pdf("Tel 13812345678"))
    text = extract_text(path)
    assert text is not None and "13812345678" in text


def _minimal_pdf(line: str) -> bytes:
    """A one-page PDF showing `line` in Helvetica, with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_text_memo_extracts_each_content_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    from zfxxgk.cache import Cache
    from zfxxgk.text import extract as textextract

    data = f"身份证号码：{ADULT}".encode()
    digest = hashlib.sha256(data).hexdigest()
    for name in ("a.txt", "b.md", "c.docx"):
        (tmp_path / name).write_bytes(data)
    calls: list[str] = []
    real = textextract.extract_text
    monkeypatch.setattr(textextract, "extract_text", lambda path: calls.append(path.name) or real(path))
    cache = Cache(tmp_path / "cache", "salt")
    memo = textextract.TextMemo(cache)
    assert memo.text(tmp_path / "a.txt", digest) == memo.text(tmp_path / "b.md", digest) == f"身份证号码：{ADULT}"
    assert memo.text(tmp_path / "c.docx", digest) is None  # another extractor: read on its own, unreadable
    assert calls == ["a.txt", "c.docx"]
    cache.close()
    again = textextract.TextMemo(Cache(tmp_path / "cache", "salt"))  # the next run: from the cache
    assert again.text(tmp_path / "b.md", digest) == f"身份证号码：{ADULT}"
    assert again.text(tmp_path / "c.docx", digest) is None
    assert calls == ["a.txt", "c.docx"]
    assert textextract.TextMemo(None).text(tmp_path / "a.txt", digest) == f"身份证号码：{ADULT}"
