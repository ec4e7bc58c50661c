"""Sentences of a normalised text, as character spans.

Events and exemplars are reported sentence by sentence, and their evidence is the sentence, so
the split has to keep offsets and must not cut where portal prose puts a dot inside a sentence:
abbreviations ("Đ/c.", "TP. Hồ Chí Minh", "PBT. Huyện ủy"), initials ("V.H", "Nguyễn V. An"; but
"lần thứ IV." is a numeral and ends its sentence),
unit prefixes glued to a name ("H.Định Quán"), day-first dates ("17.02.2020") and the "./."
that closes an article. A sentence ends at a line break, or at ". ; ! ?" (runs included, closing
quotes and brackets kept) followed by a space and a capital letter.
"""

from __future__ import annotations

import re

# Words that take a dot and are followed by a capitalised word, compared in lower case.
_UNIT_PREFIXES = ("tp", "tx", "tt", "h", "x", "p", "q", "tp.hcm")  # "TP. Sóc Trăng", "H. Định Quán"
_TITLES = ("đ/c", "đc", "pbt", "pct", "ct", "bt", "uv")  # "Đ/c. Nguyễn…", "PBT. Huyện ủy"
_DEGREES = ("ths", "th.s", "ts", "pgs", "gs", "bs", "ks", "cn", "lm", "dr", "mr", "mrs", "ms", "st")
_SURNAMES = ("ng", "tr")  # "Ng. Văn An"
ABBREVIATIONS = frozenset((*_UNIT_PREFIXES, *_TITLES, *_DEGREES, *_SURNAMES))
# Words before a Roman numeral ("Đại hội lần thứ V.", "khóa X."): the numeral is no initial.
_ORDINAL_WORDS = frozenset(("thứ", "khóa", "khoá", "kỳ", "quý"))
_ROMAN_LETTERS = frozenset("IVX")

_LINE_RE = re.compile(r"[^\n]+")
# A candidate end: terminal punctuation (with the "/." of "./."), closing quotes or brackets,
# then spaces and, perhaps after an opening quote or bracket, a letter.
_END_RE = re.compile(r"[.!?;]+(?:/\.)?[\"')\]]*(?= +[\"'(\[]?([^\W\d_]))")
_WORD_BEFORE_RE = re.compile(r"([^\s\"'(\[]+)$")


def _is_abbreviation(line: str, dot: int) -> bool:
    """True when the dot at ``dot`` closes an abbreviation or an initial, not a sentence."""
    match = _WORD_BEFORE_RE.search(line, 0, dot)
    if not match:
        return False
    word = match.group(1)
    if word in _ROMAN_LETTERS:
        before = _WORD_BEFORE_RE.search(line[: match.start(1)].rstrip())
        if before and before.group(1) in _ORDINAL_WORDS:
            return False  # "lần thứ V." ends a sentence; "Trần Thứ V. Nam" is a name
    if word.lower() in ABBREVIATIONS:
        return True
    # One capital letter ("Nguyễn V. An") or dotted initials ("V.H", "T.P").
    letters = word.replace(".", "")
    return 0 < len(letters) <= 2 and letters.isupper() and (len(letters) == 1 or "." in word)


def _line_ends(line: str) -> list[int]:
    """Offsets in ``line`` just after each sentence end."""
    ends = []
    for match in _END_RE.finditer(line):
        if not match.group(1).isupper():
            continue
        if (
            line[match.start()] == "."
            and match.group(0).rstrip("\"')]") == "."
            and _is_abbreviation(line, match.start())
        ):
            continue
        ends.append(match.end())
    return ends


def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) spans of the sentences of ``text``, each stripped of surrounding white space."""
    spans: list[tuple[int, int]] = []
    for line_match in _LINE_RE.finditer(text):
        line = line_match.group(0)
        base = line_match.start()
        previous = 0
        for cut in [*_line_ends(line), len(line)]:
            piece = line[previous:cut]
            stripped = piece.strip()
            if stripped:
                start = base + previous + (len(piece) - len(piece.lstrip()))
                spans.append((start, start + len(stripped)))
            previous = cut
    return tuple(spans)
