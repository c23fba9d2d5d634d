"""Per-item results whatever an item holds: a malformed item is rejected with its index,
column and reason while the good items beside it land; never a 500. The API runs outside a
test transaction in production, so these do too (on SQLite and PostgreSQL)."""

import json

import pytest
from django.test import override_settings

from tests.factories import OrganisationFactory
from tests.referrals.feed_helpers import row
from victimcare.accounts.api_keys import api_key_issue
from victimcare.accounts.models import OrganisationKind
from victimcare.referrals.models import Referral

pytestmark = pytest.mark.django_db(transaction=True)
URL = "/api/v1/referrals"


@pytest.fixture
def police():
    return OrganisationFactory(code="test-police", kind=OrganisationKind.POLICE_FORCE)


@pytest.fixture
def token(police) -> str:
    return api_key_issue(organisation=police, name="nightly feed")[1]


def send(client, body: str, token: str, url: str = URL):
    return client.post(
        url, body, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )


def test_a_lone_surrogate_and_a_nul_byte_reject_only_their_items(client, token, northgate) -> None:
    batch = [
        row(crime_reference="CR/1"),
        row(crime_reference="CR/2", given_name="Am\udc00elia"),
        row(crime_reference="CR/3", family_name="Ha\x00rt"),
        row(crime_reference="CR/4"),
    ]
    response = send(client, json.dumps(batch), token)  # json escapes the surrogate: "\udc00"

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["received"], body["created"], body["rejected"]) == (4, 2, 2)
    results = body["results"]
    assert [r["status"] for r in results] == ["created", "rejected", "rejected", "created"]
    assert results[1]["errors"] == [
        {
            "column": "given_name",
            "reason": "contains a broken character (half of an emoji, or a character saved in another encoding): retype the value",
        }
    ]
    assert results[2]["errors"] == [{"column": "family_name", "reason": "contains a NUL character"}]
    assert sorted(Referral.objects.values_list("crime_reference", flat=True)) == ["CR/1", "CR/4"]


def test_a_lone_surrogate_in_a_column_name_or_the_key_rejects_only_its_item(
    client, token, northgate
) -> None:
    batch = [
        {**row(crime_reference="CR/1"), "division\udc00": "North"},
        row(crime_reference="CR/2\udc00"),
        row(crime_reference="CR/3"),
    ]
    body = send(client, json.dumps(batch), token).json()
    assert [r["status"] for r in body["results"]] == ["rejected", "rejected", "created"]
    assert body["results"][0]["errors"][0]["column"] == "division\\udc00"  # echoed escaped
    assert body["results"][1]["crime_reference"] == "CR/2\\udc00"
    assert body["results"][1]["errors"][0]["column"] == "crime_reference"
    assert list(Referral.objects.values_list("crime_reference", flat=True)) == ["CR/3"]


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("phone", "NaN", "is not a number (NaN and Infinity are not accepted)"),
        ("given_name", "Infinity", "is not a number (NaN and Infinity are not accepted)"),
        ("reported_at", '"2999-01-01"', "'2999-01-01' is not a date between 1900 and 2100"),
        ("reported_at", '"2099-01-01T09:00"', "'2099-01-01T09:00' is in the future"),
        ("reported_at", '"2026-02-30"', "is not a date and time in ISO 8601 form"),
        ("reported_at", '"0001-01-01T00:00+05:00"', "is not a date between 1900 and 2100"),
        ("date_of_birth", '"1066-10-14"', "'1066-10-14' is not a date between 1900 and 2100"),
        ("contact_notes", json.dumps("x" * 2001), "is longer than 2000 characters"),
        ("email", json.dumps("a" * 250 + "@example.org"), "is longer than 254 characters"),
        ("force_division", json.dumps("x" * 4001), "is longer than 4000 characters"),
        ("given_name", '["Amelia"]', "must be text, a number, true, false or null"),
        ("given_name", '"Amelia\\u0007"', "contains the control character U+0007"),
    ],
)
def test_a_malformed_value_rejects_only_its_item(
    client, token, northgate, column, value, reason
) -> None:
    good = json.dumps(row(crime_reference="CR/good"))
    bad = json.dumps(row(crime_reference="CR/bad"))[:-1] + f', "{column}": {value}}}'
    body = send(client, f"[{good}, {bad}]", token).json()

    assert [r["status"] for r in body["results"]] == ["created", "rejected"]
    errors = body["results"][1]["errors"]
    assert [e["column"] for e in errors] == [column]
    assert reason in errors[0]["reason"]
    assert list(Referral.objects.values_list("crime_reference", flat=True)) == ["CR/good"]


def test_an_item_that_is_not_an_object_is_rejected_alone(client, token, northgate) -> None:
    body = send(client, json.dumps([row(), "a string", None, [1, 2]]), token).json()
    assert [r["status"] for r in body["results"]] == ["created", "rejected", "rejected", "rejected"]
    assert body["results"][1]["errors"] == [
        {"column": "(item)", "reason": "is not a JSON object of feed columns"}
    ]


def test_a_body_that_is_not_an_object_or_array_is_refused(client, token) -> None:
    response = send(client, json.dumps("a string"), token)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload"]


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
def test_a_body_over_the_limit_gets_the_documented_json_413(client, token, debug) -> None:
    oversized = json.dumps([row(contact_notes="x" * 1990)] * 5000)  # about 11 MB
    assert len(oversized) > 10 * 1024 * 1024
    with override_settings(DEBUG=debug):
        response = client.post(
            URL,
            oversized,
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
            raise_request_exception=False,
        )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "over 10 MB" in response.json()["detail"]
    assert not Referral.objects.exists()


def test_a_justice_update_holding_a_lone_surrogate_is_rejected_alone(
    client, token, northgate
) -> None:
    send(client, json.dumps(row()), token)
    update = {
        "source": "test-police",
        "crime_reference": "CR/26/000001",
        "victim_reference": "V1",
        "event": "suspect_arrested",
        "event_at": "2026-03-17T10:00",
    }
    batch = [{**update, "details": "Arrested\udc00"}, {**update, "details": "nul\x00"}, update]
    body = send(client, json.dumps(batch), token, url="/api/v1/justice-updates").json()
    assert [r["status"] for r in body["results"]] == ["rejected", "rejected", "created"]
    assert [r["errors"][0]["column"] for r in body["results"][:2]] == ["details", "details"]
