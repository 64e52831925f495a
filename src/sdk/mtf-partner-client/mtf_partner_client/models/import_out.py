from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.import_out_status import ImportOutStatus
from typing import cast
import datetime






T = TypeVar("T", bound="ImportOut")



@_attrs_define
class ImportOut:
    """ 
        Attributes:
            changed (int):
            completed_at (datetime.datetime | None):
            created (int):
            created_at (datetime.datetime):
            cutover (datetime.date):
            done (int):
            failure_detail (None | str):
            id (str):
            rejected (int):
            rows (int):
            status (ImportOutStatus):
            unchanged (int):
            updated_at (datetime.datetime):
     """

    changed: int
    completed_at: datetime.datetime | None
    created: int
    created_at: datetime.datetime
    cutover: datetime.date
    done: int
    failure_detail: None | str
    id: str
    rejected: int
    rows: int
    status: ImportOutStatus
    unchanged: int
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        changed = self.changed

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        created = self.created

        created_at = self.created_at.isoformat()

        cutover = self.cutover.isoformat()

        done = self.done

        failure_detail: None | str
        failure_detail = self.failure_detail

        id = self.id

        rejected = self.rejected

        rows = self.rows

        status = self.status.value

        unchanged = self.unchanged

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "changed": changed,
            "completed_at": completed_at,
            "created": created,
            "created_at": created_at,
            "cutover": cutover,
            "done": done,
            "failure_detail": failure_detail,
            "id": id,
            "rejected": rejected,
            "rows": rows,
            "status": status,
            "unchanged": unchanged,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        changed = d.pop("changed")

        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)



                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))


        created = d.pop("created")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        cutover = datetime.date.fromisoformat(d.pop("cutover"))




        done = d.pop("done")

        def _parse_failure_detail(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_detail = _parse_failure_detail(d.pop("failure_detail"))


        id = d.pop("id")

        rejected = d.pop("rejected")

        rows = d.pop("rows")

        status = ImportOutStatus(d.pop("status"))




        unchanged = d.pop("unchanged")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        import_out = cls(
            changed=changed,
            completed_at=completed_at,
            created=created,
            created_at=created_at,
            cutover=cutover,
            done=done,
            failure_detail=failure_detail,
            id=id,
            rejected=rejected,
            rows=rows,
            status=status,
            unchanged=unchanged,
            updated_at=updated_at,
        )


        import_out.additional_properties = d
        return import_out

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
