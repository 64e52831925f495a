from enum import StrEnum

class ExportAgingBucketType1(StrEnum):
    VALUE_0 = "1-30"
    VALUE_1 = "31-60"
    VALUE_2 = "61-90"
    VALUE_3 = "90+"

    def __str__(self) -> str:
        return str(self.value)
