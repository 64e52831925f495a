from enum import StrEnum

class ClientDeletionOutcome(StrEnum):
    ANONYMISED = "anonymised"
    REMOVED = "removed"

    def __str__(self) -> str:
        return str(self.value)
