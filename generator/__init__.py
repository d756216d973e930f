"""Generator of Awesome LLM Knowledge Update: YAML data to README, site and exports."""

__version__ = "0.1.0"
