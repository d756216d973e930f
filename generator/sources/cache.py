"""Successful answers of the services, one JSON file per request, and the answer's shape."""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from requests.structures import CaseInsensitiveDict

from generator.files import write_atomic
from generator.json_input import parse_json

from .errors import SourceError


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Mapping[str, str]
    text: str

    def json(self, service: str) -> Any:
        try:
            return parse_json(self.text)
        except ValueError:
            raise SourceError(service, "the answer is not JSON; try again later") from None

    @property
    def content_type(self) -> str:
        headers = CaseInsensitiveDict(self.headers)
        return headers.get("Content-Type", "").split(";")[0].strip().lower()


class Cache:
    """Successful answers, one JSON file per request, trusted for `max_age` seconds."""

    def __init__(
        self, directory: Path, max_age: float, clock: Callable[[], float] = time.time
    ) -> None:
        self._directory = directory
        self._max_age = max_age
        self._clock = clock

    @staticmethod
    def key(method: str, url: str, body: Any) -> str:
        text = json.dumps([method, url, body], sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, key: str) -> Answer | None:
        try:
            data = parse_json((self._directory / f"{key}.json").read_bytes())
            age = self._clock() - float(data["stored_at"])
            if not 0 <= age <= self._max_age:
                return None
            return Answer(int(data["status"]), dict(data["headers"]), str(data["text"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, answer: Answer) -> None:
        data = {
            "stored_at": self._clock(),
            "status": answer.status,
            "headers": dict(answer.headers),
            "text": answer.text,
        }
        with contextlib.suppress(OSError):  # an unwritable cache only costs a request later
            write_atomic(self._directory / f"{key}.json", json.dumps(data))
