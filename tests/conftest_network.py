"""Witnesses that a client did not connect: an observing listener and a connect recorder."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from generator.links import guard
from generator.text import addresses
from generator.text.addresses import PUBLIC, classify_address


class ObservingListener:
    """A TCP listener on 127.0.0.1 that answers nothing and counts who connected."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.05)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.socket.close()


@pytest.fixture(name="listener")
def listener_fixture() -> Iterator[ObservingListener]:
    observing = ObservingListener()
    yield observing
    observing.close()


@pytest.fixture(name="connects")
def connects_fixture(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every address a socket tried to connect to during the test."""
    tried: list[object] = []
    real = socket.socket.connect

    def connect(self, address):
        tried.append(address[0] if isinstance(address, tuple) else address)
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return tried


@pytest.fixture(name="loopback_is_public")
def loopback_is_public_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let 127.0.0.1 play a public host, so that private addresses are refused around it."""

    def classify(address):
        return PUBLIC if str(address) == "127.0.0.1" else classify_address(address)

    monkeypatch.setattr(guard, "classify_address", classify)
    monkeypatch.setattr(addresses, "classify_address", classify)
