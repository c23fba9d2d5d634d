"""Settings for the Victim Care Hub, read from the environment.

`base` holds everything; `test` adds what the test suite needs. Production uses `base`
with DATABASE_URL, SECRET_KEY and ALLOWED_HOSTS set (see README.md).
"""

from victimcare.config.settings.base import *  # noqa: F403
