"""Vietnamese text normalisation and folding.

Portal text arrives entity-encoded, in NFD or mixed NFC/NFD, with old tone placement
("hoá", "uỷ"), invisible characters and words glued together by markup. ``normalize``
turns any of that into one canonical NFC string; every offset the extractors report points
into that string. ``fold`` is for search and matching: lower case, no diacritics, đ→d,
and it keeps the length of its input so a match in folded text is a match in the original.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Tone marks as combining characters, in NFD order after the vowel-quality marks.
_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")

# Old style puts the tone on the second vowel of the open clusters oa, oe, uy ("hoá",
# "khoẻ", "thuý", "uỷ"); modern style puts it on the first ("hóa", "khỏe", "thúy", "ủy").
# With a final consonant or a third vowel both styles agree ("hoàn", "khuỷu"), so only a
# cluster at the end of a syllable moves. After "q" the "u" belongs to the onset ("quý").
_CLUSTERS = ("oa", "oe", "uy")


def _with_tone(letter: str, tone: str) -> str:
    return unicodedata.normalize("NFC", letter + tone)


def _tone_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for first, second in _CLUSTERS:
        for tone in _TONES:
            for upper_first in (False, True):
                for upper_second in (False, True):
                    a = first.upper() if upper_first else first
                    b = second.upper() if upper_second else second
                    table[a + _with_tone(b, tone)] = _with_tone(a, tone) + b
    return table


OLD_TO_MODERN_TONE = _tone_table()
_LETTER = r"[^\W\d_]"
_OLD_TONE_RE = re.compile(
    rf"(?<![qQ])({'|'.join(sorted(map(re.escape, OLD_TO_MODERN_TONE), key=len, reverse=True))})(?!{_LETTER})"
)

_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]")
_SPACE_RE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_QUOTES = str.maketrans(
    {
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2033": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u00b4": "'", "\u0060": "'",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
        "\u2026": "...",
    }
)
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_MULTI_SPACE_RE = re.compile(r" {2,}")
_BLANK_LINES_RE = re.compile(r"\n{3,}")
_GLUED_CAMEL_RE = re.compile(r"(?<=[a-zđ\u00e0-\u1ef9]{2})(?=[A-ZĐ][a-zđ\u00e0-\u1ef9])")


def nfc_letters(text: str) -> str:
    """NFC, with base letters' marks re-ordered so composite typing composes fully."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text))


def modern_tones(text: str) -> str:
    """Move tone marks to modern placement (hoá→hóa, uỷ→ủy); keeps the length."""
    return _OLD_TONE_RE.sub(lambda m: OLD_TO_MODERN_TONE[m.group(1)], text)


def _split_glued(text: str) -> str:
    return _GLUED_CAMEL_RE.sub(" ", _split_caps_words(text))


def _split_caps_words(text: str) -> str:
    """Split upper-case words glued by markup ("DÂNĐOÀN").

    "Đ" only starts a syllable, so a Đ after a vowel-bearing syllable ending marks a glue
    point; initials such as "TDĐKXDĐSVH" or "HĐND" have no vowel before the Đ.
    """
    out: list[str] = []
    last = 0
    for match in re.finditer(r"[^\W\d_]{4,}", text):
        word = match.group(0)
        if not word.isupper() or "Đ" not in word[1:]:
            continue
        base = fold(word).upper()
        cuts = [
            i
            for i in range(1, len(word))
            if word[i] == "Đ" and any(c in "AEIOUY" for c in base[:i]) and i + 1 < len(word) and base[i + 1] in "AEIOUY"
        ]
        # Only split when the piece before the cut looks like a syllable ending.
        cuts = [i for i in cuts if re.search(r"[AEIOUY](?:NG|NH|CH|[NCTPM])?$", base[:i])]
        if not cuts:
            continue
        out.append(text[last : match.start()])
        previous = 0
        for cut in cuts:
            out.append(word[previous:cut] + " ")
            previous = cut
        out.append(word[previous:])
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def unescape_entities(text: str) -> str:
    """Decode HTML entities, repeatedly for double-encoded text (``&amp;acirc;``)."""
    for _ in range(3):
        if not _ENTITY_RE.search(text):
            break
        text = html.unescape(text)
    return text


def normalize(text: str) -> str:
    """The canonical form of portal text: every extractor reads this and only this."""
    text = unescape_entities(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE_RE.sub("", text)
    text = _SPACE_RE.sub(" ", text)
    text = nfc_letters(text)
    text = text.translate(_QUOTES)
    text = modern_tones(text)
    text = _split_glued(text)
    text = _MULTI_SPACE_RE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _BLANK_LINES_RE.sub("\n\n", text)
    return text.strip()


def normalize_name(name: str) -> str:
    """A name for storing: normalised and on one line."""
    return " ".join(normalize(name).split())


def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[0].lower()
    if len(base) != 1 or unicodedata.combining(base):
        return char if len(char.lower()) != 1 else char.lower()
    return base


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table that folds each character the first time it is met."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        value = folded if len(folded) == 1 else chr(code)
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower case, no diacritics, đ→d; same length as ``text`` so offsets carry over."""
    return text.translate(_FOLD_TABLE)
