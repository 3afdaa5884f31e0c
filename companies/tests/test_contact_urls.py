"""The contact log's links are built from a pattern reversed once; they must be the very
URLs `reverse` gives, for every page an entry links to, also under a script prefix."""

import uuid

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from companies.templatetags.contact_urls import contact_url

NAMES = [
    "companies:contact-revisions",
    "companies:contact-correct",
    "companies:contact-complete",
    "companies:contact-move",
    "companies:contact-cancel",
    "servicepackages:visit-checklist",
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("prefix", ["/", "/crm/"])
def test_a_contacts_link_is_what_reverse_gives(name, prefix):
    set_script_prefix(prefix)
    try:
        for _ in range(3):
            code = uuid.uuid4()
            assert contact_url(code, name) == reverse(name, args=[code])
            assert contact_url(code, name).startswith(prefix)
    finally:
        clear_script_prefix()


@pytest.mark.parametrize(
    ("field", "choices"),
    [("channel", "Channel"), ("direction", "Direction"), ("status", "Status")],
)
def test_an_entrys_labels_are_djangos_for_every_choice_and_the_value_for_others(field, choices):
    from django.db.models import Model
    from django.utils import translation

    from companies.models import Contact

    for language in ("da", "en"):
        with translation.override(language):
            for value, label in getattr(Contact, choices).choices:
                contact = Contact(**{field: value})
                # Django's generated display (bypassed by the model's own) as the reference.
                expected = Model._get_FIELD_display(contact, Contact._meta.get_field(field))
                assert getattr(contact, f"get_{field}_display")() == expected == str(label)
    assert getattr(Contact(**{field: "fax"}), f"get_{field}_display")() == "fax"
