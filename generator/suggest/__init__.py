"""`suggest`: papers the list may be missing, found from its topics and its citation graph.

`inputs` reads the list's topics (list.yaml) and the dismissed papers (suggest-ignore.yaml),
`find` asks arXiv, Semantic Scholar and OpenAlex, `rank` drops what is known and orders the
rest by evidence, and `report` writes them as text, Markdown or JSON.
"""
