from enum import StrEnum

class ClientOutPersonalData(StrEnum):
    ERASED = "erased"
    MASKED = "masked"
    VISIBLE = "visible"

    def __str__(self) -> str:
        return str(self.value)
