"""`{% contact_details company %}`: the company's and its workplaces' phone and e-mail as
tel:/mailto: links, with the protection flags. One line in any page that shows a company
(the company page, the call page), without a change to its view."""

from typing import Any

from django import template

from accounts.access import request_jobcenter

from ..models import Company, Workplace
from ..selectors import contact_details as contact_details_for

register = template.Library()


@register.inclusion_tag("companies/partials/contact_details.html", takes_context=True)
def contact_details(
    context: dict[str, Any], company: Company, workplaces: list[Workplace] | None = None
) -> dict[str, Any]:
    """`workplaces`: the company's, ordered main first, when the page has them already."""
    request = context["request"]
    jobcenter = request_jobcenter(request)
    return {
        "company": company,
        "lines": contact_details_for(company=company, jobcenter=jobcenter, workplaces=workplaces),
        "back": request.get_full_path(),
    }
