from enum import StrEnum

class ImportRowsOutcomeType3Type1(StrEnum):
    CHANGED = "changed"
    CREATED = "created"
    REJECTED = "rejected"
    UNCHANGED = "unchanged"

    def __str__(self) -> str:
        return str(self.value)
