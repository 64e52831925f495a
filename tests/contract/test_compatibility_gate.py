"""The compatibility gate: the current public contract (docs/openapi/openapi.json, the event
schemas in docs/contract/events/) against the released snapshot (docs/contract/released/),
compared by Atlassian's openapi-diff and json-schema-diff (frontend devDependencies) plus
the rules they do not cover (mtf.platform.contract). A partner's integration breaks on what
the gate calls breaking; see docs/api-conventions.md."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mtf.platform import contract

Doc = dict[str, Any]
_RELEASED: Doc = json.loads((contract.RELEASED / "openapi.json").read_text())
# the changes below are made to the payments part of the released document (the diff tool
# then compares a few paths, not all of them: the same rules, in a fraction of the time)
RELEASED_DOC: Doc = {
    **_RELEASED,
    "paths": {p: v for p, v in _RELEASED["paths"].items() if p.startswith("/api/v1/payments")},
}


def test_the_current_contract_keeps_the_released_one() -> None:
    report = contract.check()
    assert report.passes, report.summary()


@pytest.fixture
def released(tmp_path: Path) -> Path:
    folder = tmp_path / "released"
    folder.mkdir()
    (folder / "openapi.json").write_text(json.dumps(RELEASED_DOC))
    return folder


def changed(tmp_path: Path, change: Callable[[Doc], None]) -> Path:
    doc = copy.deepcopy(RELEASED_DOC)
    change(doc)
    path = tmp_path / "current.json"
    path.write_text(json.dumps(doc))
    return path


def schema(doc: Doc, name: str) -> Doc:
    found: Doc = doc["components"]["schemas"][name]
    return found


def remove_path(doc: Doc) -> None:
    del doc["paths"]["/api/v1/payments/preview"]


def remove_method(doc: Doc) -> None:
    del doc["paths"]["/api/v1/payments"]["get"]


def remove_response_field(doc: Doc) -> None:
    out = schema(doc, "PaymentOut")
    del out["properties"]["reference"]
    out["required"].remove("reference")


def new_required_input(doc: Doc) -> None:
    create = schema(doc, "PaymentCreate")
    create["properties"]["channel"] = {"type": "string"}
    create["required"].append("channel")


def remove_input_enum_value(doc: Doc) -> None:
    schema(doc, "PaymentCreate")["properties"]["method"]["enum"].remove("card")


def remove_response_enum_value(doc: Doc) -> None:
    schema(doc, "PaymentOut")["properties"]["status"]["enum"].remove("reversed")


def narrow_input_type(doc: Doc) -> None:
    schema(doc, "PaymentCreate")["properties"]["reference"]["maxLength"] = 4


def widen_response_type(doc: Doc) -> None:
    schema(doc, "PaymentOut")["properties"]["amount"]["type"] = ["string", "number"]


def new_required_query_parameter(doc: Doc) -> None:
    doc["paths"]["/api/v1/payments"]["get"]["parameters"].append(
        {"in": "query", "name": "channel", "required": True, "schema": {"type": "string"}}
    )


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (remove_path, "path.remove"),
        (remove_method, "method.remove"),
        (remove_response_field, "response.body.scope.add"),
        (new_required_input, "request.body.scope.remove"),
        (remove_input_enum_value, "enum.value.remove card"),
        (remove_response_enum_value, "enum.value.remove reversed"),
        (narrow_input_type, "request.body.scope.remove"),
        (widen_response_type, "response.body.scope.add"),
        (new_required_query_parameter, "request.parameter.required.add"),
    ],
)
def test_a_breaking_change_fails_the_gate(
    tmp_path: Path, released: Path, change: Callable[[Doc], None], code: str
) -> None:
    report = contract.check(released, changed(tmp_path, change), tmp_path / "no-events")
    assert not report.passes
    assert code in [c.code for c in report.breaking], report.summary()
    assert "breaking change(s)" in report.summary()


def add_optional_input(doc: Doc) -> None:
    schema(doc, "PaymentCreate")["properties"]["note"] = {"type": "string"}


def add_response_field(doc: Doc) -> None:
    out = schema(doc, "PaymentOut")
    out["properties"]["channel"] = {"type": "string"}
    out["required"].append("channel")


def add_path(doc: Doc) -> None:
    doc["paths"]["/api/v1/payments/summary"] = copy.deepcopy(
        doc["paths"]["/api/v1/payments/{payment_id}"]
    )


def add_input_enum_value(doc: Doc) -> None:
    schema(doc, "PaymentCreate")["properties"]["method"]["enum"].append("cheque")


def add_optional_query_parameter(doc: Doc) -> None:
    doc["paths"]["/api/v1/payments"]["get"]["parameters"].append(
        {"in": "query", "name": "channel", "required": False, "schema": {"type": "string"}}
    )


@pytest.mark.parametrize(
    "change",
    [add_optional_input, add_response_field, add_path, add_input_enum_value,
     add_optional_query_parameter],
)  # fmt: skip
def test_a_compatible_change_passes(
    tmp_path: Path, released: Path, change: Callable[[Doc], None]
) -> None:
    report = contract.check(released, changed(tmp_path, change), tmp_path / "no-events")
    assert report.passes, report.summary()
    assert report.breaking == []


def test_a_breaking_change_passes_as_a_new_major_version(tmp_path: Path, released: Path) -> None:
    def v2(doc: Doc) -> None:
        remove_path(doc)
        doc["info"]["version"] = "2.0.0"

    report = contract.check(released, changed(tmp_path, v2), tmp_path / "no-events")
    assert [c.code for c in report.breaking] == ["path.remove"]
    assert report.passes


EVENT = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "payment.posted",
    "type": "object",
    "properties": {
        "payment_id": {"type": "string"},
        "amount": {"type": "string"},
        "method": {"enum": ["cash", "card", "bank_transfer"]},
        "note": {"$ref": "#/$defs/note"},
    },
    "required": ["payment_id", "amount", "method"],
    "$defs": {"note": {"type": "string"}},
}


def events_check(tmp_path: Path, released: Path, current: Doc | None) -> contract.Report:
    (released / "events").mkdir()
    (released / "events" / "payment.posted.json").write_text(json.dumps(EVENT))
    events = tmp_path / "events"
    events.mkdir()
    if current is not None:
        (events / "payment.posted.json").write_text(json.dumps(current))
    return contract.check(released, released / "openapi.json", events)


def test_an_event_schema_a_consumer_relies_on_cannot_break(tmp_path: Path, released: Path) -> None:
    widened = copy.deepcopy(EVENT)
    widened["required"].remove("amount")  # a consumer reading `amount` would fail
    report = events_check(tmp_path, released, widened)
    assert not report.passes
    assert [c.code for c in report.breaking] == ["event.schema.widened"]


@pytest.mark.parametrize(
    ("current", "code"),
    [(None, "event.schema.remove"), ("remove-enum", "enum.value.remove card")],
)
def test_a_removed_event_or_event_value_fails(
    tmp_path: Path, released: Path, current: str | None, code: str
) -> None:
    doc = None
    if current == "remove-enum":
        doc = copy.deepcopy(EVENT)
        doc["properties"]["method"]["enum"].remove("card")
    report = events_check(tmp_path, released, doc)
    assert code in [c.code for c in report.breaking], report.summary()


def test_an_event_with_a_new_optional_field_passes(tmp_path: Path, released: Path) -> None:
    added = copy.deepcopy(EVENT)
    added["properties"]["channel"] = {"type": "string"}
    report = events_check(tmp_path, released, added)
    assert report.passes, report.summary()


def test_no_released_event_schema_is_no_event_change(tmp_path: Path, released: Path) -> None:
    report = contract.check(released, released / "openapi.json", tmp_path / "none")
    assert report.passes
    assert report.notes == ["no released event schema: nothing to compare for events"]


def test_releasing_copies_a_compatible_contract_and_refuses_a_breaking_one(
    tmp_path: Path, released: Path
) -> None:
    events = tmp_path / "events"
    events.mkdir()
    (events / "payment.posted.json").write_text(json.dumps(EVENT))
    compatible = changed(tmp_path, add_path)
    report = contract.release(released, compatible, events)
    assert report is not None and report.passes
    assert (
        "/api/v1/payments/summary" in json.loads((released / "openapi.json").read_text())["paths"]
    )
    assert json.loads((released / "events" / "payment.posted.json").read_text()) == EVENT

    before = (released / "openapi.json").read_text()
    breaking = changed(tmp_path, remove_path)
    refused = contract.release(released, breaking, events)
    assert refused is not None and not refused.passes
    assert (released / "openapi.json").read_text() == before  # nothing written
    # a correction (the document now says what the API always did) is released all the same
    corrected = contract.release(released, breaking, events, correction=True)
    assert corrected is not None and not corrected.passes
    assert (
        "/api/v1/payments/preview"
        not in json.loads((released / "openapi.json").read_text())["paths"]
    )
    shutil.rmtree(released)
    assert contract.release(released, breaking, events) is None  # a first release
    assert (released / "openapi.json").exists()
