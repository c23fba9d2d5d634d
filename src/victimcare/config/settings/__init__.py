"""Settings for the Victim Care Hub, read from the environment.

`base` is what runs everywhere (production included) with DATABASE_URL, SECRET_KEY and
ALLOWED_HOSTS set (see README.md); `test` adds what the test suite needs.
"""
