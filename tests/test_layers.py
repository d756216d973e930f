"""The layer contract of the package, checked as import-linter checks one: by reading imports.

Each layer may import itself and the layers below it, never one above. Packages named on one
line of a layer are independent: neither imports the other. No command imports another
command, only `generator.commands.common`.
"""

from __future__ import annotations

import ast
import shutil
import tomllib
from pathlib import Path

from conftest_data import REPO

# Top to bottom. `generator` itself (the version, the user agent) is below everything.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("generator.__main__",),
    ("generator.cli",),
    ("generator.commands",),
    (
        "generator.site",
        "generator.importers",
        "generator.suggest",
        "generator.refresh",
        "generator.defaults",
    ),
    ("generator.render", "generator.sources"),
    ("generator.links",),
    ("generator.catalog",),
    ("generator.net",),
    ("generator.diagnostics", "generator.files", "generator.json_input", "generator.schemas"),
    ("generator.text",),
)
COMMANDS = "generator.commands"
SHARED_COMMAND_MODULES = {"generator.commands", "generator.commands.common"}


def module_name(root: Path, path: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(module: str, path: Path) -> list[tuple[int, str]]:
    """(line, module) for every generator module that `path` imports, relative ones resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
            found.append((node.lineno, base))
    return [(line, name) for line, name in found if name.split(".")[0] == "generator"]


def layer_of(module: str) -> tuple[int, str] | None:
    """(layer number, the package of the contract it belongs to); None for `generator`."""
    for number, layer in enumerate(LAYERS):
        for package in layer:
            if module == package or module.startswith(package + "."):
                return number, package
    return None


def violations(root: Path) -> list[str]:
    """Every import that breaks the contract, as `file:line: importer -> imported (why)`."""
    broken = []
    for path in sorted((root / "generator").rglob("*.py")):
        importer = module_name(root, path)
        own = layer_of(importer)
        for line, imported in imported_modules(importer, path):
            why = _why_broken(importer, own, imported)
            if why:
                where = path.relative_to(root).as_posix()
                broken.append(f"{where}:{line}: {importer} -> {imported} ({why})")
    return sorted(set(broken))


def _why_broken(importer: str, own: tuple[int, str] | None, imported: str) -> str | None:
    theirs = layer_of(imported)
    if theirs is None or own is None:
        return None if own is not None or theirs is None else "the root package imports a layer"
    if theirs[0] < own[0]:
        return "imports a layer above"
    if theirs[0] == own[0] and theirs[1] != own[1]:
        return f"{own[1]} and {theirs[1]} are independent"
    commands = own[1] == COMMANDS and importer not in SHARED_COMMAND_MODULES
    if commands and theirs[1] == COMMANDS and not _shared_command(imported, importer):
        return "a command imports another command"
    return None


def _shared_command(imported: str, importer: str) -> bool:
    """What a command may import of the commands package: the package, common, itself."""
    shared = imported == COMMANDS or imported.startswith("generator.commands.common")
    return shared or imported == importer


def test_every_package_sits_in_a_layer() -> None:
    packages = {
        module_name(REPO, path).split(".")[1]
        for path in (REPO / "generator").rglob("*.py")
        if path.parent != REPO / "generator" or path.name != "__init__.py"
    }
    unplaced = sorted(p for p in packages if layer_of(f"generator.{p}") is None)
    assert unplaced == []


def test_the_package_keeps_its_layers() -> None:
    assert violations(REPO) == []


def _planted(tmp_path: Path, module: str, line: str) -> list[str]:
    shutil.copytree(REPO / "generator", tmp_path / "generator")
    path = tmp_path / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return [found.split(": ", 1)[1] for found in violations(tmp_path)]


def test_a_planted_upward_import_is_caught(tmp_path: Path) -> None:
    found = _planted(tmp_path, "generator.text.urls", "from generator.catalog.model import Paper")
    assert "generator.text.urls -> generator.catalog.model (imports a layer above)" in found


def test_a_planted_relative_upward_import_is_caught(tmp_path: Path) -> None:
    found = _planted(tmp_path, "generator.catalog.model", "from ..render import readme")
    assert "generator.catalog.model -> generator.render (imports a layer above)" in found


def test_a_command_importing_another_command_is_caught(tmp_path: Path) -> None:
    found = _planted(
        tmp_path, "generator.commands.export", "from generator.commands.build import run"
    )
    wrong = (
        "generator.commands.export -> generator.commands.build (a command imports another command)"
    )
    assert wrong in found


def test_independent_siblings_are_kept_apart(tmp_path: Path) -> None:
    found = _planted(tmp_path, "generator.render.export", "import generator.sources.works")
    wrong = "generator.render.export -> generator.sources.works"
    assert f"{wrong} (generator.render and generator.sources are independent)" in found


def test_every_package_is_installed() -> None:
    """A package missing from pyproject's list works in the repository and fails when installed."""
    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    packages = {module_name(REPO, init) for init in (REPO / "generator").rglob("__init__.py")}
    assert sorted(packages - listed) == []
