from enum import StrEnum

class StatementImportOutFormat(StrEnum):
    CAMT053 = "camt053"
    CSV = "csv"

    def __str__(self) -> str:
        return str(self.value)
