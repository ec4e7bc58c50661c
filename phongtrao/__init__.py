"""phongtrao: Vietnamese local news portals → movement news records → SQLite."""

__version__ = "0.1.0"
