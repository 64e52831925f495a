// Consumer wording for offers, lines and invoices on the public landing page.
import type { SelfServiceContract, SelfServiceInvoice, SelfServiceOffer } from "../api/types";
import { formatMoney } from "../components/format";

export type ServiceKey = SelfServiceOffer["service"];
export const SERVICE_KEYS: readonly ServiceKey[] = ["mobile", "internet", "landline"];
export const SERVICE_NAME: Record<ServiceKey, string> = { mobile: "Mobile", internet: "Internet", landline: "Landline" };
export const SERVICE_TAGLINE: Record<ServiceKey, string> = {
  mobile: "Calls and data on your smartphone, across Morocco.",
  internet: "Fiber or ADSL for the whole home, with a landline included.",
  landline: "A home phone line with generous calling hours.",
};

type Json = Record<string, unknown>;
const rec = (v: unknown): Json | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
const num = (v: unknown): string | null => (typeof v === "number" || (typeof v === "string" && v !== "") ? String(v) : null);
const hours = (h: string) => (h === "1" ? "1 hour" : `${h} hours`);

/** What the offer includes, in plain words ("20 GB of mobile data", "Unlimited calls"). */
export function offerIncludes(service: ServiceKey, components: unknown): string[] {
  const c = rec(components) ?? {};
  const out: string[] = [];
  if (service === "mobile") {
    const data = rec(c.data);
    if (data?.unlimited === true) out.push("Unlimited mobile data");
    else if (data && num(data.quota_gb)) out.push(`${num(data.quota_gb)} GB of mobile data`);
    const calls = rec(c.calls);
    if (calls?.unlimited === true) out.push("Unlimited calls");
    else if (calls && num(calls.hours)) out.push(`${hours(num(calls.hours)!)} of calls`);
  } else if (service === "internet") {
    const fiber = rec(c.fiber);
    const adsl = rec(c.adsl);
    if (fiber) out.push(num(fiber.speed_mbps) ? `Fiber up to ${num(fiber.speed_mbps)} Mbps` : "Fiber internet");
    if (adsl) out.push(num(adsl.speed_mbps) ? `ADSL up to ${num(adsl.speed_mbps)} Mbps` : "ADSL internet");
    if (c.landline !== undefined && c.landline !== null) out.push("Home phone line included");
    if (c.tv !== undefined && c.tv !== null) out.push("TV included");
  } else if (service === "landline") {
    if (rec(c.national)?.unlimited === true) out.push("Unlimited national calls");
    if (num(c.phone_hours)) out.push(`${hours(num(c.phone_hours)!)} of calls`);
    if (num(c.international_hours)) out.push(`${hours(num(c.international_hours)!)} of international calls`);
  }
  if (out.length === 0) out.push(`${SERVICE_NAME[service] ?? "Service"} line`);
  return out;
}

export function commitmentText(months: number): string {
  return months > 0 ? `${months}-month commitment` : "No commitment";
}

/** "99.00 MAD / month" */
export function monthlyPrice(fee: string): string {
  return `${formatMoney(fee)} / month`;
}

export const CONTRACT_STATUS_TEXT: Record<SelfServiceContract["status"], string> = {
  pending: "Starting soon",
  active: "Active",
  suspended: "Suspended",
  terminated: "Ended",
  superseded: "Replaced",
};

export const INVOICE_STATUS_TEXT: Record<SelfServiceInvoice["status"], string> = {
  issued: "To pay",
  partially_paid: "Partly paid",
  paid: "Paid",
  credited: "Credited",
  overdue: "Overdue",
};

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2026-09" -> "September 2026" (anything else as is). */
export function periodText(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return period;
  const name = MONTHS[Number(m[2]) - 1];
  return name ? `${name} ${m[1]}` : period;
}

/** "2026-11-27" -> "27 November 2026". */
export function dateText(iso: string | null | undefined): string {
  if (!iso) return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const name = MONTHS[Number(m[2]) - 1];
  return name ? `${Number(m[3])} ${name} ${m[1]}` : iso;
}

export const OUTCOME_TEXT: Record<string, string> = {
  new_client: "Your customer account is created and your new line is ordered.",
  new_line: "A new line is added to your account.",
  plan_change: "Your plan is changed.",
};
