"""Search as users type it: no diacritics, old tone placement, Đ/D, initials, partial names,
old and new unit names, punctuation; filters, facets, snippets. Real SQLite files, no mocks.
"""

from __future__ import annotations

import pytest

from phongtrao.extract.normalize import fold
from phongtrao.store import Filters, QueryError, open_store, search, upsert_many
from phongtrao.store.filters import has_diacritics
from phongtrao.store.search import fts_expression, make_snippet, parse_query, term_patterns
from phongtrao.store.write import movement_tag
from tests.test_store import DVK, TDDK, build, truong_xuan

DONG_THANH = ("xã Đông Thạnh", "xã Đông Thạnh", "commune", "31369", "Hậu Giang")
DAK_MOL = ("xã Đắk Môl", "xã Đắk Môl", "commune", "24718", "Đắk Nông")
HOANG_MAI = ("quận Hoàng Mai", "quận Hoàng Mai", "district", "008", "Hà Nội")

# Short texts in the portals' phrasing; each is one article, named by its key.
CORPUS = {
    "dong-thanh": build(
        'Đảng ủy xã Đông Thạnh ra mắt mô hình "Dân vận khéo" về giữ gìn vệ sinh môi trường. '
        "Đồng chí Bùi Hồng Cẩn, Trưởng ban Ban Dân vận Huyện ủy dự và phát biểu.",
        source="/tmp/phongtrao-search/dong-thanh.txt",
        title="Ra mắt mô hình Dân vận khéo",
        published="2020-07-06",
        movements=(("Dân vận khéo", DVK),),
        officials=(("Bùi Hồng Cẩn", ("Trưởng ban Ban Dân vận Huyện ủy",)),),
        units=(DONG_THANH,),
        events=(("phat_dong", "Đảng ủy xã Đông Thạnh ra mắt mô hình", (DVK[1],), ("Bùi Hồng Cẩn",)),),
    ),
    "dang-only": build(
        "Hiện nay, các chi hội đang triển khai kế hoạch số 12/KH-HND ngày 12/3/2021 về chăm sóc cây trồng.",
        source="/tmp/phongtrao-search/dang-only.txt",
        title="Chăm sóc cây trồng vụ Đông Xuân",
        published="2021-03-15",
    ),
    "old-tones": build(
        "Hội nghị tổng kết phong trào xây dựng gia đình văn hoá, khu dân cư văn hoá tại xã Bình Hoà; "
        "quán triệt Nghị quyết số 05-NQ/TU của Tỉnh uỷ. C.T.U.B xã phát biểu.",
        source="/tmp/phongtrao-search/old-tones.txt",
        title="Tổng kết gia đình văn hoá",
        published="2019-12-20",
    ),
    "written-out": build(
        'Ban Chỉ đạo phong trào "Toàn dân đoàn kết xây dựng đời sống văn hóa" quận Hoàng Mai tổ chức tập huấn.',
        source="/tmp/phongtrao-search/written-out.txt",
        title="Tập huấn phong trào",
        published="2018-10-08",
        movements=(("Toàn dân đoàn kết xây dựng đời sống văn hóa", TDDK),),
        units=(HOANG_MAI,),
        events=(("tap_huan", "Ban Chỉ đạo phong trào", (TDDK[1],), ()),),
    ),
    "truong-xuan": truong_xuan(),
    "dak-mol": build(
        "UBND xã Đắk Môl tổ chức Ngày hội Đại đoàn kết toàn dân tộc tại thôn 3. "
        "Đồng chí Nguyễn Văn Phò, Chủ tịch UBND huyện dự.",
        source="/tmp/phongtrao-search/dak-mol.txt",
        title="Ngày hội Đại đoàn kết ở Đắk Môl",
        published="2020-11-18",
        officials=(("Nguyễn Văn Phò", ("Chủ tịch Ủy ban nhân dân huyện",)),),
        units=(DAK_MOL,),
        events=(("ngay_hoi", "UBND xã Đắk Môl tổ chức Ngày hội Đại đoàn kết toàn dân tộc tại thôn 3.", (), ()),),
    ),
    "unaccented": build(
        "Xa Dong Thanh to chuc hoi nghi so ket phong trao Dan van kheo.",
        source="/tmp/phongtrao-search/unaccented.txt",
        title="Dong Thanh so ket",
        published="2021-01-05",
    ),
}


def key(name: str) -> str:
    return (
        f"file:///tmp/phongtrao-search/{name}.txt"
        if name != "truong-xuan"
        else ("file:///tmp/phongtrao-test/truong-xuan.txt")
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "store.db"
    with open_store(path) as opened:
        results = upsert_many(opened, CORPUS.values())
        assert all(r.status == "new" for r in results), results
        yield opened


def found(store, query: str, **filters) -> list[str]:
    """The names of the corpus articles a search returns, best first."""
    by_url = {key(name): name for name in CORPUS}
    return [by_url[hit.url] for hit in search(store, query, Filters(**filters), facets=False).hits]


# ------------------------------------------------------------------------------------------ real habits

CASES = [
    # no diacritics: folded index, đ→d included
    ("dong thanh", ["unaccented", "dong-thanh"]),  # the text with the exact letters first
    ("dan van kheo", ["unaccented", "dong-thanh"]),
    ("dak mol", ["dak-mol"]),
    ("truong xuan", ["truong-xuan"]),
    # old tone placement in the query or in the text
    ("khu dân cư văn hoá", ["old-tones"]),
    ("khu dân cư văn hóa", ["old-tones"]),
    ("gia đình văn hoá", ["old-tones", "truong-xuan"]),
    ("Bình Hoà", ["old-tones"]),
    ("Tỉnh uỷ", ["old-tones"]),
    # Đ is not D when the user types it
    ("Đảng", ["dong-thanh"]),
    ("đang", ["dang-only"]),
    ("dang", ["dong-thanh", "dang-only"]),
    ("Đông Thạnh", ["dong-thanh"]),
    ("ĐÔNG THẠNH", ["dong-thanh"]),
    # initials find the written-out movement, and the other way round
    ("TDĐKXDĐSVH", ["truong-xuan", "written-out"]),
    ("TDDKXDDSVH", ["truong-xuan", "written-out"]),
    ("tddkxddsvh", ["truong-xuan", "written-out"]),
    ("Toàn dân đoàn kết xây dựng đời sống văn hóa", ["written-out", "truong-xuan"]),
    # partial names, prefixes
    ("Bùi Hồng", ["dong-thanh"]),
    ("bui hong can", ["dong-thanh"]),
    ("Nguyễn Văn", ["dak-mol", "truong-xuan"]),
    ("Trường Xu*", ["truong-xuan"]),
    ("truong xu*", ["truong-xuan"]),
    # phrases
    ('"dân vận khéo"', ["dong-thanh"]),
    ('"khéo dân vận"', []),
    # punctuation is never syntax
    ("05-NQ/TU", ["old-tones"]),
    ("12/3", ["dang-only"]),
    ("C.T.U.B", ["old-tones"]),
]


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_search_as_users_type(store, query, expected):
    hits = found(store, query)
    if len(expected) > 1 and query not in ("dong thanh", "dan van kheo"):
        assert sorted(hits) == sorted(expected)
    else:
        assert hits == expected


@pytest.mark.parametrize(
    "query",
    ['"dân vận', "AND", "OR NOT", "NEAR(xã thôn)", "xã AND", "title:xã", "{text}: xã", "^xã", "xã -thôn",
     "a''b", "(xã", "xã)", "*xã", "xã * thôn", "xã%", "xã_thôn", "\x00xã", "xã\\"],
)  # fmt: skip
def test_fts5_syntax_in_a_query_never_raises(store, query):
    result = search(store, query)
    assert result.total >= 0


@pytest.mark.parametrize("query", ["!!!", "...", "-", "*", '""', '"', "—", "   ", "“”", "/", "+", "\\", "%", "_"])
def test_a_query_of_only_punctuation_is_a_clear_error(store, query):
    with pytest.raises(QueryError, match="nothing to search for"):
        search(store, query)


# ------------------------------------------------------------------------------------------ filters

FILTER_CASES = [
    # a unit's old and new names; a district or province includes its communes
    ("xã", {"unit": "huyện Đắk Song"}, ["dak-mol", "truong-xuan"]),
    ("xa", {"unit": "huyen dak song"}, ["dak-mol", "truong-xuan"]),
    ("xã", {"unit": "tỉnh Đắk Nông"}, ["dak-mol", "truong-xuan"]),
    ("xã", {"unit": "tỉnh Lâm Đồng"}, ["dak-mol", "truong-xuan"]),  # the 2025 province Đắk Nông went into
    ("xã", {"unit": "xã Đắk Song"}, ["dak-mol"]),  # the 2025 commune Đắk Môl went into
    ("xã", {"unit": "xã Đắk Môl"}, ["dak-mol"]),
    ("xã", {"unit": "24730"}, ["truong-xuan"]),
    ("xã", {"unit": "Đông Thạnh, Hậu Giang"}, ["dong-thanh"]),
    ("xã", {"unit": "xã Đông Phước"}, ["dong-thanh"]),  # its 2025 name
    ("phong trào", {"unit": "thành phố Hà Nội"}, ["written-out"]),
    # movements by id, name, part of a name or initials
    ("phong trào", {"movement": "TDĐKXDĐSVH"}, ["truong-xuan", "written-out"]),
    ("phong trào", {"movement": TDDK[0]}, ["truong-xuan", "written-out"]),
    ("xã", {"movement": "dan van kheo"}, ["dong-thanh"]),
    ("xã", {"movement": "Dân vận khéo"}, ["dong-thanh"]),
    # event type, dates, officials, source
    ("xã", {"type": "kiem_tra"}, ["truong-xuan"]),
    ("xã", {"type": "ngay_hoi"}, ["dak-mol"]),
    ("xã", {"date_from": "2020-10-01", "date_to": "2020-12-31"}, ["dak-mol", "truong-xuan"]),
    ("hoi", {"date_from": "2021"}, ["dang-only", "unaccented"]),
    ("phong trao", {"date_to": "2019"}, ["old-tones", "written-out"]),
    ("xã", {"official": "Nguyễn Văn Phò"}, ["dak-mol", "truong-xuan"]),
    ("xã", {"official": "nguyen van pho"}, ["dak-mol", "truong-xuan"]),
    ("xã", {"official": "Phò"}, ["dak-mol", "truong-xuan"]),
    ("xã", {"source": "phongtrao-search/dak"}, ["dak-mol"]),
]


@pytest.mark.parametrize(("query", "filters", "expected"), FILTER_CASES)
def test_filters(store, query, filters, expected):
    assert sorted(found(store, query, **filters)) == sorted(expected)


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"movement": "Phong trào không có thật"}, "no such movement"),
        ({"official": "Hoàng Văn Không"}, "no such official"),
        ({"unit": ",,,"}, "not a unit"),
    ],
)
def test_a_filter_that_matches_nothing_says_so(store, filters, message):
    with pytest.raises(QueryError, match=message):
        search(store, "xã", Filters(**filters))


def test_facets_count_the_hits_by_movement_unit_type_month_and_source(store):
    result = search(store, "phong trào")
    facets = {name: {c.label: c.count for c in counts} for name, counts in result.facets.items()}
    assert facets["movement"][TDDK[1]] == 2
    assert facets["province"]["Đắk Nông"] == 1
    assert facets["type"] == {"kiem_tra": 1, "tap_huan": 1}
    assert "2020-10" in facets["month"]
    assert sum(facets["movement"].values()) <= result.total


def test_hits_carry_the_contract_fields_and_highlighted_snippets(store):
    [hit] = search(store, "dak mol").hits
    assert list(hit.to_dict()) == ["article_id", "title", "url", "published", "snippet", "score"]
    assert hit.url == key("dak-mol") and hit.published == "2020-11-18"
    assert "<mark>Đắk Môl</mark>" in hit.snippet
    assert hit.score > 0
    [hit] = search(store, "TDĐKXDĐSVH", Filters(unit="quận Hoàng Mai")).hits
    assert "<mark>Toàn dân đoàn kết xây dựng đời sống văn hóa</mark>" in hit.snippet


# ------------------------------------------------------------------------------------------ the parts


@pytest.mark.parametrize(
    ("text", "expected"),
    [("dân vận khéo", True), ("Đ", True), ("dan van kheo", False), ("05-NQ/TU", False), ("DVK", False)],
)
def test_has_diacritics(text, expected):
    assert has_diacritics(text) is expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dan van", '{title text} : "dan" AND {title text} : "van"'),
        ('"dân vận" khéo', '{title text} : "dân vận" AND {title text} : "khéo"'),
        ("Nguy*", '{title text} : "Nguy"*'),
        ('say "hi', '{title text} : "say" AND {title text} : "hi"'),
        ('a"b', '{title text} : "a""b"'),
    ],
)
def test_every_term_reaches_fts5_quoted(query, expected):
    assert fts_expression(parse_query(query), fold_terms=False, expand=False) == expected


@pytest.mark.parametrize(
    ("query", "fold_terms", "expected"),
    [
        ("DVK", False, f'({{title text}} : "DVK" OR tags : "{movement_tag(DVK[0])}")'),
        (
            "dan van kheo",
            True,
            '({title text} : "dan" AND {title text} : "van" AND {title text} : "kheo") '
            f'OR tags : "{movement_tag(DVK[0])}"',
        ),
    ],
)
def test_movements_are_found_by_initials_and_by_name(query, fold_terms, expected):
    assert fts_expression(parse_query(query), fold_terms=fold_terms) == expected


def test_snippet_marks_folded_hits_in_the_original_text():
    text = "Sáng nay, xã Đông Thạnh ra mắt mô hình. " + "Nội dung khác. " * 30
    groups = term_patterns(parse_query("dong thanh"), fold_terms=True)
    snippet = make_snippet(text, groups, fold_text=True)
    assert "<mark>Đông Thạnh</mark>" in snippet and "\n" not in snippet
    assert fold(snippet.replace("<mark>", "").replace("</mark>", "")).startswith("sang nay")


def test_a_unit_the_gazetteer_did_not_decide_is_found_by_name_and_by_its_province(tmp_path):
    text = "Thôn Bon Ja Ráh, xã Hòa Bình Mới tổ chức Ngày hội Đại đoàn kết."
    article = build(
        text,
        source="/tmp/phongtrao-search/undecided.txt",
        units=(("xã Hòa Bình Mới", "xã Hòa Bình Mới", "commune", None, "Đắk Nông"),),
    )
    with open_store(tmp_path / "store.db") as store:
        upsert_many(store, [article])
        for unit in ("xã Hòa Bình Mới", "Hòa Bình Mới", "xa hoa binh moi", "tỉnh Đắk Nông", "tỉnh Lâm Đồng"):
            assert search(store, "ngay hoi", Filters(unit=unit)).total == 1, unit
        assert search(store, "ngay hoi", Filters(unit="tỉnh Gia Lai")).total == 0


def test_a_word_in_most_articles_is_ranked_by_term_frequency_among_the_newest(tmp_path):
    articles = [
        build(f"Bản tin số {n}: xã Nam Bình họp dân.", source=f"/tmp/phongtrao-search/many-{n}.txt") for n in range(260)
    ]
    articles[230] = build(  # not the newest, but it says it three times
        "Xã Nam Bình họp dân; dân xã Nam Bình góp ý; Nam Bình thống nhất.", source="/tmp/phongtrao-search/many-230.txt"
    )
    with open_store(tmp_path / "store.db") as store:
        upsert_many(store, articles)
        result = search(store, "nam binh", limit=5)
        assert result.total == 260 and result.total_exact
        assert result.hits[0].url.endswith("many-230.txt")
        assert result.hits[0].score == 6.0  # matches of "nam" and "binh", BM25 being skipped
        assert [h.url for h in result.hits[1:3]] == [
            "file:///tmp/phongtrao-search/many-259.txt",
            "file:///tmp/phongtrao-search/many-258.txt",
        ]
