from enum import StrEnum

class PaymentOutStatus(StrEnum):
    POSTED = "posted"
    REVERSED = "reversed"

    def __str__(self) -> str:
        return str(self.value)
