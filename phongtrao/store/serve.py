"""Datasette on the store: human labels, facets, full-text search and canned queries.

The metadata is data (``phongtrao/data/datasette_metadata.json``) written for a database
called "phongtrao"; it is re-keyed to the store file's own name, which is what Datasette
calls the database. Datasette opens the file read-only, so browsing never blocks a crawl.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from phongtrao.store.db import StoreError

HOST = "127.0.0.1"
DEFAULT_PORT = 8001


def datasette_metadata(db_path: Path) -> dict[str, Any]:
    """The metadata for a store at ``db_path``: labels, facets, search and canned queries."""
    raw = resources.files("phongtrao.data").joinpath("datasette_metadata.json").read_text(encoding="utf-8")
    metadata = json.loads(raw)
    databases = metadata["databases"]
    databases[db_path.stem] = databases.pop("phongtrao")
    return metadata


def make_datasette(db_path: Path):
    """A Datasette instance on the store (not started); raises StoreError without datasette."""
    try:
        from datasette.app import Datasette
    except ImportError:
        raise StoreError("serve needs Datasette: pip install datasette") from None
    return Datasette(
        files=[str(db_path)],
        metadata=datasette_metadata(db_path),
        settings={"default_page_size": 50, "sql_time_limit_ms": 5000, "facet_time_limit_ms": 1000},
    )


def serve(db_path: Path, port: int = DEFAULT_PORT) -> None:
    """Run Datasette on 127.0.0.1 until interrupted."""
    import asyncio

    import uvicorn

    datasette = make_datasette(db_path)
    asyncio.run(datasette.invoke_startup())
    uvicorn.run(datasette.app(), host=HOST, port=port, log_level="warning")
