"""Generator of a curated awesome list: YAML data to README, site and exports."""

__version__ = "0.1.0"
