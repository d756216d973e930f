"""Generator of a curated awesome list: YAML data to README, site and exports."""

__version__ = "0.1.0"
# The generator's own name and home: every request to an outside service names them (the
# program, which stays the same whichever list it builds), so that a service can reach us.
TOOL_NAME = "awesome-llm-knowledge-update"
TOOL_URL = "https://github.com/awesome-llm-knowledge-update/awesome-llm-knowledge-update"
