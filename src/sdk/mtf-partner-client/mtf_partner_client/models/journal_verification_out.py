from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.journal_break import JournalBreak
  from ..models.kept_head import KeptHead





T = TypeVar("T", bound="JournalVerificationOut")



@_attrs_define
class JournalVerificationOut:
    """ 
        Attributes:
            breaks (int):
            documents (int):
            first_break (JournalBreak | None):
            head (None | str):
            head_number (None | str):
            series (str):
            stored (int):
            valid (bool):
            verified (int):
            kept_head (KeptHead | None | Unset):
     """

    breaks: int
    documents: int
    first_break: JournalBreak | None
    head: None | str
    head_number: None | str
    series: str
    stored: int
    valid: bool
    verified: int
    kept_head: KeptHead | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.journal_break import JournalBreak # noqa: PLC0415
        from ..models.kept_head import KeptHead # noqa: PLC0415
        breaks = self.breaks

        documents = self.documents

        first_break: dict[str, Any] | None
        if isinstance(self.first_break, JournalBreak):
            first_break = self.first_break.to_dict()
        else:
            first_break = self.first_break

        head: None | str
        head = self.head

        head_number: None | str
        head_number = self.head_number

        series = self.series

        stored = self.stored

        valid = self.valid

        verified = self.verified

        kept_head: dict[str, Any] | None | Unset
        if isinstance(self.kept_head, Unset):
            kept_head = UNSET
        elif isinstance(self.kept_head, KeptHead):
            kept_head = self.kept_head.to_dict()
        else:
            kept_head = self.kept_head


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "breaks": breaks,
            "documents": documents,
            "first_break": first_break,
            "head": head,
            "head_number": head_number,
            "series": series,
            "stored": stored,
            "valid": valid,
            "verified": verified,
        })
        if kept_head is not UNSET:
            field_dict["kept_head"] = kept_head

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.journal_break import JournalBreak # noqa: PLC0415
        from ..models.kept_head import KeptHead # noqa: PLC0415
        d = dict(src_dict)
        breaks = d.pop("breaks")

        documents = d.pop("documents")

        def _parse_first_break(data: object) -> JournalBreak | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                first_break_type_0 = JournalBreak.from_dict(data)



                return first_break_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JournalBreak | None, data)

        first_break = _parse_first_break(d.pop("first_break"))


        def _parse_head(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        head = _parse_head(d.pop("head"))


        def _parse_head_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        head_number = _parse_head_number(d.pop("head_number"))


        series = d.pop("series")

        stored = d.pop("stored")

        valid = d.pop("valid")

        verified = d.pop("verified")

        def _parse_kept_head(data: object) -> KeptHead | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                kept_head_type_0 = KeptHead.from_dict(data)



                return kept_head_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KeptHead | None | Unset, data)

        kept_head = _parse_kept_head(d.pop("kept_head", UNSET))


        journal_verification_out = cls(
            breaks=breaks,
            documents=documents,
            first_break=first_break,
            head=head,
            head_number=head_number,
            series=series,
            stored=stored,
            valid=valid,
            verified=verified,
            kept_head=kept_head,
        )


        journal_verification_out.additional_properties = d
        return journal_verification_out

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
