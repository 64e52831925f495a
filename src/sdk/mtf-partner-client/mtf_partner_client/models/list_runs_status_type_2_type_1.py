from enum import StrEnum

class ListRunsStatusType2Type1(StrEnum):
    COMPLETED = "completed"
    FAILED = "failed"
    PLANNING = "planning"
    RUNNING = "running"

    def __str__(self) -> str:
        return str(self.value)
