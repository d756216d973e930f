"""The catalog stage: load the data, validate it, and the typed model the rest reads."""
