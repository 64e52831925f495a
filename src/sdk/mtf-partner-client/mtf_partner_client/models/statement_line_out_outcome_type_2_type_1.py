from enum import StrEnum

class StatementLineOutOutcomeType2Type1(StrEnum):
    POSTED = "posted"
    SKIPPED = "skipped"

    def __str__(self) -> str:
        return str(self.value)
