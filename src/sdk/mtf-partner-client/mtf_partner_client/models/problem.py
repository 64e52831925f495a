from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.problem_candidate_lines_item import ProblemCandidateLinesItem
  from ..models.problem_errors_item import ProblemErrorsItem





T = TypeVar("T", bound="Problem")



@_attrs_define
class Problem:
    """ An RFC 9457 problem document: every error the API answers.

        Attributes:
            detail (str):
            status (int):
            title (str):
            type_ (str): Identifies the kind of problem (https://mt-facturation.dev/problems/<slug>).
            candidate_lines (list[ProblemCandidateLinesItem] | Unset): The candidates' lines (409 of a checkout).
            candidates (list[str] | Unset): An ambiguous choice (409): the subscriber ids to choose from.
            errors (list[ProblemErrorsItem] | Unset): Validation problems: one entry per field at fault.
            instance (str | Unset):
            request_id (str | Unset): The request's X-Request-ID, as in every log line about it.
            retry_after (int | Unset): Seconds to wait before retrying (429), as in Retry-After.
     """

    detail: str
    status: int
    title: str
    type_: str
    candidate_lines: list[ProblemCandidateLinesItem] | Unset = UNSET
    candidates: list[str] | Unset = UNSET
    errors: list[ProblemErrorsItem] | Unset = UNSET
    instance: str | Unset = UNSET
    request_id: str | Unset = UNSET
    retry_after: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.problem_candidate_lines_item import ProblemCandidateLinesItem # noqa: PLC0415
        from ..models.problem_errors_item import ProblemErrorsItem # noqa: PLC0415
        detail = self.detail

        status = self.status

        title = self.title

        type_ = self.type_

        candidate_lines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.candidate_lines, Unset):
            candidate_lines = []
            for candidate_lines_item_data in self.candidate_lines:
                candidate_lines_item = candidate_lines_item_data.to_dict()
                candidate_lines.append(candidate_lines_item)



        candidates: list[str] | Unset = UNSET
        if not isinstance(self.candidates, Unset):
            candidates = self.candidates



        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)



        instance = self.instance

        request_id = self.request_id

        retry_after = self.retry_after


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "detail": detail,
            "status": status,
            "title": title,
            "type": type_,
        })
        if candidate_lines is not UNSET:
            field_dict["candidate_lines"] = candidate_lines
        if candidates is not UNSET:
            field_dict["candidates"] = candidates
        if errors is not UNSET:
            field_dict["errors"] = errors
        if instance is not UNSET:
            field_dict["instance"] = instance
        if request_id is not UNSET:
            field_dict["request_id"] = request_id
        if retry_after is not UNSET:
            field_dict["retry_after"] = retry_after

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.problem_candidate_lines_item import ProblemCandidateLinesItem # noqa: PLC0415
        from ..models.problem_errors_item import ProblemErrorsItem # noqa: PLC0415
        d = dict(src_dict)
        detail = d.pop("detail")

        status = d.pop("status")

        title = d.pop("title")

        type_ = d.pop("type")

        _candidate_lines = d.pop("candidate_lines", UNSET)
        candidate_lines: list[ProblemCandidateLinesItem] | Unset = UNSET
        if _candidate_lines is not UNSET:
            candidate_lines = []
            for candidate_lines_item_data in _candidate_lines:
                candidate_lines_item = ProblemCandidateLinesItem.from_dict(candidate_lines_item_data)



                candidate_lines.append(candidate_lines_item)


        candidates = cast(list[str], d.pop("candidates", UNSET))


        _errors = d.pop("errors", UNSET)
        errors: list[ProblemErrorsItem] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = ProblemErrorsItem.from_dict(errors_item_data)



                errors.append(errors_item)


        instance = d.pop("instance", UNSET)

        request_id = d.pop("request_id", UNSET)

        retry_after = d.pop("retry_after", UNSET)

        problem = cls(
            detail=detail,
            status=status,
            title=title,
            type_=type_,
            candidate_lines=candidate_lines,
            candidates=candidates,
            errors=errors,
            instance=instance,
            request_id=request_id,
            retry_after=retry_after,
        )


        problem.additional_properties = d
        return problem

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
