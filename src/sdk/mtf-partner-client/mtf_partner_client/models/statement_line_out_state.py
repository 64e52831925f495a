from enum import StrEnum

class StatementLineOutState(StrEnum):
    ALREADY_POSTED = "already_posted"
    AMBIGUOUS = "ambiguous"
    MATCHED = "matched"
    UNMATCHED = "unmatched"

    def __str__(self) -> str:
        return str(self.value)
