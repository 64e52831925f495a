from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ProblemCandidateLinesItem")



@_attrs_define
class ProblemCandidateLinesItem:
    """ 
        Attributes:
            contract_id (None | str | Unset):
            number (None | str | Unset):
            offer_code (None | str | Unset):
            subscriber_id (str | Unset):
     """

    contract_id: None | str | Unset = UNSET
    number: None | str | Unset = UNSET
    offer_code: None | str | Unset = UNSET
    subscriber_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        contract_id: None | str | Unset
        if isinstance(self.contract_id, Unset):
            contract_id = UNSET
        else:
            contract_id = self.contract_id

        number: None | str | Unset
        if isinstance(self.number, Unset):
            number = UNSET
        else:
            number = self.number

        offer_code: None | str | Unset
        if isinstance(self.offer_code, Unset):
            offer_code = UNSET
        else:
            offer_code = self.offer_code

        subscriber_id = self.subscriber_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if contract_id is not UNSET:
            field_dict["contract_id"] = contract_id
        if number is not UNSET:
            field_dict["number"] = number
        if offer_code is not UNSET:
            field_dict["offer_code"] = offer_code
        if subscriber_id is not UNSET:
            field_dict["subscriber_id"] = subscriber_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_contract_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contract_id = _parse_contract_id(d.pop("contract_id", UNSET))


        def _parse_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        number = _parse_number(d.pop("number", UNSET))


        def _parse_offer_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        offer_code = _parse_offer_code(d.pop("offer_code", UNSET))


        subscriber_id = d.pop("subscriber_id", UNSET)

        problem_candidate_lines_item = cls(
            contract_id=contract_id,
            number=number,
            offer_code=offer_code,
            subscriber_id=subscriber_id,
        )


        problem_candidate_lines_item.additional_properties = d
        return problem_candidate_lines_item

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
