from enum import StrEnum

class StatementLineOutOutcomeType3Type1(StrEnum):
    POSTED = "posted"
    SKIPPED = "skipped"

    def __str__(self) -> str:
        return str(self.value)
