import pytest

from tests.factories import OrganisationFactory, UserFactory
from victimcare.accounts.capabilities import Role


@pytest.fixture
def commissioner():
    office = OrganisationFactory(name="Office of the PCC", kind="commissioner_office")
    return UserFactory(role=Role.COMMISSIONER, organisation=office)
