"""Clients of the outside services that `new`, `suggest` and `refresh` ask.

`http` holds the one polite session (User-Agent with a contact, per-service pacing, urllib3
retries honouring `Retry-After`, rate-limit headers, an on-disk cache); each other module
speaks one service's documented API and returns plain values.
"""
