"""Generator of a curated awesome list: YAML data to README, site and exports."""

__version__ = "0.1.0"
# The generator's own name and home: every request to an outside service names them (the
# program, which stays the same whichever list it builds), so that a service can reach us.
TOOL_NAME = "awesome-llm-knowledge-update"
TOOL_URL = "https://github.com/awesome-llm-knowledge-update/awesome-llm-knowledge-update"


def user_agent(role: str = "", detail: str = "") -> str:
    """`TOOL_NAME[-role]/version (detail; +TOOL_URL)`: what the generator says it is."""
    name = f"{TOOL_NAME}-{role}" if role else TOOL_NAME
    details = f"{detail}; " if detail else ""
    return f"{name}/{__version__} ({details}+{TOOL_URL})"
