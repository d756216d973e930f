"""JSON someone else wrote: every unusable document is a ValueError with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.json_input import UnusableJson, parse_json, read_json

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param(DEEP, "nested too deeply", id="deep"),
        ('{"a": NaN}', "NaN is not a JSON number"),
        ('{"a": Infinity}', "Infinity is not a JSON number"),
        (b"\xff[]", "not UTF-8"),
        ("{", "not valid JSON"),
    ],
)
def test_an_unusable_document_is_a_value_error_with_its_reason(
    text: str | bytes, reason: str
) -> None:
    with pytest.raises(UnusableJson, match=reason) as raised:
        parse_json(text)
    assert isinstance(raised.value, ValueError)


def test_a_file_over_the_limit_is_not_parsed(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text("[" + "0," * 2**20 + "0]", encoding="utf-8")
    with pytest.raises(UnusableJson, match="over 1 MB"):
        read_json(path, 2**20)
    assert read_json(path, 4 * 2**20)[:2] == [0, 0]
