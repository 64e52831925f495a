from enum import StrEnum

class CaseActionType2Action(StrEnum):
    CLOSE = "close"
    ESCALATE = "escalate"

    def __str__(self) -> str:
        return str(self.value)
