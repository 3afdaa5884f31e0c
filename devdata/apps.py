from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """Development and benchmark data: the scale generator, the demo jobcenters, users and
    companies, and the bench commands. It has no models and no pages of its own; domain apps
    never import it."""

    name = "devdata"
