from enum import StrEnum

class CaseActionAction(StrEnum):
    CLOSE = "close"
    ESCALATE = "escalate"
    NOTE = "note"
    PROMISE_TO_PAY = "promise_to_pay"

    def __str__(self) -> str:
        return str(self.value)
