"""The one network layer: every request to the outside world is made through it.

`guard` checks each address a connection reaches (after DNS, on every redirect);
`session` builds guarded sessions with urllib3 retries, one body cap and one User-Agent;
`deadlines` bounds whole requests, not single reads; `pacing` spaces the requests to one
service and caps those in flight to one host; `errors` is the one error type. The link
checker (`links`) and the service clients (`sources`) build on it; it imports nothing of
theirs, only the bottom layer (addresses).
"""
