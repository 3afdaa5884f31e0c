"""The key figures page (kept from the first version of reports)."""

import datetime
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Jobcenter, User
from companies.models import Agreement, Contact


def contacts_by_channel(*, jobcenter: Jobcenter, since: datetime.datetime) -> dict[str, int]:
    rows = (
        Contact.objects.for_jobcenter(jobcenter)
        .done()
        .filter(occurred_at__gte=since)
        .values_list("channel")
        .annotate(total=Count("id"))
    )
    return dict(rows)


def consultant_figures(
    *, jobcenter: Jobcenter, since: datetime.datetime, today: datetime.date
) -> QuerySet[User]:
    """Each active consultant with contacts since `since` and overdue open agreements:
    one correlated count each (two joined counts would multiply each other's rows)."""

    def counted(queryset: QuerySet[Any], user_field: str) -> Coalesce:
        return Coalesce(
            Subquery(
                queryset.filter(**{user_field: OuterRef("pk")})
                .order_by()
                .values(user_field)
                .annotate(total=Count("pk"))
                .values("total"),
                output_field=IntegerField(),
            ),
            0,
        )

    return (
        User.objects.for_jobcenter(jobcenter)
        .active()
        .consultants()
        .annotate(
            contacts_done=counted(
                Contact.objects.filter(status=Contact.Status.DONE, occurred_at__gte=since),
                "consultant",
            ),
            agreements_overdue=counted(
                Agreement.objects.filter(status=Agreement.Status.OPEN, deadline__lt=today),
                "responsible_user",
            ),
        )
        .order_by("first_name", "last_name", "username")
    )
