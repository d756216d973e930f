"""From the last answer of a redirect chain to a Status, soft failures included."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from generator.net.session import retry_after

from .client import Fetched, host_of
from .config import LinkConfig
from .types import PERMANENT_REDIRECTS, Status

_LOGIN_PATH = re.compile(
    r"/(?:log-?in|sign-?in|sign_in|signon|servicelogin|wp-login\.php|cas/login|sso|idp"
    r"|oauth2?/authorize)(?:[/.?]|$)",
    re.IGNORECASE,
)
_LOGIN_HOST = re.compile(r"^(?:login|signin|sso|accounts)\.", re.IGNORECASE)
_SEARCH_PATH = re.compile(r"/(?:search|find|results?)(?:[/.?]|$)", re.IGNORECASE)
_SEARCH_QUERY = re.compile(r"(?:^|&)(?:q|query|search|s)=", re.IGNORECASE)
_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    410: "Gone",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def classify(url: str, fetched: Fetched, config: LinkConfig) -> tuple[Status, str | None]:
    """The status of `url` given its last answer, and the reason when it is not plainly ok."""
    code = fetched.code
    if code in config.accept:
        soft = soft_failure(url, fetched.final_url)
        if soft:
            return Status.BROKEN, soft
        if fetched.hops and fetched.hops[0].code in PERMANENT_REDIRECTS:
            return Status.REDIRECTED, f"moved permanently ({fetched.hops[0].code})"
        return Status.OK, None
    blocked = blocked_reason(fetched, config)
    if blocked:
        return Status.BLOCKED, blocked
    return Status.BROKEN, f"{code} {_REASONS.get(code, 'is not an accepted status')}"


def blocked_reason(fetched: Fetched, config: LinkConfig) -> str | None:
    """Why this answer means "the host refuses robots", not "the page is gone"."""
    code = fetched.code
    wait = retry_after(fetched.headers)
    if wait is not None and wait > config.retry_after_cap and code in {429, 503}:
        return (
            f"{code}: asks to retry after {wait:.0f} s, over the {config.retry_after_cap:g} s cap"
        )
    if code == 999:
        return "999: the host refuses automated requests (LinkedIn)"
    if code == 403 and "cf-mitigated" in fetched.headers:
        return "403: Cloudflare challenges automated requests"
    if code == 429:
        return "429: rate limited, still after retries"
    if code == 403 and _is_listed(host_of(fetched.final_url), config.blocked_hosts):
        return "403: the host refuses automated requests (listed in blocked_hosts)"
    return None


def _is_listed(host: str, hosts: tuple[str, ...]) -> bool:
    return any(host == h or host.endswith("." + h) for h in (h.lower() for h in hosts))


def soft_failure(url: str, final_url: str) -> str | None:
    """A 200 that is really a failure: a specific page sent to a home, search or login page."""
    if final_url == url:
        return None
    start, end = urlsplit(url), urlsplit(final_url)
    if _is_login(end) and not _is_login(start):
        return f"ends on a login page ({final_url})"
    if not _is_specific(start):
        return None
    if end.path.strip("/") == "" and not end.query:
        return f"redirects to the home page of {end.hostname} ({final_url})"
    if _SEARCH_PATH.search(start.path):
        return None
    if _SEARCH_PATH.search(end.path) or (
        end.hostname != start.hostname and _SEARCH_QUERY.search(end.query)
    ):
        return f"redirects to a search page ({final_url})"
    return None


def _is_login(parts) -> bool:  # type: ignore[no-untyped-def]
    return bool(_LOGIN_PATH.search(parts.path) or _LOGIN_HOST.match(parts.hostname or ""))


def _is_specific(parts) -> bool:  # type: ignore[no-untyped-def]
    return bool(parts.path.strip("/") or parts.query)
