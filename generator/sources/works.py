"""A paper as the outside services describe it, in one shape for every source."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.catalog import same

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass(frozen=True)
class Work:
    title: str
    source: str  # the service that described it
    date: dt.date | None = None
    arxiv: str | None = None
    doi: str | None = None
    url: str | None = None
    abstract: str = ""
    venue: str = ""

    @property
    def key(self) -> str:
        """One identity per paper across sources: arXiv id, else DOI, else title (catalog.same)."""
        found = same.keys(arxiv=self.arxiv, doi=self.doi, title=self.title)
        return f"{found[0].kind}:{found[0].value}" if found else f"title:{self.title}"


def parse_date(text: object) -> dt.date | None:
    """A date from `2024`, `2024-05` or `2024-05-17...`; None for anything else."""
    match = _DATE.match(text) if isinstance(text, str) else None
    if not match:
        return None
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
