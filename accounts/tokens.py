"""Single-use links for setting a password, on Django's password-reset machinery.

A token signs the user's password hash, last login, e-mail and active flag with a
timestamp: setting a password, logging in, changing the address or being deactivated
makes every earlier link useless, and `PASSWORD_RESET_TIMEOUT` ends it anyway. The
invitation and the forgotten-password link are signed with different salts, so neither
can stand in for the other."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator

from .models import User


class _LinkTokenGenerator(PasswordResetTokenGenerator):
    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


class InvitationTokenGenerator(_LinkTokenGenerator):
    key_salt = "accounts.tokens.InvitationTokenGenerator"


class PasswordResetLinkTokenGenerator(_LinkTokenGenerator):
    key_salt = "accounts.tokens.PasswordResetLinkTokenGenerator"


invitation_tokens = InvitationTokenGenerator()
password_reset_tokens = PasswordResetLinkTokenGenerator()
