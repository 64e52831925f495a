from enum import StrEnum

class ListSubscribersServiceType2Type1(StrEnum):
    INTERNET = "internet"
    LANDLINE = "landline"
    MOBILE = "mobile"

    def __str__(self) -> str:
        return str(self.value)
