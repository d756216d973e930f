"""The site: pages staged as plain files, built by a site engine, sanitized, swapped in.

- `stage`: the pages, assets and resolved `mkdocs.yml` written to a folder; engine-free.
- `engines/`: `mkdocs` (with Material) and `zensical`, the only modules importing an engine.
- `postbuild`: the built pages' content and the search index through the sanitizer.
- `build`: a build beside the destination, swapped in whole (`generator.files`).
- `serve`: a live preview that stages again whenever the sources change.
"""
