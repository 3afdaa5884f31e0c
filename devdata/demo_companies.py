"""Demo companies for `make run`: a register around Struer and Holstebro with the demo
jobcenters' relationships, contact log and agreements (seed_demo runs it once)."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Jobcenter, User
from companies.models import CompanyRelationship
from companies.services import agreement_create

from .generator import registry_generate

DEMO_COMPANIES = 2_000
DEMO_CONTACTS = 10_000
# Most demo companies sit in Struer, Holstebro and their neighbours, so that both
# jobcenters have a full list; the rest are spread over the country.
DEMO_LOCAL_SHARE = 0.85
OVERDUE_AGREEMENTS = [
    ("Sende tre CV'er til stillingen som lagermedarbejder.", 12),
    ("Følge op på praktikforløbet.", 6),
    ("Afklare mulighed for løntilskud.", 3),
    ("Sende materiale om fleksjob.", 1),
]


@transaction.atomic
def demo_companies_create() -> int:
    """Generate the demo register for Jobcenter Struer and Jobcenter Holstebro (made by
    devdata.demo_users.demo_setup) and give the user "konsulent" a few overdue agreements.
    Returns the number of companies created (0 when the demo data exists already)."""
    jobcenters = list(
        Jobcenter.objects.filter(name__in=["Jobcenter Struer", "Jobcenter Holstebro"])
    )
    if not jobcenters or CompanyRelationship.objects.filter(jobcenter__in=jobcenters).exists():
        return 0
    report = registry_generate(
        companies=DEMO_COMPANIES,
        contacts=DEMO_CONTACTS,
        jobcenters=jobcenters,
        seed=671,
        local_share=DEMO_LOCAL_SHARE,
    )
    consultant = User.objects.filter(username="konsulent").first()
    if consultant is not None:
        relationships = CompanyRelationship.objects.filter(
            jobcenter=consultant.jobcenter, responsible=consultant, opted_out_on__isnull=True
        ).order_by("pk")
        today = timezone.localdate()
        for relationship, (description, days_late) in zip(
            relationships, OVERDUE_AGREEMENTS, strict=False
        ):
            agreement_create(
                relationship=relationship,
                description=description,
                deadline=today - datetime.timedelta(days=days_late),
                responsible_user=consultant,
            )
    return report.companies
