import type { CaseStage, PaymentMethod } from "../api/types";

export const METHOD_LABEL: Record<PaymentMethod, string> = {
  cash: "Cash",
  card: "Card",
  bank_transfer: "Bank transfer",
  direct_debit: "Direct debit",
};

export const STAGE_LABEL: Record<CaseStage, string> = {
  opened: "Opened",
  reminder: "Reminder",
  second_reminder: "Second reminder",
  suspended: "Lines suspended",
  termination_proposed: "Termination proposed",
};

const KIND_LABEL: Record<string, string> = {
  opened: "Case opened",
  reminder_sent: "Reminder sent",
  second_reminder_sent: "Second reminder sent",
  lines_suspended: "Lines suspended",
  termination_proposed: "Termination proposed",
  note: "Note",
  promise_to_pay: "Promise to pay",
  escalated: "Escalated",
  payment: "Payment",
  lines_resumed: "Lines resumed",
  closed: "Case closed",
};

/** "second_reminder_sent" -> "Second reminder sent" (unknown kinds are humanised too). */
export function kindLabel(kind: string): string {
  const known = KIND_LABEL[kind];
  if (known) return known;
  const words = kind.replace(/[_-]+/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : kind;
}

export const methodLabel = (m: string) => METHOD_LABEL[m as PaymentMethod] ?? m;

/** Decimal string -> number, for chart scales only (never for arithmetic shown to users). */
export function moneyToNumber(amount: string | null | undefined): number {
  const n = Number(String(amount ?? "").trim());
  return Number.isFinite(n) ? n : 0;
}

export const UUIDISH = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
