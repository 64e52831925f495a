from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.self_service_order_intent import SelfServiceOrderIntent
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.self_service_new_client import SelfServiceNewClient





T = TypeVar("T", bound="SelfServiceOrder")



@_attrs_define
class SelfServiceOrder:
    """ 
        Attributes:
            offer_id (str):
            effective_date (None | str | Unset):
            intent (SelfServiceOrderIntent | Unset):  Default: SelfServiceOrderIntent.AUTO.
            new_client (None | SelfServiceNewClient | Unset):
            subscriber_id (None | str | Unset):
     """

    offer_id: str
    effective_date: None | str | Unset = UNSET
    intent: SelfServiceOrderIntent | Unset = SelfServiceOrderIntent.AUTO
    new_client: None | SelfServiceNewClient | Unset = UNSET
    subscriber_id: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.self_service_new_client import SelfServiceNewClient # noqa: PLC0415
        offer_id = self.offer_id

        effective_date: None | str | Unset
        if isinstance(self.effective_date, Unset):
            effective_date = UNSET
        else:
            effective_date = self.effective_date

        intent: str | Unset = UNSET
        if not isinstance(self.intent, Unset):
            intent = self.intent.value


        new_client: dict[str, Any] | None | Unset
        if isinstance(self.new_client, Unset):
            new_client = UNSET
        elif isinstance(self.new_client, SelfServiceNewClient):
            new_client = self.new_client.to_dict()
        else:
            new_client = self.new_client

        subscriber_id: None | str | Unset
        if isinstance(self.subscriber_id, Unset):
            subscriber_id = UNSET
        else:
            subscriber_id = self.subscriber_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "offer_id": offer_id,
        })
        if effective_date is not UNSET:
            field_dict["effective_date"] = effective_date
        if intent is not UNSET:
            field_dict["intent"] = intent
        if new_client is not UNSET:
            field_dict["new_client"] = new_client
        if subscriber_id is not UNSET:
            field_dict["subscriber_id"] = subscriber_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.self_service_new_client import SelfServiceNewClient # noqa: PLC0415
        d = dict(src_dict)
        offer_id = d.pop("offer_id")

        def _parse_effective_date(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        effective_date = _parse_effective_date(d.pop("effective_date", UNSET))


        _intent = d.pop("intent", UNSET)
        intent: SelfServiceOrderIntent | Unset
        if isinstance(_intent,  Unset):
            intent = UNSET
        else:
            intent = SelfServiceOrderIntent(_intent)




        def _parse_new_client(data: object) -> None | SelfServiceNewClient | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                new_client_type_0 = SelfServiceNewClient.from_dict(data)



                return new_client_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SelfServiceNewClient | Unset, data)

        new_client = _parse_new_client(d.pop("new_client", UNSET))


        def _parse_subscriber_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        subscriber_id = _parse_subscriber_id(d.pop("subscriber_id", UNSET))


        self_service_order = cls(
            offer_id=offer_id,
            effective_date=effective_date,
            intent=intent,
            new_client=new_client,
            subscriber_id=subscriber_id,
        )

        return self_service_order

