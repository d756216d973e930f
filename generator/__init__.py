"""listsmith: the generator of a curated awesome list, from YAML data to README, site and exports.

The distribution and the command are `listsmith`; the import package stays `generator` (and
`python -m generator` keeps working) until a later release renames it.
"""

__version__ = "0.2.0"
# The generator's own name and home, the same whichever list it builds: every message, usage
# line and `--version` names PROGRAM, and every request to an outside service names both (with
# the list's own contact, from list.yaml, so that a service can reach the list's maintainer).
PROGRAM = "listsmith"
TOOL_NAME = PROGRAM
TOOL_URL = "https://github.com/awesome-llm-knowledge-update/awesome-llm-knowledge-update"
