"""Messages to victims: GOV.UK Notify's key and templates, the backend, the outbox's timings
(ADR 22). Read from the environment after base.py has loaded a local .env; base.py takes
every name here."""

from pathlib import Path

import environ

env = environ.Env()
BASE_DIR = Path(__file__).resolve().parent.parent.parent.parent.parent

# Messages to victims: GOV.UK Notify. Without a key, messages go to the console log (see
# MESSAGE_BACKEND below), as under `make run`.
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
NOTIFY_BASE_URL = env.str("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
NOTIFY_SURVEY_EMAIL_TEMPLATE = env.str("NOTIFY_SURVEY_EMAIL_TEMPLATE", default="")
NOTIFY_SURVEY_SMS_TEMPLATE = env.str("NOTIFY_SURVEY_SMS_TEMPLATE", default="")
NOTIFY_CODE_EMAIL_TEMPLATE = env.str("NOTIFY_CODE_EMAIL_TEMPLATE", default="")
NOTIFY_CODE_SMS_TEMPLATE = env.str("NOTIFY_CODE_SMS_TEMPLATE", default="")
# Welsh versions of each template (used for people who use the service in Welsh).
NOTIFY_SURVEY_EMAIL_TEMPLATE_CY = env.str("NOTIFY_SURVEY_EMAIL_TEMPLATE_CY", default="")
NOTIFY_SURVEY_SMS_TEMPLATE_CY = env.str("NOTIFY_SURVEY_SMS_TEMPLATE_CY", default="")
NOTIFY_CODE_EMAIL_TEMPLATE_CY = env.str("NOTIFY_CODE_EMAIL_TEMPLATE_CY", default="")
NOTIFY_CODE_SMS_TEMPLATE_CY = env.str("NOTIFY_CODE_SMS_TEMPLATE_CY", default="")
NOTIFY_COMPLAINT_EMAIL_TEMPLATE = env.str("NOTIFY_COMPLAINT_EMAIL_TEMPLATE", default="")
NOTIFY_COMPLAINT_SMS_TEMPLATE = env.str("NOTIFY_COMPLAINT_SMS_TEMPLATE", default="")
# Justice updates to victims use one template a language with a ((message)) placeholder.
NOTIFY_UPDATE_EMAIL_TEMPLATE = env.str("NOTIFY_UPDATE_EMAIL_TEMPLATE", default="")
NOTIFY_UPDATE_SMS_TEMPLATE = env.str("NOTIFY_UPDATE_SMS_TEMPLATE", default="")
NOTIFY_UPDATE_EMAIL_TEMPLATE_CY = env.str("NOTIFY_UPDATE_EMAIL_TEMPLATE_CY", default="")
NOTIFY_UPDATE_SMS_TEMPLATE_CY = env.str("NOTIFY_UPDATE_SMS_TEMPLATE_CY", default="")
# The notice that an officer replied in Track my case (a link, never the reply's words),
# with ((case_reference)) and ((track_url)) placeholders.
NOTIFY_REPLY_EMAIL_TEMPLATE = env.str("NOTIFY_REPLY_EMAIL_TEMPLATE", default="")
NOTIFY_REPLY_SMS_TEMPLATE = env.str("NOTIFY_REPLY_SMS_TEMPLATE", default="")
NOTIFY_REPLY_EMAIL_TEMPLATE_CY = env.str("NOTIFY_REPLY_EMAIL_TEMPLATE_CY", default="")
NOTIFY_REPLY_SMS_TEMPLATE_CY = env.str("NOTIFY_REPLY_SMS_TEMPLATE_CY", default="")
# Where messages to victims go: "notify" (GOV.UK Notify, the default when NOTIFY_API_KEY is
# set), "console" (the log, the default for `make run`) or "file" (one JSON line a message
# in MESSAGE_FILE, e.g. for a test environment that reads what was sent).
MESSAGE_BACKEND = env.str("MESSAGE_BACKEND", default="notify" if NOTIFY_API_KEY else "console")
MESSAGE_FILE = env.str("MESSAGE_FILE", default=str(BASE_DIR / "var" / "messages.jsonl"))
# A worker holds a message it is sending for this long; after it, a message still marked
# "sending" is in doubt (its worker died) and is checked with the receiver before a resend.
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=120)
# How often the worker looks for messages to retry or recover.
OUTBOX_SWEEP_SECONDS = env.int("OUTBOX_SWEEP_SECONDS", default=60)
# Retries wait OUTBOX_RETRY_SECONDS, then twice that, and so on, up to OUTBOX_MAX_ATTEMPTS.
OUTBOX_RETRY_SECONDS = env.int("OUTBOX_RETRY_SECONDS", default=30)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=6)

__all__ = [
    "MESSAGE_BACKEND",
    "MESSAGE_FILE",
    "NOTIFY_API_KEY",
    "NOTIFY_BASE_URL",
    "NOTIFY_CODE_EMAIL_TEMPLATE",
    "NOTIFY_CODE_EMAIL_TEMPLATE_CY",
    "NOTIFY_CODE_SMS_TEMPLATE",
    "NOTIFY_CODE_SMS_TEMPLATE_CY",
    "NOTIFY_COMPLAINT_EMAIL_TEMPLATE",
    "NOTIFY_COMPLAINT_SMS_TEMPLATE",
    "NOTIFY_REPLY_EMAIL_TEMPLATE",
    "NOTIFY_REPLY_EMAIL_TEMPLATE_CY",
    "NOTIFY_REPLY_SMS_TEMPLATE",
    "NOTIFY_REPLY_SMS_TEMPLATE_CY",
    "NOTIFY_SURVEY_EMAIL_TEMPLATE",
    "NOTIFY_SURVEY_EMAIL_TEMPLATE_CY",
    "NOTIFY_SURVEY_SMS_TEMPLATE",
    "NOTIFY_SURVEY_SMS_TEMPLATE_CY",
    "NOTIFY_UPDATE_EMAIL_TEMPLATE",
    "NOTIFY_UPDATE_EMAIL_TEMPLATE_CY",
    "NOTIFY_UPDATE_SMS_TEMPLATE",
    "NOTIFY_UPDATE_SMS_TEMPLATE_CY",
    "OUTBOX_LEASE_SECONDS",
    "OUTBOX_MAX_ATTEMPTS",
    "OUTBOX_RETRY_SECONDS",
    "OUTBOX_SWEEP_SECONDS",
]
