"""Venues written inside an entry's text, read through the one vocabulary
(generator/catalog/venues.py).

A list writes "ICLR 2024.", "EMNLP 2024 Findings", "Findings of EMNLP2023", "ICLRW'25",
"ACL 2024 System Demonstration Track" or "Arxiv 2402". Every spelling the vocabulary knows is
looked for in the text; the words around it give the year, a "Findings of" that makes another
canonical venue, and a track. An all-capitals word before a year that the vocabulary does not
know but that is one letter away from a known name ("NAAC 2024") is read as that name.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cached_property

from generator.catalog.venues import VenueVocabulary, venue_key, vocabulary

_YEAR = r"(?:19[5-9]\d|20\d\d)"
# Qualifiers lists write after a venue, and the track the data names them by.
_TRACKS = (
    (r"(?:system\s+)?demo(?:nstration)?s?(?:\s+track)?", "System Demonstrations"),
    (r"industry(?:\s+track)?", "Industry Track"),
    (r"short(?:\s+papers?)?", "Short Papers"),
    (r"long(?:\s+papers?)?", "Long Papers"),
    (r"workshops?", "Workshop"),
    (r"oral", "Oral"),
    (r"spotlight", "Spotlight"),
    (r"poster", "Poster"),
)
_TRACK = re.compile(
    r"\s*[(\[]?\s*(?:" + "|".join(f"(?P<t{i}>{p})" for i, (p, _) in enumerate(_TRACKS)) + r")\b",
    re.IGNORECASE,
)
_ACRONYM_BEFORE_YEAR = re.compile(
    rf"(?<![\w-])(?P<name>[A-Z]{{3,8}})\s*['\u2019]?\s*(?P<year>{_YEAR})(?!\d)"
)
_WORKSHOP_NAME = re.compile(
    r"\s*(?P<name>(?:[\w.&'+-]+\s+){1,6}?workshops?(?:\s+on\s+[^,;)\]|]{1,60})?)\b",
    re.IGNORECASE,
)
_CLOSE_ENOUGH = 0.85
_NOTHING = r"(?!x)x"  # a pattern that never matches


@dataclass(frozen=True)
class Venue:
    name: str
    year: int | None = None
    month: int | None = None
    track: str | None = None


def arxiv_month(arxiv: str) -> tuple[int, int] | None:
    """(year, month) an arXiv id was given: 2402.13116 -> (2024, 2); hep-th/9901001 -> (1999, 1)."""
    digits = arxiv.split("/")[-1][:4]
    year, month = int(digits[:2]), int(digits[2:4])
    if not 1 <= month <= 12:
        return None
    return (2000 + year if year < 90 else 1900 + year), month


def _is_acronym(spelling: str) -> bool:
    """Spellings such as ICLR, NeurIPS or arXiv are found whatever their case; words such as
    Nature or Science only as written and followed by a year, since prose uses them too."""
    return sum(ch.isupper() for ch in spelling) >= 2 or spelling.casefold() == "arxiv"


class VenueReader:
    def __init__(self, venues: VenueVocabulary | None = None) -> None:
        self.venues = venues or vocabulary()

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        spellings = sorted(self.venues.spellings, key=len, reverse=True)
        loose = "|".join(re.escape(s) for s in spellings if _is_acronym(s)) or _NOTHING
        strict = "|".join(re.escape(s) for s in spellings if not _is_acronym(s)) or _NOTHING
        year = rf"\s*['\u2019]?\s*(?P<year>{_YEAR}|\d{{2}}(?:\d{{2}})?)?(?!\d)"
        return re.compile(
            r"(?<![A-Za-z])(?P<findings>(?i:findings\s+of\s+(?:the\s+)?))?"
            rf"(?:(?i:(?P<loose>{loose}))|(?P<strict>{strict})(?=\s*{_YEAR}))"
            rf"(?P<workshop>W)?(?![A-Za-z]){year}"
            r"(?P<suffix>(?i:\s*[(\[]?\s*findings\b))?"
            rf"(?:\s*['\u2019]?\s*(?P<later_year>{_YEAR})(?!\d))?"
        )

    def first(self, text: str) -> Venue | None:
        for match in self._pattern.finditer(text):
            found = self._venue(match, text[match.end() :])
            if found is not None:
                return found
        return self._near_miss(text)

    def _venue(self, match: re.Match[str], after: str) -> Venue | None:
        spelling = match.group("loose") or match.group("strict")
        name = self.venues.read(spelling).name or spelling
        if spelling.islower() and name != "arXiv" and not match.group("year"):
            return None  # "micro-service", "a nature walk": a word, unless a year follows
        if name == "arXiv":
            return _arxiv_venue(match.group("year") or "")
        findings = bool(match.group("findings") or match.group("suffix"))
        track = "Workshop" if match.group("workshop") else _track(after)
        if findings:
            with_findings = self.venues.read(f"Findings of {name}")
            if with_findings.verdict == "unknown":
                track = track or "Findings"
            else:
                name = with_findings.name or name
        year = _full_year(match.group("year")) or _full_year(match.group("later_year"))
        return Venue(name, year, None, track)

    def _near_miss(self, text: str) -> Venue | None:
        for match in _ACRONYM_BEFORE_YEAR.finditer(text):
            written = match.group("name")
            closest = self.venues.read(written).name
            if closest and _similar(written, closest):
                return Venue(closest, int(match.group("year")), None, _track(text[match.end() :]))
        return None


def _similar(written: str, name: str) -> bool:
    ratio = difflib.SequenceMatcher(None, venue_key(written), venue_key(name)).ratio()
    text_ratio = difflib.SequenceMatcher(None, written.casefold(), name.casefold()).ratio()
    return max(ratio, text_ratio) >= _CLOSE_ENOUGH and written.casefold() != name.casefold()


def _track(after: str) -> str | None:
    match = _TRACK.match(after)
    if not match:
        return _named_workshop(after)
    index = next(i for i in range(len(_TRACKS)) if match.group(f"t{i}"))
    return _TRACKS[index][1]


def _named_workshop(after: str) -> str | None:
    """'SafeGen Workshop' in 'ICLR 2024 SafeGen Workshop': a workshop held at the venue."""
    match = _WORKSHOP_NAME.match(after)
    return " ".join(match.group("name").split()) if match else None


def _arxiv_venue(digits: str) -> Venue:
    """'Arxiv 2402' is February 2024 (the id's YYMM); 'Arxiv 2023' is the year 2023."""
    if len(digits) == 4 and not digits.startswith(("19", "20")):
        month = arxiv_month(digits)
        return Venue("arXiv", *month) if month else Venue("arXiv")
    return Venue("arXiv", _full_year(digits))


def _full_year(digits: str | None) -> int | None:
    if not digits:
        return None
    if len(digits) == 2:
        return 2000 + int(digits)
    return int(digits) if len(digits) == 4 and digits.startswith(("19", "20")) else None
