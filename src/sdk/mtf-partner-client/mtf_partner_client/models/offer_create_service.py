from enum import StrEnum

class OfferCreateService(StrEnum):
    INTERNET = "internet"
    LANDLINE = "landline"
    MOBILE = "mobile"

    def __str__(self) -> str:
        return str(self.value)
