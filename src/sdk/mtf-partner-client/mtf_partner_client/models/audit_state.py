from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.audit_state_state import AuditStateState





T = TypeVar("T", bound="AuditState")



@_attrs_define
class AuditState:
    """ 
        Attributes:
            aggregate_id (str):
            aggregate_type (str):
            as_of (str):
            state (AuditStateState):
            version (int):
     """

    aggregate_id: str
    aggregate_type: str
    as_of: str
    state: AuditStateState
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_state_state import AuditStateState # noqa: PLC0415
        aggregate_id = self.aggregate_id

        aggregate_type = self.aggregate_type

        as_of = self.as_of

        state = self.state.to_dict()

        version = self.version


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "aggregate_id": aggregate_id,
            "aggregate_type": aggregate_type,
            "as_of": as_of,
            "state": state,
            "version": version,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_state_state import AuditStateState # noqa: PLC0415
        d = dict(src_dict)
        aggregate_id = d.pop("aggregate_id")

        aggregate_type = d.pop("aggregate_type")

        as_of = d.pop("as_of")

        state = AuditStateState.from_dict(d.pop("state"))




        version = d.pop("version")

        audit_state = cls(
            aggregate_id=aggregate_id,
            aggregate_type=aggregate_type,
            as_of=as_of,
            state=state,
            version=version,
        )


        audit_state.additional_properties = d
        return audit_state

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
