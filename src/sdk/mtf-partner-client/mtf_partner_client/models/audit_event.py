from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.audit_event_payload import AuditEventPayload





T = TypeVar("T", bound="AuditEvent")



@_attrs_define
class AuditEvent:
    """ 
        Attributes:
            actor (str):
            event_type (str):
            payload (AuditEventPayload):
            timestamp (str):
            version (int):
     """

    actor: str
    event_type: str
    payload: AuditEventPayload
    timestamp: str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_event_payload import AuditEventPayload # noqa: PLC0415
        actor = self.actor

        event_type = self.event_type

        payload = self.payload.to_dict()

        timestamp = self.timestamp

        version = self.version


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "actor": actor,
            "event_type": event_type,
            "payload": payload,
            "timestamp": timestamp,
            "version": version,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_event_payload import AuditEventPayload # noqa: PLC0415
        d = dict(src_dict)
        actor = d.pop("actor")

        event_type = d.pop("event_type")

        payload = AuditEventPayload.from_dict(d.pop("payload"))




        timestamp = d.pop("timestamp")

        version = d.pop("version")

        audit_event = cls(
            actor=actor,
            event_type=event_type,
            payload=payload,
            timestamp=timestamp,
            version=version,
        )


        audit_event.additional_properties = d
        return audit_event

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
