from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="ContractImportedV1")



@_attrs_define
class ContractImportedV1:
    """ A contract taken over from another system by a migration import: it started on its
        `start_date` (contract.created), but billing starts on `billing_from` (the import's
        cut-over date; the days before were billed by the previous system).

        Attributes:
            billing_from (datetime.date):
            contract_id (UUID):
            import_id (UUID):
            subscriber_id (UUID):
     """

    billing_from: datetime.date
    contract_id: UUID
    import_id: UUID
    subscriber_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        billing_from = self.billing_from.isoformat()

        contract_id = str(self.contract_id)

        import_id = str(self.import_id)

        subscriber_id = str(self.subscriber_id)


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "billing_from": billing_from,
            "contract_id": contract_id,
            "import_id": import_id,
            "subscriber_id": subscriber_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        billing_from = datetime.date.fromisoformat(d.pop("billing_from"))




        contract_id = UUID(d.pop("contract_id"))




        import_id = UUID(d.pop("import_id"))




        subscriber_id = UUID(d.pop("subscriber_id"))




        contract_imported_v1 = cls(
            billing_from=billing_from,
            contract_id=contract_id,
            import_id=import_id,
            subscriber_id=subscriber_id,
        )


        contract_imported_v1.additional_properties = d
        return contract_imported_v1

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
