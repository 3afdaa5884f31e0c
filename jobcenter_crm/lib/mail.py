"""Outgoing e-mail, written one way: the subject and body come from two templates,
`<name>_subject.txt` and `<name>.txt`, rendered in the product's language (Danish) whatever
language the sender's browser asked for, as plain text (no HTML escaping: an "&" in a
company name stays an "&"). The subject is folded to one line, as mail headers need."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template import Context
from django.template.loader import get_template
from django.utils import translation


def _render_text(template_name: str, context: Mapping[str, Any]) -> str:
    # The DjangoTemplates backend's template, rendered without autoescaping: e-mails are
    # text/plain.
    template = get_template(template_name).template  # type: ignore[attr-defined]
    return str(template.render(Context(dict(context), autoescape=False)))


def email_message(
    *,
    template: str,
    context: Mapping[str, Any],
    to: list[str],
    reply_to: list[str] | None = None,
) -> EmailMessage:
    """The e-mail from `template` (a path without ending, e.g. "planning/email/digest"),
    from DEFAULT_FROM_EMAIL; the caller adds attachments or headers and sends it."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(_render_text(f"{template}_subject.txt", context).split())
        body = _render_text(f"{template}.txt", context)
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
    )
