from enum import StrEnum

class JournalBreakReason(StrEnum):
    ALTERED = "altered"
    CHAIN = "chain"
    INSERTED = "inserted"
    MISSING = "missing"

    def __str__(self) -> str:
        return str(self.value)
