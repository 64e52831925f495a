from enum import StrEnum

class ApiKeyCreateScopesItem(StrEnum):
    BILLING = "billing"
    PERSONAL_DATA = "personal-data"
    PROVISIONING = "provisioning"
    READ = "read"

    def __str__(self) -> str:
        return str(self.value)
