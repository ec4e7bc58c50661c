"""Records passed between stages.

Every stage is a pure function from one of these frozen dataclasses to the next, so the
records are the project's contract: ``to_dict()`` gives exactly the JSON of DESIGN.md's
extraction record. This module imports nothing from the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Page:
    """A fetched page as it arrived: raw bytes and headers, archived before any parsing."""

    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: str  # ISO 8601, UTC
    final_url: str | None = None  # after redirects

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None


@dataclass(frozen=True)
class Article:
    """A document's clean text and what its page or header says about it."""

    source: str
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD, local time
    authors: tuple[str, ...] = ()
    updated: str | None = None
    url: str | None = None
    platform: str | None = None
    captions: tuple[str, ...] = ()
    partial: bool = False  # set when the reader kept what it could but knows it is incomplete
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "published": self.published,
            "authors": list(self.authors),
            "text": self.text,
        }


@dataclass(frozen=True)
class Movement:
    """A movement or campaign; ``id`` is stable across articles and runs."""

    name: str
    id: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "id": self.id, "text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class DateMention:
    """A date as written; ``value`` is YYYY-MM-DD, YYYY-MM, YYYY or ``start/end``."""

    value: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class DocumentRef:
    """A cited plan, decision, directive… ``issuer`` is kept when the text names it."""

    number: str | None
    kind: str
    date: str | None
    text: str
    start: int
    end: int
    issuer: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "kind": self.kind,
            "date": self.date,
            "issuer": self.issuer,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Official:
    """A named person with positions, abbreviations expanded."""

    name: str
    positions: tuple[str, ...]
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "positions": list(self.positions),
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Unit:
    """An administrative unit with its pre-2025 level and code."""

    name: str
    level: str  # province | district | commune
    code: str | None
    province: str | None
    text: str
    start: int
    end: int
    successor: str | None = None  # the unit it belongs to since 1 July 2025
    successor_code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "level": self.level,
            "code": self.code,
            "province": self.province,
            "successor": self.successor,
            "successor_code": self.successor_code,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Organization:
    name: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "text": self.text, "start": self.start, "end": self.end}


EVENT_TYPES = (
    "kiem_tra",
    "so_ket",
    "tong_ket",
    "tap_huan",
    "phat_dong",
    "trien_khai",
    "khen_thuong",
    "hoi_nghi",
    "hoi_thi",
    "ngay_hoi",
    "ky_ket",
    "thanh_lap",
    "other",
)


@dataclass(frozen=True)
class Event:
    type: str
    date: str | None
    place: str | None
    movements: tuple[str, ...]
    organizers: tuple[str, ...]
    participants: tuple[str, ...]
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "date": self.date,
            "place": self.place,
            "movements": list(self.movements),
            "organizers": list(self.organizers),
            "participants": list(self.participants),
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Exemplar:
    name: str | None
    kind: str  # collective | individual | household | model
    movement: str | None
    count: int | None
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "movement": self.movement,
            "count": self.count,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Extraction:
    """One article and everything extracted from its text."""

    article: Article
    movements: tuple[Movement, ...] = ()
    officials: tuple[Official, ...] = ()
    units: tuple[Unit, ...] = ()
    organizations: tuple[Organization, ...] = ()
    dates: tuple[DateMention, ...] = ()
    documents: tuple[DocumentRef, ...] = ()
    events: tuple[Event, ...] = ()
    exemplars: tuple[Exemplar, ...] = ()
    extractor_version: str = field(default="")

    def to_dict(self) -> dict[str, Any]:
        record = self.article.to_dict()
        for name in ("movements", "officials", "units", "organizations", "dates", "documents", "events", "exemplars"):
            record[name] = [item.to_dict() for item in getattr(self, name)]
        return record
