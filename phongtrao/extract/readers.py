"""Readers: a file's bytes in, an Article out, or an InputError that says why not.

Formats: scraped portal text (``.txt``, no extension), front-matter Markdown (``.md`` with a
JSON or YAML header and an HTML body, as the Đắk Song portal stores its news), HTML pages
(through :mod:`phongtrao.extract.html`, the crawler's page extractor), ``.docx`` and
``.pdf``. Every reader returns normalised text (``normalize()``) with the title, date line,
byline and boilerplate taken out, because every later offset points into ``Article.text``.
Nothing but :class:`InputError` leaves ``read_path`` and ``read_bytes``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from phongtrao.errors import InputError
from phongtrao.extract.encoding import (
    bom_codec,
    decode_single_byte,
    has_binary_signature,
    sniff_utf16,
    vietnamese_score,
)
from phongtrao.extract.html import LOCAL_TZ, Block, caption_like, compact, html_blocks, parse_fragment, similar
from phongtrao.extract.normalize import normalize, normalize_name
from phongtrao.extract.plaintext import (
    Byline,
    boilerplate,
    collapse,
    is_byline_unit,
    is_caption_line,
    join_wrapped,
    label_only,
    line_key,
    parse_byline,
    parse_date_line,
    parse_place_date_line,
    read_plain_text,
    split_names,
    valid_date,
    word_count,
)
from phongtrao.models import Article

MAX_BYTES = 50 * 1024 * 1024

# ---------------------------------------------------------------------------------------
# Decoding

_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
# Bytes Windows-1252 leaves undefined: a file with one is judged as raw bytes (Latin-1), where
# 0x80-0x9F are control codes; so UTF-8 with a broken byte is refused, not read as mojibake.
_UNDEFINED_CP1252_RE = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


def _control_ratio(text: str) -> float:
    """Share of control characters (other than tab, newlines, form feed and escape)."""
    sample = text[:20000]
    return len(_CONTROL_RE.findall(sample)) / len(sample) if sample else 0.0


def decode_bytes(data: bytes, where: str) -> str:
    """Bytes of a text file → str: BOM, strict UTF-8, UTF-16 by NUL pattern, Vietnamese single-byte guess.

    The pieces are the page decoder's (:mod:`phongtrao.extract.encoding`); a text file has
    no declared charset, and its BOM and UTF-8 are taken strictly.
    """
    if not data:
        raise InputError(where, "empty file")
    encoding = bom_codec(data)
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            raise InputError(where, f"not valid {encoding.upper()} text after its byte-order mark") from error
        return _checked_text(text, where)
    if has_binary_signature(data):
        raise InputError(where, "binary file, not text")
    try:
        return _checked_text(data.decode("utf-8"), where)
    except UnicodeDecodeError:
        pass
    encoding = sniff_utf16(data)
    if encoding:
        try:
            return _checked_text(data.decode(encoding), where)
        except UnicodeDecodeError:
            pass
    if _binary_single_byte(data):
        raise InputError(where, "binary file, not text")
    return _checked_text(_single_byte_text(data), where)


def _binary_single_byte(data: bytes) -> bool:
    """NULs; or a byte no Windows code page defines and, read as Latin-1, too many control codes."""
    if b"\x00" in data[:20000]:
        return True
    return _UNDEFINED_CP1252_RE.search(data) is not None and _control_ratio(data.decode("latin-1")) > 0.05


def _single_byte_text(data: bytes) -> str:
    """The shared Vietnamese single-byte guess; charset_normalizer's when it reads as no Vietnamese."""
    text, _ = decode_single_byte(data)
    if vietnamese_score(text) > 0:
        return text
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=["cp1258", "cp1252", "utf_8", "latin_1"]).best()
        if best is not None:
            return str(best)
    except Exception:  # charset_normalizer is a guess, never a reason to fail
        pass
    return text


def _checked_text(text: str, where: str) -> str:
    if "\x00" in text[:20000] or _control_ratio(text) > 0.05:
        raise InputError(where, "binary file, not text")
    if not text.strip():
        raise InputError(where, "empty file")
    return text


def local_date(value: Any) -> str | None:
    """YYYY-MM-DD in Vietnam time of a front-matter or meta date (ISO UTC, dd-mm-yyyy …)."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        return value.isoformat()
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
        except ValueError:
            match = re.match(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b", text)
            if not match:
                match = re.match(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b", text)
                return valid_date(int(match[1]), int(match[2]), int(match[3])) if match else None
            return valid_date(int(match[3]), int(match[2]), int(match[1]))
    else:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(LOCAL_TZ)
    return moment.date().isoformat()


# ---------------------------------------------------------------------------------------
# Blocks → article parts
#
# The body's HTML is cut into paragraph blocks by the page extractor's writer
# (:func:`phongtrao.extract.html.html_blocks`); the rules below are the front-matter ones: the
# header gives title and lead, and heading-like paragraphs that repeat the lead are joined.


def _body_blocks(markup: str) -> list[Block]:
    """The paragraph blocks of a front-matter body; none when there is no markup to parse."""
    root = parse_fragment(markup) if markup.strip() else None
    return html_blocks(root) if root is not None else []


def _text_blocks(blocks: list[Block]) -> list[Block]:
    return [block for block in blocks if block.role == "text"]


def _mark_trailing_bylines(blocks: list[Block], warnings: list[str]) -> None:
    """Bylines, source lines and source URLs at the end of the body."""
    for _ in range(4):
        texts = _text_blocks(blocks)
        if len(texts) < 2:
            return
        last = texts[-1]
        byline = parse_byline(last.text)
        if byline is None and len(texts) >= 3 and is_byline_unit(last.text):
            names = parse_byline(texts[-2].text)
            if names is not None and names.kind == "names":
                last.role = "drop"
                continue
        if byline is None:
            return
        last.role, last.byline = "byline", byline
        if byline.kind == "names" and not (last.align == "right" or last.indent >= 10):
            warnings.append(f"byline guessed: {' / '.join(byline.authors)}")


def _mark_labelled_bylines(blocks: list[Block]) -> None:
    """Labelled bylines anywhere ("Biên tập / Huỳnh Tấn Tuấn."), or a label paragraph then a name."""
    texts = _text_blocks(blocks)
    for index, block in enumerate(texts):
        if block.role != "text":
            continue
        byline = parse_byline(block.text)
        if byline is not None and byline.kind == "labelled":
            block.role, block.byline = "byline", byline
        elif label_only(block.text) and index + 1 < len(texts):
            following = parse_byline(texts[index + 1].text)
            if following is not None and following.kind == "names":
                block.role = "drop"
                texts[index + 1].role, texts[index + 1].byline = "byline", following


def _mark_captions(blocks: list[Block]) -> None:
    """Short paragraphs right after an image, text in image tables, "Ảnh: …" lines."""
    for index, block in enumerate(blocks):
        if block.role == "text" and (
            block.table_image or is_caption_line(block.text) or (block.image and caption_like(block, parse_date_line))
        ):
            block.role = "caption"
        if not block.image:
            continue
        following = next((b for b in blocks[index + 1 :] if b.role != "image"), None)
        if (
            following is not None
            and following.role == "text"
            and not following.image
            and caption_like(following, parse_date_line)
        ):
            following.role = "caption"


def _mark_title_repeat(blocks: list[Block], title: str | None, lead: str | None) -> None:
    """The headline repeated (maybe over two paragraphs) at the top of the body.

    Leading heading-like paragraphs that repeat the title are dropped; when they repeat
    the lead instead they stay, joined into one paragraph, because they are the lead.
    """
    leading: list[Block] = []
    for block in blocks:
        if block.role == "image":
            continue
        if block.role != "text":
            break
        if not (block.emphasis or block.align == "center" or block.heading) or word_count(block.text) > 60:
            break
        leading.append(block)
        if len(leading) == 3:
            break
    for size in range(len(leading), 0, -1):
        joined = " ".join(block.text for block in leading[:size])
        if title and similar(joined, title):
            for block in leading[:size]:
                block.role = "title"
            return
        if lead and similar(joined, lead):
            leading[0].text = joined
            for block in leading[1:size]:
                block.role = "drop"
            return


@dataclass
class _Parts:
    paragraphs: list[str]
    captions: list[str]
    authors: list[str]
    warnings: list[str]


def assemble(blocks: list[Block], *, title: str | None, lead: str | None = None) -> _Parts:
    """Sort blocks into body, captions and bylines; put the lead first when the body lacks it."""
    warnings: list[str] = []
    full_body = " ".join(block.text for block in blocks)
    _mark_trailing_bylines(blocks, warnings)
    _mark_labelled_bylines(blocks)
    _mark_captions(blocks)
    _mark_title_repeat(blocks, title, lead)
    # Captions stay in the text as their own paragraphs (they name officials and places) and
    # are listed in Article.captions too.
    paragraphs = [block.text for block in blocks if block.role in ("text", "caption")]
    if lead and not _contains(full_body, lead, [block.text for block in blocks]):
        paragraphs.insert(0, lead)
    captions = [block.text for block in blocks if block.role == "caption"]
    authors: list[str] = []
    for block in blocks:
        if block.role == "byline" and block.byline is not None:
            authors.extend(block.byline.authors)
    return _Parts(paragraphs, captions, list(dict.fromkeys(authors)), warnings)


def _contains(body: str, lead: str, paragraphs: list[str]) -> bool:
    needle = compact(lead)
    return not needle or needle in compact(body) or any(similar(lead, paragraph) for paragraph in paragraphs)


# ---------------------------------------------------------------------------------------
# Front-matter Markdown

_FRONT_MATTER_RE = re.compile(r"\A\ufeff?---[ \t]*(json|yaml|yml)?[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def split_front_matter(text: str, where: str) -> tuple[dict[str, Any], str] | None:
    """(front matter, body) of a ``---json``/``---`` file, None when there is none."""
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return None
    header = match.group(2).strip()
    if not header:
        return {}, text[match.end() :]
    try:
        if match.group(1) == "json" or header.startswith("{"):
            data = json.loads(header)
        else:
            import yaml

            data = yaml.safe_load(header)
    except Exception as error:
        raise InputError(where, f"front matter is not valid JSON or YAML: {error}") from error
    if not isinstance(data, dict):
        raise InputError(where, "front matter is not a mapping")
    return data, text[match.end() :]


def _string(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(str(item) for item in value if item)
    return "" if value is None else str(value)


def _front_matter_authors(front: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for key in ("author", "authors", "tac_gia", "nguoi_viet"):
        value = front.get(key)
        for item in value if isinstance(value, list) else [value]:
            text = normalize_name(_string(item))
            if text:
                names.extend(split_names(text) or (text,))
    return names


def read_front_matter(text: str, source: str, *, published: str | None = None) -> Article:
    """A front-matter article: the header's title, date and lead, the HTML body cleaned."""
    split = split_front_matter(text, source)
    if split is None:
        return read_plain_text(text, source, published=published)
    front, body_markup = split
    title = normalize_name(_string(front.get("title"))) or None
    lead = collapse(normalize(_string(front.get("description")))) or None
    warnings: list[str] = []
    date = local_date(front.get("date"))
    if date is None:
        date = published
        warnings.append("no date in front matter" + ("; published date given by the caller" if published else ""))
    blocks = _body_blocks(body_markup)
    parts = assemble(blocks, title=title, lead=lead)
    body = normalize("\n\n".join(parts.paragraphs))
    if not body:
        links = [str(front.get("tai_lieu_dinh_kem") or "")] + [link for block in blocks for link in block.links]
        documents = [link for link in links if re.search(r"\.(pdf|docx?|xlsx?|rar|zip)\b", link, re.IGNORECASE)]
        if documents:
            raise InputError(source, f"document stub: no article text (links only to {documents[0]})")
        raise InputError(source, "no article text found")
    return Article(
        source=source,
        text=body,
        title=title,
        published=date,
        authors=tuple(dict.fromkeys(_front_matter_authors(front) + parts.authors)),
        url=_string(front.get("url")) or None,
        captions=tuple(parts.captions),
        warnings=tuple(warnings + parts.warnings),
    )


# ---------------------------------------------------------------------------------------
# Reports (.docx, .pdf)

_HEADER_WINDOW = 15


def _is_header_line(line: str) -> bool:
    key = line_key(line)
    catalogue = boilerplate()
    if catalogue.header.match(key) or parse_place_date_line(line):
        return True
    return line.isupper() and bool(catalogue.agency.match(key))


def document_article(paragraphs: list[tuple[str, bool]], source: str, *, published: str | None) -> Article:
    """A report or official document: (paragraph, is_heading) pairs → Article.

    The title is the first heading-styled paragraph, else the kind line ("KẾ HOẠCH") with the
    subject after it, else the first short line that is not an official header line; the date
    is the header's "…, ngày 27 tháng 11 năm 2013" line or a date line.
    """
    lines = [(collapse(normalize(text)), heading) for text, heading in paragraphs]
    lines = [(text, heading) for text, heading in lines if text]
    if not lines:
        raise InputError(source, "no article text found")
    top = range(min(len(lines), _HEADER_WINDOW))
    warnings: list[str] = []
    date = next((d for i in top if (d := parse_place_date_line(lines[i][0]) or parse_date_line(lines[i][0]))), None)
    title_at: list[int] = []
    styled = [i for i in top if lines[i][1] and word_count(lines[i][0]) <= 40]
    if styled:
        title_at = [styled[0]]
    else:
        catalogue = boilerplate()
        for i in top:
            text = lines[i][0]
            if catalogue.kind.match(line_key(text)) and i + 1 < len(lines):
                title_at = [i, i + 1]
                break
            if not _is_header_line(text) and not parse_date_line(text) and 0 < word_count(text) <= 30:
                title_at = [i]
                warnings.append("title guessed: first short line")
                break
    title = " ".join(lines[i][0] for i in title_at) or None
    if len(title_at) == 2 and lines[title_at[0]][0].isupper():
        title = f"{lines[title_at[0]][0].capitalize()} {lines[title_at[1]][0]}"
    body = [
        text for i, (text, _) in enumerate(lines) if i not in title_at and not boilerplate().motto.match(line_key(text))
    ]
    body, authors, byline_warnings = _document_bylines(body)
    text = normalize("\n\n".join(body))
    if not text:
        raise InputError(source, "no article text found")
    if date is None and published:
        date = published
        warnings.append("published date given by the caller")
    return Article(
        source=source,
        text=text,
        title=title,
        published=date,
        authors=tuple(authors),
        warnings=tuple(warnings + byline_warnings),
    )


def _document_bylines(body: list[str]) -> tuple[list[str], list[str], list[str]]:
    authors: list[str] = []
    warnings: list[str] = []
    while len(body) >= 2:
        byline: Byline | None = parse_byline(body[-1])
        if byline is None or (byline.kind == "names" and not body[-2].rstrip().endswith((".", "!", "?"))):
            break
        body = body[:-1]
        authors[:0] = byline.authors
        if byline.kind == "names":
            warnings.append(f"byline guessed: {' / '.join(byline.authors)}")
    return body, authors, warnings


def _docx_paragraphs(data: bytes, source: str) -> list[tuple[str, bool]]:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        raise InputError(source, f"not a valid .docx: {_short(error)}") from error
    out: list[tuple[str, bool]] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            out.extend((row, False) for row in _table_rows(item))
            continue
        style = (item.style.name if item.style is not None else "") or ""
        heading = style.lower().startswith(("heading", "title")) or style.lower() == "tiêu đề"
        for line in item.text.split("\n"):
            out.append((line, heading))
    return out


def _table_rows(table: Any) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = collapse(cell.text)
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        if cells:
            yield " | ".join(cells)


def _pdf_paragraphs(data: bytes, source: str) -> list[tuple[str, bool]]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as error:  # PdfReadError, or whatever a damaged file trips inside pypdf
        raise InputError(source, f"not a valid PDF: {_short(error)}") from error
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception as error:
            raise InputError(source, "encrypted PDF") from error
        if not opened:
            raise InputError(source, "encrypted PDF")
    pages: list[str] = []
    try:
        for page in reader.pages:
            pages.append(page.extract_text() or "")
    except Exception as error:
        if reader.is_encrypted:
            raise InputError(source, "encrypted PDF") from error
        raise InputError(source, f"not a valid PDF: {_short(error)}") from error
    if sum(1 for page in pages for char in page if char.isalpha()) < 10:
        raise InputError(source, "PDF has no text layer (scanned?)")
    out: list[tuple[str, bool]] = []
    for page in pages:
        out.extend((paragraph, False) for paragraph in pdf_lines_to_paragraphs(page.split("\n")))
    return out


_LIST_START_RE = re.compile(r"(?:[-+•*▪]|\d{1,2}[.)]|[a-zđ][.)]|[IVX]{1,4}[.)])\s")


def pdf_lines_to_paragraphs(lines: list[str]) -> list[str]:
    """PDF text lines → paragraphs: a line ends a paragraph at a sentence end or when short."""
    cleaned = [collapse(line) for line in lines]
    lengths = sorted(len(line) for line in cleaned if line)
    if not lengths:
        return []
    typical = lengths[int(len(lengths) * 0.75)]
    out: list[str] = []
    open_paragraph = False
    for line in cleaned:
        if not line:
            open_paragraph = False
            continue
        alone = _stands_alone(line)
        if open_paragraph and out and not alone and not _LIST_START_RE.match(line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        ends_sentence = line[-1:] in ".!?:;"
        open_paragraph = not alone and not ends_sentence and len(line) >= 0.7 * typical
    return join_wrapped(out)


def _stands_alone(line: str) -> bool:
    """Header lines, capitals headings and place-date lines are never joined to a neighbour."""
    return line.isupper() or _is_header_line(line) or parse_date_line(line) is not None


def _short(error: BaseException) -> str:
    text = collapse(str(error)) or type(error).__name__
    return text[:120]


# ---------------------------------------------------------------------------------------
# Dispatch

_TEXT_SUFFIXES = frozenset({"", ".txt", ".text"})
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown"})
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp"})
_HTML_SNIFF_RE = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL
)


def _is_docx_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except Exception:
        return False


def _markdown_text(text: str) -> str:
    """Markdown without front matter: drop heading marks and emphasis so it reads as text."""
    text = re.sub(r"(?m)^\s{0,3}#{1,6}\s+", "", text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)


def _read(data: bytes, source: str, suffix: str, published: str | None) -> Article:
    if not data:
        raise InputError(source, "empty file")
    if len(data) > MAX_BYTES:
        raise InputError(source, "file larger than 50 MB")
    if data.startswith(b"%PDF-") or suffix == ".pdf":
        if b"%PDF-" not in data[:1024]:
            raise InputError(source, "not a valid PDF: no PDF header")
        return document_article(_pdf_paragraphs(data, source), source, published=published)
    if suffix == ".docx" or (data.startswith(b"PK\x03\x04") and _is_docx_zip(data)):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise InputError(source, "not a valid .docx: encrypted, or an old .doc file renamed")
        return document_article(_docx_paragraphs(data, source), source, published=published)
    if suffix == ".doc":
        raise InputError(source, "old Word .doc format is not supported; save it as .docx")
    sniff_html = suffix == "" or suffix not in _TEXT_SUFFIXES | _MARKDOWN_SUFFIXES
    if suffix in _HTML_SUFFIXES or (sniff_html and _HTML_SNIFF_RE.match(data)):
        return _read_html_page(data, source, published)
    text = decode_bytes(data, source)
    if suffix in _MARKDOWN_SUFFIXES or (suffix not in _TEXT_SUFFIXES and _FRONT_MATTER_RE.match(text)):
        if _FRONT_MATTER_RE.match(text):
            return read_front_matter(text, source, published=published)
        return read_plain_text(_markdown_text(text), source, published=published)
    return read_plain_text(text, source, published=published)


def _read_html_page(data: bytes, source: str, published: str | None) -> Article:
    """A saved page goes through the page extractor, the same one the crawler uses."""
    from phongtrao.extract.html import extract_html

    article = extract_html(data, source=source)
    if article.published is None and published is not None:
        article = replace(article, published=published)
    return article


def read_bytes(data: bytes, source: str, *, suffix: str | None = None, published: str | None = None) -> Article:
    """Read a document's bytes; ``suffix`` (".txt", ".html"…) defaults to the source's."""
    if suffix is None:
        suffix = Path(source).suffix if source not in ("-", "") else ""
    try:
        return _read(data, source, suffix.lower(), published)
    except InputError:
        raise
    except Exception as error:  # a reader bug or a library surprise: still one clear line
        raise InputError(source, f"cannot read: {type(error).__name__}: {_short(error)}") from error


def read_path(path: str | Path, *, published: str | None = None) -> Article:
    """Read one file, dispatching on its extension (and on its content when that says more)."""
    path = Path(path)
    where = str(path)
    try:
        if path.is_dir():
            raise InputError(where, "is a directory")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(where, "file larger than 50 MB")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except InputError:
        raise
    except (FileNotFoundError, NotADirectoryError) as error:
        raise InputError(where, "no such file") from error
    except PermissionError as error:
        raise InputError(where, "permission denied") from error
    except IsADirectoryError as error:
        raise InputError(where, "is a directory") from error
    except OSError as error:
        raise InputError(where, f"cannot read: {error.strerror or error}") from error
    except Exception as error:
        raise InputError(where, f"cannot read: {type(error).__name__}: {_short(error)}") from error
    return read_bytes(data, where, suffix=path.suffix, published=published)
