"""The movements extractor and its catalogue, on phrasing from the seeds and the Đắk Song portal."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongtrao.extract.movements import (
    extract_movements,
    is_non_movement,
    load_catalogue,
    movement_id,
    phrase_key,
    resolve_movement,
)
from phongtrao.extract.normalize import normalize, normalize_name
from tests.conftest import SHARED

REAL = SHARED / "real"
needs_shared = pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared (seeds and real texts) is absent")


def seed_path(number: int) -> Path:
    return next((SHARED / "seeds").glob(f"{number:03d}_*.txt"))


TDDK = "toan-dan-doan-ket-xay-dung-doi-song-van-hoa"
NTM = "toan-dan-doan-ket-xay-dung-nong-thon-moi-do-thi-van-minh"
DVK = "dan-van-kheo"
QCDC = "thi-dua-thuc-hien-quy-che-dan-chu-o-co-so"
TDYN = "thi-dua-yeu-nuoc"
ANTQ = "toan-dan-bao-ve-an-ninh-to-quoc"
BIEN_GIOI = "toan-dan-tham-gia-bao-ve-chu-quyen-lanh-tho-an-ninh-bien-gioi-quoc-gia"
HCM = "hoc-tap-va-lam-theo-tu-tuong-dao-duc-phong-cach-ho-chi-minh"
NGHEO = "ca-nuoc-chung-tay-vi-nguoi-ngheo-khong-de-ai-bi-bo-lai-phia-sau"


def mentions(text: str) -> list[tuple[str, str]]:
    text = normalize(text)
    return [(m.id, m.text) for m in extract_movements(text)]


EXTRACTED = [
    # seed 000: quoted, with the "đới sống" typo, "độ thị" and an en dash
    (
        "Ban Chỉ đạo phong trào “Toàn dân đoàn kết xây dựng đới sống văn hóa” Huyện kiểm tra",
        [(TDDK, "Toàn dân đoàn kết xây dựng đới sống văn hóa")],
    ),
    (
        "gắn với cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới – độ thị văn minh” năm 2019",
        [(NTM, "Toàn dân đoàn kết xây dựng nông thôn mới - độ thị văn minh")],
    ),
    ("cuộc vận động Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",
     [(NTM, "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh")]),
    # seed 001: old tone placement, unquoted, "Phong trào" as a back-reference
    (
        "trong phong trào Toàn dân đoàn kết xây dựng đời sống văn hoá nhằm tạo nhân tố thúc đẩy Phong trào"
        " ngày càng phát triển bền vững.",
        [(TDDK, "Toàn dân đoàn kết xây dựng đời sống văn hóa")],
    ),
    ("trong Phong trào “Toàn dân đoàn kết xây dựng đời sống văn hoá” của mỗi cơ quan",
     [(TDDK, "Toàn dân đoàn kết xây dựng đời sống văn hóa")]),
    # seed 002: thi đua thực hiện Quy chế dân chủ, and QCDC once it is introduced
    (
        "công tác thi đua thực hiện Quy chế dân chủ cơ sở (QCDC). Ban chỉ đạo QCDC Huyện",
        [(QCDC, "thi đua thực hiện Quy chế dân chủ cơ sở"), (QCDC, "QCDC"), (QCDC, "QCDC")],
    ),
    ("góp phần hoàn thành kế hoạch thi đua thực hiện Quy chế dân chủ của Huyện năm 2020",
     [(QCDC, "thi đua thực hiện Quy chế dân chủ")]),
    ("phong trào thực hiện QCDC ở cơ sở", [(QCDC, "thực hiện QCDC ở cơ sở")]),
    # seed 003: "Dân vận khéo" and the named umbrella "phong trào thi đua yêu nước"
    (
        "đẩy mạnh phong trào thi đua yêu nước gắn với phong trào thi đua “Dân vận khéo” trong hệ thống",
        [(TDYN, "thi đua yêu nước"), (DVK, "Dân vận khéo")],
    ),
    # the plural umbrella names it too (gold rules)
    ("Các phong trào thi đua yêu nước và các cuộc vận động", [(TDYN, "thi đua yêu nước")]),
    ("biểu dương, khen thưởng điển hình “Dân vận khéo”, giai đoạn 2016 - 2020", [(DVK, "Dân vận khéo")]),
    ('PT "Dân vận khéo"; mô hình DVK', [(DVK, "Dân vận khéo"), (DVK, "DVK")]),
    ('PHONG TRÀO "DÂN VẬN KHÉO" NĂM 2020', [(DVK, "DÂN VẬN KHÉO")]),
    # seed 004 and misspelt initials
    ("tổ chức Hội nghị tập huấn phong trào “TDĐKXDSVH” quận năm 2018", [(TDDK, "TDĐKXDSVH")]),
    ("Phong trào TDĐKXDDVH được triển khai", [(TDDK, "TDĐKXDDVH")]),
    ("kết quả thực hiện PTTDĐKXDĐSVH năm 2019", [(TDDK, "PTTDĐKXDĐSVH")]),
    ("Ban Chỉ đạo TDĐKXDĐSVH huyện", [(TDDK, "TDĐKXDĐSVH")]),
    ('CVĐ "TDĐKXDNTM-ĐTVM" năm 2020', [(NTM, "TDĐKXDNTM-ĐTVM")]),
    # letter typos: on quoted names and right after a trigger
    ('phong trào "Toàn dân đoàn kết xây dựng đời sống vn hóa"', [(TDDK, "Toàn dân đoàn kết xây dựng đời sống vn hóa")]),
    ('"Toàn dân đoàn kêt xây dựng đời sốngg văn hoá"', [(TDDK, "Toàn dân đoàn kêt xây dựng đời sốngg văn hóa")]),
    ("thực hiện phong trào Toàn dân đoàn kết xây dựng đời sốngg văn hóa năm 2020",
     [(TDDK, "Toàn dân đoàn kết xây dựng đời sốngg văn hóa")]),
    # Đắk Song portal
    ("Lễ phát động phong trào Toàn dân bảo vệ an ninh Tổ quốc tại xã Trường Xuân",
     [(ANTQ, "Toàn dân bảo vệ an ninh Tổ quốc")]),
    ("biểu dương những kết quả mà phong trào toàn dân bảo vệ ANTQ của xã nhà",
     [(ANTQ, "toàn dân bảo vệ ANTQ")]),
    ("các tập có thành tích xuất sắc trong phong trào BVANTQ.", [(ANTQ, "BVANTQ")]),
    ("Phong trào toàn dân đoàn kết xây dựng đời sống văn hóa khu dân cư được nhân rộng.",
     [(TDDK, "toàn dân đoàn kết xây dựng đời sống văn hóa")]),
    ("phát động các phong trào thi đua dạy tốt, học tốt và triển khai kế hoạch",
     [("thi-dua-day-tot-hoc-tot", "thi đua dạy tốt, học tốt")]),
    ("đẩy mạnh phong trào thi đua quyết thắng; xây dựng đảng bộ", [("thi-dua-quyet-thang", "thi đua quyết thắng")]),
    (
        "Chỉ thị 01/CT-TTg \"Về việc tổ chức phong trào toàn dân tham gia bảo vệ chủ quyền lãnh thổ, an ninh"
        " biên giới quốc gia trong tình hình mới\"",
        [(BIEN_GIOI, "toàn dân tham gia bảo vệ chủ quyền lãnh thổ, an ninh biên giới quốc gia trong tình hình mới")],
    ),
    (
        "tích cực hưởng ứng việc \" Học tập và làm theo tấm gương đạo đức Hồ Chí Minh\", Hội đã thành lập được"
        " nhiều mô hình hoạt động có hiệu quả như \" Hũ gạo tình thương, ống tiền tiết kiệm\"",
        [(HCM, "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh")],
    ),
    ("tấm gương sáng trong học tập và làm theo tư tưởng, đạo đức và phong cách của Chủ tịch Hồ Chí Minh.",
     [(HCM, "học tập và làm theo tư tưởng, đạo đức và phong cách của Chủ tịch Hồ Chí Minh")]),
    (
        "các phong trào thi đua của Hội, cuộc vận động \"Xây dựng gia đình 5 không, 3 sạch\", \"rèn luyện phẩm"
        " chất đạo đức phụ nữ Việt Nam \"tự tin, tự trọng, trung hậu, đảm đang\"",
        [
            ("xay-dung-gia-dinh-5-khong-3-sach", "Xây dựng gia đình 5 không, 3 sạch"),
            (
                "ren-luyen-pham-chat-dao-duc-phu-nu-viet-nam-tu-tin-tu-trong-trung-hau-dam-dang",
                'rèn luyện phẩm chất đạo đức phụ nữ Việt Nam "tự tin, tự trọng, trung hậu, đảm đang',
            ),
        ],
    ),
    ('phong trào "Cả nước chung tay vì người nghèo – Không để ai bị bỏ lại phía sau"',
     [(NGHEO, "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau")]),
    ('cuộc vận động "Vì người nghèo"', [(NGHEO, "Vì người nghèo")]),
    ("phong trào Toàn dân rèn luyện thân thể theo gương Bác Hồ vĩ đại",
     [(movement_id("Toàn dân rèn luyện thân thể theo gương Bác Hồ vĩ đại"),
       "Toàn dân rèn luyện thân thể theo gương Bác Hồ vĩ đại")]),
    ('phong trào "Đền ơn đáp nghĩa"', [("den-on-dap-nghia", "Đền ơn đáp nghĩa")]),
    ("phong trào Xanh - Sạch - Đẹp; trường học Xanh - Sạch - Đẹp", [("xanh-sach-dep", "Xanh - Sạch - Đẹp")]),
    # new movements: a quoted name after a trigger that the catalogue does not know
    (
        'phát động phong trào thi đua "Chung tay xây dựng cảnh quan môi trường sáng - xanh - sạch - đẹp" năm 2020',
        [("chung-tay-xay-dung-canh-quan-moi-truong-sang-xanh-sach-dep",
          "Chung tay xây dựng cảnh quan môi trường sáng - xanh - sạch - đẹp")],
    ),
    ('các phong trào "Ngày Chủ nhật xanh", "Thắp sáng đường quê" và "Hũ gạo tình thương"',
     [("ngay-chu-nhat-xanh", "Ngày Chủ nhật xanh"), ("thap-sang-duong-que", "Thắp sáng đường quê")]),
    ('phong trào "Ngày Chủ nhật xanh", "Thắp sáng đường quê"', [("ngay-chu-nhat-xanh", "Ngày Chủ nhật xanh")]),
    # a local movement named after a national one: a place (or other words) in front of the
    # national name inside the quotes makes it a new movement, not the national one
    (
        'gắn với phong trào thi đua "Long An chung sức xây dựng nông thôn mới" của tỉnh',
        [("long-an-chung-suc-xay-dung-nong-thon-moi", "Long An chung sức xây dựng nông thôn mới")],
    ),
    (
        'phong trào "Tuổi trẻ chung tay vì người nghèo"',
        [("tuoi-tre-chung-tay-vi-nguoi-ngheo", "Tuổi trẻ chung tay vì người nghèo")],
    ),
    ('phong trào thi đua "Thi đua Dân vận khéo"', [(DVK, "Dân vận khéo")]),  # trigger words in front are no place
    # quoted names listed a few words after a trigger and "như"/"gồm"
    (
        'với nhiều phong trào thi đua thiết thực như: "Quảng Nam chung sức xây dựng nông thôn mới", '
        '"Dạy tốt, học tốt", "Dân vận khéo"',
        [
            ("quang-nam-chung-suc-xay-dung-nong-thon-moi", "Quảng Nam chung sức xây dựng nông thôn mới"),
            ("thi-dua-day-tot-hoc-tot", "Dạy tốt, học tốt"),
            (DVK, "Dân vận khéo"),
        ],
    ),
    (
        'các cuộc vận động lớn gồm "Ngày Chủ nhật xanh" và "Thắp sáng đường quê"',
        [("ngay-chu-nhat-xanh", "Ngày Chủ nhật xanh"), ("thap-sang-duong-que", "Thắp sáng đường quê")],
    ),
]

NOT_MOVEMENTS = [
    "15 năm Ngày hội toàn dân bảo vệ an ninh Tổ quốc.",
    'trên 6,2 tỷ đồng ủng hộ Quỹ "Vì người nghèo"; phối hợp cấp phát gạo',
    'tổ chức "Tháng cao điểm vì người nghèo" năm 2020 và "Tết vì người nghèo" năm 2021, vận động "Quỹ vì người'
    ' nghèo" và hỗ trợ xây dựng nhà Đại đoàn kết.',
    "Cùng với việc tổ chức Ngày hội đại đoàn kết toàn dân tộc nhân kỷ niệm 90 năm",
    "với phương châm “Hướng về cơ sở” , trong công tác chỉ đạo",
    "về việc đăng ký, bình xét, công nhận “gia đình văn hoá” theo đúng quy chế",
    "nhân rộng các mô hình “gia đình văn hoá tiêu biểu xuất sắc”",
    "danh hiệu Chiến sỹ thi đua cấp cơ sở cho 14 cá nhân; Lao động tiên tiến; khu dân cư văn hóa",
    'phong trào "gia đình văn hoá"',
    'phong trào thi đua "Hướng về cơ sở"',
    'phong trào "Hũ gạo tình thương"',
    "Phong trào sẽ được phát động trong tập thể có thành tích tiêu biểu",
    "Thông qua Phong trào thi đua, mỗi cơ quan, đơn vị phát hiện",
    "công tác thi đua cụm 3 đối với các xã; hồ sơ phong trào…",
    "Ban vận động thực hiện xây dựng đời sống văn hoá với vai trò của Trưởng ban công tác Mặt trận",
    "công tác đền ơn đáp nghĩa; trường học Xanh - Sạch - Đẹp; đội thanh niên tình nguyện",
    "thực hiện Quy chế dân chủ ở cơ sở tại xã; Ban chỉ đạo QCDC huyện",
    "Bộ Công an đã trao kỷ niệm chương bảo vệ an ninh Tổ quốc cho 6 cá nhân",
    "http://congan.gov.vn/toan-dan-bao-ve-an-ninh-to-quoc.html",
    'phong trào "Sạch"',
    'thi đua "A"',
    "phong trào " + '"' + " ".join(["từ"] * 21) + '"',
    'Lễ bàn giao nhà "Nghĩa tình đồng đội" cho gia đình bà Nguyễn Thị Na',
    'sống "tốt đời đẹp đạo", góp sức xây dựng quê hương',
    '"Dạy tốt, học tốt"',  # a framed name needs a trigger, also before a list
    'các trường như: "Dạy tốt, học tốt"',
]


@pytest.mark.parametrize(("text", "expected"), EXTRACTED)
def test_extracts_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert mentions(text) == expected


@pytest.mark.parametrize("text", NOT_MOVEMENTS)
def test_ignores_what_is_not_a_movement(text: str) -> None:
    assert mentions(text) == []


def test_records_point_into_the_text_and_carry_the_canonical_name() -> None:
    text = normalize("Ban chỉ đạo phong trào “TDĐKXDSVH” và cuộc vận động “Dân vận khéo”.")
    found = extract_movements(text)
    assert [(m.name, m.text) for m in found] == [
        ("Toàn dân đoàn kết xây dựng đời sống văn hóa", "TDĐKXDSVH"),
        ("Dân vận khéo", "Dân vận khéo"),
    ]
    assert all(text[m.start : m.end] == m.text for m in found)
    assert found[0].to_dict()["id"] == TDDK


def test_new_movement_name_is_normalised_and_its_id_is_stable() -> None:
    first = extract_movements(normalize('cuộc vận động "  ngày Chủ nhật xanh "'))
    again = extract_movements(normalize('Phong trào thi đua: "Ngày Chủ Nhật Xanh."'))
    expected = [("Ngày Chủ nhật xanh", "ngay-chu-nhat-xanh", "ngày Chủ nhật xanh")]
    assert [(m.name, m.id, m.text) for m in first] == expected
    assert [m.id for m in again] == ["ngay-chu-nhat-xanh"]
    assert first[0].id == movement_id(first[0].name)


RESOLVED = [
    ("Toàn dân đoàn kết xây dựng đời sống văn hóa", TDDK),
    ("phong trào “Toàn dân đoàn kết xây dựng đới sống văn hoá”", TDDK),
    ("Phong trào thi đua Toàn dân đoàn kết xây dựng đời sống văn hóa năm 2019", TDDK),
    ("toan dan doan ket xay dung doi song van hoa", TDDK),
    ("Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư", TDDK),
    ("TDĐKXDĐSVH", TDDK),
    ("TDĐKXDSVH", TDDK),
    ("TDĐKXDDVH", TDDK),
    ("PTTDĐKXDĐSVH", TDDK),
    ('"TDĐKXDSVH"', TDDK),
    ("Toàn dân đoàn kết xây dựng nông thôn mới - độ thị văn minh", NTM),
    ("TDĐKXDNTM-ĐTVM", NTM),
    ("dân vận khéo", DVK),
    ("Phong trào thi đua “Dân vận khéo”", DVK),
    ("Học tập và làm theo tấm gương đạo đức Hồ Chí Minh", HCM),
    ("cuộc vận động Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", HCM),
    ("Cả nước chung tay vì người nghèo – Không để ai bị bỏ lại phía sau", NGHEO),
    ("Toàn dân tham gia bảo vệ an ninh Tổ quốc", ANTQ),
    ("TDBVANTQ", ANTQ),
    ("Quy chế dân chủ cơ sở", QCDC),
    ("QCDC", QCDC),
    ("phong trào thi đua yêu nước", TDYN),
    ("Chung sức xây dựng nông thôn mới", "ca-nuoc-chung-suc-xay-dung-nong-thon-moi"),
    ("Cả nước chung sức xây dựng nông thôn mơi", "ca-nuoc-chung-suc-xay-dung-nong-thon-moi"),  # a letter typo
    # a whole word differs: another movement, however close the letters are
    ("Hà Nội chung sức xây dựng nông thôn mới", None),
    ("Tây Ninh chung sức xây dựng nông thôn mới", None),
    ("Cả nước chung tay xây dựng nông thôn mới", None),
    ("CVĐ Người Việt Nam ưu tiên dùng hàng Việt Nam", "nguoi-viet-nam-uu-tien-dung-hang-viet-nam"),
    ("Quỹ Vì người nghèo", None),
    ("Ngày hội Đại đoàn kết toàn dân tộc", None),
    ("gia đình văn hóa", None),
    ("Hướng về cơ sở", None),
    ("phong trào", None),
    ("thi đua", None),
    ("Ngày Chủ nhật xanh", None),
    ("", None),
]


@pytest.mark.parametrize(("name", "expected"), RESOLVED)
def test_resolve_movement(name: str, expected: str | None) -> None:
    resolved = resolve_movement(name)
    assert (resolved[0] if resolved else None) == expected
    if resolved:
        assert load_catalogue_names()[resolved[0]] == resolved[1]


def load_catalogue_names() -> dict[str, str]:
    return {entry.id: entry.name for entry in load_catalogue().entries}


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh", NTM),
        ("Xanh - Sạch - Đẹp", "xanh-sach-dep"),
        ("  Dân vận khéo! ", DVK),
        ("Xây dựng gia đình 5 không, 3 sạch", "xay-dung-gia-dinh-5-khong-3-sach"),
    ],
)
def test_movement_id(name: str, slug: str) -> None:
    assert movement_id(name) == slug


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Quỹ “Vì người nghèo”", True), ("gia đình văn hoá tiêu biểu", True), ("Nhà Đại đoàn kết", True),
     ("Dân vận khéo", False), ("Ngày Chủ nhật xanh", False)],
)
def test_is_non_movement(name: str, expected: bool) -> None:
    assert is_non_movement(name) is expected


# ------------------------------------------------------------------------------------------ catalogue


def test_catalogue_is_consistent() -> None:
    catalogue = load_catalogue()
    ids = [entry.id for entry in catalogue.entries]
    assert len(ids) == len(set(ids))
    owners: dict[str, str] = {}
    for entry in catalogue.entries:
        assert entry.id == movement_id(entry.name)
        assert normalize_name(entry.name) == entry.name, "canonical names are NFC with modern tones"
        assert entry.kind in {"phong_trao", "cuoc_van_dong"}
        for wording in (*entry.aliases, *entry.framed):
            key = phrase_key(wording)
            assert owners.setdefault(key, entry.id) == entry.id, f"{wording!r} names two movements"
            assert key not in catalogue.non_movements, f"{wording!r} is also listed as not a movement"
            assert resolve_movement(wording) == (entry.id, entry.name)
        for initials in entry.initials:
            assert resolve_movement(initials) == (entry.id, entry.name)


def test_catalogue_covers_the_national_movements() -> None:
    names = set(load_catalogue_names().values())
    for name in (
        "Toàn dân đoàn kết xây dựng đời sống văn hóa",
        "Dân vận khéo",
        "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
        "Người Việt Nam ưu tiên dùng hàng Việt Nam",
        "Toàn dân bảo vệ an ninh Tổ quốc",
        "Thi đua thực hiện Quy chế dân chủ ở cơ sở",
    ):
        assert name in names


def test_catalogue_is_cached() -> None:
    assert load_catalogue() is load_catalogue()


# ------------------------------------------------------------------------------------ shared material

SEED_MOVEMENTS = {
    0: {TDDK, NTM},
    1: {TDDK},
    2: {QCDC},
    3: {DVK, TDYN},
    4: {TDDK},
}


@needs_shared
@pytest.mark.parametrize(("number", "expected"), sorted(SEED_MOVEMENTS.items()))
def test_seed_movements(number: int, expected: set[str]) -> None:
    text = normalize(seed_path(number).read_text(encoding="utf-8"))
    found = extract_movements(text)
    assert {m.id for m in found} == expected
    assert all(text[m.start : m.end] == m.text for m in found)


@needs_shared
def test_seed_004_reads_the_misspelt_initials() -> None:
    text = normalize(seed_path(4).read_text(encoding="utf-8"))
    assert [m.text for m in extract_movements(text)].count("TDĐKXDSVH") == 2


DAKSONG_MOVEMENTS = {
    "05102020-01.md": {TDYN},
    "23-11-2020-01.md": {HCM, TDYN},
    "dbqs-huyen-to-chuc-hoi-nghi-ra-nghi-quyet-nv-6-2019.md": {HCM, "thi-dua-quyet-thang"},
    "hdnd-huyen-to-chuc-ky-hop-thu-9-hdnd-huyen-khoa-iv-nk-2016-2021.md": {TDDK, "thi-dua-day-tot-hoc-tot"},
    "hoi-lhpn-huyen-to-chuc-gap-mat-nu-lanh-dao-nu-doanh-nghiep-nam-2019.md": {HCM},
    "hoi-thi-can-bo-hoi-phu-nu-co-so-gioi-nam-2019.md": {
        "xay-dung-gia-dinh-5-khong-3-sach",
        "ren-luyen-pham-chat-dao-duc-phu-nu-viet-nam-tu-tin-tu-trong-trung-hau-dam-dang",
    },
    "le-phat-dong-phong-trao-toan-dan-bao-ve-an-ninh-to-quoc-tai-xa-truong-xuan.md": {ANTQ},
    "tap-huan-ctnv-quan-ly-duong-bien-cot-moc-cho-cac-to-tu-quan-xa-thuan-ha-va-thuan-hanh.md": {BIEN_GIOI, TDYN},
    "tc-sk-cong-tac-tuyen-giao-6-thang-dau-nam-phnv-6-thang-cuoi-nam-2019.md": {HCM},
    "ubnd-huyen-to-chuc-hoi-nghi-tong-ket-va-trien-khai-phuong-huong-nhiem-vu-nam-hoc-2019-2020.md": {HCM},
}


def portal_body(markdown: str) -> str:
    """The description and the tag-stripped body of a Đắk Song front-matter file (test-only reader)."""
    _, front, body = re.split(r"^---(?:json)?[ \t]*$", markdown, maxsplit=2, flags=re.MULTILINE)
    meta = json.loads(front)
    body = re.sub(r"<[^>]+>", " ", body)
    return normalize(html.unescape(f"{meta.get('description', '')}\n{body}"))


def daksong_files() -> list[str]:
    folder = REAL / "daksong"
    return sorted(p.name for p in folder.glob("*.md")) if folder.is_dir() else sorted(DAKSONG_MOVEMENTS)


@needs_shared
@pytest.mark.parametrize("name", daksong_files())
def test_daksong_movements(name: str) -> None:
    text = portal_body((REAL / "daksong" / name).read_text(encoding="utf-8"))
    found = extract_movements(text)
    assert {m.id for m in found} == DAKSONG_MOVEMENTS.get(name, set())
    assert all(text[m.start : m.end] == m.text for m in found)


# ------------------------------------------------------------------------------------------ robustness

FRAGMENTS = st.sampled_from(
    ["phong trào", "Phong trào thi đua", '"', "“", "”", "TDĐKXDSVH", "PT", "CVĐ", "cuộc vận động", "thi đua", " ", "\n",
     "Toàn dân đoàn kết", "xây dựng", "đời sống văn hóa", " - ", ", ", "QCDC", "Quỹ", "Ngày hội", "các", "yêu nước",
     "Dân vận khéo", "x", "\u0301", "İ", "ß", "ﬀ", "BVANTQ", "/toan-dan-bao-ve-an-ninh-to-quoc", "và", "năm 2020"]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.lists(FRAGMENTS, max_size=40).map("".join)))
def test_never_raises_and_offsets_hold(text: str) -> None:
    for candidate in (text, normalize(text)):
        for movement in extract_movements(candidate):
            assert candidate[movement.start : movement.end] == movement.text
            assert movement.id == movement_id(movement.name)
    resolve_movement(text)


