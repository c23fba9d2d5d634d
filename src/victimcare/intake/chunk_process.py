"""The entry point of a chunk's own process for `import_referrals --workers N` (ADR 55).

Each process is started fresh ("spawn"), never forked from the command: a fork copies the
parent's memory mid-flight, native libraries' state included (the linkage engine's threads,
database client internals), and the child's garbage collector then frees objects that only
made sense in the parent; a forked chunk process was seen to die of a segmentation fault
doing so. This module imports nothing of the hub's at its top, so a fresh interpreter can
load it before Django is set up; it sets Django up on the parent's settings and databases,
then imports the chunk code.
"""

import logging
import os
import sys
from pathlib import Path

logger = logging.getLogger(__name__)


def chunk_process_run(
    chunk_id: int, path: str, actor_label: str, settings_module: str, databases: dict[str, str]
) -> None:
    """Import one chunk in this (fresh) process: Django is set up on the parent's settings
    module, and each database alias is pointed at the database the parent used (under test,
    the test database the parent's test runner made, not the one the settings name)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    django.setup()
    from django.db import connections

    for alias, name in databases.items():
        connections[alias].settings_dict["NAME"] = name
    # Imported only now: the chunk code imports models, which need the setup above.
    from victimcare.intake.parallel import feed_import_chunk

    try:
        feed_import_chunk(chunk_id=chunk_id, path=Path(path), actor_label=actor_label)
    except Exception as error:
        # The class only, never the traceback: a database error's message may quote a row's
        # values. The chunk is marked failed (or left to be taken over); the parent logs the
        # exit code.
        logger.error("import chunk %s stopped: %s", chunk_id, type(error).__name__)
        sys.exit(1)
    finally:
        connections.close_all()
