from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.client_status_change_status import ClientStatusChangeStatus






T = TypeVar("T", bound="ClientStatusChange")



@_attrs_define
class ClientStatusChange:
    """ 
        Attributes:
            reason (str):
            status (ClientStatusChangeStatus):
     """

    reason: str
    status: ClientStatusChangeStatus





    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        status = self.status.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "reason": reason,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = d.pop("reason")

        status = ClientStatusChangeStatus(d.pop("status"))




        client_status_change = cls(
            reason=reason,
            status=status,
        )

        return client_status_change

