"""Reports from the store: the coverage table and summaries of exemplars, events and officials.

- :func:`coverage` (movement × unit × month, units rolled up to a level, old or 2025 names)
  and :func:`coverage_report`;
- :func:`summary` (or :func:`exemplar_records` / :func:`event_records` / :func:`official_records`
  with their ``*_report``): the records an office pastes into its own report;
- :func:`write_report`: a :class:`Report` to .csv, .xlsx, .docx, .md, .json or .jsonl, chosen
  from the file's extension, written whole or not at all.

This package reads the store only; the click commands are in :mod:`phongtrao.export.commands`.
"""

from __future__ import annotations

from phongtrao.export.coverage import LEVELS, Coverage, coverage, coverage_report
from phongtrao.export.records import (
    event_records,
    event_report,
    exemplar_records,
    exemplar_report,
    official_records,
    official_report,
    summary,
)
from phongtrao.export.writers import WRITERS, Column, ExportError, Report, check_output, write_report

__all__ = [
    "LEVELS",
    "WRITERS",
    "Column",
    "Coverage",
    "ExportError",
    "Report",
    "check_output",
    "coverage",
    "coverage_report",
    "event_records",
    "event_report",
    "exemplar_records",
    "exemplar_report",
    "official_records",
    "official_report",
    "summary",
    "write_report",
]
