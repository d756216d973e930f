"""What a new list starts from (`skeleton`) and how a list moves to this version (`upgrade`).

The packaged files themselves are found through `generator.packaged`.
"""
