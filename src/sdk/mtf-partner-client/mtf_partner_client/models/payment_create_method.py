from enum import StrEnum

class PaymentCreateMethod(StrEnum):
    BANK_TRANSFER = "bank_transfer"
    CARD = "card"
    CASH = "cash"
    DIRECT_DEBIT = "direct_debit"

    def __str__(self) -> str:
        return str(self.value)
