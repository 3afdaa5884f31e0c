import factory

from accounts.models import Jobcenter, User
from accounts.services import jobcenter_create, user_create
from companies.models import Municipality


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
        return user_create(**kwargs)  # type: ignore[arg-type]
