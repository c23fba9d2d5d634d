"""A police referrer sees, issues and revokes their own force's API keys (issue #18 item 8:
police land on imports and API keys); the token is shown once and never stored."""

import pytest
from django.urls import reverse

from tests.banners import success_banners
from tests.factories import OrganisationFactory, UserFactory
from victimcare.accounts.api_keys import api_key_issue, api_key_verify
from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import ApiKey
from victimcare.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = "/staff/api-keys/"


@pytest.fixture
def police():
    force = OrganisationFactory(name="Wessex Vale Police", kind="police_force")
    return UserFactory(role=Role.POLICE_REFERRER, organisation=force)


def test_police_issue_a_key_shown_once_and_see_only_their_forces_keys(client, police) -> None:
    other, _ = api_key_issue(
        organisation=OrganisationFactory(kind="police_force"), name="Another force's feed"
    )
    client.force_login(police)
    issued = client.post(URL, {"name": "Nightly referral feed"})
    page = issued.content.decode()
    assert success_banners(issued) == ["API key issued: Nightly referral feed"]
    token = page.split('class="vch-token">')[1].split("</code>")[0]
    key = api_key_verify(token)
    assert key is not None and key.organisation == police.organisation
    assert token not in {k.digest for k in ApiKey.objects.all()}  # only its digest is kept
    assert AuditEvent.objects.filter(action="api_key.issued", object_id=key.pk).exists()
    listed = client.get(URL).content.decode()
    assert "Nightly referral feed" in listed and f"vch_{key.prefix}" in listed
    assert token not in listed  # shown once
    assert "Another force&#x27;s feed" not in listed and other.prefix not in listed


def test_police_revoke_their_own_key_and_no_one_elses(client, police) -> None:
    ours, token = api_key_issue(organisation=police.organisation, name="Old system")
    theirs, their_token = api_key_issue(
        organisation=OrganisationFactory(kind="police_force"), name="Theirs"
    )
    client.force_login(police)
    assert client.post(reverse("accounts:api-key-revoke", args=[theirs.pk])).status_code == 404
    assert api_key_verify(their_token) is not None
    assert client.get(reverse("accounts:api-key-revoke", args=[ours.pk])).status_code == 302
    assert api_key_verify(token) is not None  # a GET changes nothing
    revoked = client.post(reverse("accounts:api-key-revoke", args=[ours.pk]), follow=True)
    assert success_banners(revoked) == [f"API key revoked: Old system ({ours.prefix})"]
    assert api_key_verify(token) is None
    assert "Revoked" in revoked.content.decode()
    again = client.post(reverse("accounts:api-key-revoke", args=[ours.pk]))
    assert again.status_code == 404


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "Enter what the key is for"),
        ("   ", "Enter what the key is for"),
        ("x" * 121, "What the key is for must be 120 characters or fewer"),
        ("Feed\x00", "What is the key for? contains a null character"),
    ],
)
def test_a_key_needs_a_usable_name(client, police, name, error) -> None:
    client.force_login(police)
    response = client.post(URL, {"name": name})
    assert response.status_code == 200 and error in response.content.decode()
    assert not ApiKey.objects.exists()


def test_an_organisation_without_the_api_cannot_issue_keys(client) -> None:
    office = OrganisationFactory(kind="commissioner_office")
    client.force_login(UserFactory(role=Role.POLICE_REFERRER, organisation=office))
    page = client.get(URL).content.decode()
    assert 'data-testid="no-api"' in page and "Issue a key" not in page
    refused = client.post(URL, {"name": "Feed"})
    assert "does not send to the hub through the API" in refused.content.decode()
    assert not ApiKey.objects.exists()


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.VICTIM_CARE_OFFICER, Role.AUDITOR])
def test_other_roles_have_no_api_keys_page(client, role) -> None:
    client.force_login(UserFactory(role=role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"name": "Feed"}).status_code == 403
