"""The list's identity, read from list.yaml: what README.md and the site say about the list."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.catalog.fields import DEFAULT_LABELS, CustomField, fields_from_data, labels_from_data


@dataclass(frozen=True)
class Badge:
    label: str
    image: str
    url: str | None = None


@dataclass(frozen=True)
class NewsItem:
    date: str  # YYYY-MM or YYYY-MM-DD
    text: str


@dataclass(frozen=True)
class Citation:
    bibtex: str
    text: str = ""


@dataclass(frozen=True)
class License:
    name: str
    url: str
    statement: str = ""


@dataclass(frozen=True)
class Topics:
    keywords: tuple[str, ...] = ()
    arxiv_categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Contact:
    name: str | None = None
    email: str | None = None
    url: str | None = None


DEFAULT_BUILD = "pip install -r requirements.txt && listsmith build"


@dataclass(frozen=True)
class Development:
    """The commands of the README's Development section."""

    build: str = DEFAULT_BUILD
    test: str | None = None  # the generator's test suite, in the generator's own repository
    # A README section of its own only when list.yaml asks for one (`development:`); else the
    # build command is a line of Contributing, and the list keeps the headings it had.
    section: bool = False


@dataclass(frozen=True)
class ListIdentity:
    title: str = ""
    description: str = ""
    badges: tuple[Badge, ...] = ()
    introduction: str = ""
    news: tuple[NewsItem, ...] = ()
    citation: Citation | None = None
    license: License | None = None
    repository: str | None = None
    site: str | None = None
    topics: Topics = Topics()
    contact: Contact | None = None
    readme_mode: str = "full"
    readme_lineage: bool = False  # a "Builds on" line under each paper of the README
    development: Development = Development()
    fields: tuple[CustomField, ...] = ()
    labels: dict[str, str] = field(default_factory=dict, hash=False)

    def label(self, key: str) -> str:
        """A built-in field's label, as the list renamed it or by default."""
        return self.labels.get(key) or DEFAULT_LABELS[key]

    @property
    def reach(self) -> str:
        """How a service can reach the list's maintainers: the contact e-mail, else its URL.

        Every request to an outside service names it (User-Agent, polite-pool `mailto`).
        """
        contact = self.contact
        return (contact.email or contact.url or "") if contact else ""


def identity_from_data(data: dict[str, Any]) -> ListIdentity:
    """The identity of valid list.yaml data (checked against list.schema.json)."""
    links = data.get("links", {})
    topics = data.get("topics", {})
    citation = data.get("citation")
    license_ = data.get("license")
    contact = data.get("contact")
    development = data.get("development")
    return ListIdentity(
        title=data["title"],
        description=data["description"],
        badges=tuple(Badge(b["label"], b["image"], b.get("url")) for b in data.get("badges", ())),
        introduction=data.get("introduction", ""),
        news=tuple(NewsItem(str(n["date"]), n["text"]) for n in data.get("news", ())),
        citation=Citation(citation["bibtex"], citation.get("text", "")) if citation else None,
        license=License(license_["name"], license_["url"], license_.get("statement", ""))
        if license_
        else None,
        repository=links.get("repository"),
        site=links.get("site"),
        topics=Topics(tuple(topics.get("keywords", ())), tuple(topics.get("arxiv_categories", ()))),
        contact=Contact(contact.get("name"), contact.get("email"), contact.get("url"))
        if contact
        else None,
        readme_mode=data.get("readme", {}).get("mode", "full"),
        readme_lineage=data.get("readme", {}).get("lineage", False),
        development=Development(development["build"], development.get("test"), section=True)
        if development
        else Development(),
        fields=fields_from_data(data),
        labels=labels_from_data(data),
    )
