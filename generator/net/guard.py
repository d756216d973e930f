"""Connections that check the address they are about to reach, after DNS, every time.

urllib3 opens every connection through `HTTPConnection._new_conn`; the connection classes
here resolve the host themselves, refuse the whole host when any address it resolves to is
not allowed, and connect to exactly the addresses they checked. A redirect, or a name that
resolves somewhere else on the second lookup (DNS rebinding), cannot get around it. The
host name stays the connection's `host`, so TLS still verifies it and sends it as SNI.
"""

from __future__ import annotations

import math
import socket
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.connection import allowed_gai_family, create_connection

from generator.text.addresses import (
    Address,
    Reach,
    Verdict,
    classify_address,
    classify_host,
    parse_address,
    url_host,
)

from . import deadlines


class AddressRefused(Exception):
    """No connection there: the checker marks the link `excluded`, service clients fail."""

    def __init__(self, host: str, verdict: Verdict, resolved: bool) -> None:
        how = "resolves to" if resolved else "is"
        advice = (
            "never contacted"
            if verdict.reach is Reach.FORBIDDEN
            else "not contacted without --allow-private"
        )
        self.message = f"refused: {host} {how} {verdict.reason}, {advice}"
        super().__init__(self.message)


class Policy:
    """Which addresses may be contacted: public ones, and with `allow_private` this network's."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private
        # The link checker asks before every request, of a few hosts: each is judged once.
        self._hosts: dict[str, Verdict | None] = {}

    def refusal(self, verdict: Verdict | None) -> Verdict | None:
        if verdict is None or verdict.is_public:
            return None
        if self.allow_private and verdict.reach in {Reach.LOOPBACK, Reach.PRIVATE}:
            return None
        return verdict

    def check_host(self, host: str) -> None:
        """Refuse a host that is an address, or a name, not to contact (before any DNS)."""
        if host not in self._hosts:
            self._hosts[host] = self.refusal(classify_host(host))
        refused = self._hosts[host]
        if refused:
            raise AddressRefused(host, refused, resolved=False)

    def check_addresses(self, host: str, addresses: list[tuple[int, Address]]) -> None:
        literal = parse_address(host) is not None
        for _, address in addresses:
            refused = self.refusal(classify_address(address))
            if refused:
                raise AddressRefused(host, refused, resolved=not literal)


def resolve(host: str, port: int) -> list[tuple[int, Address]]:
    """(family, address) pairs for `host`; an address in any spelling is read without DNS."""
    literal = parse_address(host)
    if literal is not None:
        return [(socket.AF_INET6 if literal.version == 6 else socket.AF_INET, literal)]
    found = []
    for family, _, _, _, sockaddr in socket.getaddrinfo(
        host, port, allowed_gai_family(), socket.SOCK_STREAM
    ):
        address = parse_address(str(sockaddr[0]).split("%")[0])
        if address is not None and (family, address) not in found:
            found.append((family, address))
    return found


class _Guarded(HTTPConnection):
    policy: Policy
    deadline_scope: Any = None

    def _new_conn(self) -> socket.socket:
        self.policy.check_host(self._dns_host)
        try:
            addresses = resolve(self._dns_host, self.port or 0)
        except socket.gaierror as error:
            raise NameResolutionError(self.host, self, error) from error
        if not addresses:
            raise NameResolutionError(self.host, self, socket.gaierror("no address"))
        self.policy.check_addresses(self._dns_host, addresses)
        deadlines.start_attempt()  # a retry after a pause connects anew, in its own time
        deadlines.attach(self)
        timeout = self._connect_timeout()
        last_error: OSError | None = None
        for _, address in addresses:
            try:
                return create_connection(
                    (str(address), self.port), timeout, socket_options=self.socket_options
                )
            except OSError as error:
                last_error = error
        if isinstance(last_error, TimeoutError):
            message = f"Connection to {self.host} timed out. (connect timeout={timeout})"
            raise ConnectTimeoutError(self, message) from last_error
        raise NewConnectionError(self, f"Failed to establish a new connection: {last_error}")

    def _connect_timeout(self) -> float | None:
        left = deadlines.time_left()
        if left <= 0:
            raise ConnectTimeoutError(self, f"no time left to connect to {self.host}")
        timeout = self.timeout if isinstance(self.timeout, int | float) else None
        if math.isinf(left):
            return timeout
        return left if timeout is None else min(timeout, left)

    def request(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        deadlines.start_attempt()  # each request (a retry, a redirect hop) is bounded anew
        deadlines.attach(self)  # a pooled connection now serves this thread's exchange
        super().request(*args, **kwargs)


def _pool_classes(policy: Policy) -> dict[str, type]:
    http = type("GuardedHTTPConnection", (_Guarded, HTTPConnection), {"policy": policy})
    https = type("GuardedHTTPSConnection", (_Guarded, HTTPSConnection), {"policy": policy})
    return {
        "http": type("GuardedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http}),
        "https": type("GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https}),
    }


class GuardedAdapter(HTTPAdapter):
    """requests' adapter, whose pools open only connections that `policy` allows.

    Every client that fetches from outside (the link checker, `new`, `suggest`, `refresh`)
    mounts this adapter. requests sends each redirect hop through it again, so the host of
    every hop is checked here too: through a proxy the connection only reaches the proxy.
    """

    def __init__(self, policy: Policy, **kwargs: Any) -> None:
        self.policy = policy
        super().__init__(**kwargs)

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.policy.check_host(url_host(request.url or "") or "")
        return super().send(request, *args, **kwargs)

    @classmethod
    def policy_of(cls, session: Any) -> Policy:
        """The policy of `session` (`make_session` mounts one adapter for http and https)."""
        adapter = session.adapters.get("https://")
        if not isinstance(adapter, cls):
            raise TypeError("the session does not send through a GuardedAdapter")
        return adapter.policy

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _pool_classes(self.policy)
