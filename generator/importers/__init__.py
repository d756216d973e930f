"""Hand-written awesome lists (Markdown) to catalog data.

`markdown` reads the text into the neutral model of `model`, with the help of `extract` for
what is written inside one entry; `blame` dates lines from git; `writer` is the one module
that knows the shape of the YAML data files.
"""
