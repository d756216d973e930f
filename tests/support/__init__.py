"""What the tests share: fixture text, stand-in servers and their fixtures.

The modules that define fixtures are registered in tests/conftest.py with `pytest_plugins`,
so a test uses a fixture by naming it, without importing it.
"""
