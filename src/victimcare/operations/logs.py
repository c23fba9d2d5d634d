"""Structured logs: one JSON object a line, with the request id (and the task id in the
worker) on every line, so one request can be followed into the tasks it queued.

Never personal data: a line carries the message the code wrote (which names records by id,
never by name or contact detail) and the `extra` fields it passed. An exception is logged
as its type and stack (files, lines, functions), never its message, because a database
error's message can quote the row it refused (a name, an email address).
"""

import contextvars
import datetime
import json
import logging
import traceback
from typing import Any

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
task_id: contextvars.ContextVar[str] = contextvars.ContextVar("task_id", default="")

# What every LogRecord has; anything else on a record came from `extra=` and is kept.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# Never copied from a record, whatever a library puts in `extra`.
_NEVER = {"request", "args", "msg", "exc_text"}


def _stack(exc_info: Any) -> list[str]:
    kind, _value, tb = exc_info
    frames = traceback.extract_tb(tb)
    return [f"{kind.__name__}"] + [f"{f.filename}:{f.lineno} in {f.name}" for f in frames]


def _plain(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, ids, extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if request_id.get():
            line["request_id"] = request_id.get()
        if task_id.get():
            line["task_id"] = task_id.get()
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in _NEVER and not key.startswith("_"):
                line[key] = _plain(value)
        if record.exc_info and record.exc_info[0] is not None:
            line["exception"] = _stack(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class NoAddressFilter(logging.Filter):
    """Django's request loggers name the address asked for ("Not Found: /feedback/<token>/"),
    which can hold a survey link's token. The address becomes the route pattern."""

    LOGGERS = ("django.request", "django.security")

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(self.LOGGERS):
            return True
        request = getattr(record, "request", None)
        match = getattr(request, "resolver_match", None)
        route = f"/{match.route}" if match is not None else "(no route)"
        if isinstance(record.args, tuple):
            record.args = tuple(
                route if isinstance(arg, str) and arg.startswith("/") else arg
                for arg in record.args
            )
        record.route = route
        return True
