"""The render stage: the one escaping place, the README, the site pages and the exports."""
