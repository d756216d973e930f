"""A paper as the outside services describe it, in one shape for every source."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
# arXiv's own DataCite DOIs: 10.48550/arXiv.2202.05262 (a version suffix names the same paper).
ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(?P<id>\d{4}\.\d{4,5})(?:v\d+)?$", re.IGNORECASE)


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
    def identified(self) -> bool:
        """Whether `new` can add it: an arXiv id, a DOI or an http(s) landing URL."""
        url = self.url or ""
        return bool(self.arxiv or self.doi or url.startswith(("https://", "http://")))

    @property
    def key(self) -> str:
        """One identity per paper across sources: arXiv id, else DOI, else title."""
        if self.arxiv:
            return f"arxiv:{self.arxiv}"
        if self.doi:
            return f"doi:{self.doi.lower()}"
        return f"title:{' '.join(self.title.casefold().split())}"


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


def bare_doi(value: object) -> str | None:
    """`10.1/x` from `10.1/x`, `https://doi.org/10.1/x` or `doi:10.1/x`."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
    return text if text.startswith("10.") else None


def arxiv_from_doi(doi: str | None) -> str | None:
    """arXiv's own DataCite DOIs name the arXiv id."""
    match = ARXIV_DOI.match(doi or "")
    return match.group("id") if match else None
