from enum import StrEnum

class SubscriptionCreateEventTypesItem(StrEnum):
    BILL_RUN_COMPLETED = "bill_run.completed"
    CASE_CLOSED = "case.closed"
    CASE_OPENED = "case.opened"
    CASE_STEP_TAKEN = "case.step_taken"
    CONTRACT_ACTIVATED = "contract.activated"
    CONTRACT_CANCELLED = "contract.cancelled"
    CONTRACT_CHANGE_SCHEDULED = "contract.change_scheduled"
    CONTRACT_CREATED = "contract.created"
    CONTRACT_IMPORTED = "contract.imported"
    CONTRACT_PLAN_CHANGE_SCHEDULED = "contract.plan_change_scheduled"
    CONTRACT_RESUMED = "contract.resumed"
    CONTRACT_SCHEDULED_CHANGE_CANCELLED = "contract.scheduled_change_cancelled"
    CONTRACT_SUPERSEDED = "contract.superseded"
    CONTRACT_SUSPENDED = "contract.suspended"
    CONTRACT_TERMINATED = "contract.terminated"
    CREDIT_NOTE_ISSUED = "credit_note.issued"
    INVOICE_ISSUED = "invoice.issued"
    ORDER_COMPLETED = "order.completed"
    PAYMENT_CREDIT_APPLIED = "payment.credit_applied"
    PAYMENT_CREDIT_RETURNED = "payment.credit_returned"
    PAYMENT_POSTED = "payment.posted"
    PAYMENT_REVERSED = "payment.reversed"
    VALUE_0 = "*"

    def __str__(self) -> str:
        return str(self.value)
