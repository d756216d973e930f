# --- Offline guard (link checker, issue 5): no test may reach a host but loopback. ---------
import ipaddress as _ipaddress
import socket as _socket

import pytest as _pytest

# The support modules whose fixtures every test may name (tests/support/).
pytest_plugins = ["support.links", "support.network", "support.replay", "support.sources"]


def _is_loopback(address: object) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if not isinstance(host, str) or host == "localhost":
        return True  # unix sockets, and the loopback name
    try:
        return _ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a name that would need DNS


@_pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: _pytest.MonkeyPatch) -> None:
    """Fail any test that connects to, or resolves, a host other than 127.0.0.0/8 or ::1."""
    real_connect, real_connect_ex = _socket.socket.connect, _socket.socket.connect_ex
    real_getaddrinfo = _socket.getaddrinfo

    def refuse(address: object) -> None:
        raise AssertionError(f"a test tried to reach {address!r}: tests must stay on loopback")

    def connect(self, address):
        if self.family in (_socket.AF_INET, _socket.AF_INET6) and not _is_loopback(address):
            refuse(address)
        return real_connect(self, address)

    def connect_ex(self, address):
        if self.family in (_socket.AF_INET, _socket.AF_INET6) and not _is_loopback(address):
            refuse(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if host is not None and not _is_loopback(host if isinstance(host, str) else str(host)):
            refuse(host)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(_socket.socket, "connect", connect)
    monkeypatch.setattr(_socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(_socket, "getaddrinfo", getaddrinfo)
