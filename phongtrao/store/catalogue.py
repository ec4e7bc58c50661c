"""The movements catalogue copied into the store, so queries and Datasette see every alias.

Copied when a store is opened and the catalogue changed since (a hash in ``meta``): catalogue
movements are marked ``catalogued = 1``; movements first met in articles stay with 0.
"""

from __future__ import annotations

import hashlib
import json

from phongtrao.extract.movements import load_catalogue
from phongtrao.store.db import Store, write
from phongtrao.store.places import folded_name


def _catalogue_rows() -> tuple[list[tuple], list[tuple]]:
    movements = []
    aliases = []
    for entry in load_catalogue().entries:
        movements.append((entry.id, entry.name, entry.kind))
        for kind, wordings in (("alias", entry.aliases), ("framed", entry.framed), ("initials", entry.initials)):
            for wording in wordings:
                aliases.append((entry.id, wording, folded_name(wording), kind))
    return movements, aliases


def _digest(movements: list[tuple], aliases: list[tuple]) -> str:
    return hashlib.sha256(json.dumps([movements, aliases], ensure_ascii=False).encode("utf-8")).hexdigest()


def sync_catalogue(store: Store) -> bool:
    """Copy the catalogue into ``movements``/``movement_aliases`` if it changed; True when it did."""
    movements, aliases = _catalogue_rows()
    digest = _digest(movements, aliases)
    row = store.conn.execute("SELECT value FROM meta WHERE key = 'catalogue'").fetchone()
    if row is not None and row[0] == digest:
        return False

    def work() -> bool:
        conn = store.conn
        conn.executemany(
            "INSERT INTO movements (id, name, kind, catalogued) VALUES (?, ?, ?, 1) "
            "ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, catalogued = 1",
            movements,
        )
        conn.execute("DELETE FROM movement_aliases WHERE kind != 'written'")
        conn.executemany(
            "INSERT OR IGNORE INTO movement_aliases (movement_id, alias, folded, kind) VALUES (?, ?, ?, ?)", aliases
        )
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('catalogue', ?)", (digest,))
        return True

    return write(store, work)
