"""Recorded service answers replayed by the stand-in server on 127.0.0.1 (import explicitly).

`replay.add(path_and_query, body, ...)` answers with a file of tests/fixtures/metadata/ (or
any text); the server is support.http's `StandIn`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from support.http import StandIn, stand_in

FIXTURES = Path(__file__).parents[1] / "fixtures" / "metadata"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture
def replay(monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    with stand_in(monkeypatch) as server:
        yield server
