from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and jobcenters")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from jobcenter_crm.security import record_sign_in

        # The idle and absolute timeouts count from the sign-in.
        user_logged_in.connect(record_sign_in, dispatch_uid="accounts.record_sign_in")
