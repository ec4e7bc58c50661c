"""Units in the store: one row per gazetteer code, and what "a unit and everything under it" means.

A stored unit carries its pre-2025 code, its district and province codes, the unit that took
it over on 1 July 2025 and the 2025 successor of its province. So a filter on a district
or a province, named the old way ("huyện Đắk Song", "tỉnh Đắk Nông") or the new way ("xã Đắk
Song", "tỉnh Lâm Đồng"), is a handful of indexed comparisons on those columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from types import MappingProxyType

from phongtrao.extract import units as gazetteer
from phongtrao.extract.normalize import fold, normalize_name
from phongtrao.models import Unit

# The type words of 2025 units, longest first ("thành phố" before a bare name).
NEW_TYPE_WORDS = ("thành phố", "đặc khu", "phường", "tỉnh", "xã")
# Every type word a user may put before a name, old or new, with or without diacritics.
TYPE_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã")


# The columns of a ``units`` row, in the order unit_row gives them.
UNIT_COLUMNS = (
    "key", "code", "name", "level", "province", "province_code", "district_code",
    "successor_name", "successor_code", "successor_province_code", "folded_name",
)  # fmt: skip


@dataclass(frozen=True)
class UnitScope:
    """What a ``--unit`` filter covers: old codes (and everything under them), new codes, a bare name."""

    old_codes: frozenset[str]
    new_codes: frozenset[str]
    folded_name: str

    def __bool__(self) -> bool:
        return bool(self.old_codes or self.new_codes or self.folded_name)


@lru_cache(maxsize=65536)
def folded_name(name: str) -> str:
    """How names are compared: normalised, folded (no marks, đ→d, lower case), single spaces."""
    return " ".join(fold(normalize_name(name)).split())


def _split_type(name: str) -> tuple[str, str]:
    """("xã", "Đắk Song") from "xã Đắk Song"; ("", name) when no 2025 type word leads."""
    lowered = name.lower()
    for word in NEW_TYPE_WORDS:
        if lowered.startswith(word + " "):
            return word, name[len(word) + 1 :].strip()
    return "", name


@dataclass(frozen=True)
class _NewUnit:
    type: str
    name: str
    code: str
    old_provinces: frozenset[str]  # the pre-2025 provinces its parts came from


@cache
def _new_units() -> dict[str, tuple[_NewUnit, ...]]:
    """name key → the 2025 units of that name, from the successors in the gazetteer."""
    found: dict[tuple[str, str, str, str], set[str]] = {}
    for entry in gazetteer._gazetteer().by_code.values():  # no public iterator over the gazetteer yet
        if entry.successor_name and entry.successor_code:
            unit_type, name = _split_type(entry.successor_name)
            key = (gazetteer.name_key(name), unit_type, name, entry.successor_code)
            found.setdefault(key, set()).add(entry.province)
    by_key: dict[str, list[_NewUnit]] = {}
    for (key, unit_type, name, code), provinces in sorted(found.items()):
        by_key.setdefault(key, []).append(_NewUnit(unit_type, name, code, frozenset(provinces)))
    return {key: tuple(values) for key, values in by_key.items()}


@cache
def _province_codes() -> dict[str, str]:
    """name key of a pre-2025 province → its code."""
    return {
        gazetteer.name_key(entry.name): entry.code
        for entry in gazetteer._gazetteer().by_code.values()
        if entry.level == "province"
    }


def province_code(name: str | None) -> str | None:
    """The code of a pre-2025 province named with or without its type word."""
    if not name:
        return None
    _, bare = _split_type(normalize_name(name))
    return _province_codes().get(gazetteer.name_key(bare))


def _successor_code(code: str | None) -> str | None:
    found = gazetteer.successor(code) if code else None
    return found[1] if found else None


def unit_row(unit: Unit) -> Mapping[str, str | None]:
    """The ``units`` row a mention belongs to: keyed by code, or by name and province when unresolved.

    Rows are cached and shared between calls (a million articles name a few thousand units),
    so they are read-only views.
    """
    return _unit_row(unit.name, unit.level, unit.code, unit.province)


@lru_cache(maxsize=16384)
def _unit_row(name: str, level: str, code: str | None, province: str | None) -> Mapping[str, str | None]:
    fields = dict(_unit_fields(name, level, code, province))
    return MappingProxyType({column: fields[column] for column in UNIT_COLUMNS})


def _unit_fields(name: str, level: str, code: str | None, province: str | None) -> tuple[tuple[str, str | None], ...]:
    unit = Unit(name, level, code, province, "", 0, 0)
    entry = gazetteer.unit_by_code(unit.code) if unit.code else None
    if entry is None:
        name = normalize_name(unit.name)
        province = unit.province
        return tuple(
            {
                "key": f"?{folded_name(name)}|{folded_name(province or '')}",
                "code": unit.code,
                "name": name,
                "level": unit.level,
                "province": province,
                "province_code": province_code(province),
                "district_code": None,
                "successor_name": None,
                "successor_code": None,
                "successor_province_code": _successor_code(province_code(province)),
                "folded_name": folded_name(name),
            }.items()
        )
    name = entry.full_name
    return tuple(
        {
            "key": entry.code,
            "code": entry.code,
            "name": name,
            "level": entry.level,
            "province": entry.province_name,
            "province_code": entry.province,
            "district_code": entry.code if entry.level == "district" else entry.district,
            "successor_name": entry.successor_name,
            "successor_code": entry.successor_code,
            "successor_province_code": _successor_code(entry.province),
            "folded_name": folded_name(name),
        }.items()
    )


def unit_scope(query: str) -> UnitScope:
    """Every pre-2025 and 2025 unit a user's ``--unit`` may mean.

    Accepts a code ("665"), a name with or without its type word ("huyện Đắk Song", "Đắk
    Song"), an old or a 2025 name, and "name, province" to narrow a common name.
    """
    text = normalize_name(query)
    name, _, province = (part.strip() for part in text.rpartition(",")) if "," in text else (text, "", "")
    name = _typed_type_word(name)
    if not any(c.isalnum() for c in name):
        return UnitScope(frozenset(), frozenset(), "")
    unit_type, bare = _split_type(name)
    old_entries = _as_typed(gazetteer.lookup_unit(name, province or None), bare, lambda e: e.name)
    old = {entry.code for entry in old_entries}
    candidates = _as_typed(
        [unit for unit in _new_units().get(gazetteer.name_key(bare), ()) if not unit_type or unit.type == unit_type],
        bare,
        lambda u: u.name,
    )
    if province:
        old_province = province_code(province)
        new_province = _successor_code(old_province)
        candidates = [unit for unit in candidates if old_province in unit.old_provinces or unit.code == new_province]
    new = {unit.code for unit in candidates}
    return UnitScope(frozenset(old), frozenset(new), folded_name(name))


def _typed_type_word(name: str) -> str:
    """ "xa dong thanh" → "xã dong thanh": a type word typed without diacritics, restored."""
    folded_text = fold(name)
    for word in TYPE_WORDS:
        if folded_text.startswith(fold(word) + " ") and len(name) > len(word) + 1:
            return word + name[len(word) :]
    return name


def _as_typed(found: list, written: str, name_of) -> list:
    """Typed with diacritics ("Đông Thạnh"): only the units spelt so, when there are any ("Đồng Thành" is another)."""
    if fold(written) == written.lower():
        return found
    exact = [item for item in found if name_of(item).lower() == written.lower()]
    return exact or found


def scope_sql(scope: UnitScope, column: str = "unit_id") -> tuple[str, list[str]]:
    """SQL ``column IN (…)`` over ``units`` for a scope, and its parameters."""
    clauses: list[str] = []
    params: list[str] = []
    if scope.old_codes:
        marks = ",".join("?" * len(scope.old_codes))
        for field in ("code", "district_code", "province_code"):
            clauses.append(f"{field} IN ({marks})")
            params.extend(sorted(scope.old_codes))
    if scope.new_codes:
        marks = ",".join("?" * len(scope.new_codes))
        for field in ("successor_code", "successor_province_code"):
            clauses.append(f"{field} IN ({marks})")
            params.extend(sorted(scope.new_codes))
    if scope.folded_name:  # units the gazetteer did not decide, by name (with or without a type word)
        clauses.append("(code IS NULL AND (folded_name = ? OR folded_name LIKE ?))")
        params.extend([scope.folded_name, "% " + scope.folded_name])
    if not clauses:
        return "0", []
    return f"{column} IN (SELECT id FROM units WHERE {' OR '.join(clauses)})", params
