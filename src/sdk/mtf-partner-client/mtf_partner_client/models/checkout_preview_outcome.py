from enum import StrEnum

class CheckoutPreviewOutcome(StrEnum):
    NEW_CLIENT = "new_client"
    NEW_LINE = "new_line"
    PLAN_CHANGE = "plan_change"

    def __str__(self) -> str:
        return str(self.value)
