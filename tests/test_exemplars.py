"""Exemplars: tables of real phrasing; movement records are built by hand where a case needs one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongtrao.extract.exemplars import extract_exemplars
from phongtrao.extract.normalize import normalize
from phongtrao.models import Movement

HCM = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"


def _movements(text: str, specs) -> tuple[Movement, ...]:
    found = []
    for phrase, name in specs:
        start = text.index(normalize(phrase))
        end = start + len(normalize(phrase))
        found.append(Movement(name, name.lower().replace(" ", "-"), text[start:end], start, end))
    return tuple(found)


def exemplars(raw: str, movements=()) -> list:
    text = normalize(raw)
    found = list(extract_exemplars(text, movements=_movements(text, movements)))
    for exemplar in found:
        assert text[exemplar.start : exemplar.end] == exemplar.text
    return found


def counts(raw: str, movements=()) -> list[tuple]:
    return [(e.kind, e.count) for e in exemplars(raw, movements)]


# (text, expected (kind, count) in text order)
COUNTS = [
    (
        "Nhân dịp này, huyên ủy đã tặng giấy khen cho 03 tập thể và 15 cá nhân có thành tích tiêu biểu.",
        [("collective", 3), ("individual", 15)],
    ),
    (
        "mỗi cơ quan, đơn vị, địa phương chọn 01 tập thể và 01 cá nhân đề nghị cấp huyện biểu dương, khen thưởng tại "
        "hội nghị tổng kết; sau hội nghị tổng kết cấp huyện, Ban Thường vụ Huyện ủy sẽ bình chọn 01 tập thể và 02 cá "
        "nhân tiêu biểu xuất sắc để giới thiệu cấp tỉnh biểu dương, khen thưởng.",
        [("collective", 1), ("individual", 1), ("collective", 1), ("individual", 2)],
    ),
    (
        "Dịp này, Chủ tịch UBND tỉnh tặng Bằng khen cho 02 tập thể và 03 cá nhân; UBND huyện tặng Giấy khen cho 34 tập "
        "thể, 98 cá nhân có thành tích xuất sắc.",
        [("collective", 2), ("individual", 3), ("collective", 34), ("individual", 98)],
    ),
    (
        "Nhân dịp này, UBND huyện đã tặng danh hiệu tiên tiến cho 626 cá nhân và 26 tập thể; danh hiệu Chiến sỹ thi "
        "đua cấp cơ sở cho 14 cá nhân; Đồng thời trao giấy khen của Chủ tịch UBND huyện cho 25 cá nhân và 03 tập thể.",
        [("individual", 626), ("collective", 26), ("individual", 14), ("individual", 25), ("collective", 3)],
    ),
    ("Dịp này, Ủy ban MTTQ Việt Nam Phường 5 tuyên dương 12 hộ gia đình văn hóa tiêu biểu.", [("household", 12)]),
    (
        "Dịp này, Ban Thường trực tặng Giấy khen cho 18 khu dân cư và 36 hộ gia đình tiêu biểu.",
        [("collective", 18), ("household", 36)],
    ),
    (
        "Ngày 20/11 vừa qua, tại hội nghị biểu dương điển hình tiên tiến, chị là một trong 15 cá nhân và 06 tập thể "
        "được tuyên dương.",
        [("individual", 15), ("collective", 6)],
    ),
    (
        "Đến nay, toàn huyện có 123 mô hình “Dân vận khéo” được công nhận; trong đó cấp huyện công nhận 41 mô hình, "
        "cấp xã công nhận 82 mô hình.",
        [("model", 123), ("model", 41), ("model", 82)],
    ),
    (
        "Nhân dịp này Bộ Công an đã trao kỷ niệm chương cho 6 cá nhân; UBND huyện trao giấy khen cho các cá nhân có "
        "thành tích xuất sắc.",
        [("individual", 6), ("individual", None)],
    ),
    ("Hội nghị đã biểu dương 1.250 hộ gia đình tiêu biểu.", [("household", 1250)]),
    # a total over two kinds is not one kind's count; its breakdown is
    (
        "Dịp này, Ban Thường vụ Thị ủy tặng giấy khen cho 45 tập thể, cá nhân tiêu biểu, trong đó có 12 tập thể và 33 "
        "cá nhân là đảng viên.",
        [("collective", 12), ("individual", 33)],
    ),
    # an uncounted award, once per kind however often the article repeats it (here in a caption)
    (
        "UBND huyện trao giấy khen cho các cá nhân và tập thể có thành tích xuất sắc.\n"
        "Trao giấy khen cho các cá nhân và các tập thể.",
        [("individual", None), ("collective", None)],
    ),
    # commendations over a period, with the commending level between "được" and the verb
    (
        "Toàn huyện có 85 tập thể, 210 cá nhân được các cấp khen thưởng vì có thành tích tiêu biểu.",
        [("collective", 85), ("individual", 210)],
    ),
    # a labelled photo caption shows the commendation the text counts: no second, uncounted record
    (
        "Dịp này, UBND xã tặng Giấy khen cho 06 tập thể và 12 cá nhân.\n"
        "Ảnh: Lãnh đạo xã trao Giấy khen cho các tập thể",
        [("collective", 6), ("individual", 12)],
    ),
]


# (text, movement records, expected (kind, count)): counts of models written with their movement
MODELS_OF_A_MOVEMENT = [
    (
        "Các cơ quan, đơn vị đã đăng ký 86 mô hình “Dân vận khéo”, trong đó cấp huyện 20 mô hình, cấp xã 66 mô hình.",
        [("Dân vận khéo", "Dân vận khéo")],
        [("model", 86), ("model", 20), ("model", 66)],
    ),
    ("Phấn đấu mỗi xã có ít nhất 01 mô hình “Dân vận khéo” mới.", [("Dân vận khéo", "Dân vận khéo")], []),
    ("Hội đã xây dựng 12 mô hình kinh tế tập thể trong năm.", [], []),
]


@pytest.mark.parametrize(("text", "movements", "expected"), MODELS_OF_A_MOVEMENT)
def test_counted_models_of_a_movement_and_their_breakdown(text, movements, expected):
    assert counts(text, movements) == expected


@pytest.mark.parametrize(("text", "expected"), COUNTS)
def test_counts_of_commended_or_selected(text, expected):
    assert counts(text) == expected


# Counts and mentions that are not exemplars
NOT_EXEMPLARS = [
    "hơn 1000 đồng chí là lãnh đạo UBND các phường, thành viên ban chỉ đạo phong trào các phường.",
    "Kiểm tra thực hiện 5 tiêu chuẩn, 21 tiêu chí theo bảng điểm thi đua giữa các xã, thị trấn;",
    "tuyên truyền, phổ biến về những tấm gương tập thể, cá nhân tiêu biểu, có cách làm hay, mô hình tốt.",
    "lựa chọn những mô hình, gương điển hình tiên tiến là những tập thế, cá nhân và hộ gia đình có thành tích.",
    "Đến nay, toàn cụm có 11.532/12.470 hộ đạt danh hiệu “Gia đình văn hoá”, đạt 92,48%.",
    "Tổng số có 11/11 ấp, khu phố đề nghị công nhận lại đạt chuẩn.",
    "Ủy ban MTTQ Việt Nam các cấp đã hỗ trợ sinh kế cho 230 hộ nghèo, cấp 1.500 thẻ bảo hiểm y tế.",
    "Kết thúc Hội thi, Ban tổ chức đã trao giải nhất cho đội xã Thuận Hạnh, giải nhì cho xã Đăk Hòa.",
    "Kết quả, Ban tổ chức đã trao 11 bộ huy chương cho các VĐV.",
    "Làm tốt việc tôn vinh và nhân rộng các mô hình “gia đình văn hoá tiêu biểu xuất sắc”.",
    "Chi bộ thôn 8 xã Nam Bình có tổng số 365 hộ; trên 1.200 nhân khẩu trong đó có 20 đảng viên.",
    "Hội đã nhân rộng mô hình phụ nữ làm kinh tế giỏi.",
    # a passive commendation in the next clause does not reach back over ";"
    "Toàn huyện có 3.120 hội viên, 100% cơ sở hội đạt vững mạnh; nhiều cơ sở được cấp trên khen thưởng.",
    # a list after "như" names exemplars only after a cue noun or a commendation
    "Các xã tích cực tham gia như xã An Bình, xã An Hòa và Hội Nông dân xã An Phú.",
]


@pytest.mark.parametrize("text", NOT_EXEMPLARS)
def test_not_exemplars(text):
    assert exemplars(text) == []


# (text, movement records, expected (kind, name, movement))
NAMED = [
    (
        'Hội đã thành lập được nhiều mô hình hoạt động có hiệu quả như " Hũ gạo tình thương, ống tiền tiết kiệm"; '
        "Nói không với sản phẩm nhựa không tái chế...",
        [],
        [
            ("model", "Hũ gạo tình thương, ống tiền tiết kiệm", None),
            ("model", "Nói không với sản phẩm nhựa không tái chế", None),
        ],
    ),
    (
        "Sau lễ phát động xã Trường Xuân đã ra mắt mô hình Zalo an ninh và thôn, bon không có ma túy; tặng 600 suất "
        "quà.",
        [],
        [("model", "Zalo an ninh", None), ("model", "thôn, bon không có ma túy", None)],
    ),
    (
        "Một trong những mô hình tiêu biểu là mô hình “Dân vận khéo” “Vận động nhân dân hiến đất mở đường liên thôn”.",
        [("Dân vận khéo", "Dân vận khéo")],
        [("model", "Vận động nhân dân hiến đất mở đường liên thôn", "Dân vận khéo")],
    ),
    (
        "nơi đã xây dựng được mô hình “Tổ dân phố không rác thải nhựa”, “Tuyến phố văn minh đô thị”.",
        [],
        [("model", "Tổ dân phố không rác thải nhựa", None), ("model", "Tuyến phố văn minh đô thị", None)],
    ),
    (
        "Mô hình trồng dưa chuột của ông Vũ Văn Bàn có diện tích 1,5 ha.",
        [],
        [("model", "Mô hình trồng dưa chuột của ông Vũ Văn Bàn", None)],
    ),
    (
        "Trong những năm qua, cô giáo Đinh Thị Nhị 40 tuổi là giáo viên trường THPT. Cô Nhị xứng đáng là tấm gương "
        "sáng trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
        [("học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", HCM)],
        [("individual", "Đinh Thị Nhị", HCM)],
    ),
    (
        "Gần 20 năm gắn bó với nghề, chị Nguyễn Thị Thuý Hằng luôn được quý mến. Chị là một trong những tấm gương tiêu "
        "biểu của ngành y tế huyện.",
        [],
        [("individual", "Nguyễn Thị Thúy Hằng", None)],
    ),
    # models of a list, each followed by where it is; a name that only starts with the movement's
    (
        "Các mô hình hay được nhân rộng như: “Đường hoa thôn Đông” ở xã Tân Dân, “Dân vận khéo trong làm đường "
        "giao thông” ở thị trấn Minh Đức.",
        [("Dân vận khéo", "Dân vận khéo")],
        [
            ("model", "Đường hoa thôn Đông", "Dân vận khéo"),
            ("model", "Dân vận khéo trong làm đường giao thông", "Dân vận khéo"),
        ],
    ),
    # bearers listed after a cue noun and "như": people (";" between), bodies, a shared head
    (
        "Nhiều tấm gương tiêu biểu được nhân rộng như bà Nguyễn Thị Hoa ở xã An Lạc nhiều năm hỗ trợ hộ nghèo; Chi "
        "đoàn thôn Phú Lộc (xã An Lạc) với mô hình “Thắp sáng đường quê”.",
        [],
        [
            ("individual", "Nguyễn Thị Hoa", None),
            ("collective", "Chi đoàn thôn Phú Lộc", None),
            ("model", "Thắp sáng đường quê", None),
        ],
    ),
    (
        "Tại hội nghị, nhiều tấm gương đã chia sẻ kinh nghiệm, như ông Lê Văn Hải, hội viên Chi hội thôn 3 với mô "
        "hình nuôi cá; ông Trần Đức Minh, Bí thư Chi bộ thôn 5 tiên phong hiến đất làm đường.",
        [],
        [("individual", "Lê Văn Hải", None), ("individual", "Trần Đức Minh", None)],
    ),
    (
        "Nhiều cơ sở hội được cấp trên khen thưởng như Hội Nông dân thị trấn Phong Điền, xã Phong An, xã Phong Thu.",
        [],
        [
            ("collective", "Hội Nông dân thị trấn Phong Điền", None),
            ("collective", "Hội Nông dân xã Phong An", None),
            ("collective", "Hội Nông dân xã Phong Thu", None),
        ],
    ),
    # a cue noun right before a titled name
    (
        "Các đại biểu nghe chia sẻ của tấm gương thầy giáo Phan Văn Lộc (Trường THCS Kim Liên).",
        [],
        [("individual", "Phan Văn Lộc", None)],
    ),
]


@pytest.mark.parametrize(("text", "movements", "expected"), NAMED)
def test_named_models_and_people(text, movements, expected):
    found = exemplars(text, movements)
    assert [(e.kind, e.name, e.movement) for e in found] == expected
    assert all(e.count is None for e in found)


def test_a_model_told_twice_by_its_owner_is_one_model():
    text = (
        "Mô hình trồng dưa chuột của gia đình ông Vũ Văn Bàn\n"
        "Mô hình trồng dưa chuột của ông Vũ Văn Bàn có diện tích 1,5 ha."
    )
    assert [(e.kind, e.name) for e in exemplars(text)] == [
        ("model", "Mô hình trồng dưa chuột của gia đình ông Vũ Văn Bàn")
    ]


def test_the_movement_of_a_count_is_the_one_it_belongs_to():
    text = "Đến nay, toàn huyện có 123 mô hình “Dân vận khéo” được công nhận trên các lĩnh vực."
    [found] = exemplars(text, [("Dân vận khéo", "Dân vận khéo")])
    assert (found.kind, found.count, found.movement, found.text) == ("model", 123, "Dân vận khéo", "123 mô hình")


def test_seed_003_counts_carry_the_movement_of_their_sentence():
    text = (
        "Để thực hiện tốt công tác biểu dương, khen thưởng điển hình trong phong trào thi đua “Dân vận khéo”, giai "
        "đoạn 2016 - 2020; theo đó, mỗi cơ quan chọn 01 tập thể và 01 cá nhân đề nghị cấp huyện biểu dương."
    )
    found = exemplars(text, [("Dân vận khéo", "Dân vận khéo")])
    assert [(e.kind, e.count, e.movement) for e in found] == [
        ("collective", 1, "Dân vận khéo"),
        ("individual", 1, "Dân vận khéo"),
    ]


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_never_raises_and_offsets_slice_to_the_text(raw):
    text = normalize(raw)
    for exemplar in extract_exemplars(text, movements=()):
        assert text[exemplar.start : exemplar.end] == exemplar.text
        assert exemplar.kind in {"collective", "individual", "household", "model"}


@given(
    st.lists(
        st.sampled_from(
            [
                "tặng giấy khen cho",
                "03",
                "１２",
                "tập thể",
                "và",
                "cá nhân",
                ";",
                "mô hình",
                '"',
                "Zalo",
                "như",
                "ra mắt",
                "Cô",
                "Nhị",
                "là tấm gương",
                "chị",
                ".",
                "\n",
                "của ông",
                "Vũ Văn",
                "các",
                "1.2.3",
                "/",
                "được tuyên dương",
            ]
        ),
        max_size=40,
    )
)
@settings(max_examples=300, deadline=None)
def test_never_raises_on_pieces_of_commendations(pieces):
    text = normalize(" ".join(pieces))
    for exemplar in extract_exemplars(text, movements=()):
        assert text[exemplar.start : exemplar.end] == exemplar.text
        assert exemplar.count is None or exemplar.count >= 0
