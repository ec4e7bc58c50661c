"""The Vietnamese NLP stage: one Article in, one Extraction out.

Runs the extractors over the article's normalised text in dependency order (units before
organisations, everything before events), so each one can use what the earlier ones found.
"""

from __future__ import annotations

from phongtrao import __version__
from phongtrao.extract.dates import extract_dates
from phongtrao.extract.documents import extract_documents
from phongtrao.extract.events import extract_events
from phongtrao.extract.exemplars import extract_exemplars
from phongtrao.extract.movements import extract_movements
from phongtrao.extract.officials import extract_officials
from phongtrao.extract.organizations import extract_organizations
from phongtrao.extract.units import extract_units
from phongtrao.models import Article, Extraction

EXTRACTOR_VERSION = __version__


def analyse(article: Article, *, home: str | None = None) -> Extraction:
    """Extract every record from ``article.text``; ``home`` is the article's own unit when known."""
    text = article.text
    units = extract_units(text, home)
    movements = extract_movements(text)
    officials = extract_officials(text, article.authors)
    organizations = extract_organizations(text, units)
    dates = extract_dates(text, article.published)
    documents = extract_documents(text, article.published)
    events = extract_events(
        text,
        dates=dates,
        movements=movements,
        units=units,
        organizations=organizations,
        officials=officials,
        documents=documents,
        published=article.published,
    )
    return Extraction(
        article=article,
        movements=movements,
        officials=officials,
        units=units,
        organizations=organizations,
        dates=dates,
        documents=documents,
        events=events,
        exemplars=extract_exemplars(text, movements=movements),
        extractor_version=EXTRACTOR_VERSION,
    )
