import datetime

import factory
from django.utils import timezone

from accounts.models import Jobcenter, User
from accounts.services import jobcenter_create, user_create
from companies.identifiers import cvr_check_digit
from companies.models import Company, Municipality, Workplace


class JobcenterFactory(factory.Factory):
    """Builds a jobcenter through the real service (segment rules, catalogue)."""

    class Meta:
        model = Jobcenter

    name = factory.Sequence(lambda n: f"Jobcenter Test {n}")
    municipality_code = "0671"

    @classmethod
    def _create(cls, model_class: type, *args: object, **kwargs: object) -> Jobcenter:
        code = kwargs.pop("municipality_code")
        return jobcenter_create(
            name=str(kwargs["name"]), municipality=Municipality.objects.get(code=code)
        )


class UserFactory(factory.Factory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    role = User.Role.CONSULTANT
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    jobcenter = factory.SubFactory(JobcenterFactory)
    password = "demo-password-1"

    @classmethod
    def _create(cls, model_class: type, *args: object, **kwargs: object) -> User:
        # factory_boy passes the declarations (all keyword arguments of user_create) untyped.
        return user_create(**kwargs)  # type: ignore[arg-type]


def _valid_cvr(n: int) -> str:
    """The n-th valid CVR number from 10000000 up."""
    found = -1
    base = 1000000
    while True:
        check = cvr_check_digit(base)
        if check is not None:
            found += 1
            if found == n:
                return f"{base}{check}"
        base += 1


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "companies.Company"
        skip_postgeneration_save = True

    cvr = factory.Sequence(_valid_cvr)
    name = factory.Sequence(lambda n: f"Testvirksomhed {n} ApS")
    address = "Østergade 1"
    postal_code = "7600"
    city = "Struer"
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="0671"))
    municipality_codes = factory.LazyAttribute(
        lambda company: [company.municipality.code] if company.municipality else []
    )
    industry_code = "433200"
    employee_band = "10-19"
    company_form = "Anpartsselskab"

    @factory.post_generation
    def search_text(company: Company, create: bool, extracted: object, **kwargs: object) -> None:
        company.refresh_search_text()
        if create:
            company.save(update_fields=["search_text"])


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "companies.CompanyRelationship"

    jobcenter = factory.SubFactory(JobcenterFactory)
    company = factory.SubFactory(CompanyFactory)


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "companies.ContactPerson"

    relationship = factory.SubFactory(RelationshipFactory)
    jobcenter = factory.SelfAttribute("relationship.jobcenter")
    name = factory.Faker("name", locale="da_DK")
    position = "HR-chef"
    phone = "+45 12 34 56 78"
    email = factory.Sequence(lambda n: f"kontakt{n}@example.dk")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "companies.Contact"

    relationship = factory.SubFactory(RelationshipFactory)
    jobcenter = factory.SelfAttribute("relationship.jobcenter")
    consultant = factory.SubFactory(UserFactory, jobcenter=factory.SelfAttribute("..jobcenter"))
    channel = "phone"
    status = "done"
    occurred_at = factory.LazyFunction(timezone.now)
    summary = "Snak om rekruttering"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "companies.Agreement"

    relationship = factory.SubFactory(RelationshipFactory)
    jobcenter = factory.SelfAttribute("relationship.jobcenter")
    description = "Send tre CV'er"
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))


def make_workplace(company: Company, number: int, **fields: object) -> Workplace:
    """A workplace (P-unit) of `company` in Struer, its P-number made from `number`."""
    values: dict[str, object] = {
        "p_number": f"10000000{number:02d}",
        "name": f"Afdeling {number}",
        "postal_code": "7600",
        "municipality": Municipality.objects.get(code="0671"),
        "employee_band": "5-9",
        **fields,
    }
    return Workplace.objects.create(company=company, **values)
