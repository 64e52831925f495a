from enum import IntEnum

class OfferRevisionCommitmentMonths(IntEnum):
    VALUE_0 = 0
    VALUE_12 = 12
    VALUE_24 = 24

    def __str__(self) -> str:
        return str(self.value)
