"""Build ``phongtrao/data/gazetteer.tsv.gz``: the pre-2025 administrative units with codes.

A dev-time script, run by hand when the source data changes; the package only reads its output,
so ``vietnamadminunits`` is never a runtime dependency.

Sources:
- ``vietnamadminunits`` (MIT, https://github.com/tranngocminhhieu/vietnamadminunits):
  ``data/dataset.db``, table ``admin_units_legacy`` (the 63 provinces, their districts and
  communes with official codes, spelling variants and former names) and ``admin_units`` (the
  2025 units with their codes);
- ``underthesea.address`` ``data/mapping.json`` (itself built from vietnamadminunits 1.0.4): the
  old commune → new commune mapping, with the default new commune when an old one was divided.

Usage::

    python tools/build_gazetteer.py [--db PATH/TO/dataset.db] [--mapping PATH/TO/mapping.json]

Without ``--db`` the installed ``vietnamadminunits`` package is used (``pip download
vietnamadminunits`` and unpack the wheel if it is not installed).

Output columns (tab-separated, one unit a line, ``#`` lines are comments):
level, code, type, name, district code, province code, successor name, successor code,
variants (folded keys of other spellings of the same name), former (``type:key`` of names the
unit had or absorbed: ``=`` in front when the unit kept its code, as "thị xã Gia Nghĩa" did when
it became a city; otherwise the former unit was merged into this one).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import re
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from phongtrao.extract.normalize import fold  # noqa: E402

OUTPUT = ROOT / "phongtrao" / "data" / "gazetteer.tsv.gz"

# Folded type prefixes found in the source's keyword lists, and the type word each stands for.
TYPE_PREFIXES = {
    "thanhpho": "thành phố",
    "thixa": "thị xã",
    "thitran": "thị trấn",
    "huyen": "huyện",
    "quan": "quận",
    "phuong": "phường",
    "xa": "xã",
    "tinh": "tỉnh",
    "tp": "thành phố",
    "tx": "thị xã",
    "tt": "thị trấn",
}

# Names that news before 2025 uses and the source no longer lists (renamed with the same code).
RENAMED = {
    ("province", "46"): ["=tỉnh:thuathienhue"],
}


def key(name: str) -> str:
    """The folded lookup key of a name: letters and digits only, numbers without leading zeros."""
    folded = re.sub(r"[^0-9a-z]", "", fold(name))
    return (folded.lstrip("0") or "0") if folded.isdigit() else folded


def split_type(full: str) -> tuple[str, str]:
    """("Thị trấn Đức An") → ("thị trấn", "Đức An")."""
    for word in ("Thành phố", "Thị xã", "Thị trấn", "Huyện", "Quận", "Phường", "Xã", "Tỉnh", "Đặc khu"):
        if full.lower().startswith(word.lower() + " "):
            return word.lower(), full[len(word) + 1 :].strip()
    raise ValueError(f"no type word in {full!r}")


def json_list(value: str | None) -> list[str]:
    """The source's JSON list of keys, folded again (a few carry diacritics: "xãbảohưng")."""
    if not value:
        return []
    return [key(item) for item in json.loads(value) if key(item)]


def classify_keys(own: str, own_type: str, keywords: list[str], aliases: list[str]) -> tuple[list[str], list[str]]:
    """Split the source's keyword and alias keys into spelling variants and former names."""
    every = set(keywords) | set(aliases) | {own}
    written: dict[str, set[str]] = {}  # bare key → type words it was written with ("" for none)
    from_alias: set[str] = set()
    for item in sorted(every):
        bare, word = strip_type_prefix(item, every | {own})
        written.setdefault(bare, set()).add(word)
        if item in aliases:
            from_alias.add(bare)
    variants = sorted(k for k in written if k != own and k not in from_alias)
    former = [f"={word}:{own}" for word in sorted(written.get(own, ())) if word and word != own_type]
    for bare in sorted(from_alias - {own}):
        words = sorted(word for word in written[bare] if word)
        former.append(f"{words[0] if words else ''}:{bare}")
    return variants, former


def strip_type_prefix(item: str, keys: set[str]) -> tuple[str, str]:
    """("huyenthongnong") → ("thongnong", "huyện") when "thongnong" is a key too; else (item, "")."""
    for prefix in sorted(TYPE_PREFIXES, key=len, reverse=True):
        rest = item[len(prefix) :]
        if item.startswith(prefix) and rest in keys:
            return rest, TYPE_PREFIXES[prefix]
    return item, ""


def load_successors(mapping_path: Path, db: sqlite3.Connection) -> tuple[dict, dict]:
    """Old commune key → (new name, new code); old province key → (new name, new code)."""
    data = json.loads(mapping_path.read_text(encoding="utf-8"))
    new_units = {
        (row[0], row[1]): (row[2], row[3])
        for row in db.execute("select provinceKey, wardKey, ward, wardCode from admin_units")
    }
    communes: dict[tuple[str, str, str], tuple[str, str]] = {}
    for record in data["ward_mapping"]:
        old = (record["old_province_key"], record["old_district_key"], record["old_ward_key"])
        if old in communes and not record.get("is_default"):
            continue
        # A few records carry an unfolded key ("xãcẩmgiang", as the source's own table does) and no name.
        full, code = new_units.get((record["new_province_key"], record["new_ward_key"]), (record["new_ward"], ""))
        new_type, new_name = split_type(full)
        communes[old] = (f"{new_type} {new_name}", code)
    provinces = {}
    for old_key, new_key in data["province_mapping"].items():
        info = data["province_names"][new_key]
        new_type, new_name = split_type(info["name"])
        provinces[old_key] = (f"{new_type} {new_name}", info["code"])
    return communes, provinces


def rows(db: sqlite3.Connection, communes: dict, provinces: dict) -> list[list[str]]:
    query = (
        "select province, provinceKey, provinceCode, provinceAlias, provinceKeywords,"
        " district, districtKey, districtCode, districtAlias, districtKeywords,"
        " ward, wardKey, wardCode, wardAlias, wardKeywords from admin_units_legacy"
        " order by provinceCode, districtCode, wardCode"
    )
    out: list[list[str]] = []
    seen: set[tuple[str, str]] = set()
    for (p_full, p_key, p_code, p_alias, p_kw, d_full, d_key, d_code, d_alias, d_kw,
         w_full, w_key, w_code, w_alias, w_kw) in db.execute(query):  # fmt: skip
        successor = provinces[p_key]
        if ("province", p_code) not in seen:
            seen.add(("province", p_code))
            out.append(unit_row("province", p_code, p_full, "", p_code, successor, p_kw, p_alias))
        if ("district", d_code) not in seen:
            seen.add(("district", d_code))
            out.append(unit_row("district", d_code, d_full, d_code, p_code, successor, d_kw, d_alias))
        if w_code:
            new = communes.get((p_key, d_key, w_key), ("", ""))
            out.append(unit_row("commune", w_code, w_full, d_code, p_code, new, w_kw, w_alias))
    return out


def unit_row(level, code, full, district, province, successor, keywords, aliases) -> list[str]:
    unit_type, name = split_type(full)
    # Province aliases are abbreviations ("hn", "hcm"), not former names: no province merged before 2025.
    former_names = [] if level == "province" else json_list(aliases)
    variants, former = classify_keys(key(name), unit_type, json_list(keywords) + json_list(aliases), former_names)
    former += RENAMED.get((level, code), [])
    return [
        level, code, unit_type, name, district if level == "commune" else "", province,
        successor[0], successor[1], ",".join(variants), ",".join(former),
    ]  # fmt: skip


def default_db() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or spec.origin is None:
        raise SystemExit("vietnamadminunits is not installed: pass --db PATH/TO/dataset.db")
    return Path(spec.origin).parent / "data" / "dataset.db"


def default_mapping() -> Path:
    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.origin is None:
        raise SystemExit("underthesea is not installed: pass --mapping PATH/TO/mapping.json")
    return Path(spec.origin).parent / "address" / "data" / "mapping.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--mapping", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    db = sqlite3.connect(args.db or default_db())
    communes, provinces = load_successors(args.mapping or default_mapping(), db)
    table = rows(db, communes, provinces)
    header = [
        "# Pre-2025 Vietnamese administrative units with official codes and their 2025 successors.",
        "# Derived from vietnamadminunits 1.0.4 (MIT License, Copyright (c) 2025 Tran Ngoc Minh Hieu, see",
        "# gazetteer.LICENSE) by tools/build_gazetteer.py, via its dataset.db and underthesea's mapping.json.",
        "# level\tcode\ttype\tname\tdistrict\tprovince\tsuccessor\tsuccessor_code\tvariants\tformer",
    ]
    text = "\n".join(header + ["\t".join(row) for row in table]) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(args.out, "wb", mtime=0) as handle:
        handle.write(text.encode("utf-8"))
    counts = {level: sum(1 for row in table if row[0] == level) for level in ("province", "district", "commune")}
    print(f"{args.out}: {counts}, {args.out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
