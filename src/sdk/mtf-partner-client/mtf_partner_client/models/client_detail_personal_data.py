from enum import StrEnum

class ClientDetailPersonalData(StrEnum):
    ERASED = "erased"
    MASKED = "masked"
    VISIBLE = "visible"

    def __str__(self) -> str:
        return str(self.value)
