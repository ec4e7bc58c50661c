"""Page-extraction scores in trafilatura's style, beside trafilatura's and htmldate's own defaults.

Gold records (``"task": "page"`` in ``corpora/gold/pages.jsonl``) say, for one page, what a
reader should get: the kind of page, the title, dates and authors, snippets that must and
must not be in the text, and the reference body. The body is scored twice, as trafilatura's
evaluation does: by snippets (a must-include found is a true positive, missing a false
negative; a must-exclude found is a false positive) and by word overlap with the reference
body (multiset of words; precision, recall, F1 micro-averaged over pages).

The reference body is the record's ``text``, or the page's own elements named by
``body_selectors`` minus ``body_drop`` snippets (and minus the headline when
``title_in_body``): the gold says where the article is, never what an extractor made of it.

Đắk Song articles in ``../shared`` are front-matter Markdown; they are rendered into the
easywebhub page layout (``corpora/pages/easywebhub/article-layout.tmpl``) at evaluation time.

Scores are also printed per page set: ``real`` (``../shared``), ``written`` (pages written
for each platform while the extractor was built) and ``heldout`` (``"heldout": true``:
platform variants written later, gold first, scored once before any change they prompted).

    .venv/bin/python -m phongtrao.evaluate_pages corpora/gold/pages.jsonl
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import string
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phongtrao.errors import InputError
from phongtrao.evaluate import SHARED_PREFIX, Accuracy, FieldScore, resolve_document_path
from phongtrao.extract.normalize import fold, normalize
from phongtrao.models import Article

SYSTEMS = ("phongtrao", "trafilatura", "htmldate")
LAYOUT = Path("corpora") / "pages" / "easywebhub" / "article-layout.tmpl"
_WORD_RE = re.compile(r"\w+")


# --- scores ----------------------------------------------------------------------------


@dataclass
class SystemScores:
    """One system's counts over the gold pages."""

    name: str
    body_words: FieldScore = field(default_factory=FieldScore)
    snippets: FieldScore = field(default_factory=FieldScore)
    links: FieldScore = field(default_factory=FieldScore)
    accuracies: dict[str, Accuracy] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)  # "page id: field" for every wrong answer

    def accuracy(self, name: str) -> Accuracy:
        return self.accuracies.setdefault(name, Accuracy())

    def judge(self, name: str, right: bool, page: str) -> None:
        acc = self.accuracy(name)
        acc.total += 1
        acc.right += int(right)
        if not right:
            self.misses.append(f"{page}: {name}")

    def metrics(self) -> dict[str, float]:
        flat: dict[str, float] = {}
        for name, score in (("body", self.body_words), ("snippets", self.snippets), ("links", self.links)):
            if score.tp + score.fp + score.fn:
                flat[f"{name}.precision"] = score.precision
                flat[f"{name}.recall"] = score.recall
                flat[f"{name}.f1"] = score.f1
        for name, acc in self.accuracies.items():
            if acc.total:
                flat[f"{name}.accuracy"] = acc.value
        return flat


def _systems() -> dict[str, SystemScores]:
    return {name: SystemScores(name) for name in SYSTEMS}


SUBSETS = ("real", "written", "heldout")


def subset_of(record: dict[str, Any]) -> str:
    """ "real" (pages from ../shared), "heldout" (written after the extractor was frozen) or "written"."""
    if record["path"].startswith(SHARED_PREFIX):
        return "real"
    return "heldout" if record.get("heldout") else "written"


@dataclass
class PageReport:
    """Scores of phongtrao and of the baselines on the same pages in the same run.

    ``systems`` covers every page; ``subsets`` the same scores for real pages, pages the
    project wrote, and the held-out pages written after the extractor was frozen.
    """

    systems: dict[str, SystemScores] = field(default_factory=_systems)
    subsets: dict[str, dict[str, SystemScores]] = field(default_factory=lambda: {name: _systems() for name in SUBSETS})
    documents: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def ours(self) -> SystemScores:
        return self.systems["phongtrao"]

    def metrics(self) -> dict[str, float]:
        """Flat ``pages.<field>.<metric>`` keys of phongtrao's scores, for a baseline gate."""
        return {f"pages.{key}": value for key, value in self.ours.metrics().items()}


def _count_words(text: str) -> Counter[str]:
    return Counter(word.lower() for word in _WORD_RE.findall(normalize(text)))


def word_overlap(found: str, reference: str) -> FieldScore:
    """Word-multiset overlap between an extracted text and the reference body."""
    got, want = _count_words(found), _count_words(reference)
    tp = sum((got & want).values())
    return FieldScore(tp=tp, fp=sum(got.values()) - tp, fn=sum(want.values()) - tp)


def _snippet_key(text: str) -> str:
    return " ".join(normalize(text).split()).lower()


def snippet_score(text: str, must_include: Iterable[str], must_exclude: Iterable[str]) -> FieldScore:
    """trafilatura's evaluation: a must-include found is a TP, a must-exclude found an FP."""
    haystack = _snippet_key(text)
    score = FieldScore()
    for snippet in must_include:
        if _snippet_key(snippet) in haystack:
            score.tp += 1
        else:
            score.fn += 1
    for snippet in must_exclude:
        if _snippet_key(snippet) in haystack:
            score.fp += 1
    return score


def title_key(title: str | None) -> str:
    return " ".join(fold(normalize(title or "")).split()).strip(" .:-|")


def name_key(name: str) -> str:
    return " ".join(fold(normalize(name)).replace(".", " ").split())


# --- gold and pages --------------------------------------------------------------------


def load_page_gold(gold_file: Path) -> list[dict[str, Any]]:
    """The ``"task": "page"`` records of a JSONL file (other records are someone else's)."""
    records = []
    for number, line in enumerate(Path(gold_file).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{gold_file}:{number}", f"not valid JSON ({error.msg})") from None
        if isinstance(record, dict) and record.get("task") == "page":
            if "path" not in record or "kind" not in record:
                raise InputError(f"{gold_file}:{number}", "a page gold record needs 'path' and 'kind'")
            records.append(record)
    return records


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = re.match(r"\A\ufeff?---[ \t]*(?:json)?[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", text, re.S)
    if not match:
        return {}, text
    try:
        data = json.loads(match.group(1))
    except ValueError:
        data = {}
    return (data if isinstance(data, dict) else {}), text[match.end() :]


_CATEGORY_NAMES = {
    "tin-chinh-tri-xa-hoi": "Tin chính trị - xã hội",
    "tin-kinh-te": "Tin kinh tế",
    "lich-tiep-cong-dan": "Lịch tiếp công dân",
}


def _local_display_date(value: Any) -> str | None:
    """dd/mm/yyyy as the site shows a front-matter date (ISO UTC → UTC+7; "dd-mm-yyyy …" as is)."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    match = re.match(r"(\d{1,2})-(\d{1,2})-(\d{4})", text)
    if match:
        return f"{int(match[1]):02d}/{int(match[2]):02d}/{match[3]}"
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone(dt.timedelta(hours=7)))
    return moment.strftime("%d/%m/%Y")


def _wrap(css_class: str, inner: str, condition: str) -> str:
    return f'<div class="{css_class}">{inner}</div>' if condition else ""


def _link(href: str) -> str:
    return f'<a href="{html.escape(href)}">{html.escape(href.rsplit("/", 1)[-1])}</a>'


def render_markdown_page(markdown: str, layout: str) -> tuple[bytes, str]:
    """A Đắk Song front-matter article rendered into the easywebhub layout: (page bytes, URL)."""
    front, body = _front_matter(markdown)
    title = " ".join(str(front.get("title") or "").split())
    slug = str(front.get("slug") or "bai-viet")
    category = str(front.get("category") or "tin-tuc-su-kien.tin-chinh-tri-xa-hoi")
    path = category.replace(".", "/")
    description = " ".join(str(front.get("description") or "").split())
    shown = _local_display_date(front.get("date"))
    attachment = str(front.get("tai_lieu_dinh_kem") or "")
    values = {
        "title_text": html.escape(title, quote=False),
        "title_attr": html.escape(title),
        "title_html": html.escape(title, quote=False),
        "description_attr": html.escape(description),
        "date_raw": html.escape(str(front.get("date") or "")),
        "slug": slug,
        "category_path": path,
        "category_name": _CATEGORY_NAMES.get(path.rsplit("/", 1)[-1], "Tin tức"),
        "date_html": f'<div class="DetailDate"><span class="ShowDate">({shown})</span></div>' if shown else "",
        "sapo_html": _wrap("SapoDetail", f"<strong>{html.escape(description, quote=False)}</strong>", description),
        "body_html": body,
        "attachment_html": _wrap("FileDetail", f"Tài liệu đính kèm: {_link(attachment)}", attachment),
    }
    page = string.Template(layout).safe_substitute(values)
    return page.encode("utf-8"), f"https://daksong.daknong.gov.vn/{path}/{slug}"


def load_page(record: dict[str, Any], repo_root: Path) -> tuple[bytes, str] | None:
    """The page bytes and URL of a gold record; None when its file is absent."""
    path, _real = resolve_document_path(record, repo_root)
    if not path.is_file():
        return None
    data = path.read_bytes()
    if path.suffix == ".md":
        layout = (repo_root / LAYOUT).read_text(encoding="utf-8")
        data, url = render_markdown_page(data.decode("utf-8"), layout)
        return data, record.get("url") or url
    return data, record.get("url") or f"https://example.gov.vn/{path.name}"


def reference_text(record: dict[str, Any], data: bytes, url: str) -> str | None:
    """The reference body of a gold record (see the module docstring), or None."""
    if isinstance(record.get("text"), str):
        return record["text"]
    selectors = record.get("body_selectors")
    if not selectors:
        return None
    from phongtrao.extract.html import parse_page, raw_text, select

    root = parse_page(data, url).root
    elements: list[Any] = []
    for selector in selectors:
        elements.extend(select(root, selector))
    chosen = set(elements)
    outer = [e for e in elements if not any(a in chosen for a in e.iterancestors())]
    text = "\n".join(normalize(raw_text(element)) for element in dict.fromkeys(outer))
    drops = list(record.get("body_drop", []))
    if record.get("title_in_body") and record.get("title"):
        drops.append(record["title"])
    words = _count_words(text)
    for drop in drops:
        words -= _count_words(drop)
    return " ".join(words.elements())


# --- running the systems ---------------------------------------------------------------


@dataclass
class Outcome:
    """What one system said about one page."""

    text: str | None = None
    title: str | None = None
    published: str | None = None
    updated: str | None = None
    authors: tuple[str, ...] = ()
    error: str | None = None
    partial: bool = False


def _ours(extract: Callable[[bytes, str], Article], data: bytes, url: str) -> Outcome:
    try:
        article = extract(data, url)
    except InputError as error:
        return Outcome(error=error.reason)
    return Outcome(
        article.text, article.title, article.published, article.updated, tuple(article.authors), None, article.partial
    )


def _trafilatura(data: bytes, url: str) -> Outcome:
    import trafilatura

    try:
        document = trafilatura.bare_extraction(data, url=url, with_metadata=True)
    except Exception as error:  # a baseline's crash is its miss, not ours
        return Outcome(error=f"{type(error).__name__}")
    if document is None or not getattr(document, "text", None):
        return Outcome(error="no text")
    authors = tuple(a.strip() for a in re.split(r";|,", document.author or "") if a.strip())
    return Outcome(document.text, document.title, document.date, None, authors)


def _htmldate(data: bytes) -> Outcome:
    from htmldate import find_date

    try:
        return Outcome(published=find_date(data))
    except Exception as error:  # a baseline's crash is its miss, not ours
        return Outcome(error=f"{type(error).__name__}")


def _score(
    scores: SystemScores, record: dict[str, Any], outcome: Outcome, reference: str | None, *, text_fields: bool
) -> None:
    page = record.get("id", record["path"])
    kind = record["kind"]
    if record.get("error"):
        if text_fields:
            scores.judge("refused", outcome.error is not None or outcome.partial, page)
        return
    if kind == "listing":
        return
    if outcome.error and text_fields:
        scores.failed.append(f"{page}: {outcome.error}")
    if text_fields:
        text = outcome.text or ""
        if reference is not None:
            scores.body_words.add(word_overlap(text, reference))
        snippets = snippet_score(text, record.get("must_include", []), record.get("must_exclude", []))
        scores.snippets.add(snippets)
        if snippets.fn or snippets.fp:
            haystack = _snippet_key(text)
            wrong = [f"missing {s!r}" for s in record.get("must_include", []) if _snippet_key(s) not in haystack]
            wrong += [f"kept {s!r}" for s in record.get("must_exclude", []) if _snippet_key(s) in haystack]
            scores.misses.append(f"{page}: snippets: {'; '.join(wrong)}")
        if "title" in record:
            scores.judge("title", title_key(record["title"]) == title_key(outcome.title), page)
        if "authors" in record:
            want = [name_key(a) for a in record["authors"]]
            scores.judge("authors", want == [name_key(a) for a in outcome.authors], page)
        if "updated" in record and scores.name == "phongtrao":
            scores.judge("updated", (record["updated"] or None) == (outcome.updated or None), page)
    if kind == "article" and "published" in record:
        scores.judge("published", (record["published"] or None) == (outcome.published or None), page)


def evaluate_pages(
    gold_file: Path,
    extract: Callable[[bytes, str], Article] | None = None,
    *,
    repo_root: Path | None = None,
    baselines: bool = True,
) -> PageReport:
    """Score page extraction on the gold pages, with trafilatura and htmldate beside it."""
    from phongtrao.extract.html import extract_html

    extract = extract or (lambda data, url: extract_html(data, url))
    gold_file = Path(gold_file)
    repo_root = repo_root or gold_file.resolve().parents[2]
    report = PageReport()
    for record in load_page_gold(gold_file):
        loaded = load_page(record, repo_root)
        if loaded is None:
            report.skipped.append(record["path"])
            continue
        data, url = loaded
        report.documents += 1
        reference = reference_text(record, data, url) if record["kind"] != "listing" else None
        outcomes = {"phongtrao": _ours(extract, data, url)}
        if baselines:
            outcomes["trafilatura"] = _trafilatura(data, url)
            outcomes["htmldate"] = _htmldate(data)
        kind = _kind(data, url)
        found = _link_count(data, url) if record["kind"] == "listing" else 0
        for systems in (report.systems, report.subsets[subset_of(record)]):
            _score_page(systems, record, outcomes, reference, kind, found)
    return report


def _kind(data: bytes, url: str) -> str:
    from phongtrao.extract.listing import classify_page

    try:
        return classify_page(data, url)
    except InputError:
        return "error"


def _link_count(data: bytes, url: str) -> int:
    from phongtrao.extract.listing import listing_links

    try:
        return len(listing_links(data, url))
    except InputError:
        return 0


def _score_page(
    systems: dict[str, SystemScores],
    record: dict[str, Any],
    outcomes: dict[str, Outcome],
    reference: str | None,
    kind: str,
    found: int,
) -> None:
    ours = systems["phongtrao"]
    page = record.get("id", record["path"])
    ours.judge("kind", kind == record["kind"] or (bool(record.get("error")) and kind != "listing"), page)
    if record["kind"] == "listing":
        expected = int(record.get("links", 0))
        ours.links.add(FieldScore(tp=min(found, expected), fp=max(found - expected, 0), fn=max(expected - found, 0)))
        if found != expected:
            ours.misses.append(f"{page}: links {found} != {expected}")
    for name, outcome in outcomes.items():
        _score(systems[name], record, outcome, reference, text_fields=name != "htmldate")


# --- printing --------------------------------------------------------------------------

_ROWS = (
    ("body word F1", "body.f1"),
    ("body word precision", "body.precision"),
    ("body word recall", "body.recall"),
    ("snippet F1", "snippets.f1"),
    ("snippet precision", "snippets.precision"),
    ("snippet recall", "snippets.recall"),
    ("title accuracy", "title.accuracy"),
    ("published accuracy", "published.accuracy"),
    ("updated accuracy", "updated.accuracy"),
    ("authors accuracy", "authors.accuracy"),
    ("bad pages refused", "refused.accuracy"),
    ("page kind accuracy", "kind.accuracy"),
    ("listing links F1", "links.f1"),
)


def format_report(report: PageReport, *, misses: bool = False) -> str:
    """The scores as a plain-text table, phongtrao beside the baselines."""
    metrics = {name: scores.metrics() for name, scores in report.systems.items()}
    lines = [f"pages: {report.documents} scored, {len(report.skipped)} skipped (file absent)"]
    lines.append(f"{'':24}" + "".join(f"{name:>14}" for name in SYSTEMS))
    for label, key in _ROWS:
        cells = [f"{metrics[name][key]:14.3f}" if key in metrics[name] else f"{'-':>14}" for name in SYSTEMS]
        lines.append(f"{label:24}" + "".join(cells))
    keys = ("body.f1", "snippets.f1", "title.accuracy", "published.accuracy", "authors.accuracy")
    lines.append("by page set (body F1 / snippet F1 / title / published / authors):")
    for subset, systems in report.subsets.items():
        pages = systems["phongtrao"].accuracy("kind").total
        if not pages:
            continue
        cells = []
        for name in ("phongtrao", "trafilatura"):
            values = systems[name].metrics()
            cells.append(f"{name} " + " / ".join(f"{values[k]:.3f}" if k in values else "-" for k in keys))
        dates = systems["htmldate"].metrics().get("published.accuracy")
        cells.append(f"htmldate published {dates:.3f}" if dates is not None else "htmldate -")
        lines.append(f"  {subset:8} {pages:3} pages: " + "; ".join(cells))
    if misses:
        for name in SYSTEMS:
            for miss in report.systems[name].misses:
                lines.append(f"  {name} miss: {miss}")
    for failure in report.ours.failed:
        lines.append(f"  phongtrao failed: {failure}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m phongtrao.evaluate_pages [GOLD] [--misses]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    show_misses = "--misses" in args
    args = [a for a in args if a != "--misses"]
    gold = Path(args[0]) if args else Path("corpora/gold/pages.jsonl")
    try:
        report = evaluate_pages(gold)
    except InputError as error:
        print(f"phongtrao: error: {error}", file=sys.stderr)
        return 1
    print(format_report(report, misses=show_misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
