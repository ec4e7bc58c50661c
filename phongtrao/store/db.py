"""Opening the store: one SQLite file in WAL mode, checked, migrated, with waiting writers.

Several processes may use one store at once (a crawl and an ingest, a search while either
runs). WAL lets readers go on while one process writes; a writer that finds another one
writing waits (``busy_timeout``) and retries its whole transaction, so nothing is lost and
nobody sees half an article. Every SQLite failure a user can meet (not a database, corrupt,
locked too long, written by a newer phongtrao) becomes a :class:`StoreError` with one line
that names the file.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import sqlite_utils

try:
    import fcntl
except ImportError:  # Windows: SQLite's busy handler alone
    fcntl = None  # type: ignore[assignment]

from phongtrao.errors import PhongtraoError

DEFAULT_PATH = "phongtrao.db"
DEFAULT_BUSY_TIMEOUT = 30.0  # seconds a writer waits for another one before giving up
SQLITE_MAGIC = b"SQLite format 3\x00"
# Pages of 16 KiB: an article row (2-4 KB of text) fills a 4 KiB page and wastes the rest;
# bigger pages pack them, and full-text segments and indexes need fewer pages and writes.
PAGE_SIZE = 16384

T = TypeVar("T")


class StoreError(PhongtraoError):
    """The store cannot be opened, read or written; ``str()`` is one line naming the file."""


def default_db_path(option: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` when given, else ``$PHONGTRAO_DB``, else ``./phongtrao.db``."""
    return Path(option or os.environ.get("PHONGTRAO_DB") or DEFAULT_PATH)


def busy_timeout_from_env() -> float:
    """Seconds to wait for another writer: ``$PHONGTRAO_BUSY_TIMEOUT`` or 30."""
    raw = os.environ.get("PHONGTRAO_BUSY_TIMEOUT")
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_BUSY_TIMEOUT
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT


@dataclass
class Store:
    """An open store: the sqlite-utils database and small caches of rows that never change."""

    path: Path
    db: sqlite_utils.Database
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT
    # key → id for units, organisations and documents: rows that are never deleted or re-keyed.
    ids: dict[tuple[str, str], int] = field(default_factory=dict)
    turn_fd: int | None = None  # the writers' turn lock (see writer_turn)

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def close(self) -> None:
        self.db.conn.close()
        if self.turn_fd is not None and self.turn_fd >= 0:
            os.close(self.turn_fd)
            self.turn_fd = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def describe(path: Path, exc: BaseException) -> str:
    """One line for an SQLite failure on ``path``, in the user's terms."""
    message = str(exc)
    lowered = message.lower()
    if "file is not a database" in lowered or "malformed" in lowered or "not a database" in lowered:
        return f"{path}: not a phongtrao store or corrupt ({message}); restore it from a copy or use another --db"
    if "locked" in lowered or "busy" in lowered:
        return f"{path}: database is locked by another process; try again when it has finished"
    if "unable to open" in lowered:
        return f"{path}: cannot open the database file (missing folder or no permission)"
    if "readonly" in lowered or "read-only" in lowered:
        return f"{path}: the database file is read-only"
    if "disk i/o" in lowered or "full" in lowered:
        return f"{path}: cannot write the database ({message})"
    return f"{path}: {message}"


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite gets a chance to write into it."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the database file ({exc.strerror})") from None
    if head and head != SQLITE_MAGIC:
        raise StoreError(f"{path}: not an SQLite database (another kind of file); use another --db")


def connect(path: Path, *, create: bool = True, busy_timeout: float | None = None) -> Store:
    """Open the SQLite file with the store's connection settings; ``create=False`` wants it to exist."""
    timeout = busy_timeout_from_env() if busy_timeout is None else busy_timeout
    if path.exists():
        if path.is_dir():
            raise StoreError(f"{path}: is a directory, not a database file")
        _check_header(path)
    elif not create:
        raise StoreError(f"{path}: no store here yet (create one with `phongtrao ingest` or `phongtrao crawl`)")
    try:
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        if conn.execute("PRAGMA page_count").fetchone()[0] == 0:
            conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # only a new, empty file takes it
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            retry_locked(lambda: conn.execute("PRAGMA journal_mode = WAL"), timeout)
        conn.execute("PRAGMA synchronous = NORMAL")
        # A batch of 10,000 articles dirties a few hundred MB of pages (index leaves shared by
        # many articles among them); held in the cache, each is written once per commit.
        conn.execute("PRAGMA cache_size = -1048576")  # 1 GiB, the most it may use
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA wal_autocheckpoint = 4096")  # 64 MiB of 16 KiB pages between checkpoints
    except sqlite3.DatabaseError as exc:
        raise StoreError(describe(path, exc)) from None
    return Store(path=path, db=sqlite_utils.Database(conn), busy_timeout=timeout)


def _is_locked(exc: sqlite3.OperationalError) -> bool:
    message = str(exc).lower()
    return "locked" in message or "busy" in message


def retry_locked(action: Callable[[], T], timeout: float) -> T:
    """Run ``action`` again while SQLite says another process holds the lock, up to ``timeout``."""
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if not _is_locked(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 0.5)


@contextmanager
def _immediate(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def write(store: Store, work: Callable[[], T]) -> T:
    """Run ``work`` in one write transaction; all of it lands or none, retried while locked.

    BEGIN IMMEDIATE takes the write lock up front, so two writers queue instead of failing
    when a read turns into a write; :func:`writer_turn` makes the queue fair.
    """

    def attempt() -> T:
        with writer_turn(store), keep_ids_on_failure(store), _immediate(store.conn):
            return work()

    try:
        return retry_locked(attempt, store.busy_timeout)
    except sqlite3.OperationalError as exc:
        if _is_locked(exc):
            raise StoreError(
                f"{store.path}: database is locked by another process (waited {store.busy_timeout:g} s); "
                "try again when it has finished"
            ) from None
        raise StoreError(describe(store.path, exc)) from None
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.IntegrityError):
            raise
        raise StoreError(describe(store.path, exc)) from None


def _turn_file(store: Store) -> int | None:
    """The open descriptor of ``<db>-writer``, the writers' turn lock; None where there is none."""
    if store.turn_fd is None and fcntl is not None:
        try:
            store.turn_fd = os.open(f"{store.path}-writer", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            store.turn_fd = -1  # a read-only folder: SQLite's own locking still keeps writes safe
    return store.turn_fd if store.turn_fd is not None and store.turn_fd >= 0 else None


# Byte 0 of the side file is the turn (one writer); byte 1 is held shared by every writer waiting.
_TURN, _WAITING = 0, 1
_POLL = 0.0005  # seconds between two looks at the turn
_STEP_ASIDE = 0.003  # a writer that sees someone waiting pauses this long before its next turn


def _try_lock(fd: int, byte: int, kind: int) -> bool:
    try:
        fcntl.lockf(fd, kind | fcntl.LOCK_NB, 1, byte)
        return True
    except OSError:
        return False


def _someone_waiting(fd: int) -> bool:
    if _try_lock(fd, _WAITING, fcntl.LOCK_EX):
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, _WAITING)
        return False
    return True


@contextmanager
def writer_turn(store: Store) -> Iterator[None]:
    """Take turns with other writing processes, fairly.

    SQLite's busy handler sleeps up to 100 ms between tries, so a process that writes batch
    after batch re-takes the lock in the microseconds between its transactions and can starve
    another writer past its timeout. So writers queue here first: a waiting writer says so
    (a shared lock on byte 1 of ``<db>-writer``) and polls the turn (byte 0) every half
    millisecond; a writer that finishes a turn while someone waits steps aside a moment.
    Raises "database is locked" (as SQLite would) after ``busy_timeout``.
    """
    fd = _turn_file(store)
    if fd is None:
        yield
        return
    if not _try_lock(fd, _TURN, fcntl.LOCK_EX):
        deadline = time.monotonic() + store.busy_timeout
        fcntl.lockf(fd, fcntl.LOCK_SH, 1, _WAITING)
        try:
            while not _try_lock(fd, _TURN, fcntl.LOCK_EX):
                if time.monotonic() >= deadline:
                    raise sqlite3.OperationalError("database is locked")
                time.sleep(_POLL)
        finally:
            fcntl.lockf(fd, fcntl.LOCK_UN, 1, _WAITING)
    try:
        yield
    finally:
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, _TURN)
        if _someone_waiting(fd):
            time.sleep(_STEP_ASIDE)


@contextmanager
def keep_ids_on_failure(store: Store) -> Iterator[None]:
    """Forget ids cached by work that was rolled back: their rows do not exist."""
    saved = dict(store.ids)
    try:
        yield
    except BaseException:
        store.ids.clear()
        store.ids.update(saved)
        raise


@contextmanager
def savepoint(store: Store, name: str = "item") -> Iterator[None]:
    """A nested transaction: one article of a batch can fail without undoing the others."""
    conn = store.conn
    with keep_ids_on_failure(store):
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")


@contextmanager
def reading(store: Store) -> Iterator[sqlite3.Connection]:
    """A read: one consistent snapshot, SQLite failures turned into StoreError."""
    try:
        yield store.conn
    except sqlite3.OperationalError as exc:
        if _is_locked(exc):
            raise StoreError(describe(store.path, exc)) from None
        raise
    except sqlite3.DatabaseError as exc:
        raise StoreError(describe(store.path, exc)) from None
