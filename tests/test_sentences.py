import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongtrao.extract.normalize import normalize
from phongtrao.extract.sentences import split_sentences
from tests.conftest import needs_shared, seed_path


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


# (text, expected sentences), phrasing from the seeds and the Đắk Song articles
SPLITS = [
    # ". ; ! ?" followed by a space and a capital end a sentence
    (
        "Sáng ngày 30/6/2020, cụm thi đua tiến hành họp sơ kết. Ban chỉ đạo QCDC Huyện, có đồng chí Bùi Hồng Cẩn.",
        ["Sáng ngày 30/6/2020, cụm thi đua tiến hành họp sơ kết.", "Ban chỉ đạo QCDC Huyện, có đồng chí Bùi Hồng Cẩn."],
    ),
    (
        "Kiểm tra thực hiện 5 nội dung, 22 tiêu chí; Kiểm tra thực hiện 5 tiêu chuẩn, 21 tiêu chí; Việc tổ chức sơ kết",
        [
            "Kiểm tra thực hiện 5 nội dung, 22 tiêu chí;",
            "Kiểm tra thực hiện 5 tiêu chuẩn, 21 tiêu chí;",
            "Việc tổ chức sơ kết",
        ],
    ),
    ("Hội thi thành công! Các đội đoạt giải? Có.", ["Hội thi thành công!", "Các đội đoạt giải?", "Có."]),
    # … but not before a lower-case word or a number
    (
        "tặng danh hiệu cho 626 cá nhân; danh hiệu Chiến sỹ thi đua",
        ["tặng danh hiệu cho 626 cá nhân; danh hiệu Chiến sỹ thi đua"],
    ),
    ("sản lượng đạt 12. 797 ha trong năm", ["sản lượng đạt 12. 797 ha trong năm"]),
    ("có 75 đồng chí tham gia.6 tháng đầu năm đã kết nạp", ["có 75 đồng chí tham gia.6 tháng đầu năm đã kết nạp"]),
    # abbreviations and initials
    ("Đ/c. Nguyễn Văn Phò chủ trì", ["Đ/c. Nguyễn Văn Phò chủ trì"]),
    ("Ủy ban MTTQ TP. Hồ Chí Minh hỗ trợ", ["Ủy ban MTTQ TP. Hồ Chí Minh hỗ trợ"]),
    (
        "ông Tạ Minh Phương, PBT. Huyện ủy, Chủ tịch UBND huyện",
        ["ông Tạ Minh Phương, PBT. Huyện ủy, Chủ tịch UBND huyện"],
    ),
    ("H.Định Quán: Sơ kết phong trào", ["H.Định Quán: Sơ kết phong trào"]),
    ("đồng chí Nguyễn V. An phát biểu", ["đồng chí Nguyễn V. An phát biểu"]),
    ("V.H ĐTT.", ["V.H ĐTT."]),
    # a Roman numeral after "lần thứ", "khóa"… is no initial: its dot ends the sentence
    (
        "tổ chức Đại hội Thi đua yêu nước lần thứ V. Đại hội đã bầu 25 đại biểu",
        ["tổ chức Đại hội Thi đua yêu nước lần thứ V.", "Đại hội đã bầu 25 đại biểu"],
    ),
    ("Hội đồng nhân dân huyện khóa X. Kỳ họp thứ 8", ["Hội đồng nhân dân huyện khóa X.", "Kỳ họp thứ 8"]),
    ("đồng chí Trần Thứ V. Nam phát biểu", ["đồng chí Trần Thứ V. Nam phát biểu"]),
    # day-first dates with dots
    ("Hội nghị ngày 17.02.2020 tại hội trường. Sau đó", ["Hội nghị ngày 17.02.2020 tại hội trường.", "Sau đó"]),
    # "./." closes an article; closing quotes stay with their sentence
    ("trên địa bàn thị xã Cai Lậy./. Phạm Thị Hường", ["trên địa bàn thị xã Cai Lậy./.", "Phạm Thị Hường"]),
    (
        'tham gia Hội thi "Cán bộ giỏi". Tham gia có 19 thí sinh',
        ['tham gia Hội thi "Cán bộ giỏi".', "Tham gia có 19 thí sinh"],
    ),
    ('phát biểu: "Mình phải gương mẫu." Ông cho biết', ['phát biểu: "Mình phải gương mẫu."', "Ông cho biết"]),
    # every line break ends a sentence; blank lines and edges are stripped
    (
        "Ảnh: Quang cảnh Hội nghị\n\n  Thực hiện Kế hoạch số 40  \n",
        ["Ảnh: Quang cảnh Hội nghị", "Thực hiện Kế hoạch số 40"],
    ),
    ("", []),
    ("   \n \n", []),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_split_sentences(text, expected):
    assert sentences(normalize(text) if text.strip() else text) == expected


@given(st.text(max_size=400))
@settings(max_examples=300, deadline=None)
def test_spans_are_ordered_stripped_and_inside_the_text(text):
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip() and piece
        assert "\n" not in piece
        previous_end = end


@given(
    st.lists(
        st.sampled_from(["Hội nghị", "tổng kết", ". ", "; ", "TP. ", "Đ/c. ", "17.02.2020", "\n", "./.", " A", "x"])
    )
)
@settings(max_examples=300, deadline=None)
def test_pieces_of_portal_text_never_break_the_splitter(pieces):
    text = "".join(pieces)
    assert all(text[s:e].strip() for s, e in split_sentences(text))


@needs_shared
def test_seed_002_sentences_keep_the_cited_plan_whole():
    text = normalize(seed_path(2).read_text(encoding="utf-8"))
    found = sentences(text)
    assert any(s.startswith("Thực hiện Kế hoạch số 40-KH/BCĐ, ngày 17/02/2020") for s in found)
    assert any(s.startswith("Sáng ngày 30/6/2020, cụm thi đua") and s.endswith("(QCDC).") for s in found)
