from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="InvoiceLineV1")



@_attrs_define
class InvoiceLineV1:
    """ Days of one contract on the invoice, prorated from its monthly fee (excl. VAT).

        Attributes:
            amount (str):
            contract_id (UUID):
            days (int):
            end_date (datetime.date):
            monthly_fee (str):
            start_date (datetime.date):
            description (str | Unset):  Default: ''.
            subscriber_id (None | Unset | UUID):
     """

    amount: str
    contract_id: UUID
    days: int
    end_date: datetime.date
    monthly_fee: str
    start_date: datetime.date
    description: str | Unset = ''
    subscriber_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        contract_id = str(self.contract_id)

        days = self.days

        end_date = self.end_date.isoformat()

        monthly_fee = self.monthly_fee

        start_date = self.start_date.isoformat()

        description = self.description

        subscriber_id: None | str | Unset
        if isinstance(self.subscriber_id, Unset):
            subscriber_id = UNSET
        elif isinstance(self.subscriber_id, UUID):
            subscriber_id = str(self.subscriber_id)
        else:
            subscriber_id = self.subscriber_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "amount": amount,
            "contract_id": contract_id,
            "days": days,
            "end_date": end_date,
            "monthly_fee": monthly_fee,
            "start_date": start_date,
        })
        if description is not UNSET:
            field_dict["description"] = description
        if subscriber_id is not UNSET:
            field_dict["subscriber_id"] = subscriber_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        contract_id = UUID(d.pop("contract_id"))




        days = d.pop("days")

        end_date = datetime.date.fromisoformat(d.pop("end_date"))




        monthly_fee = d.pop("monthly_fee")

        start_date = datetime.date.fromisoformat(d.pop("start_date"))




        description = d.pop("description", UNSET)

        def _parse_subscriber_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                subscriber_id_type_0 = UUID(data)



                return subscriber_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        subscriber_id = _parse_subscriber_id(d.pop("subscriber_id", UNSET))


        invoice_line_v1 = cls(
            amount=amount,
            contract_id=contract_id,
            days=days,
            end_date=end_date,
            monthly_fee=monthly_fee,
            start_date=start_date,
            description=description,
            subscriber_id=subscriber_id,
        )


        invoice_line_v1.additional_properties = d
        return invoice_line_v1

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
