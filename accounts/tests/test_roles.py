import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def test_it_creates_the_three_role_groups_by_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Virksomhedskonsulent",
        "Teamleder",
        "Administrator",
    }


def test_it_gives_admins_more_permissions_than_consultants():
    admin = Group.objects.get(name="Administrator").permissions.count()
    consultant = Group.objects.get(name="Virksomhedskonsulent").permissions.count()
    assert admin > consultant > 0


def test_it_puts_a_user_in_the_group_of_the_role(admin_user):
    assert list(admin_user.groups.values_list("name", flat=True)) == ["Administrator"]


def test_it_lets_team_leads_but_not_consultants_change_campaigns():
    team_lead = Group.objects.get(name="Teamleder").permissions
    consultant = Group.objects.get(name="Virksomhedskonsulent").permissions
    assert team_lead.filter(codename="change_campaign").exists()
    assert not consultant.filter(codename="change_campaign").exists()
    assert consultant.filter(codename="view_servicedemandchange").exists()
