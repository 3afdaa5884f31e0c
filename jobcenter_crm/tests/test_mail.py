"""Outgoing e-mail written one way (issue 10.5): subject and body from templates, in
Danish, as plain text."""

import re
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from jobcenter_crm.lib.mail import email_message
from tests.factories import JobcenterFactory, UserFactory

ROOT = Path(__file__).parents[2]


@pytest.mark.django_db
def test_it_writes_danish_plain_text_whatever_language_is_active():
    jobcenter = JobcenterFactory(name="Jobcenter Lemvig & Struer")
    user = UserFactory(jobcenter=jobcenter, first_name="Åse", username="aase")
    with translation.override("en"):
        message = email_message(
            template="accounts/email/invitation",
            context={"user": user, "link": "https://crm.example/a?b=1&c=2", "valid_hours": 72},
            to=["aase@lemvig.dk"],
            reply_to=["leder@lemvig.dk"],
        )
        assert translation.get_language() == "en"
    assert message.subject == "Din adgang til jobcenter-crm"
    assert "\n" not in message.subject
    assert message.body.startswith("Kære Åse")
    # Plain text: neither the jobcenter's "&" nor the link's is HTML-escaped.
    assert "Jobcenter Lemvig & Struer" in message.body
    assert "https://crm.example/a?b=1&c=2" in message.body
    assert "&amp;" not in message.body
    assert (message.to, message.reply_to) == (["aase@lemvig.dk"], ["leder@lemvig.dk"])


def test_every_sender_goes_through_the_one_helper():
    names = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    own_way = re.compile(
        r"\bsend_mail\(|\bEmailMessage\(|\bEmailMultiAlternatives\(|email/[\w/]+\.txt"
    )
    found = [
        name
        for name in names
        if "/tests/" not in name
        and not name.startswith("tests/")
        and name != "jobcenter_crm/lib/mail.py"
        and own_way.search((ROOT / name).read_text())
    ]
    assert found == []
