from enum import StrEnum

class CheckoutRequestBodyIntent(StrEnum):
    AUTO = "auto"
    NEW_LINE = "new_line"
    PLAN_CHANGE = "plan_change"

    def __str__(self) -> str:
        return str(self.value)
