from enum import StrEnum

class ListContractsStatusType1(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"
    PENDING = "pending"
    SUPERSEDED = "superseded"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"

    def __str__(self) -> str:
        return str(self.value)
