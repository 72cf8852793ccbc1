"""Issue 20, personal data: disguised numbers are found where the source has them, look-alikes are not,
everything a downloader gets from an attachment is scanned, and what cannot be read is said so.

The example cases written by tests/fixtures/make_privacy_cases.py run in test_cases.py; this module checks
that they are what the script writes, and tests the pieces (folding, grouping, cards, extraction) directly.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

import privacyfiles as pf
from zfxxgk.checks.privacy_fold import fold
from zfxxgk.checks.privacy_scan import normalise, scan_text
from zfxxgk.text.extract import extract_text

CASES = Path(__file__).parent / "cases"
AS_OF = date(2026, 11, 1)
A = pf.ID_ADULT


def found(text: str) -> list[tuple[str, str]]:
    """(kind, source slice) of every finding."""
    out = []
    for f in scan_text(text, as_of=AS_OF):
        assert text[f.start:f.end] == f.value
        out.append((f.kind, f.value))
    return out


def test_committed_cases_are_what_the_script_writes() -> None:
    from fixtures.make_privacy_cases import cases

    written = cases()
    assert len(written) == 37
    for folder, files in written.items():
        for rel, data in files.items():
            assert (CASES / folder / rel).read_bytes() == data, f"{folder}/{rel}: run make_privacy_cases.py"
        assert folder.startswith("valid/") or (CASES / folder / "expected.txt").is_file()


DISGUISES = [
    ("spaces", "号码 520201 19850315 1237 。", "520201 19850315 1237"),
    ("dashes", "520201-19850315-1237", "520201-19850315-1237"),
    ("en dashes", "520201–19850315–1237", "520201–19850315–1237"),
    ("dots", "520201.19850315.1237", "520201.19850315.1237"),
    ("groups of four", "5202 0119 8503 1512 37", "5202 0119 8503 1512 37"),
    ("pairs", "52 02 01 19 85 03 15 12 37", "52 02 01 19 85 03 15 12 37"),
    ("full width, ideographic spaces", "５２０２０１\u3000１９８５０３１５\u3000１２３７", None),
    ("zero-width space", "5202011985\u200b03151237", None),
    ("zero-width joiner, BOM, word joiner", "52\u200d0201\ufeff1985\u206003151237", None),
    ("soft hyphen", "5202011985\u00ad03151237", None),
    ("&shy;", "5202011985&shy;03151237", None),
    ("&nbsp;", "520201&nbsp;19850315&nbsp;1237", None),
    ("decimal entity", "号&#53;20201198503151237。", "&#53;20201198503151237"),
    ("hex entity", "&#x35;20201198503151237", None),
    ("every digit an entity", "".join(f"&#{ord(c)};" for c in A), None),
    ("bold", "5202**0119**8503151237", None),
    ("span", "5<span>2020</span>1198503151237", None),
    ("span with attributes", '5<span class="x">2020</span>1198503151237', None),
    ("code", "`520201``19850315``1237`", "520201``19850315``1237"),
    ("letters glued", "ABC520201198503151237xyz", A),
    ("Chinese glued", "号码520201198503151237号", A),
    ("alt text", f'<img src="a.png" alt="{A}">', A),
    ("line break", "520201\n19850315\n1237", None),
    ("digits placed one by one", " ".join(A), None),
    ("Arabic-Indic digits", "٥٢٠٢٠١١٩٨٥٠٣١٥١٢٣٧", None),
    ("mathematical digits", A.translate({ord(c): 0x1D7CE + int(c) for c in "0123456789"}), None),
]


@pytest.mark.parametrize(("text", "value"), [(t, v) for _, t, v in DISGUISES], ids=[d[0] for d in DISGUISES])
def test_disguised_id_number_is_found_at_its_source_span(text: str, value: str | None) -> None:
    assert found(text) == [("id-number", value or text)]


def test_message_quotes_the_source_and_the_number_it_shows() -> None:
    (finding,) = scan_text("&#53;20201198503151237", as_of=AS_OF)
    assert f"「&#53;20201198503151237」（即 {A}）" in finding.message
    assert "5202**********1237" in finding.message


def test_acknowledgment_names_either_form() -> None:
    assert normalise("520201 19850315 1237") == normalise("5202**0119**8503151237") == normalise(A)
    assert normalise("&#53;20201198503151237") == A


def test_fold_maps_offsets_back() -> None:
    text = "a&#53;b<b>c</b>\u200bd"
    folded = fold(text)
    assert folded.text == "a5bcd"
    assert [text[slice(*folded.span(i, i + 1))] for i in range(5)] == ["a", "&#53;", "b", "c", "d"]


LOOK_ALIKES = [
    ("索引号", "11520200MB1C123455/2026-00025"),
    ("all-digit agency code in an 索引号", "520201199001010949/2026-00025"),  # ID- and GB 32100-valid
    ("文号", "六盘水市监发〔2026〕38号"),
    ("dates", "2024-03-08 2024-03-09 2025.01.01 2026/11/22"),
    ("date ranges", "2021-2035 2024.03.08-2024.03.09"),
    ("phone lists", "投诉举报电话：12315、0858-12315，0858 8221234 0858 8221235"),
    ("amounts", "1,234,567.89 元，13575394432.52元"),
    ("masked ID", "5202**********1237"),
    ("card after an order-number label", "订单号 6222021234567890128"),
    ("Luhn-valid, no issuer prefix", "流水 1000000000000009"),
    ("Visa prefix, a length Visa does not use", "4000000000000000006"[:17]),
    ("ID-shaped with a wrong check digit", A[:17] + "0"),
    ("a table of figures", " | ".join(["2024", "1.5", "12", "300"] * 20)),
]


@pytest.mark.parametrize("text", [t for _, t in LOOK_ALIKES], ids=[n for n, _ in LOOK_ALIKES])
def test_look_alikes_are_not_flagged(text: str) -> None:
    assert found(text) == []


def test_unlabelled_card_rule() -> None:
    assert found(f"款项退至 {pf.CARD}") == [("bank-account", pf.CARD)]
    visa = "4111111111111111"
    assert found(f"卡 {visa}") == [("bank-account", visa)]
    assert found(f"批号{visa}") == []


def test_long_runs_stay_linear() -> None:
    """Separated digits and markup in bulk: the grouping and folding take time in proportion to length."""
    texts = ["1 " * 100_000, "12-" * 70_000, "<b>1</b>" * 25_000, "&#49;" * 40_000, "**1" * 70_000]
    for text in texts:
        started = time.process_time()
        scan_text(text, as_of=AS_OF)
        assert time.process_time() - started < 5, text[:10]


# --- attachments: every part a downloader gets ------------------------------------------------------

PARTS = [
    ("docx core properties", "a.docx", pf.docx(creator=f"张某 {A}"), "文档属性"),
    ("docx image alt text", "a.docx", pf.docx(alt=f"身份证照片 {A}"), "图片替代文字"),
    ("docx embedded workbook", "a.docx", pf.docx(embedded_xlsx=pf.xlsx(("名单", A))), "嵌入的文件"),
    ("xlsx comment", "a.xlsx", pf.xlsx(comment=f"已核对身份证 {A}"), "批注"),
    ("xlsx formula without a value", "a.xlsx", pf.xlsx(formula=f'"{A}"&""'), "公式"),
    ("pdf document information", "a.pdf", pf.pdf("Decision", info_title=f"ID {A}"), "PDF 文档信息"),
    ("pdf XMP", "a.pdf", pf.pdf("Decision", xmp_creator=A), "PDF XMP 元数据"),
    ("pdf digits one by one", "a.pdf", pf.pdf("Decision", digits_one_by_one=A), "按位置重排的文字"),
]


@pytest.mark.parametrize(("name", "data", "label"), [p[1:] for p in PARTS], ids=[p[0] for p in PARTS])
def test_hidden_parts_are_scanned(tmp_path: Path, name: str, data: bytes, label: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    text = extract_text(path)
    assert text is not None
    (finding,) = scan_text(text, as_of=AS_OF)
    assert finding.kind == "id-number"
    assert text.rfind("\f" + label, 0, finding.start) >= 0


def test_builders_are_deterministic() -> None:
    assert pf.docx(alt="x") == pf.docx(alt="x") and pf.xlsx(comment="x") == pf.xlsx(comment="x")
    assert pf.pdf("x", xmp_creator="y") == pf.pdf("x", xmp_creator="y")


def test_pivot_cache_and_custom_xml_are_scanned(tmp_path: Path) -> None:
    """A pivot table keeps a copy of its source rows; custom XML holds data bound to content controls."""
    import io
    import zipfile

    for part, xml in (("xl/pivotCache/pivotCacheRecords1.xml", f'<pivotCacheRecords><r><s v="{A}"/></r></pivotCacheRecords>'),
                      ("customXml/item1.xml", f"<data><id>{A}</id></data>")):
        buffer = io.BytesIO(pf.xlsx())
        with zipfile.ZipFile(buffer, "a") as archive:
            archive.writestr(part, xml)
        path = tmp_path / "a.xlsx"
        path.write_bytes(buffer.getvalue())
        text = extract_text(path)
        assert text is not None and "\f数据部件" in text
        assert [f.kind for f in scan_text(text, as_of=AS_OF)] == ["id-number"], part


def test_damaged_attachments_never_raise(tmp_path: Path) -> None:
    """Bytes flipped at random in files with every hidden part: unreadable (None) or text, never an exception
    (bad deflate data raised zlib.error, an unknown compression method NotImplementedError)."""
    import logging
    import random

    logging.disable(logging.WARNING)  # pypdf logs every repair it attempts
    try:
        seeds = {"a.docx": pf.docx(creator=A, alt=A, embedded_xlsx=pf.xlsx((A,), comment=A, formula=A)),
                 "b.xlsx": pf.xlsx((A,), comment=A, formula=A),
                 "c.pdf": pf.pdf("x", info_title=A, xmp_creator=A, digits_one_by_one=A)}
        rng = random.Random(20)
        for _ in range(300):
            name, data = rng.choice(sorted(seeds.items()))
            damaged = bytearray(data)
            for _ in range(rng.randint(1, 8)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
            (tmp_path / name).write_bytes(bytes(damaged))
            text = extract_text(tmp_path / name)
            assert text is None or isinstance(text, str)
    finally:
        logging.disable(logging.NOTSET)
