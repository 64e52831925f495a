"""Offer construction rules and lifecycle (domain-rules.md, Catalog)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtf.catalog.domain.offer import Offer, offer_id_for
from mtf.kernel.errors import Conflict, ValidationFailed


def define(**overrides: Any) -> Offer:
    data: dict[str, Any] = {
        "code": "MOB-20G",
        "name": "Mobile 20 Go",
        "service": "mobile",
        "monthly_fee": "99.00",
        "commitment_months": 12,
        "components": {"data": {"quota_gb": 20}, "calls": {"hours": 10}},
        "actor": "operator:test",
    }
    data.update(overrides)
    return Offer.define(**data)


def refused_fields(**overrides: Any) -> set[str]:
    with pytest.raises(ValidationFailed) as excinfo:
        define(**overrides)
    return {e.field for e in excinfo.value.errors}


def test_a_valid_offer_starts_as_a_draft_at_version_one() -> None:
    offer = define(code=" mob-20g ")
    assert offer.code == "MOB-20G"
    assert offer.status == "draft"
    assert offer.current_version == 1
    assert offer.monthly_fee == Decimal("99.00")


def test_offer_id_follows_the_code_so_a_duplicate_code_cannot_be_stored_twice() -> None:
    assert define(code="abc-1").id == offer_id_for("ABC-1") == define(code="ABC-1").id


def test_mobile_offer_needs_data_or_calls() -> None:
    assert refused_fields(components={}) == {"components"}


@given(
    hours=st.one_of(
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=3),
        st.booleans(),
        st.none(),
        st.integers(max_value=0),
    )
)
def test_call_hours_must_be_a_positive_json_integer(hours: object) -> None:
    assert refused_fields(components={"calls": {"hours": hours}}) == {"components.calls.hours"}


@given(
    data=st.one_of(
        st.integers(1, 10_000).map(lambda n: {"quota_gb": n}), st.just({"unlimited": True})
    ),
    calls=st.one_of(
        st.integers(1, 10_000).map(lambda n: {"hours": n}), st.just({"unlimited": True})
    ),
    include=st.sampled_from(["data", "calls", "both"]),
)
def test_any_well_formed_mobile_offer_is_accepted(
    data: dict[str, Any], calls: dict[str, Any], include: str
) -> None:
    components = {"data": data, "calls": calls}
    if include != "both":
        components = {include: components[include]}
    assert define(components=components).components == components


def test_float_and_string_numbers_are_refused_even_when_whole() -> None:
    assert refused_fields(components={"data": {"quota_gb": 2.0}}) == {"components.data.quota_gb"}
    assert refused_fields(components={"data": {"quota_gb": "2"}}) == {"components.data.quota_gb"}


def test_internet_needs_exactly_one_of_fiber_or_adsl() -> None:
    neither = refused_fields(service="internet", components={"landline": {}})
    both = refused_fields(
        service="internet",
        components={"fiber": {"speed_mbps": 100}, "adsl": {"speed_mbps": 20}, "landline": {}},
    )
    assert neither == {"components.fiber"}
    assert both == {"components.adsl"}


def test_internet_needs_its_landline_and_may_add_tv() -> None:
    assert refused_fields(service="internet", components={"fiber": {"speed_mbps": 100}}) == {
        "components.landline"
    }
    offer = define(
        service="internet", components={"fiber": {"speed_mbps": 100}, "landline": {}, "tv": {}}
    )
    assert offer.components["tv"] == {}


def test_a_component_of_another_service_is_refused_with_its_path() -> None:
    fields = refused_fields(components={"data": {"quota_gb": 5}, "tv": {}})
    assert fields == {"components.tv"}


def test_unknown_service_and_unknown_component_are_refused() -> None:
    assert "service" in refused_fields(service="satellite")
    assert refused_fields(components={"data": {"quota_gb": 5}, "sms": {"count": 1}}) == {
        "components.sms"
    }


def test_landline_hours_are_integer_quotas_from_zero() -> None:
    offer = define(
        service="landline",
        components={"national": {"unlimited": True}, "international_hours": 0, "phone_hours": 3},
    )
    assert offer.components["international_hours"] == 0
    assert refused_fields(service="landline", components={"phone_hours": 1.5}) == {
        "components.phone_hours"
    }
    assert refused_fields(service="landline", components={"international_hours": -1}) == {
        "components.international_hours"
    }


@pytest.mark.parametrize(
    ("fee", "field_message"),
    [
        ("0", "greater than 0"),
        ("-5.00", "greater than 0"),
        ("9.999", "2 decimal"),
        ("abc", "decimal string"),
        (99, "decimal string"),
    ],
)
def test_monthly_fee_is_a_positive_amount_with_two_decimals(
    fee: object, field_message: str
) -> None:
    with pytest.raises(ValidationFailed) as excinfo:
        define(monthly_fee=fee)
    [error] = excinfo.value.errors
    assert error.field == "monthly_fee"
    assert field_message in error.message


@pytest.mark.parametrize("months", [1, 6, 36, 12.0, "12", None])
def test_commitment_is_0_12_or_24_months(months: object) -> None:
    assert refused_fields(commitment_months=months) == {"commitment_months"}


def test_all_errors_are_reported_at_once() -> None:
    fields = refused_fields(code="", name="", monthly_fee="0", commitment_months=5, components={})
    assert fields == {"code", "name", "monthly_fee", "commitment_months", "components"}


def test_lifecycle_draft_published_retired() -> None:
    offer = define()
    with pytest.raises(Conflict):
        offer.retire(actor="x")
    offer.publish(actor="x")
    with pytest.raises(Conflict):
        offer.publish(actor="x")
    offer.retire(actor="x")
    assert offer.status == "retired"
    with pytest.raises(Conflict):
        offer.revise(monthly_fee="10.00", actor="x")


def test_changing_a_published_offer_adds_a_version_and_keeps_the_old_terms() -> None:
    offer = define()
    offer.publish(actor="x")
    offer.revise(monthly_fee="89.00", components={"data": {"unlimited": True}}, actor="y")
    assert offer.current_version == 2
    assert offer.status == "published"
    assert [v["monthly_fee"] for v in offer.versions] == [Decimal("99.00"), Decimal("89.00")]
    assert offer.versions[0]["components"] == {"data": {"quota_gb": 20}, "calls": {"hours": 10}}


def test_a_version_that_changes_nothing_is_refused() -> None:
    offer = define()
    with pytest.raises(ValidationFailed):
        offer.revise(monthly_fee="99.00", actor="x")


def test_a_new_version_obeys_the_same_rules() -> None:
    offer = define(service="internet", components={"adsl": {"speed_mbps": 20}, "landline": {}})
    with pytest.raises(ValidationFailed) as excinfo:
        offer.revise(components={"adsl": {"speed_mbps": 20}}, actor="x")
    assert {e.field for e in excinfo.value.errors} == {"components.landline"}
    assert offer.current_version == 1
