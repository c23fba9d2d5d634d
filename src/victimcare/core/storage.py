"""Static files storage: WhiteNoise's compressed, hashed files, with ES module imports rewritten."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    # init.mjs imports govuk-frontend.min.js; the import must point at the hashed name.
    support_js_module_import_aggregation = True
