from django.db import transaction

from accounts.models import Jobcenter

from .defaults import load_default_catalogue
from .models import Package, Product, Track


@transaction.atomic
def catalogue_install_defaults(*, jobcenter: Jobcenter) -> int:
    """Copy the default catalogue into the jobcenter's own; existing codes are left as
    the admin edited them. Returns the number of products created."""
    data = load_default_catalogue()
    tracks = {track.code: track for track in Track.objects.all()}
    packages = {}
    for row in data["packages"]:
        packages[row["code"]], _ = Package.objects.get_or_create(
            jobcenter=jobcenter,
            code=row["code"],
            defaults={
                "name": row["name"],
                "description": row.get("description", ""),
                "order": row.get("order", 0),
            },
        )
    created_count = 0
    for row in data["products"]:
        product, created = Product.objects.get_or_create(
            jobcenter=jobcenter,
            code=row["code"],
            defaults={
                "name": row["name"],
                "description": row.get("description", ""),
                "track": tracks[row["track"]],
                "level": row["level"],
                "counter_demands": row.get("counter_demands", ""),
                "response_hours": row.get("response_hours"),
                "order": row.get("order", 0),
                "source": row.get("source", ""),
            },
        )
        if created:
            created_count += 1
            product.packages.set([packages[code] for code in row.get("packages", [])])
    return created_count
