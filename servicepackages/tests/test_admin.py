"""The catalogue administration: admins only, each jobcenter its own catalogue."""

import pytest
from django.urls import reverse

from servicepackages.models import Package, Product, Track

pytestmark = pytest.mark.django_db


def _product_data(**overrides):
    data = {
        "name": "Guldpakke-rekruttering",
        "description": "Fast kontaktperson og kandidater inden for tre timer",
        "track": Track.objects.get(code="recruitment").pk,
        "level": "extended",
        "packages": [],
        "counter_demands": "Virksomheden melder stillinger til jobcenteret først",
        "response_hours": "3",
        "delivery_standard": "3-5 relevante kandidater inden for en uge",
        "order": "",
    }
    data.update(overrides)
    return data


def test_it_shows_the_administration_to_an_admin_with_constant_queries(
    admin_client_a, admin_user, django_assert_num_queries
):
    url = reverse("servicepackages:catalogue-manage")
    with django_assert_num_queries(9):
        response = admin_client_a.get(url)
    assert response.status_code == 200
    assert len(response.context["products"]) == 70
    Product.objects.filter(jobcenter=admin_user.jobcenter, code="jobrotation").update(
        retired_at="2026-01-01T00:00:00Z"
    )
    Package.objects.create(jobcenter=admin_user.jobcenter, code="guld", name="Guld")
    with django_assert_num_queries(9):
        response = admin_client_a.get(url)
    assert len(response.context["products"]) == 69
    assert [p.code for p in response.context["retired_products"]] == ["jobrotation"]


@pytest.mark.parametrize(
    ("url_name", "args"),
    [
        ("servicepackages:catalogue-manage", []),
        ("servicepackages:package-create", []),
        ("servicepackages:product-create", []),
    ],
)
def test_it_refuses_the_administration_to_consultants_and_team_leads(
    consultant_client, team_lead_client, url_name, args
):
    assert consultant_client.get(reverse(url_name, args=args)).status_code == 403
    assert team_lead_client.get(reverse(url_name, args=args)).status_code == 403


def test_it_refuses_a_consultant_editing_retiring_or_moving_a_product(consultant_client, practice):
    code = practice.public_code
    assert (
        consultant_client.get(reverse("servicepackages:product-edit", args=[code])).status_code
        == 403
    )
    for url_name in ("product-retire", "product-move", "product-reinstate"):
        response = consultant_client.post(reverse(f"servicepackages:{url_name}", args=[code]))
        assert response.status_code == 403
    practice.refresh_from_db()
    assert practice.retired_at is None


def test_it_answers_404_for_another_jobcenters_product_and_package(jobcenter_b, admin_client_a):
    theirs = Product.objects.get(jobcenter=jobcenter_b, code="virksomhedspraktik")
    package = Package.objects.filter(jobcenter=jobcenter_b).first()
    assert (
        admin_client_a.get(
            reverse("servicepackages:product-edit", args=[theirs.public_code])
        ).status_code
        == 404
    )
    for url_name in ("product-retire", "product-move", "product-reinstate"):
        response = admin_client_a.post(
            reverse(f"servicepackages:{url_name}", args=[theirs.public_code])
        )
        assert response.status_code == 404
    assert (
        admin_client_a.get(
            reverse("servicepackages:package-edit", args=[package.public_code])
        ).status_code
        == 404
    )
    assert (
        admin_client_a.post(
            reverse("servicepackages:package-move", args=[package.public_code]),
            {"direction": "up"},
        ).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.retired_at is None


def test_it_allows_only_post_for_moves_retire_and_reinstate(admin_client_a, practice):
    for url_name in ("product-retire", "product-move", "product-reinstate"):
        response = admin_client_a.get(
            reverse(f"servicepackages:{url_name}", args=[practice.public_code])
        )
        assert response.status_code == 405
    package = practice.packages.first()
    response = admin_client_a.get(
        reverse("servicepackages:package-move", args=[package.public_code])
    )
    assert response.status_code == 405


def test_it_creates_a_package_and_a_product_in_it(admin_client_a, admin_user):
    response = admin_client_a.post(
        reverse("servicepackages:package-create"),
        {"name": "Guld", "description": "Vores mest omfattende pakke", "order": ""},
    )
    assert response.status_code == 302
    gold = Package.objects.get(jobcenter=admin_user.jobcenter, name="Guld")
    assert gold.code == "guld"
    assert gold.order == Package.objects.filter(jobcenter=admin_user.jobcenter).count()

    response = admin_client_a.post(
        reverse("servicepackages:product-create"), _product_data(packages=[gold.pk])
    )
    assert response.status_code == 302
    product = Product.objects.get(jobcenter=admin_user.jobcenter, name="Guldpakke-rekruttering")
    assert (product.level, product.response_hours, product.track.code) == (
        "extended",
        3,
        "recruitment",
    )
    assert product.delivery_standard == "3-5 relevante kandidater inden for en uge"
    assert list(product.packages.all()) == [gold]
    # Last in its track.
    others = Product.objects.filter(jobcenter=admin_user.jobcenter, track=product.track)
    assert product.order == max(others.exclude(pk=product.pk).values_list("order", flat=True)) + 1
    # The consultants' catalogue shows it under the package.
    other = admin_client_a.get(reverse("servicepackages:catalogue"))
    recruitment = next(g for g in other.context["tracks"] if g.track.code == "recruitment")
    gold_group = next(g for g in recruitment.packages if g.package == gold)
    assert [p.name for p in gold_group.products] == ["Guldpakke-rekruttering"]


def test_it_keeps_the_input_when_a_product_is_invalid(admin_client_a, admin_user):
    count = Product.objects.count()
    response = admin_client_a.post(
        reverse("servicepackages:product-create"),
        _product_data(name="", response_hours="0", description="Teksten skal blive stående"),
    )
    assert response.status_code == 400
    assert {"name", "response_hours"} <= set(response.context["form"].errors)
    assert "Teksten skal blive stående" in response.content.decode()
    assert Product.objects.count() == count


def test_it_refuses_another_jobcenters_package_for_a_product(admin_client_a, jobcenter_b, practice):
    theirs = Package.objects.filter(jobcenter=jobcenter_b).first()
    response = admin_client_a.post(
        reverse("servicepackages:product-edit", args=[practice.public_code]),
        _product_data(name=practice.name, packages=[theirs.pk]),
    )
    assert response.status_code == 400
    assert "packages" in response.context["form"].errors


def test_it_edits_a_product(admin_client_a, practice):
    url = reverse("servicepackages:product-edit", args=[practice.public_code])
    response = admin_client_a.get(url)
    assert response.status_code == 200
    assert response.context["form"].initial["name"] == practice.name
    response = admin_client_a.post(
        url,
        _product_data(
            name="Virksomhedspraktik (op til 13 uger)",
            track=practice.track_id,
            level="basic",
            response_hours="24",
            order="7",
        ),
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert (practice.name, practice.order, practice.response_hours) == (
        "Virksomhedspraktik (op til 13 uger)",
        7,
        24,
    )
    assert not practice.packages.exists()


def test_it_edits_a_package(admin_client_a, admin_user):
    package = Package.objects.get(jobcenter=admin_user.jobcenter, code="ordinary-placement")
    url = reverse("servicepackages:package-edit", args=[package.public_code])
    assert admin_client_a.get(url).status_code == 200
    response = admin_client_a.post(url, {"name": "Bronze", "description": "", "order": "9"})
    assert response.status_code == 302
    package.refresh_from_db()
    assert (package.name, package.order) == ("Bronze", 9)


def test_it_moves_products_up_and_down_within_their_track(admin_client_a, admin_user):
    def order():
        return list(
            Product.objects.filter(jobcenter=admin_user.jobcenter, track__code="upskilling")
            .current()
            .order_by("order", "name")
            .values_list("code", flat=True)
        )

    before = order()
    second = Product.objects.get(jobcenter=admin_user.jobcenter, code=before[1])
    response = admin_client_a.post(
        reverse("servicepackages:product-move", args=[second.public_code]), {"direction": "up"}
    )
    assert response.status_code == 302
    assert order() == [before[1], before[0], *before[2:]]
    admin_client_a.post(
        reverse("servicepackages:product-move", args=[second.public_code]), {"direction": "down"}
    )
    assert order() == before
    # The first cannot move further up.
    first = Product.objects.get(jobcenter=admin_user.jobcenter, code=before[0])
    admin_client_a.post(
        reverse("servicepackages:product-move", args=[first.public_code]), {"direction": "up"}
    )
    assert order() == before


def test_it_moves_packages(admin_client_a, admin_user):
    def order():
        return list(
            Package.objects.filter(jobcenter=admin_user.jobcenter)
            .order_by("order", "name")
            .values_list("code", flat=True)
        )

    before = order()
    last = Package.objects.get(jobcenter=admin_user.jobcenter, code=before[-1])
    admin_client_a.post(
        reverse("servicepackages:package-move", args=[last.public_code]), {"direction": "up"}
    )
    assert order() == [*before[:-2], before[-1], before[-2]]


def test_it_retires_and_reinstates_a_product(admin_client_a, practice):
    retire = reverse("servicepackages:product-retire", args=[practice.public_code])
    assert admin_client_a.post(retire).status_code == 302
    practice.refresh_from_db()
    retired_at = practice.retired_at
    assert retired_at is not None
    # A second retire is refused and keeps the first date.
    admin_client_a.post(retire)
    practice.refresh_from_db()
    assert practice.retired_at == retired_at
    catalogue = admin_client_a.get(reverse("servicepackages:catalogue"))
    assert practice not in catalogue.context["products"]

    admin_client_a.post(reverse("servicepackages:product-reinstate", args=[practice.public_code]))
    practice.refresh_from_db()
    assert practice.retired_at is None


def test_it_links_admins_but_not_consultants_to_the_administration(
    admin_client_a, consultant_client
):
    url = reverse("servicepackages:catalogue")
    assert 'id="catalogue-manage-link"' in admin_client_a.get(url).content.decode()
    assert 'id="catalogue-manage-link"' not in consultant_client.get(url).content.decode()


def test_it_shows_the_catalogue_with_constant_queries(
    consultant_client, consultant, django_assert_num_queries
):
    url = reverse("servicepackages:catalogue")
    with django_assert_num_queries(7):
        response = consultant_client.get(url)
    tracks = response.context["tracks"]
    assert [group.track.code for group in tracks] == [
        "recruitment",
        "upskilling",
        "retention",
        "other",
    ]
    recruitment = tracks[0]
    # Packages in order, then the products in no package.
    assert recruitment.packages[0].package.code == "ordinary-placement"
    assert recruitment.packages[-1].package is None
    Package.objects.create(jobcenter=consultant.jobcenter, code="guld", name="Guld")
    with django_assert_num_queries(7):
        consultant_client.get(url)


def test_it_shows_the_outsider_only_their_own_catalogue(outsider_client, jobcenter_a, outsider):
    Product.objects.filter(jobcenter=outsider.jobcenter, code="jobrotation").update(
        name="Jobrotation i Holstebro"
    )
    response = outsider_client.get(reverse("servicepackages:catalogue"))
    products = response.context["products"]
    assert all(product.jobcenter_id == outsider.jobcenter_id for product in products)
    assert "Jobrotation i Holstebro" in response.content.decode()
