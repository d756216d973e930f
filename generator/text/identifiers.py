"""The one set of arXiv and DOI patterns, and the plain functions that read identifiers.

Every module that recognises an arXiv id or a DOI builds on these; the schemas' `arxiv`
pattern is the same text (tests/test_identifiers.py keeps the two equal).
"""

from __future__ import annotations

import re

NEW_ARXIV_ID = r"\d{4}\.\d{4,5}"  # 2202.05262 (since 2007)
OLD_ARXIV_ID = r"[a-z-]+(?:\.[A-Z]{2})?/\d{7}"  # hep-th/9901001, math.GT/0309136
ARXIV_ID_PATTERN = rf"{NEW_ARXIV_ID}|{OLD_ARXIV_ID}"
ARXIV_VERSION = r"v(?P<version>\d+)"
DOI_PATTERN = r"10\.\d{4,9}/"  # the start of every DOI: directory, registrant, slash

# An arXiv id as a contributor writes it: `2202.05262`, `arXiv:2202.05262v2`.
ARXIV_ID = re.compile(rf"^(?:arxiv:)?(?P<id>{ARXIV_ID_PATTERN})(?:v\d+)?$", re.IGNORECASE)
# A DOI, bare, as `doi:10.1/x` or as a doi.org URL.
DOI = re.compile(
    rf"^(?:doi:|https?://(?:dx\.)?doi\.org/)?(?P<doi>{DOI_PATTERN}\S+)$", re.IGNORECASE
)
# arXiv's own DataCite DOIs: 10.48550/arXiv.2202.05262 (a version suffix names the same paper).
ARXIV_DOI = re.compile(rf"^10\.48550/arxiv\.(?P<id>{NEW_ARXIV_ID})(?:v\d+)?$", re.IGNORECASE)
_NEW_STYLE = re.compile(r"(?P<yymm>\d{4})\.(?P<number>\d{4,5})")
_DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:")


def bare_doi(value: object) -> str | None:
    """`10.1/x` from `10.1/x`, `https://doi.org/10.1/x` or `doi:10.1/x`."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    for prefix in _DOI_PREFIXES:
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
    return text if text.startswith("10.") else None


def arxiv_from_doi(doi: str | None) -> str | None:
    """arXiv's own DataCite DOIs name the arXiv id."""
    match = ARXIV_DOI.match(doi or "")
    return match.group("id") if match else None


def canonical_arxiv_id(paper: str) -> str:
    """The id as the API writes it: `math.GT/0309136` is `math/0309136` (the subject class
    is not part of an old-style id), archives in lower case."""
    archive, slash, number = paper.partition("/")
    return f"{archive.split('.')[0].lower()}/{number}" if slash else paper


def plausible_arxiv_id(paper: str) -> bool:
    """False for a new-style id arXiv can never have issued (month 13, 4 digits after 2014...)."""
    match = _NEW_STYLE.fullmatch(paper)
    if not match:
        return True  # old-style ids are left to the API
    yymm, digits = match.group("yymm"), len(match.group("number"))
    five_digits_era = yymm >= "1501"
    return yymm >= "0704" and 1 <= int(yymm[2:]) <= 12 and (digits == 5) == five_digits_era
