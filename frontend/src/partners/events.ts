// Webhook event types a subscription can ask for (identity service, domain/partners.py),
// plus "*" for every event. Shown as checkboxes in "Add a webhook".
import type { components } from "../api/schema";
import { t } from "../i18n";

/** A type a subscription may name (the document lists them). */
export type EventType = components["schemas"]["SubscriptionCreate"]["event_types"][number];

export const ALL_EVENTS: EventType = "*";

export const EVENT_TYPES = [
  "bill_run.completed",
  "case.closed",
  "case.opened",
  "case.step_taken",
  "contract.activated",
  "contract.cancelled",
  "contract.change_scheduled",
  "contract.created",
  "contract.imported",
  "contract.plan_change_scheduled",
  "contract.resumed",
  "contract.scheduled_change_cancelled",
  "contract.superseded",
  "contract.suspended",
  "contract.terminated",
  "credit_note.issued",
  "invoice.issued",
  "order.completed",
  "payment.credit_applied",
  "payment.credit_returned",
  "payment.posted",
  "payment.reversed",
] as const satisfies readonly EventType[];

export function eventLabel(type: string): string {
  return type === ALL_EVENTS ? t("partners.events.allEvents") : type;
}

/** "mtf_<prefix>_…": the public part of a key (the secret part is never shown again). */
export function keyMask(prefix: string): string {
  return `mtf_${prefix}_…`;
}
