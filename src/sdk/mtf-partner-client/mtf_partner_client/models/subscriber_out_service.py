from enum import StrEnum

class SubscriberOutService(StrEnum):
    INTERNET = "internet"
    LANDLINE = "landline"
    MOBILE = "mobile"

    def __str__(self) -> str:
        return str(self.value)
