"""Site engines: each turns a staged folder (`generator.site.stage`) into HTML.

One module per engine, and the only modules that import one. Each offers
`build(staged_config, output_dir, dirty=False)`, which builds strictly and raises
`EngineError` with the engine's messages (`dirty`: only the pages whose staged file changed,
for the preview, where the engine can), and `serve(staged_config, output_dir, address,
rebuild, stop)`, which previews the staged folder with the engine's own live reload until
`stop` is set. `load(name)` imports one.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from generator import PROGRAM

ENGINES = ("mkdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"


class EngineError(Exception):
    """The engine could not build the staged site; the message holds its own words."""


def load(name: str) -> ModuleType:
    """The module of the engine `name`; EngineError when it is unknown or not installed."""
    if name not in ENGINES:
        raise EngineError(f"unknown site engine {name!r}: use one of {', '.join(ENGINES)}")
    try:
        return importlib.import_module(f"generator.site.engines.{name}")
    except ImportError as error:
        raise EngineError(
            f"the {name} site engine is not installed ({error.name}): "
            f"pip install '{PROGRAM}[{name}]'"
        ) from error
