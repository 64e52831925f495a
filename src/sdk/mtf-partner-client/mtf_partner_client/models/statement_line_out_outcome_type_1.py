from enum import StrEnum

class StatementLineOutOutcomeType1(StrEnum):
    POSTED = "posted"
    SKIPPED = "skipped"

    def __str__(self) -> str:
        return str(self.value)
