from enum import StrEnum

class ListRunsStatusType3Type1(StrEnum):
    COMPLETED = "completed"
    FAILED = "failed"
    PLANNING = "planning"
    RUNNING = "running"

    def __str__(self) -> str:
        return str(self.value)
