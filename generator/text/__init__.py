"""The bottom layer: safe text and escaping, identifiers, URL rules, addresses.

It imports nothing else from the generator, so every other package may import it.
"""
