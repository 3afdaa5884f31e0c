"""The small test overlay: the same settings, minus what only slows tests down."""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The test personas sign in with the demo password; test_production_defaults turns it off.
DEMO_PASSWORDS_ALLOWED = True
# Tests move the clock by days with a client signed in; the timeouts' own tests set them.
SESSION_IDLE_TIMEOUT = SESSION_ABSOLUTE_TIMEOUT = 10**9
