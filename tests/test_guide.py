"""The adopters' guide on this list's site, and its configuration reference generated from the
schemas and defaults."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from support.data import REPO

from generator import __version__
from generator.catalog.schema import load_schema
from generator.cli import main
from generator.links.config import LinkConfig
from generator.site.configuration import configuration_reference
from generator.site.stage import own_pages_nav

GUIDE = REPO / "docs" / "guide"


def test_the_committed_configuration_reference_is_what_listsmith_reference_prints() -> None:
    assert (GUIDE / "configuration.md").read_text(encoding="utf-8") == configuration_reference()


def test_the_reference_names_every_key_of_list_yaml_and_links_toml() -> None:
    reference = configuration_reference()
    schema = load_schema("list.schema.json")
    for key in [*schema["properties"], *schema["$defs"]["field"]["properties"]]:
        assert f"| `{key}` |" in reference, key
    for setting in dataclasses.fields(LinkConfig):
        if setting.name != "allow_private":  # only the command line sets it
            assert f"| `{setting.name}` |" in reference, setting.name


def test_listsmith_reference_prints_it(capsys) -> None:
    assert main(["reference"]) == 0
    assert capsys.readouterr().out == configuration_reference()


def test_a_list_s_own_pages_join_the_nav_after_the_generated_ones(tmp_path: Path) -> None:
    (tmp_path / "guide").mkdir()
    for name in ("about.md", "index.md", "guide/start.md", "guide/upgrade.md", "assets/x.css"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("# Page\n")
    nav = own_pages_nav(tmp_path, generated={"index.md"})
    assert nav == ["about.md", {"Guide": ["guide/start.md", "guide/upgrade.md"]}]


def test_the_guide_covers_what_an_adopter_does() -> None:
    pages = {path.stem for path in GUIDE.glob("*.md")}
    assert pages == {"start", "migrate", "configuration", "upgrade", "workflows"}
    start = (GUIDE / "start.md").read_text(encoding="utf-8")
    assert f"pip install listsmith=={__version__}" in start and "listsmith init" in start
    assert "listsmith import" in (GUIDE / "migrate.md").read_text(encoding="utf-8")
    assert "listsmith upgrade --check" in (GUIDE / "upgrade.md").read_text(encoding="utf-8")
