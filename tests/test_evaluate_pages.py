"""The page-extraction scorer: word overlap, snippets, rendering Đắk Song pages, and the gates."""

import json
from pathlib import Path

import pytest

from phongtrao.errors import InputError
from phongtrao.evaluate_pages import (
    PageReport,
    evaluate_pages,
    format_report,
    load_page_gold,
    reference_text,
    render_markdown_page,
    snippet_score,
    title_key,
    word_overlap,
)
from phongtrao.extract.html import extract_html
from phongtrao.models import Article

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "corpora" / "gold" / "pages.jsonl"
LAYOUT = (ROOT / "corpora" / "pages" / "easywebhub" / "article-layout.tmpl").read_text(encoding="utf-8")
REAL = ROOT.parent / "shared" / "real"


def test_word_overlap():
    score = word_overlap(
        "Hội nghị tổng kết phong trào thi đua năm 2020. Thống kê truy cập",
        "Hội nghị tổng kết phong trào thi đua năm 2020",
    )
    assert (score.tp, score.fp, score.fn) == (10, 4, 0)
    assert word_overlap("", "a b").fn == 2


def test_word_overlap_normalises_both_sides():
    score = word_overlap("Ủy ban xã Trường Xuân", "Uỷ ban xã Trường Xu&acirc;n")
    assert (score.tp, score.fp, score.fn) == (5, 0, 0)


def test_snippets_in_trafilatura_style():
    score = snippet_score(
        "Sáng ngày 27/2/2020, Ban Tuyên giáo “Huyện ủy”",
        ['Ban Tuyên giáo "Huyện ủy"', "không có"],
        ["Thống kê truy cập", "27/2/2020"],
    )
    assert (score.tp, score.fn, score.fp) == (1, 1, 1)


def test_title_key_forgives_case_diacritics_and_final_dot():
    assert title_key("Hội thi cán bộ  Hội phụ nữ.") == title_key("hoi thi can bo hoi phu nu")
    assert title_key(None) == ""


def test_render_markdown_page_shows_the_local_date():
    markdown = (
        '---json\n{"slug": "x", "title": "Hội nghị  tháng 11", "date": "2019-12-08T19:00:00.000Z", '
        '"description": "Ngày 04/12 …", "category": "tin-tuc-su-kien.tin-chinh-tri-xa-hoi"}\n---\n<p>Nội dung</p>'
    )
    data, url = render_markdown_page(markdown, LAYOUT)
    page = data.decode("utf-8")
    assert url == "https://daksong.daknong.gov.vn/tin-tuc-su-kien/tin-chinh-tri-xa-hoi/x"
    assert '<span class="ShowDate">(09/12/2019)</span>' in page  # UTC evening → next day in UTC+7
    assert 'content="2019-12-08T19:00:00.000Z"' in page
    assert '<h1 class="TitleDetail">Hội nghị tháng 11</h1>' in page
    assert '<div class="SapoDetail"><strong>Ngày 04/12 …</strong></div>' in page


def test_render_markdown_stub_links_its_attachment():
    data, _url = render_markdown_page(
        '---json\n{"title": "Thông báo", "tai_lieu_dinh_kem": "/img/TB-01.PDF"}\n---\n', LAYOUT
    )
    page = data.decode("utf-8")
    assert 'href="/img/TB-01.PDF"' in page
    assert "ShowDate" not in page.split("TIN ĐÃ ĐƯA")[0]  # no date shown when the front matter has none


def test_reference_text_from_selectors_minus_drops():
    body = "<p>Tiêu đề bài</p><p>Nội dung chính của bài.</p><p>Vương Hợp</p>"
    data = f"<html><body><div class='c'>{body}</div></body></html>".encode()
    record = {"body_selectors": [".c"], "body_drop": ["Vương Hợp"], "title_in_body": True, "title": "Tiêu đề bài"}
    assert sorted(reference_text(record, data, "https://x/").split()) == sorted(
        "Nội dung chính của bài".lower().split()
    )
    assert reference_text({"text": "T"}, data, "") == "T"
    assert reference_text({}, data, "") is None


def test_load_page_gold_keeps_page_records_only(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(
        '{"id": "a", "path": "x.txt"}\n\n{"task": "page", "path": "p.html", "kind": "other"}\n', encoding="utf-8"
    )
    assert [r["path"] for r in load_page_gold(gold)] == ["p.html"]
    gold.write_text('{"task": "page", "path": "p.html"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="needs 'path' and 'kind'"):
        load_page_gold(gold)
    gold.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        load_page_gold(gold)


def test_gold_has_forty_pages_with_task_page():
    records = load_page_gold(GOLD)
    assert len(records) >= 40
    lines = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert all(line.get("task") == "page" for line in lines)
    assert {r["kind"] for r in records} == {"article", "listing", "other"}
    written = {r["path"].split("/")[2] for r in records if r["path"].startswith("corpora/pages/")}
    assert {"vnpt", "viettel", "liferay", "sharepoint", "webcenter", "nukeviet", "joomla", "wordpress"} <= written


def test_a_failing_extractor_scores_nothing(tmp_path):
    gold = tmp_path / "corpora" / "gold" / "pages.jsonl"
    gold.parent.mkdir(parents=True)
    page = ROOT / "corpora" / "pages" / "vnpt" / "vnpt-1.html"
    record = json.loads(
        next(line for line in GOLD.read_text(encoding="utf-8").splitlines() if '"id": "vnpt-1"' in line)
    )
    record["path"] = str(page)
    gold.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")

    def refuse(data: bytes, url: str) -> Article:
        raise InputError(url, "no article text found")

    report = evaluate_pages(gold, refuse, repo_root=tmp_path, baselines=False)
    assert report.documents == 1
    assert report.ours.body_words.tp == 0 and report.ours.body_words.fn > 0
    assert report.ours.failed
    good = evaluate_pages(gold, lambda data, url: extract_html(data, url), repo_root=tmp_path, baselines=False)
    assert good.ours.body_words.f1 > 0.95


@pytest.fixture(scope="module")
def full_report() -> PageReport:
    return evaluate_pages(GOLD)


def test_gates_on_the_page_gold(full_report):
    ours = full_report.ours.metrics()
    traf = full_report.systems["trafilatura"].metrics()
    dates = full_report.systems["htmldate"].metrics()
    assert ours["body.f1"] >= 0.95
    assert ours["published.accuracy"] >= 0.97
    assert ours["body.f1"] > traf["body.f1"]
    assert ours["snippets.f1"] > traf["snippets.f1"]
    assert ours["published.accuracy"] > max(traf["published.accuracy"], dates["published.accuracy"])
    assert ours["title.accuracy"] > traf["title.accuracy"]
    assert ours["authors.accuracy"] > traf["authors.accuracy"]
    assert "pages.body.f1" in full_report.metrics()


def test_report_prints_all_three_systems(full_report):
    text = format_report(full_report)
    assert "phongtrao" in text and "trafilatura" in text and "htmldate" in text
    assert "body word F1" in text and "published accuracy" in text


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is absent")
def test_real_pages_are_scored(full_report):
    assert not full_report.skipped
    assert full_report.documents >= 70
