"""What a business's identity must hold as typed (`customer.domain.client.check_company`),
stated in the OpenAPI documents like `kernel.api_types` states the personal data's rules
(the domain checks them again with its own messages)."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar.openapi.spec import Schema

from mtf.kernel.api_types import pattern, text

# a business's identity as typed (`customer.domain.client.check_company`)
Ice = pattern(r"^[0-9]{15}$", example="001234567000089")
TaxId = pattern(r"^[0-9]{1,15}$", example="12345678")
CompanyName = text(120, example="Atlas Logistique SARL")
TradeRegister = text(40, example="Casablanca 123456")
OptionalCompanyName = Annotated[str, msgspec.Meta(extra_json_schema={"extra": {"max_length": 120}})]
OptionalTaxId = pattern(r"^$|^[0-9]{1,15}$", example="12345678")
OptionalTradeRegister = Annotated[
    str, msgspec.Meta(extra_json_schema={"extra": {"max_length": 40}})
]
NoIce = Annotated[
    str,
    msgspec.Meta(
        extra_json_schema={
            "description": "Cannot be changed: register the right company instead",
            "extra": {"schema_not": Schema()},
        }
    ),
]
