"""A model whose weights make sense: a different given name or date of birth counts strongly
against, no single field reaches review on its own, training is stable, a model that breaks
this is refused with the reason; team leaders and administrators see the weights in words."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.linkage import splink_model
from victimcare.linkage.model_rules import model_problems
from victimcare.linkage.models import LinkageModel
from victimcare.linkage.scorer import CompiledModel, term_frequencies, weight_of
from victimcare.linkage.synthetic import generate


@pytest.fixture(scope="module")
def trained():
    models = []
    for seed in (3, 4):
        records, _ = generate(1500, seed=seed)
        models.append((records, splink_model.train(records)))
    return models


def weights(model) -> dict[str, dict[str, float]]:
    compiled = CompiledModel(model, {})
    return {
        c.field: {level.label: level.weight for level in c.levels} for c in compiled.comparisons
    }


def test_a_trained_model_counts_disagreement_against_and_no_field_alone_reaches_review(
    trained,
) -> None:
    for records, model in trained:
        assert model_problems(model, term_frequencies(records, model), review_threshold=0.5) == []
        compiled = CompiledModel(model, term_frequencies(records, model))
        by_field = weights(model)
        assert by_field["given_name"]["All other comparisons"] <= -5
        assert by_field["dob"]["All other comparisons"] <= -5
        for field in ("postcode", "address", "family_name", "phone", "email"):
            alone = {
                "postcode": "BS1 4DJ",
                "address": "||12|mill lane",
                "family_name": "zz",
                "phone": "x",
                "email": "y",
            }[field]
            # The rarest possible value: a family name nobody else has.
            score = compiled.score({field: alone}, {field: alone})
            assert score.match_weight < weight_of(0.5), field
    # Training is stable: the disagreement weights are the same for two indexes.
    first, second = (weights(model) for _, model in trained)
    for field in ("given_name", "dob"):
        assert first[field]["All other comparisons"] == pytest.approx(
            second[field]["All other comparisons"], abs=0.2
        )


def test_a_move_counts_once_against_and_a_neighbours_address_still_counts(trained) -> None:
    """Fellegi-Sunter takes the fields as independent: a victim who moved has another
    postcode and another address, one fact, which counted twice pushed repeat victims who
    had moved below the join threshold as the index grew."""
    records, model = trained[0]
    compiled = CompiledModel(model, term_frequencies(records, model))
    home = {"postcode": "BS5 6XR", "address": "||||12|12|12|mill lane"}
    moved = {"postcode": "LS2 9JT", "address": "||||40|40|40|park road"}
    neighbour = {"postcode": "BS5 6XR", "address": "||||14|14|14|mill lane"}
    # Postcodes a keying error apart count for the pair: the address still counts on its own.
    near = {"postcode": "BS5 6XS", "address": "||||14|14|14|mill lane"}
    assert compiled.field_weight("postcode", home, near) > 0
    assert compiled.field_weight("address", home, near) < -1
    postcode_against = compiled.field_weight("postcode", home, moved)
    assert postcode_against < -1
    assert compiled.field_weight("address", home, moved) == 0.0
    assert compiled.field_weight("address", home, neighbour) < -1
    # Address missing on one side: nothing, whatever the postcodes.
    assert compiled.field_weight("address", home, {"postcode": "LS2 9JT"}) == 0.0
    assert compiled.score(home, moved).match_weight == pytest.approx(
        compiled.prior_weight + postcode_against
    )


def test_a_model_whose_postcode_alone_would_reach_review_is_refused_with_the_reason(
    db, monkeypatch, index
) -> None:
    real_train = splink_model.train

    def careless_train(records, **options):
        model = real_train(records, **options)
        for comparison in model["comparisons"]:
            if comparison["output_column_name"] == "postcode":
                for level in comparison["comparison_levels"]:
                    if level.get("label_for_charts") == "Exact match on postcode":
                        level["u_probability"] = 1e-12
        return model

    monkeypatch.setattr(splink_model, "train", careless_train)
    with pytest.raises(CommandError, match="postcode alone reaches the review threshold"):
        call_command("train_linkage", verbosity=0)
    assert not LinkageModel.objects.exists()
    monkeypatch.setattr(splink_model, "train", real_train)
    call_command("train_linkage", verbosity=0)
    assert LinkageModel.objects.count() == 1


@pytest.fixture
def stored(db, trained):
    records, model = trained[0]
    return LinkageModel.objects.create(
        version=1,
        model=model,
        people=len(records),
        term_frequencies=term_frequencies(records, model),
    )


@pytest.mark.parametrize("role", [Role.TEAM_LEADER, Role.ADMINISTRATOR])
def test_team_leaders_and_administrators_see_the_weights_in_plain_words(
    client, stored, role
) -> None:
    client.force_login(UserFactory(role=role))
    page = client.get(reverse("linkage:model")).content.decode()
    assert "Repeat-victim linkage model" in page and "Version" in page
    assert "Different given name" in page and "Dates of birth within 10 years" in page
    assert "Counts against the same person" in page
    assert "A different address in another postcode (counted once, with the postcode)" in page
    assert "A different address in the same postcode, or the postcode missing" in page
    assert "This model meets the checks" in page
    assert "jaro" not in page.lower() and "gamma" not in page and "_name" not in page


@pytest.mark.parametrize(
    "role",
    [
        Role.VICTIM_CARE_OFFICER,
        Role.PARTNER_WORKER,
        Role.POLICE_REFERRER,
        Role.COMMISSIONER,
        Role.AUDITOR,
    ],
)
def test_other_roles_may_not_see_the_weights(client, stored, role) -> None:
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("linkage:model")).status_code == 403


def test_signed_out_people_are_sent_to_sign_in_and_no_model_says_so(client, db) -> None:
    assert client.get(reverse("linkage:model")).status_code == 302
    client.force_login(UserFactory(role=Role.TEAM_LEADER))
    assert "No model has been trained yet" in client.get(reverse("linkage:model")).content.decode()
