from enum import StrEnum

class ScheduledChangeAction(StrEnum):
    PLAN_CHANGE = "plan_change"
    SUSPEND = "suspend"
    TERMINATE = "terminate"

    def __str__(self) -> str:
        return str(self.value)
