// Consumer wording for offers, lines and invoices on the public landing page.
import { t } from "../i18n";
import type { SelfServiceContract, SelfServiceInvoice, SelfServiceOffer } from "../api/types";
import { formatDate, formatMoney, formatPeriod } from "../components/format";

export type ServiceKey = SelfServiceOffer["service"];
export const SERVICE_KEYS: readonly ServiceKey[] = ["mobile", "internet", "landline"];
export const SERVICE_NAME = (): Record<ServiceKey, string> => ({ mobile: t("landing.describe.mobile"), internet: t("landing.describe.internet"), landline: t("landing.describe.landline") });
export const SERVICE_TAGLINE = (): Record<ServiceKey, string> => ({
  mobile: t("landing.describe.callsAndDataOnYourSmartphone"),
  internet: t("landing.describe.fiberOrAdslForTheWhole"),
  landline: t("landing.describe.aHomePhoneLineWithGenerous"),
});

type Json = Record<string, unknown>;
/** An object of the components (a JSON object as the API sent it), else undefined: read, not cast. */
const rec = (v: unknown): Json | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v)) : undefined;
const num = (v: unknown): string | null => (typeof v === "number" || (typeof v === "string" && v !== "") ? String(v) : null);
const hours = (h: string) => (h === "1" ? t("landing.describe.n1Hour") : t("landing.describe.hours", { h }));

/** What the offer includes, in plain words ("20 GB of mobile data", "Unlimited calls"). */
export function offerIncludes(service: ServiceKey, components: unknown): string[] {
  const c = rec(components) ?? {};
  const out: string[] = [];
  if (service === "mobile") {
    const data = rec(c.data);
    if (data?.unlimited === true) out.push(t("landing.describe.unlimitedMobileData"));
    else if (data && num(data.quota_gb)) out.push(t("landing.describe.gbOfMobileData", { v1: num(data.quota_gb) }));
    const calls = rec(c.calls);
    if (calls?.unlimited === true) out.push(t("landing.describe.unlimitedCalls"));
    else if (calls && num(calls.hours)) out.push(t("landing.describe.ofCalls", { v1: hours(num(calls.hours)!) }));
  } else if (service === "internet") {
    const fiber = rec(c.fiber);
    const adsl = rec(c.adsl);
    if (fiber) out.push(num(fiber.speed_mbps) ? t("landing.describe.fiberUpToMbps", { v1: num(fiber.speed_mbps) }) : t("landing.describe.fiberInternet"));
    if (adsl) out.push(num(adsl.speed_mbps) ? t("landing.describe.adslUpToMbps", { v1: num(adsl.speed_mbps) }) : t("landing.describe.adslInternet"));
    if (c.landline !== undefined && c.landline !== null) out.push(t("landing.describe.homePhoneLineIncluded"));
    if (c.tv !== undefined && c.tv !== null) out.push(t("landing.describe.tvIncluded"));
  } else if (service === "landline") {
    if (rec(c.national)?.unlimited === true) out.push(t("landing.describe.unlimitedNationalCalls"));
    if (num(c.phone_hours)) out.push(t("landing.describe.ofCalls", { v1: hours(num(c.phone_hours)!) }));
    if (num(c.international_hours)) out.push(t("landing.describe.ofInternationalCalls", { v1: hours(num(c.international_hours)!) }));
  }
  if (out.length === 0) out.push(t("landing.describe.line", { v1: SERVICE_NAME()[service] ?? "Service" }));
  return out;
}

export function commitmentText(months: number): string {
  return months > 0 ? t("landing.describe.monthCommitment", { months }) : t("landing.describe.noCommitment");
}

/** "99.00 MAD / month" */
export function monthlyPrice(fee: string): string {
  return t("landing.describe.month", { v1: formatMoney(fee) });
}

export const CONTRACT_STATUS_TEXT = (): Record<SelfServiceContract["status"], string> => ({
  pending: t("landing.describe.startingSoon"),
  active: t("landing.describe.active"),
  suspended: t("landing.describe.suspended"),
  terminated: t("landing.describe.ended"),
  superseded: t("landing.describe.replaced"),
});

export const INVOICE_STATUS_TEXT = (): Record<SelfServiceInvoice["status"], string> => ({
  issued: t("landing.describe.toPay"),
  partially_paid: t("landing.describe.partlyPaid"),
  paid: t("landing.describe.paid"),
  credited: t("landing.describe.credited"),
  overdue: t("landing.describe.overdue"),
});

/** "2026-09" -> "September 2026", in the page's language (Intl). */
export function periodText(period: string): string {
  return formatPeriod(period);
}

/** "2026-11-27" -> "27 November 2026", in the page's language (Intl). */
export function dateText(iso: string | null | undefined): string {
  return formatDate(iso, "long");
}

export const OUTCOME_TEXT = (): Record<string, string> => ({
  new_client: t("landing.describe.yourCustomerAccountIsCreatedAnd"),
  new_line: t("landing.describe.aNewLineIsAddedTo"),
  plan_change: t("landing.describe.yourPlanIsChanged"),
});
