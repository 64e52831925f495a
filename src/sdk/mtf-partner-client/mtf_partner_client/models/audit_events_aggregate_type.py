from enum import StrEnum

class AuditEventsAggregateType(StrEnum):
    API_KEY = "api-key"
    BILL_RUN = "bill-run"
    CASE = "case"
    CLIENT = "client"
    CONTRACT = "contract"
    CREDIT_NOTE = "credit-note"
    INVOICE = "invoice"
    JOURNAL = "journal"
    OFFER = "offer"
    OPERATOR = "operator"
    ORDER = "order"
    PAYMENT = "payment"
    SUBSCRIBER = "subscriber"
    WEBHOOK_SUBSCRIPTION = "webhook-subscription"

    def __str__(self) -> str:
        return str(self.value)
