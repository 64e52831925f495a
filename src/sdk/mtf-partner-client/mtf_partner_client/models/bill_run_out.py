from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.bill_run_out_status import BillRunOutStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.bill_run_progress import BillRunProgress
  from ..models.error_sample import ErrorSample
  from ..models.journal_head import JournalHead





T = TypeVar("T", bound="BillRunOut")



@_attrs_define
class BillRunOut:
    """ 
        Attributes:
            as_of (datetime.date):
            completed_at (datetime.datetime | None):
            created_at (datetime.datetime | None):
            dry_run (bool):
            error_samples (list[ErrorSample]):
            id (None | str):
            issue_date (datetime.date):
            pass_number (int):
            period (str):
            progress (BillRunProgress):
            status (BillRunOutStatus):
            journal (JournalHead | None | Unset):
     """

    as_of: datetime.date
    completed_at: datetime.datetime | None
    created_at: datetime.datetime | None
    dry_run: bool
    error_samples: list[ErrorSample]
    id: None | str
    issue_date: datetime.date
    pass_number: int
    period: str
    progress: BillRunProgress
    status: BillRunOutStatus
    journal: JournalHead | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.bill_run_progress import BillRunProgress # noqa: PLC0415
        from ..models.error_sample import ErrorSample # noqa: PLC0415
        from ..models.journal_head import JournalHead # noqa: PLC0415
        as_of = self.as_of.isoformat()

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        created_at: None | str
        if isinstance(self.created_at, datetime.datetime):
            created_at = self.created_at.isoformat()
        else:
            created_at = self.created_at

        dry_run = self.dry_run

        error_samples = []
        for error_samples_item_data in self.error_samples:
            error_samples_item = error_samples_item_data.to_dict()
            error_samples.append(error_samples_item)



        id: None | str
        id = self.id

        issue_date = self.issue_date.isoformat()

        pass_number = self.pass_number

        period = self.period

        progress = self.progress.to_dict()

        status = self.status.value

        journal: dict[str, Any] | None | Unset
        if isinstance(self.journal, Unset):
            journal = UNSET
        elif isinstance(self.journal, JournalHead):
            journal = self.journal.to_dict()
        else:
            journal = self.journal


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "as_of": as_of,
            "completed_at": completed_at,
            "created_at": created_at,
            "dry_run": dry_run,
            "error_samples": error_samples,
            "id": id,
            "issue_date": issue_date,
            "pass_number": pass_number,
            "period": period,
            "progress": progress,
            "status": status,
        })
        if journal is not UNSET:
            field_dict["journal"] = journal

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bill_run_progress import BillRunProgress # noqa: PLC0415
        from ..models.error_sample import ErrorSample # noqa: PLC0415
        from ..models.journal_head import JournalHead # noqa: PLC0415
        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))




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


        def _parse_created_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                created_at_type_0 = datetime.datetime.fromisoformat(data)



                return created_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        created_at = _parse_created_at(d.pop("created_at"))


        dry_run = d.pop("dry_run")

        error_samples = []
        _error_samples = d.pop("error_samples")
        for error_samples_item_data in (_error_samples):
            error_samples_item = ErrorSample.from_dict(error_samples_item_data)



            error_samples.append(error_samples_item)


        def _parse_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        id = _parse_id(d.pop("id"))


        issue_date = datetime.date.fromisoformat(d.pop("issue_date"))




        pass_number = d.pop("pass_number")

        period = d.pop("period")

        progress = BillRunProgress.from_dict(d.pop("progress"))




        status = BillRunOutStatus(d.pop("status"))




        def _parse_journal(data: object) -> JournalHead | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                journal_type_0 = JournalHead.from_dict(data)



                return journal_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JournalHead | None | Unset, data)

        journal = _parse_journal(d.pop("journal", UNSET))


        bill_run_out = cls(
            as_of=as_of,
            completed_at=completed_at,
            created_at=created_at,
            dry_run=dry_run,
            error_samples=error_samples,
            id=id,
            issue_date=issue_date,
            pass_number=pass_number,
            period=period,
            progress=progress,
            status=status,
            journal=journal,
        )


        bill_run_out.additional_properties = d
        return bill_run_out

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
