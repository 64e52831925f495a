// Webhook event types a subscription can ask for (identity service, domain/partners.py),
// plus "*" for every event. Shown as checkboxes in "Add a webhook".

export const ALL_EVENTS = "*";

export const EVENT_TYPES = [
  "contract.activated",
  "contract.suspended",
  "contract.resumed",
  "contract.terminated",
  "contract.superseded",
  "contract.change_scheduled",
  "contract.scheduled_change_cancelled",
  "order.completed",
  "invoice.issued",
  "credit_note.issued",
  "bill_run.completed",
  "payment.posted",
  "payment.reversed",
  "case.opened",
  "case.closed",
] as const;

export function eventLabel(type: string): string {
  return type === ALL_EVENTS ? "All events" : type;
}

/** "mtf_<prefix>_…": the public part of a key (the secret part is never shown again). */
export function keyMask(prefix: string): string {
  return `mtf_${prefix}_…`;
}
