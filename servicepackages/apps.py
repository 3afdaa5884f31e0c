from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicepackagesConfig(AppConfig):
    name = "servicepackages"
    verbose_name = _("Service catalogue")
