from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID






T = TypeVar("T", bound="OrderCompletedV1")



@_attrs_define
class OrderCompletedV1:
    """ A checkout that went through; the ids are those it created or changed (None only for
        orders completed before they were recorded with the completion).

        Attributes:
            client_id (None | UUID):
            contract_id (None | UUID):
            order_id (UUID):
            outcome (None | str):
            subscriber_id (None | UUID):
     """

    client_id: None | UUID
    contract_id: None | UUID
    order_id: UUID
    outcome: None | str
    subscriber_id: None | UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        client_id: None | str
        if isinstance(self.client_id, UUID):
            client_id = str(self.client_id)
        else:
            client_id = self.client_id

        contract_id: None | str
        if isinstance(self.contract_id, UUID):
            contract_id = str(self.contract_id)
        else:
            contract_id = self.contract_id

        order_id = str(self.order_id)

        outcome: None | str
        outcome = self.outcome

        subscriber_id: None | str
        if isinstance(self.subscriber_id, UUID):
            subscriber_id = str(self.subscriber_id)
        else:
            subscriber_id = self.subscriber_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "client_id": client_id,
            "contract_id": contract_id,
            "order_id": order_id,
            "outcome": outcome,
            "subscriber_id": subscriber_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_client_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                client_id_type_0 = UUID(data)



                return client_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        client_id = _parse_client_id(d.pop("client_id"))


        def _parse_contract_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                contract_id_type_0 = UUID(data)



                return contract_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        contract_id = _parse_contract_id(d.pop("contract_id"))


        order_id = UUID(d.pop("order_id"))




        def _parse_outcome(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        outcome = _parse_outcome(d.pop("outcome"))


        def _parse_subscriber_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                subscriber_id_type_0 = UUID(data)



                return subscriber_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        subscriber_id = _parse_subscriber_id(d.pop("subscriber_id"))


        order_completed_v1 = cls(
            client_id=client_id,
            contract_id=contract_id,
            order_id=order_id,
            outcome=outcome,
            subscriber_id=subscriber_id,
        )


        order_completed_v1.additional_properties = d
        return order_completed_v1

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
