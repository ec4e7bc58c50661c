"""Readers: decoding, dispatch, front-matter Markdown, HTML, .docx, .pdf and bad input."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongtrao.errors import InputError
from phongtrao.extract import readers
from phongtrao.extract.normalize import normalize, normalize_name
from phongtrao.extract.readers import decode_bytes, local_date, read_bytes, read_path, split_front_matter
from tests.conftest import SHARED

DAKSONG = SHARED / "real" / "daksong"
PORTAL_HN = SHARED / "real" / "portal-hn"
needs_daksong = pytest.mark.skipif(not DAKSONG.is_dir(), reason="../shared/real/daksong is absent")
needs_portal = pytest.mark.skipif(not PORTAL_HN.is_dir(), reason="../shared/real/portal-hn is absent")

SENTENCE = (
    "Ban Chỉ đạo phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa kiểm tra công tác thi đua tại xã Bình Hòa"
)
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: tone marks as combining characters."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        tone = "".join(c for c in parts if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


# ---------------------------------------------------------------------------------------
# Decoding


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (SENTENCE.encode("utf-8"), SENTENCE),
        (b"\xef\xbb\xbf" + SENTENCE.encode("utf-8"), SENTENCE),
        (SENTENCE.encode("utf-16"), SENTENCE),
        (SENTENCE.encode("utf-16-le"), SENTENCE),
        (SENTENCE.encode("utf-16-be"), SENTENCE),
        (SENTENCE.encode("utf-32"), SENTENCE),
        (unicodedata.normalize("NFD", SENTENCE).encode("utf-8"), SENTENCE),
        ("Văn hóa".encode("cp1258"), "Văn hóa"),
        (cp1258(SENTENCE), SENTENCE),
        (cp1258("Dân vận khéo"), "Dân vận khéo"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "utf32", "nfd", "cp1258-short", "cp1258", "cp1258-2"],
)
def test_decode_then_normalize(data: bytes, expected: str) -> None:
    assert normalize(decode_bytes(data, "f.txt")) == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary file, not text"),
        (b"PK\x03\x04" + b"\x00" * 100, "binary file, not text"),
        (bytes(range(32)) * 20, "binary file, not text"),
        (b"\x00\x00\xff\xfe" + b"\x01" * 63, "binary file, not text"),
    ],
    ids=["empty", "blank", "png", "zip", "controls", "nul"],
)
def test_decode_refuses(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "f.txt")
    assert caught.value.reason == reason
    assert str(caught.value).startswith("f.txt: ")


# ---------------------------------------------------------------------------------------
# Files: bad input


def _expect_error(path: Path, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        read_path(path)
    assert str(path) in str(caught.value)
    assert caught.value.where == str(path)
    assert re.search(reason, caught.value.reason), caught.value.reason


def test_missing_file(tmp_path: Path) -> None:
    _expect_error(tmp_path / "khong-co.txt", "^no such file$")


def test_directory(tmp_path: Path) -> None:
    _expect_error(tmp_path, "^is a directory$")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    _expect_error(path, "^empty file$")


def test_binary_junk(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(os.urandom(2048) + b"\x00" * 16)
    _expect_error(path, "^binary file, not text$")


def test_png_renamed_txt(tmp_path: Path) -> None:
    path = tmp_path / "anh.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
    _expect_error(path, "^binary file, not text$")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Tiêu đề\n\nNội dung.", encoding="utf-8")
    path.chmod(0)
    try:
        _expect_error(path, "^permission denied$")
    finally:
        path.chmod(0o644)


def test_too_big(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_text("Tiêu đề\n\n" + "Nội dung bài viết. " * 20, encoding="utf-8")
    _expect_error(path, "^file larger than 50 MB$")


def test_no_other_exception_escapes(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(readers, "read_plain_text", broken)
    with pytest.raises(InputError, match=r"^x\.txt: cannot read: RuntimeError: boom$"):
        read_bytes("Tiêu đề\n\nNội dung.".encode(), "x.txt")


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("cp1258.txt", cp1258("Tập huấn phong trào\n\n" + SENTENCE + "."), SENTENCE + "."),
        ("utf16.txt", ("Tập huấn phong trào\n\n" + SENTENCE + ".").encode("utf-16"), SENTENCE + "."),
        ("utf16-nobom.txt", ("Tập huấn phong trào\n\n" + SENTENCE + ".").encode("utf-16-le"), SENTENCE + "."),
        ("nfd.txt", unicodedata.normalize("NFD", "Tập huấn phong trào\n\n" + SENTENCE + ".").encode(), SENTENCE + "."),
        ("khong-duoi", ("Tập huấn phong trào\n\n" + SENTENCE + ".").encode(), SENTENCE + "."),
    ],
)
def test_text_files_in_any_encoding(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    article = read_path(path)
    assert article.title == "Tập huấn phong trào"
    assert article.text == expected
    assert article.source == str(path)


def test_published_argument(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Tập huấn phong trào\n\n" + SENTENCE + ".", encoding="utf-8")
    assert read_path(path, published="2019-11-01").published == "2019-11-01"


def test_read_bytes_from_stdin_sniffs_the_format() -> None:
    page = b"<!DOCTYPE html><html><head><title>Tin</title></head><body><p>" + SENTENCE.encode() + b".</p></body></html>"
    assert read_bytes(page, "-").text == SENTENCE + "."
    assert read_bytes((SENTENCE + ".").encode(), "-").text == SENTENCE + "."


# ---------------------------------------------------------------------------------------
# .docx


def _docx(build) -> bytes:  # type: ignore[no-untyped-def]
    import docx

    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_real_docx(tmp_path: Path) -> None:
    def build(document) -> None:  # type: ignore[no-untyped-def]
        document.add_paragraph("ỦY BAN NHÂN DÂN HUYỆN CHÂU THÀNH")
        document.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        document.add_paragraph("Độc lập - Tự do - Hạnh phúc")
        document.add_paragraph("Số: 40-KH/BCĐ")
        document.add_paragraph("Bình Phước, ngày 27 tháng 11 năm 2013")
        document.add_paragraph("KẾ HOẠCH")
        document.add_paragraph("Phát động thi đua thực hiện Quy chế dân chủ cơ sở")
        document.add_paragraph("Thực hiện Kế hoạch số 13-KH/HU, ngày 20/11/2015 của Ban Thường vụ Huyện ủy.")
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "Đơn vị", "Chỉ tiêu"
        table.cell(1, 0).text, table.cell(1, 1).text = "xã Bình Hòa", "100%"

    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(_docx(build))
    article = read_path(path)
    assert article.title == "Kế hoạch Phát động thi đua thực hiện Quy chế dân chủ cơ sở"
    assert article.published == "2013-11-27"
    assert "Số: 40-KH/BCĐ" in article.text
    assert "Thực hiện Kế hoạch số 13-KH/HU, ngày 20/11/2015 của Ban Thường vụ Huyện ủy." in article.text
    assert "xã Bình Hòa | 100%" in article.text
    assert "Độc lập" not in article.text


def test_docx_heading_and_byline(tmp_path: Path) -> None:
    def build(document) -> None:  # type: ignore[no-untyped-def]
        document.add_heading("Sơ kết Khối thi đua năm 2020", 1)
        document.add_paragraph("Sáng ngày 30/6/2020, cụm thi đua Khối Dân vận các xã tiến hành họp sơ kết.")
        document.add_paragraph("Mỹ Nhiên")

    path = tmp_path / "tin.docx"
    path.write_bytes(_docx(build))
    article = read_path(path)
    assert article.title == "Sơ kết Khối thi đua năm 2020"
    assert article.authors == ("Mỹ Nhiên",)
    assert article.text == "Sáng ngày 30/6/2020, cụm thi đua Khối Dân vận các xã tiến hành họp sơ kết."


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04" + os.urandom(300), "^not a valid .docx: "),
        (b"day khong phai docx", "^not a valid .docx: "),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200, "^not a valid .docx: encrypted"),
    ],
    ids=["zip-junk", "text", "ole-encrypted"],
)
def test_corrupt_docx(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "hong.docx"
    path.write_bytes(data)
    _expect_error(path, reason)


def test_zip_that_is_not_docx(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "archive.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "xin chào")
    _expect_error(path, "^binary file, not text$")


# ---------------------------------------------------------------------------------------
# .pdf


def _text_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF with a Helvetica text layer, offsets computed."""
    stream = "BT /F1 12 Tf 50 800 Td " + " ".join(f"({line}) Tj 0 -16 Td" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_pdf_with_text(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(
        _text_pdf(
            [
                "Binh Phuoc, ngay 27 thang 11 nam 2013",
                "BAO CAO",
                "Ket qua phong trao thi dua nam 2013",
                "Trong nam, cac xa da to chuc tot phong trao thi dua.",
            ]
        )
    )
    article = read_path(path)
    assert article.published == "2013-11-27"
    assert article.title == "Bao cao Ket qua phong trao thi dua nam 2013"
    assert "Trong nam, cac xa da to chuc tot phong trao thi dua." in article.text


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    _expect_error(path, r"^PDF has no text layer \(scanned\?\)$")


def test_encrypted_pdf(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("mat-khau", algorithm="RC4-128")
    path = tmp_path / "khoa.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    _expect_error(path, "^encrypted PDF$")


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "hong.pdf"
    path.write_bytes(b"%PDF-1.4\n" + os.urandom(200))
    _expect_error(path, "^(not a valid PDF: |PDF has no text layer)")


# ---------------------------------------------------------------------------------------
# Front matter


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-12-08T19:00:00.000Z", "2019-12-09"),
        ("2019-08-15T06:36:00.000Z", "2019-08-15"),
        ("2020-10-05T00:31:00.000Z", "2020-10-05"),
        ("06-03-2018 15:15:15", "2018-03-06"),
        ("2018-06-23", "2018-06-23"),
        (dt.datetime(2019, 12, 8, 19, 0, tzinfo=dt.UTC), "2019-12-09"),
        (dt.date(2020, 1, 2), "2020-01-02"),
        ("", None),
        (None, None),
        ("không rõ", None),
    ],
)
def test_local_date(value: object, expected: str | None) -> None:
    assert local_date(value) == expected


ARTICLE_MD = """---json
{
    "title": "Lễ phát động phong trào  Toàn dân bảo vệ an ninh Tổ quốc",
    "date": "2019-12-08T19:00:00.000Z",
    "description": "Sáng ngày 8/10, Ban chỉ đạo tổ chức Lễ phát động tại xã Trường Xu\\u00e2n.",
    "tai_lieu_dinh_kem": ""
}
---
<p style="text-align:center"><img alt="" src="/img/a.PNG" /></p>

<p style="text-align:center"><strong>Quang cảnh lễ ph&aacute;t động</strong></p>

<p>&nbsp;&nbsp;&nbsp;&nbsp; Tại buổi lễ, c&aacute;c đại biểu đ&atilde; nghe b&aacute;o c&aacute;o kết quả
x&acirc;y dựng phong tr&agrave;o tại x&atilde; Trường Xu&acirc;n.<span style="display:none">ẩn</span></p>

<p class="MsoNormal">Phong trào được nhân dân hưởng ứng.<o:p></o:p></p>

<p>&nbsp;</p>

<p style="text-align:right">NBSP <strong>Lê Xuân _ Kim Ngân.</strong></p>
""".replace("NBSP", "&nbsp;" * 75)


def test_front_matter_article(tmp_path: Path) -> None:
    path = tmp_path / "bai.md"
    path.write_text(ARTICLE_MD, encoding="utf-8")
    article = read_path(path)
    assert article.title == "Lễ phát động phong trào Toàn dân bảo vệ an ninh Tổ quốc"
    assert article.published == "2019-12-09"
    assert article.authors == ("Lê Xuân", "Kim Ngân")
    assert article.captions == ("Quang cảnh lễ phát động",)
    assert article.text == (
        "Sáng ngày 8/10, Ban chỉ đạo tổ chức Lễ phát động tại xã Trường Xuân.\n\n"
        "Quang cảnh lễ phát động\n\n"
        "Tại buổi lễ, các đại biểu đã nghe báo cáo kết quả xây dựng phong trào tại xã Trường Xuân.\n\n"
        "Phong trào được nhân dân hưởng ứng."
    )


def test_compact_front_matter_and_word_markup(tmp_path: Path) -> None:
    text = (
        '---json\n{"title":"tập huấn công tác chuẩn hóa địa danh","description":"Hội nghị tập huấn\\n",'
        '"date":"2018-06-23T00:00:00.000Z","draft":""}\n---\n'
        '<p class="MsoNormal" align="center"><b><span>Hội nghị tập huấn<o:p></o:p></span></b></p>\n'
        '<p class="MsoNormal"><span>Tham gia hội nghị có đồng chí Nguyễn\nVăn Phò chủ trì hội nghị.'
        '<o:p></o:p></span></p>\n<p><img src="file:///C:\\Users\\A\\clip_image002.jpg" alt="C:\\Users"></p>\n'
        '<p class="MsoNormal" align="right"><b><span>Trí Song<o:p></o:p></span></b></p>'
    )
    path = tmp_path / "word.md"
    path.write_text(text, encoding="utf-8")
    article = read_path(path)
    assert article.title == "tập huấn công tác chuẩn hóa địa danh"
    assert article.published == "2018-06-23"
    assert article.authors == ("Trí Song",)
    assert article.text == "Hội nghị tập huấn\n\nTham gia hội nghị có đồng chí Nguyễn Văn Phò chủ trì hội nghị."


def test_yaml_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "yaml.md"
    path.write_text(
        "---\ntitle: Hội thi cán bộ\ndate: 2019-08-27T09:10:00Z\n---\n<p>Ngày 20/8/2019, Hội thi diễn ra.</p>\n",
        encoding="utf-8",
    )
    article = read_path(path)
    assert (article.title, article.published, article.text) == (
        "Hội thi cán bộ",
        "2019-08-27",
        "Ngày 20/8/2019, Hội thi diễn ra.",
    )


def test_middle_byline_and_sources(tmp_path: Path) -> None:
    body = (
        "<p>Kỳ họp diễn ra trong không khí đoàn kết.</p><p>Biên tập</p><p>Huỳnh Tấn Tuấn.</p>"
        "<p>Kỳ họp đã thống nhất thông qua 7 Nghị quyết.</p><p>Tin, ảnh: Thanh Bình</p>"
        '<p><a href="http://baodaknong.org.vn/a-76310.html">http://baodaknong.org.vn/a-76310.html</a></p>'
    )
    path = tmp_path / "giua.md"
    path.write_text('---json\n{"title": "Kỳ họp", "date": "2020-10-09T03:55:00.000Z"}\n---\n' + body, encoding="utf-8")
    article = read_path(path)
    assert article.authors == ("Huỳnh Tấn Tuấn", "Thanh Bình")
    assert article.text == "Kỳ họp diễn ra trong không khí đoàn kết.\n\nKỳ họp đã thống nhất thông qua 7 Nghị quyết."


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ('{"title": "Thông báo", "tai_lieu_dinh_kem": "/img/01-TB-UBND.PDF"}', r"^document stub: .*01-TB-UBND\.PDF"),
        ('{"title": "Tổ Đại biểu HĐND huyện", "description": ""}', "^no article text found$"),
    ],
)
def test_stubs(tmp_path: Path, front: str, reason: str) -> None:
    path = tmp_path / "stub.md"
    path.write_text(f"---json\n{front}\n---\n\n", encoding="utf-8")
    _expect_error(path, reason)


def test_bad_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text('---json\n{"title": "thiếu ngoặc"\n---\n<p>Nội dung.</p>', encoding="utf-8")
    _expect_error(path, "^front matter is not valid JSON or YAML")


def test_markdown_without_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_text("# Tập huấn phong trào\n\n" + SENTENCE + ".\n", encoding="utf-8")
    article = read_path(path)
    assert (article.title, article.text) == ("Tập huấn phong trào", SENTENCE + ".")


# ---------------------------------------------------------------------------------------
# Đắk Song articles (../shared/real/daksong)

DAKSONG_BYLINES = {
    "btg-hu-tchn-tong-ket-cong-tac-tuyen-truyen-dau-tranh-tren-khong-gian-mang-2019.md": ["Vương Hợp"],
    "ubnd-huyen-kiem-tra-cong-tac-phong-chong-bao-lut-tai-xa-truong-xuan.md": ["V.H"],  # "V.H ĐTT.": ĐTT is a unit
    "hoi-thi-can-bo-hoi-phu-nu-co-so-gioi-nam-2019.md": ["Lê Xuân", "Kim Ngân"],
    "ubnd-huyen-to-chuc-so-ket-qs-qp-dia-phuong-6-dau-2019-nhiem-vu-2020.md": ["Vương Hợp"],
    "hn-so-ket-cttcxd-dang-6-thang-dau-phuong-huong-nv-6-thang-cuoi-2019.md": ["Kim Ngân"],
    "tc-sk-cong-tac-tuyen-giao-6-thang-dau-nam-phnv-6-thang-cuoi-nam-2019.md": ["Kim Ngân"],
    "dbqs-huyen-to-chuc-hoi-nghi-ra-nghi-quyet-nv-6-2019.md": ["Kim Ngân"],
    "ubnd-huyen-to-chuc-hoi-nghi-tong-ket-va-trien-khai-phuong-huong-nhiem-vu-nam-hoc-2019-2020.md": ["Kim Ngân"],
    "le-phat-dong-phong-trao-toan-dan-bao-ve-an-ninh-to-quoc-tai-xa-truong-xuan.md": ["Lê Xuân"],
    "05102020-01.md": ["Vương Hợp"],
    "75-nam-ngay-truyen-thong-cand-viet-nam-va-15-nam-ngay-hoi-toan-dan-bao-ve-antq.md": ["Vương Hợp"],
    "khai-giang-lop-boi-duong-chinh-tri-he-cho-vien-chuc-nganh-giao-duc-huyen-nam-2020.md": ["Vương Hợp"],
    "09-10-2020-01.md": ["Huỳnh Tấn Tuấn"],
    "2812202002.md": ["Vương Hợp"],
    "23-11-2020-01.md": ["Lê Xuân"],
    "chi-bo-thon-8-xa-nam-binh-to-chuc-dai-hoi-dang-vien-lan-thu-xiii-nhiem-ky-2020-2022.md": ["Lê Xuân", "Vương Hợp"],
    "huyen-dak-song-to-chuc-le-giao-nhan-quan-nam-2020.md": ["Quốc Nhân"],
    "02-chinh-tri-xa-ho-2020.md": [],
    "hn-tk-2019-va-tknv-2020-giao-chi-tieu-kh-phat-trien-ktxh-va-du-toan-nsnc-2020.md": ["Vương Hợp"],
    "ket-thuc-giai-kickboxing-tinh-dak-nong-mo-rong-nam-2019.md": ["Thanh Bình"],
    "hdnd-huyen-to-chuc-ky-hop-thu-9-hdnd-huyen-khoa-iv-nk-2016-2021.md": ["Quốc Nhân"],
    "ubnd-huyen-quoc-phong-thang-11-thang-12-nam-2019.md": ["Quốc Nhân", "Vương Hợp"],
    "hoi-lhpn-huyen-to-chuc-gap-mat-nu-lanh-dao-nu-doanh-nghiep-nam-2019.md": ["Kim Ngân"],
    "tap-huan-ctnv-quan-ly-duong-bien-cot-moc-cho-cac-to-tu-quan-xa-thuan-ha-va-thuan-hanh.md": ["Lê Xuân"],
    "chu-tich-ubnd-cap-xa-voi-phap-luat-lan-thu-ii.md": ["Kim Ngân", "Vương Hợp"],
    "tap-huan-cong-tac-chuan-hoa-dia-danh.md": ["Trí Song"],
    "1012202005.md": [],
}
DAKSONG_STUBS = {
    "01-tb-ubnd-dak-song-09-01-2020.md": r"^document stub: no article text \(links only to /img/01-TB-UBND",
    "tdb-hdnd-huyen-txct-tai-tt-duc-an-sau-ky-hop-8-hdnd-huyen-khoa-iv-16-21.md": "^no article text found$",
}
# Phrases that must not survive in any body: byline labels, source lines, markup, entities.
DAKSONG_DEBRIS = ["Theo chinhphu", "Theo Cổng thông tin", "Tin, ảnh", "Biên tập", "http", "TTVHT", "ĐTT", "<", "&"]


def _front(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---json\n(.*?)\n---", text, re.S)
    assert match
    return json.loads(match.group(1))


def _expected_local_date(value: str) -> str:
    moment = dt.datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=dt.UTC)
    return (moment + dt.timedelta(hours=7)).date().isoformat()


@needs_daksong
@pytest.mark.shared
def test_daksong_folder_is_covered() -> None:
    names = {path.name for path in DAKSONG.glob("*.md")}
    assert names == set(DAKSONG_BYLINES) | set(DAKSONG_STUBS)


@needs_daksong
@pytest.mark.shared
@pytest.mark.parametrize(("name", "bylines"), sorted(DAKSONG_BYLINES.items()))
def test_daksong_article(name: str, bylines: list[str]) -> None:
    path = DAKSONG / name
    front = _front(path)
    article = read_path(path)
    assert article.text.strip()
    assert normalize(article.text) == article.text
    assert article.title == normalize_name(str(front["title"]))
    assert article.published == _expected_local_date(str(front["date"]))
    assert list(article.authors) == bylines
    for author in bylines:
        assert author not in article.text
    for debris in DAKSONG_DEBRIS:
        assert debris not in article.text, debris
    for caption in article.captions:
        assert caption in article.text.split("\n\n")


@needs_daksong
@pytest.mark.shared
@pytest.mark.parametrize(("name", "reason"), sorted(DAKSONG_STUBS.items()))
def test_daksong_stub(name: str, reason: str) -> None:
    _expect_error(DAKSONG / name, reason)


@needs_daksong
@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ubnd-huyen-quoc-phong-thang-11-thang-12-nam-2019.md", "2019-12-09"),  # 19:00Z is the next local day
        ("tap-huan-cong-tac-chuan-hoa-dia-danh.md", "2018-06-23"),
    ],
)
def test_daksong_local_dates(name: str, expected: str) -> None:
    assert read_path(DAKSONG / name).published == expected


@needs_daksong
@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "opening", "inside"),
    [
        # the lead lives only in the description
        (
            "khai-giang-lop-boi-duong-chinh-tri-he-cho-vien-chuc-nganh-giao-duc-huyen-nam-2020.md",
            "Ngày 20/8, Trung",
            "",
        ),
        # the lead is the body's first (bold) paragraph and the description: once
        ("02-chinh-tri-xa-ho-2020.md", "Nhằm hạn chế tối đa ca dịch viêm phổi cấp nCoV", "Hà Nội chuẩn bị 4"),
        # entities half-encoded and Word hard wraps inside a name
        ("tap-huan-cong-tac-chuan-hoa-dia-danh.md", "Hội nghị tập huấn công tác", "đồng chí Nguyễn Văn Phò chủ trì"),
        ("btg-hu-tchn-tong-ket-cong-tac-tuyen-truyen-dau-tranh-tren-khong-gian-mang-2019.md", "Sáng ngày 27/2", "Xuân"),
        (
            "ubnd-huyen-to-chuc-so-ket-qs-qp-dia-phuong-6-dau-2019-nhiem-vu-2020.md",
            "Chiều ngày 6/8/ 2019",
            "về nhiệm vụ",
        ),
    ],
)
def test_daksong_text(name: str, opening: str, inside: str) -> None:
    article = read_path(DAKSONG / name)
    assert article.text.startswith(opening)
    assert inside in article.text
    assert article.text.count(opening) == 1


@needs_daksong
@pytest.mark.shared
def test_daksong_captions_are_listed_and_kept_as_paragraphs() -> None:
    article = read_path(DAKSONG / "ket-thuc-giai-kickboxing-tinh-dak-nong-mo-rong-nam-2019.md")
    assert "Trận tranh HCV hạng cân 60 kg nam" in article.captions
    assert "Trận tranh HCV hạng cân 60 kg nam" in article.text.split("\n\n")
    article = read_path(DAKSONG / "huyen-dak-song-to-chuc-le-giao-nhan-quan-nam-2020.md")
    assert "Lễ giao nhận quân, tân binh" in article.captions


# ---------------------------------------------------------------------------------------
# HTML


PAGE = """<!DOCTYPE html><html><head><meta charset="windows-1258">
<title>Tập huấn phong trào năm 2018 - Cổng thông tin điện tử quận</title>
<meta property="article:published_time" content="2018-10-08T20:54:00Z"></head>
<body><nav><a href="/">Trang chủ</a> <a href="/tin">Tin tức</a></nav>
<div class="breadcrumb">Văn hóa - Xã hội</div>
<div class="content"><h1>Tập huấn phong trào năm 2018</h1>
<p>Ngày 27/8/2017, Ban chỉ đạo phong trào tổ chức Hội nghị tập huấn cho các phường trên địa bàn quận.</p>
<p>Hội nghị tập huấn là dịp nâng cao kỹ năng tuyên truyền, vận động của cán bộ cơ sở.</p>
<p style="text-align:right"><strong>Trúc Phương</strong></p></div>
<div class="weather">thời tiết các vùng Hà Nội Đà Nẵng</div>
<div id="footer">Designed by VNPT</div></body></html>"""


def test_html_page(tmp_path: Path) -> None:
    path = tmp_path / "tin.html"
    path.write_bytes(cp1258(PAGE))
    article = read_path(path)
    assert article.title == "Tập huấn phong trào năm 2018"
    assert article.published == "2018-10-09"  # 20:54Z is the next morning in Vietnam
    assert article.authors == ("Trúc Phương",)
    assert article.text == (
        "Ngày 27/8/2017, Ban chỉ đạo phong trào tổ chức Hội nghị tập huấn cho các phường trên địa bàn quận.\n\n"
        "Hội nghị tập huấn là dịp nâng cao kỹ năng tuyên truyền, vận động của cán bộ cơ sở."
    )


def test_html_date_line_in_page(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Tin</title></head><body><div class='article'><h2>Tin</h2>"
        "<div class='assetPublishDate'> Ngày đăng 09/09/2020 | 05:07 PM </div>"
        f"<p>{SENTENCE}.</p></div></body></html>"
    )
    path = tmp_path / "d.htm"
    path.write_text(page, encoding="utf-8")
    article = read_path(path)
    assert article.published == "2020-09-09"
    assert article.text == SENTENCE + "."


@needs_portal
@pytest.mark.shared
def test_portal_hn_article() -> None:
    article = read_path(PORTAL_HN / "chien-luoc-quy-hoach84a0.html")
    assert article.title == (
        "Hướng dẫn xây dựng Kế hoạch ứng dụng CNTT trong hoạt động của cơ quan nhà nước thành phố Hà Nội năm 2012"
    )
    assert article.published == "2012-12-21"
    assert "Thông tin trao đổi đề nghị liên hệ với phòng Kế hoạch - Tài chính" in article.text
    assert "admin admin" not in article.text


@needs_portal
@pytest.mark.shared
def test_portal_hn_bom_page_reads() -> None:
    article = read_path(PORTAL_HN / "gioi-thieu.html")
    assert article.text and "\ufeff" not in article.text


@needs_portal
@pytest.mark.shared
def test_portal_hn_home_page_is_not_an_article() -> None:
    with pytest.raises(InputError, match="listing page"):
        read_path(PORTAL_HN / "index.html")


def test_split_front_matter_none_for_plain_text() -> None:
    assert split_front_matter("Tiêu đề\n\nNội dung", "x") is None


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(st.binary(max_size=600), st.text(max_size=400).map(lambda t: t.encode("utf-8"))),
    st.sampled_from([".txt", ".html", ".md", ".docx", ".pdf", ""]),
)
def test_any_bytes_give_article_or_input_error(data: bytes, suffix: str) -> None:
    try:
        article = read_bytes(data, "fuzz" + suffix)
    except InputError as error:
        assert error.where == "fuzz" + suffix and error.reason
        return
    assert article.text and normalize(article.text) == article.text
