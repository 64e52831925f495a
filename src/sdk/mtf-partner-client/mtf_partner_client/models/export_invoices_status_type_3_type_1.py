from enum import StrEnum

class ExportInvoicesStatusType3Type1(StrEnum):
    CREDITED = "credited"
    ISSUED = "issued"
    OVERDUE = "overdue"
    PAID = "paid"
    PARTIALLY_PAID = "partially_paid"

    def __str__(self) -> str:
        return str(self.value)
