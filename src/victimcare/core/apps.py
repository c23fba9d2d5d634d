from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from victimcare.core.secret_key import secret_key_refusal


class CoreConfig(AppConfig):
    name = "victimcare.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        """Every start (web, worker, any command, `check --deploy`) sets up the apps first:
        refuse a weak secret key there, with the reason."""
        if not getattr(settings, "VCH_SECRET_KEY_CHECK", True):
            return  # the test settings only
        refusal = secret_key_refusal(
            debug=settings.DEBUG,
            key=settings.SECRET_KEY,
            fallbacks=list(getattr(settings, "SECRET_KEY_FALLBACKS", [])),
        )
        if refusal:
            raise ImproperlyConfigured(refusal)
