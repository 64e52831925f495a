from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.import_row_out_outcome import ImportRowOutOutcome
from typing import cast

if TYPE_CHECKING:
  from ..models.row_error import RowError





T = TypeVar("T", bound="ImportRowOut")



@_attrs_define
class ImportRowOut:
    """ 
        Attributes:
            client_id (None | str):
            contract_id (None | str):
            errors (list[RowError]):
            line (int):
            number (None | str):
            outcome (ImportRowOutOutcome):
            row_id (str):
     """

    client_id: None | str
    contract_id: None | str
    errors: list[RowError]
    line: int
    number: None | str
    outcome: ImportRowOutOutcome
    row_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.row_error import RowError # noqa: PLC0415
        client_id: None | str
        client_id = self.client_id

        contract_id: None | str
        contract_id = self.contract_id

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)



        line = self.line

        number: None | str
        number = self.number

        outcome = self.outcome.value

        row_id = self.row_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "client_id": client_id,
            "contract_id": contract_id,
            "errors": errors,
            "line": line,
            "number": number,
            "outcome": outcome,
            "row_id": row_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.row_error import RowError # noqa: PLC0415
        d = dict(src_dict)
        def _parse_client_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        client_id = _parse_client_id(d.pop("client_id"))


        def _parse_contract_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        contract_id = _parse_contract_id(d.pop("contract_id"))


        errors = []
        _errors = d.pop("errors")
        for errors_item_data in (_errors):
            errors_item = RowError.from_dict(errors_item_data)



            errors.append(errors_item)


        line = d.pop("line")

        def _parse_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        number = _parse_number(d.pop("number"))


        outcome = ImportRowOutOutcome(d.pop("outcome"))




        row_id = d.pop("row_id")

        import_row_out = cls(
            client_id=client_id,
            contract_id=contract_id,
            errors=errors,
            line=line,
            number=number,
            outcome=outcome,
            row_id=row_id,
        )


        import_row_out.additional_properties = d
        return import_row_out

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
