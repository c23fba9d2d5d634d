"""gunicorn's settings for the hub's web process (read from the working directory).

The hub writes one JSON line a request itself (route, status, time, request id; never the
address, which may hold a token), so gunicorn's own access log is off; its error log is JSON
through the same formatter. Environment: PORT, WEB_CONCURRENCY, GUNICORN_TIMEOUT,
FORWARDED_ALLOW_IPS (the proxy's address, so X-Forwarded-Proto is believed).
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = 1
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # a large upload or a PDF return
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # a worker restarts now and then, so a slow leak never grows
max_requests_jitter = 200
# Workers' heartbeat files in memory when the container has a writable /dev/shm.
_shm = "/dev/shm"  # noqa: S108  (RAM, not disk)
worker_tmp_dir = _shm if os.access(_shm, os.W_OK) else None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
control_socket_disable = True  # no `gunicornc` control socket: the image's home is read-only
accesslog = None
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "victimcare.operations.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
