import { t } from "../i18n";
import type { CaseStage, PaymentMethod } from "../api/types";

export const METHOD_LABEL = (): Record<PaymentMethod, string> => ({
  cash: t("collections.labels.cash"),
  card: t("collections.labels.card"),
  bank_transfer: t("collections.labels.bankTransfer"),
  direct_debit: t("collections.labels.directDebit"),
});

export const STAGE_LABEL = (): Record<CaseStage, string> => ({
  opened: t("collections.labels.opened"),
  reminder: t("collections.labels.reminder"),
  second_reminder: t("collections.labels.secondReminder"),
  suspended: t("collections.labels.linesSuspended"),
  termination_proposed: t("collections.labels.terminationProposed"),
});

const KIND_LABEL = (): Record<string, string> => ({
  opened: t("collections.labels.caseOpened"),
  reminder_sent: t("collections.labels.reminderSent"),
  second_reminder_sent: t("collections.labels.secondReminderSent"),
  lines_suspended: t("collections.labels.linesSuspended"),
  termination_proposed: t("collections.labels.terminationProposed"),
  note: t("collections.labels.note"),
  promise_to_pay: t("collections.labels.promiseToPay"),
  escalated: t("collections.labels.escalated"),
  payment: t("collections.labels.payment"),
  lines_resumed: t("collections.labels.linesResumed"),
  closed: t("collections.labels.caseClosed"),
});

/** "second_reminder_sent" -> "Second reminder sent" (unknown kinds are humanised too). */
export function kindLabel(kind: string): string {
  const known = KIND_LABEL()[kind];
  if (known) return known;
  const words = kind.replace(/[_-]+/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : kind;
}

export const methodLabel = (m: string) => METHOD_LABEL()[m as PaymentMethod] ?? m;

/** Decimal string -> number, for chart scales only (never for arithmetic shown to users). */
export function moneyToNumber(amount: string | null | undefined): number {
  const n = Number(String(amount ?? "").trim());
  return Number.isFinite(n) ? n : 0;
}

