"""Which hosts and addresses the project may publish and the link checker may reach.

One classification serves `validate` (a URL whose host is written as an address) and the
checker (every address it is about to connect to, after DNS, on every redirect hop). Hosts are
read the way urllib3 and browsers (WHATWG) read them, so that `167772161`, `0xa.1`, `10.1` and
`[::ffff:10.0.0.1]` are all 10.0.0.1.
"""

from __future__ import annotations

import enum
import functools
import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class Reach(enum.Enum):
    PUBLIC = "public"
    LOOPBACK = "loopback"  # this machine: test servers live here
    PRIVATE = "private"  # a private network
    FORBIDDEN = "forbidden"  # link-local, cloud metadata, reserved: never contacted


@dataclass(frozen=True)
class Verdict:
    reach: Reach
    reason: str  # "a private address (10.0.0.1)"

    @property
    def is_public(self) -> bool:
        return self.reach is Reach.PUBLIC


PUBLIC = Verdict(Reach.PUBLIC, "a public address")
# Cloud instance metadata: AWS, GCP and Azure (IPv4 and AWS's IPv6), ECS tasks, Alibaba.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "fd00:ec2::254", "169.254.170.2", "100.100.100.200")
)
METADATA_NAMES = frozenset(
    {
        "metadata.google.internal",
        "metadata.goog",
        "metadata",
        "instance-data",
        "instance-data.ec2.internal",
    }
)
PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7")
)
# Names that only a private network or this machine can answer (RFC 6761, 6762, 8375, ICANN).
_LOOPBACK_NAMES = re.compile(r"^(?:.+\.)?localhost$")
_PRIVATE_NAMES = re.compile(r"^(?:.+\.)?(?:local|internal|home\.arpa)$")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215: inside one network only
# IPv6 forms of an IPv4 address that no public host uses and some stacks still route to it:
# "IPv4-compatible" (::a.b.c.d, deprecated by RFC 4291) and SIIT's "IPv4-translated"
# (::ffff:0:a.b.c.d, RFC 2765).
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_IPV4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")
_NOT_COMPATIBLE = frozenset({ipaddress.IPv6Address("::"), ipaddress.IPv6Address("::1")})
_IPV4_PART = re.compile(r"0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*")
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})  # WHATWG's full stops


def classify_address(address: Address) -> Verdict:
    """Whether `address` is public, and if not, what it is."""
    embedded = _embedded_ipv4(address)
    if embedded is not None and _is_deprecated_form(address):
        reason = f"a deprecated IPv6 form ({address}) of the IPv4 address {embedded}"
        return Verdict(Reach.FORBIDDEN, reason)
    if embedded is not None:
        inner = classify_address(embedded)
        if not inner.is_public:
            return inner
        if address in _LOCAL_NAT64:
            return Verdict(Reach.PRIVATE, f"a local-use NAT64 address ({address})")
    if address in METADATA_ADDRESSES:
        return Verdict(Reach.FORBIDDEN, f"a cloud metadata address ({address})")
    if address.is_loopback:
        return Verdict(Reach.LOOPBACK, f"a loopback address ({address})")
    if address.is_link_local:
        return Verdict(Reach.FORBIDDEN, f"a link-local address ({address})")
    if address.is_unspecified:
        return Verdict(Reach.FORBIDDEN, f"the unspecified address ({address}), this machine")
    if address.is_multicast:
        return Verdict(Reach.FORBIDDEN, f"a multicast address ({address})")
    if any(address in network for network in PRIVATE_NETWORKS):
        return Verdict(Reach.PRIVATE, f"a private address ({address})")
    if not address.is_global:
        return Verdict(Reach.FORBIDDEN, f"a reserved, non-public address ({address})")
    return PUBLIC


def _embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4, Teredo), if any."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address in _NAT64 or address in _LOCAL_NAT64 or _is_deprecated_form(address):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    return None


def _is_deprecated_form(address: Address) -> bool:
    compatible = address in _IPV4_COMPATIBLE and address not in _NOT_COMPATIBLE
    return compatible or address in _IPV4_TRANSLATED


def classify_host(host: str) -> Verdict | None:
    """The verdict on a URL's host, or None for a name that only DNS can judge."""
    name = _normalized(host)
    address = parse_address(name)
    if address is not None:
        return classify_address(address)
    name = name.rstrip(".")
    if name in METADATA_NAMES:
        return Verdict(Reach.FORBIDDEN, f"a cloud metadata host ({name})")
    if _LOOPBACK_NAMES.match(name):
        return Verdict(Reach.LOOPBACK, f"a loopback name ({name})")
    if _PRIVATE_NAMES.match(name):
        return Verdict(Reach.PRIVATE, f"a name of a private network ({name})")
    return None


def _normalized(host: str) -> str:
    """The host as a browser reads it: percent-decoded, full-width forms folded, lower case."""
    return unicodedata.normalize("NFKC", unquote(host)).translate(_DOTS).lower().strip()


def parse_address(host: str) -> Address | None:
    """The address a host written as an IP literal means, in any spelling; None for a name."""
    if host.startswith("[") and host.endswith("]"):
        try:
            return ipaddress.IPv6Address(host[1:-1].split("%")[0])
        except ValueError:
            return None
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host.split("%")[0])
        except ValueError:
            return None
    return _parse_ipv4(host)


def _parse_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """WHATWG's (and inet_aton's) IPv4 parser: 1 to 4 parts, each decimal, 0x-hex or 0-octal."""
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    if not 1 <= len(parts) <= 4 or not all(_IPV4_PART.fullmatch(p) for p in parts):
        return None
    numbers = [_ipv4_number(p) for p in parts]
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        return None
    value = numbers[-1] + sum(n << (8 * (3 - i)) for i, n in enumerate(numbers[:-1]))
    return ipaddress.IPv4Address(value)


def _ipv4_number(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        return int(part, 8)
    return int(part)


def url_host(url: str) -> str | None:
    """The host urllib3 (and so the checker) would connect to; None when it cannot tell."""
    for candidate in (url, unicodedata.normalize("NFKC", url).translate(_DOTS)):
        try:
            host = parse_url(candidate.strip()).host
        except (LocationParseError, ValueError):
            continue
        return host
    return None


# A list's validation asks about each of its URLs more than once (the URL rules, the loopback
# warning), and a preview validates again on every save: each URL is judged once per process.
@functools.lru_cache(maxsize=1 << 17)
def classify_url(url: str) -> Verdict | None:
    """The verdict on the host of `url`; None when only DNS could tell (or there is no host)."""
    host = url_host(url)
    return classify_host(host) if host else None
