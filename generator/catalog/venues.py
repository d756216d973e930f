"""The vocabulary of venues: canonical names, their variants, and reading what a list wrote.

A written venue is compared by its words, ignoring case, punctuation, word order and filler
("of", "the", "proceedings"), so that "EMNLP 2023 Findings", "Findings of EMNLP2023" and
"findings-of-emnlp" all read as Findings of EMNLP. A year inside the text is taken out and
reported; words left over after a known venue are its track ("System Demonstrations").
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

import yaml

BUILT_IN = "venues.yaml"
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|'(\d{2})(?!\d)")
_WORD = re.compile(r"[a-z0-9]+")
_FILLER = frozenset({"of", "the", "on", "in", "proceedings", "conference", "annual"})

Verdict = Literal["canonical", "variant", "unknown"]
# Servers that post preprints: where a paper is before (or instead of) being published, so
# never its published venue. Compared by words: "arXiv (Cornell University)" is arXiv.
PREPRINT_SERVERS = (
    "arxiv",
    "biorxiv",
    "medrxiv",
    "chemrxiv",
    "psyarxiv",
    "socarxiv",
    "engrxiv",
    "techrxiv",
    "ssrn",
    "research square",
    "preprints org",
    "osf preprints",
    "authorea",
)


@dataclass(frozen=True)
class VenueReading:
    """What a written venue means: its canonical name, a year and a track found in it."""

    written: str
    verdict: Verdict
    name: str | None = None  # the canonical name (for "unknown": the closest one, if any)
    year: int | None = None
    track: str | None = None


def venue_key(text: str) -> tuple[str, ...]:
    return tuple(sorted(w for w in _WORD.findall(text.lower()) if w not in _FILLER))


def is_preprint_server(venue: str) -> bool:
    """Whether `venue` names a preprint server (or a repository of one), not a publication."""
    words = " ".join(_WORD.findall(venue.lower()))
    return any(words == name or words.startswith(name + " ") for name in PREPRINT_SERVERS)


def _without_year(text: str) -> tuple[str, int | None]:
    match = _YEAR.search(text)
    if not match:
        return text, None
    year = int(match.group(0)) if match.group(1) is None else 2000 + int(match.group(1))
    rest = (text[: match.start()] + " " + text[match.end() :]).strip()
    return re.sub(r"\s+", " ", rest), year


@dataclass
class VenueVocabulary:
    names: list[str] = field(default_factory=list)
    spellings: list[str] = field(default_factory=list)  # names and variants, as written
    _by_key: dict[tuple[str, ...], str] = field(default_factory=dict)

    def add(self, name: str, variants: list[str] | tuple[str, ...] = ()) -> None:
        if name not in self.names:
            self.names.append(name)
        for text in (name, *variants):
            self._by_key.setdefault(venue_key(text), name)
            if text not in self.spellings:
                self.spellings.append(text)

    def extend(self, data: Any) -> None:
        """Add the venues of a venues.yaml document (already checked against its schema)."""
        for venue in data.get("venues", ()):
            self.add(venue["name"], venue.get("variants", ()))

    def canonical(self, written: str) -> str:
        """The name README and site print: the canonical one when the text means exactly it."""
        reading = self.read(written)
        if reading.verdict == "unknown" or reading.track:
            return written
        return reading.name or written

    def read(self, written: str) -> VenueReading:
        if written in self.names:
            return VenueReading(written, "canonical", written)
        text, year = _without_year(written)
        name = self._by_key.get(venue_key(text))
        if name:
            return VenueReading(written, "variant", name, year)
        words = text.split()
        for cut in range(len(words) - 1, 0, -1):  # the longest known start, the rest a track
            name = self._by_key.get(venue_key(" ".join(words[:cut])))
            rest = " ".join(words[cut:])
            if name and venue_key(rest) and not rest.isdigit():
                return VenueReading(written, "variant", name, year, rest)
        return VenueReading(written, "unknown", self.closest(text), year)

    def closest(self, text: str) -> str | None:
        keys = {" ".join(key): name for key, name in self._by_key.items()}
        found = difflib.get_close_matches(" ".join(venue_key(text)), list(keys), n=1, cutoff=0.6)
        return keys[found[0]] if found else None


def built_in_data() -> Any:
    text = resources.files("generator.catalog").joinpath(BUILT_IN).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def vocabulary(project_data: Any = None) -> VenueVocabulary:
    """The built-in venues, extended by a project's own venues.yaml data when given."""
    venues = VenueVocabulary()
    venues.extend(built_in_data())
    if isinstance(project_data, dict):
        venues.extend(project_data)
    return venues


def advice(reading: VenueReading, year: Any, track: Any) -> tuple[str, str] | None:
    """(message, hint) for a written venue that is not a canonical name; None when it is."""
    if reading.verdict == "canonical":
        return None
    fields = []
    if reading.name:
        fields.append(f"venue: {reading.name}")
    if reading.year is not None:
        fields.append(f"year: {reading.year}")
    if reading.track and not track:
        fields.append(f"track: {reading.track}")
    suggestion = ", ".join(fields)
    if reading.verdict == "variant":
        message = f"venue '{reading.written}' is a variant of '{reading.name}'"
        if reading.year is not None and isinstance(year, int) and year != reading.year:
            message += f", and names the year {reading.year} while 'year' is {year}"
        return message, f"write {suggestion}"
    if reading.name:
        return (
            f"unknown venue '{reading.written}'",
            f"did you mean {suggestion}? Or add the venue to venues.yaml",
        )
    return f"unknown venue '{reading.written}'", "check the spelling, or add it to venues.yaml"
