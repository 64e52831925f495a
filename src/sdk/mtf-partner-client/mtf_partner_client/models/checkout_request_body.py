from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.checkout_request_body_intent import CheckoutRequestBodyIntent
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.new_client import NewClient





T = TypeVar("T", bound="CheckoutRequestBody")



@_attrs_define
class CheckoutRequestBody:
    """ 
        Attributes:
            offer_id (str):
            cin (None | str | Unset):
            client_id (None | str | Unset):
            effective_date (datetime.date | None | Unset):
            intent (CheckoutRequestBodyIntent | Unset):  Default: CheckoutRequestBodyIntent.AUTO.
            new_client (NewClient | None | Unset):
            subscriber_id (None | str | Unset):
     """

    offer_id: str
    cin: None | str | Unset = UNSET
    client_id: None | str | Unset = UNSET
    effective_date: datetime.date | None | Unset = UNSET
    intent: CheckoutRequestBodyIntent | Unset = CheckoutRequestBodyIntent.AUTO
    new_client: NewClient | None | Unset = UNSET
    subscriber_id: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.new_client import NewClient # noqa: PLC0415
        offer_id = self.offer_id

        cin: None | str | Unset
        if isinstance(self.cin, Unset):
            cin = UNSET
        else:
            cin = self.cin

        client_id: None | str | Unset
        if isinstance(self.client_id, Unset):
            client_id = UNSET
        else:
            client_id = self.client_id

        effective_date: None | str | Unset
        if isinstance(self.effective_date, Unset):
            effective_date = UNSET
        elif isinstance(self.effective_date, datetime.date):
            effective_date = self.effective_date.isoformat()
        else:
            effective_date = self.effective_date

        intent: str | Unset = UNSET
        if not isinstance(self.intent, Unset):
            intent = self.intent.value


        new_client: dict[str, Any] | None | Unset
        if isinstance(self.new_client, Unset):
            new_client = UNSET
        elif isinstance(self.new_client, NewClient):
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
        if cin is not UNSET:
            field_dict["cin"] = cin
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
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
        from ..models.new_client import NewClient # noqa: PLC0415
        d = dict(src_dict)
        offer_id = d.pop("offer_id")

        def _parse_cin(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cin = _parse_cin(d.pop("cin", UNSET))


        def _parse_client_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        client_id = _parse_client_id(d.pop("client_id", UNSET))


        def _parse_effective_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_date_type_0 = datetime.date.fromisoformat(data)



                return effective_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        effective_date = _parse_effective_date(d.pop("effective_date", UNSET))


        _intent = d.pop("intent", UNSET)
        intent: CheckoutRequestBodyIntent | Unset
        if isinstance(_intent,  Unset):
            intent = UNSET
        else:
            intent = CheckoutRequestBodyIntent(_intent)




        def _parse_new_client(data: object) -> NewClient | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                new_client_type_0 = NewClient.from_dict(data)



                return new_client_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NewClient | None | Unset, data)

        new_client = _parse_new_client(d.pop("new_client", UNSET))


        def _parse_subscriber_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        subscriber_id = _parse_subscriber_id(d.pop("subscriber_id", UNSET))


        checkout_request_body = cls(
            offer_id=offer_id,
            cin=cin,
            client_id=client_id,
            effective_date=effective_date,
            intent=intent,
            new_client=new_client,
            subscriber_id=subscriber_id,
        )

        return checkout_request_body

