// "Post a payment" and the payments list, in parts (payments/): the form, the list, the
// reversal panel and the allocation table.
export { PaymentForm } from "./payments/PaymentForm";
export { PaymentList } from "./payments/PaymentList";
export { AllocationTable } from "./payments/AllocationTable";
