from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="StatementAssignment")



@_attrs_define
class StatementAssignment:
    """ 
        Attributes:
            client_id (str):
            line (int):
            invoice_ids (list[str] | None | Unset):
     """

    client_id: str
    line: int
    invoice_ids: list[str] | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        line = self.line

        invoice_ids: list[str] | None | Unset
        if isinstance(self.invoice_ids, Unset):
            invoice_ids = UNSET
        elif isinstance(self.invoice_ids, list):
            invoice_ids = self.invoice_ids


        else:
            invoice_ids = self.invoice_ids


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "client_id": client_id,
            "line": line,
        })
        if invoice_ids is not UNSET:
            field_dict["invoice_ids"] = invoice_ids

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_id = d.pop("client_id")

        line = d.pop("line")

        def _parse_invoice_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                invoice_ids_type_0 = cast(list[str], data)

                return invoice_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        invoice_ids = _parse_invoice_ids(d.pop("invoice_ids", UNSET))


        statement_assignment = cls(
            client_id=client_id,
            line=line,
            invoice_ids=invoice_ids,
        )

        return statement_assignment

