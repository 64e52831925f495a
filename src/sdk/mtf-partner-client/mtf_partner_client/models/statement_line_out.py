from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.statement_line_out_outcome_type_1 import StatementLineOutOutcomeType1
from ..models.statement_line_out_outcome_type_2_type_1 import StatementLineOutOutcomeType2Type1
from ..models.statement_line_out_outcome_type_3_type_1 import StatementLineOutOutcomeType3Type1
from ..models.statement_line_out_state import StatementLineOutState
from typing import cast
import datetime






T = TypeVar("T", bound="StatementLineOut")



@_attrs_define
class StatementLineOut:
    """ 
        Attributes:
            amount (str):
            assigned (bool):
            bank_reference (str):
            candidates (list[str]):
            client_id (None | str):
            date (datetime.date):
            invoice_ids (list[str]):
            label (str):
            line (int):
            outcome (None | StatementLineOutOutcomeType1 | StatementLineOutOutcomeType2Type1 |
                StatementLineOutOutcomeType3Type1):
            payment_id (None | str):
            state (StatementLineOutState):
     """

    amount: str
    assigned: bool
    bank_reference: str
    candidates: list[str]
    client_id: None | str
    date: datetime.date
    invoice_ids: list[str]
    label: str
    line: int
    outcome: None | StatementLineOutOutcomeType1 | StatementLineOutOutcomeType2Type1 | StatementLineOutOutcomeType3Type1
    payment_id: None | str
    state: StatementLineOutState
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        assigned = self.assigned

        bank_reference = self.bank_reference

        candidates = self.candidates



        client_id: None | str
        client_id = self.client_id

        date = self.date.isoformat()

        invoice_ids = self.invoice_ids



        label = self.label

        line = self.line

        outcome: None | str
        if isinstance(self.outcome, StatementLineOutOutcomeType1):
            outcome = self.outcome.value
        elif isinstance(self.outcome, StatementLineOutOutcomeType2Type1):
            outcome = self.outcome.value
        elif isinstance(self.outcome, StatementLineOutOutcomeType3Type1):
            outcome = self.outcome.value
        else:
            outcome = self.outcome

        payment_id: None | str
        payment_id = self.payment_id

        state = self.state.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "amount": amount,
            "assigned": assigned,
            "bank_reference": bank_reference,
            "candidates": candidates,
            "client_id": client_id,
            "date": date,
            "invoice_ids": invoice_ids,
            "label": label,
            "line": line,
            "outcome": outcome,
            "payment_id": payment_id,
            "state": state,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        assigned = d.pop("assigned")

        bank_reference = d.pop("bank_reference")

        candidates = cast(list[str], d.pop("candidates"))


        def _parse_client_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        client_id = _parse_client_id(d.pop("client_id"))


        date = datetime.date.fromisoformat(d.pop("date"))




        invoice_ids = cast(list[str], d.pop("invoice_ids"))


        label = d.pop("label")

        line = d.pop("line")

        def _parse_outcome(data: object) -> None | StatementLineOutOutcomeType1 | StatementLineOutOutcomeType2Type1 | StatementLineOutOutcomeType3Type1:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_type_1 = StatementLineOutOutcomeType1(data)



                return outcome_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_type_2_type_1 = StatementLineOutOutcomeType2Type1(data)



                return outcome_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_type_3_type_1 = StatementLineOutOutcomeType3Type1(data)



                return outcome_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StatementLineOutOutcomeType1 | StatementLineOutOutcomeType2Type1 | StatementLineOutOutcomeType3Type1, data)

        outcome = _parse_outcome(d.pop("outcome"))


        def _parse_payment_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payment_id = _parse_payment_id(d.pop("payment_id"))


        state = StatementLineOutState(d.pop("state"))




        statement_line_out = cls(
            amount=amount,
            assigned=assigned,
            bank_reference=bank_reference,
            candidates=candidates,
            client_id=client_id,
            date=date,
            invoice_ids=invoice_ids,
            label=label,
            line=line,
            outcome=outcome,
            payment_id=payment_id,
            state=state,
        )


        statement_line_out.additional_properties = d
        return statement_line_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
