"""JSON that someone else wrote: an answer of a service, or a file a pull request can change.

`json.loads` raises RecursionError, not ValueError, on a few thousand nested brackets, and
reads `NaN` and `Infinity`; both would surface as a traceback or a number no check expects.
Here every unusable document is an `UnusableJson`, a ValueError with a short reason.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class UnusableJson(ValueError):
    pass


def parse_json(text: str | bytes) -> Any:
    """The document `text` holds; UnusableJson when it is not plain JSON."""
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise UnusableJson("it is nested too deeply") from None
    except UnicodeDecodeError:
        raise UnusableJson("it is not UTF-8") from None
    except ValueError as error:
        raise UnusableJson(f"it is not valid JSON ({error})") from None


def read_json(path: Path, max_bytes: int) -> Any:
    """The document in the file `path`, read only if it is at most `max_bytes` long.

    OSError (FileNotFoundError included) when the file cannot be read.
    """
    with path.open("rb") as file:
        raw = file.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise UnusableJson(f"it is over {max_bytes // 2**20} MB")
    return parse_json(raw)


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")
