from enum import StrEnum

class ClientCreateKindType2Type1(StrEnum):
    BUSINESS = "business"
    INDIVIDUAL = "individual"

    def __str__(self) -> str:
        return str(self.value)
