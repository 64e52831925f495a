from enum import StrEnum

class StatementImportOutStatus(StrEnum):
    POSTED = "posted"
    POSTING = "posting"
    PREVIEW = "preview"

    def __str__(self) -> str:
        return str(self.value)
