// Per-service component editing: form state <-> JSON `components`, plus a
// readable description. The JSON shapes follow the catalog contract:
//   mobile:   {data?: {quota_gb:int}|{unlimited:true}, calls?: {hours:int}|{unlimited:true}}
//   internet: {fiber|adsl: {speed_mbps:int}, landline: {}, tv?: {}}
//   landline: {national?: {unlimited:true}, international_hours?: int, phone_hours?: int}
import { t } from "../i18n";
import type { OfferComponents, Service } from "../api/types";

export interface ComponentsForm {
  // mobile
  dataQuota: string;
  dataUnlimited: boolean;
  callHours: string;
  callsUnlimited: boolean;
  // internet
  access: "fiber" | "adsl";
  speed: string;
  tv: boolean;
  // landline
  nationalUnlimited: boolean;
  internationalHours: string;
  phoneHours: string;
}

export const emptyComponentsForm: ComponentsForm = {
  dataQuota: "",
  dataUnlimited: false,
  callHours: "",
  callsUnlimited: false,
  access: "fiber",
  speed: "",
  tv: false,
  nationalUnlimited: false,
  internationalHours: "",
  phoneHours: "",
};

/**
 * Parse a numeric input WITHOUT rounding: "20" -> 20, "1.5" -> 1.5 (the
 * backend refuses non-integers and says so), "" -> undefined, anything that is
 * not a number is sent as typed so the backend can report it.
 */
export function parseNumberInput(raw: string): number | string | undefined {
  const s = raw.trim();
  if (s === "") return undefined;
  const n = Number(s.replace(",", "."));
  return Number.isFinite(n) ? n : s;
}

/** Monthly fee as a decimal string: "99" -> "99.00", "99,5" -> "99.50"; odd input is sent as typed. */
export function normaliseFee(raw: string): string {
  const s = raw.trim().replace(/\s/g, "");
  const m = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(s);
  if (!m) return s;
  const cents = (m[2] ?? "").padEnd(2, "0");
  return `${m[1]}.${cents}`;
}

type Json = Record<string, unknown>;

export function buildComponents(service: Service, f: ComponentsForm): OfferComponents {
  const out: Json = {};
  if (service === "mobile") {
    if (f.dataUnlimited) out.data = { unlimited: true };
    else {
      const q = parseNumberInput(f.dataQuota);
      if (q !== undefined) out.data = { quota_gb: q };
    }
    if (f.callsUnlimited) out.calls = { unlimited: true };
    else {
      const h = parseNumberInput(f.callHours);
      if (h !== undefined) out.calls = { hours: h };
    }
  } else if (service === "internet") {
    const speed = parseNumberInput(f.speed);
    // An empty speed is sent as null so the backend reports it on `<access>.speed_mbps`, next to the input.
    out[f.access] = { speed_mbps: speed === undefined ? null : speed };
    out.landline = {};
    if (f.tv) out.tv = {};
  } else if (service === "landline") {
    if (f.nationalUnlimited) out.national = { unlimited: true };
    const intl = parseNumberInput(f.internationalHours);
    if (intl !== undefined) out.international_hours = intl;
    const phone = parseNumberInput(f.phoneHours);
    if (phone !== undefined) out.phone_hours = phone;
  }
  return out;
}

function rec(v: unknown): Json | undefined {
  // an object of the components as the API sent it: its entries read, not cast
  return typeof v === "object" && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v)) : undefined;
}

function str(v: unknown): string {
  return typeof v === "number" || typeof v === "string" ? String(v) : "";
}

/** Prefill the form from existing components (for "New version"). */
export function componentsToForm(service: Service, components: unknown): ComponentsForm {
  const c = rec(components) ?? {};
  const f: ComponentsForm = { ...emptyComponentsForm };
  if (service === "mobile") {
    const data = rec(c.data);
    if (data?.unlimited === true) f.dataUnlimited = true;
    else if (data) f.dataQuota = str(data.quota_gb);
    const calls = rec(c.calls);
    if (calls?.unlimited === true) f.callsUnlimited = true;
    else if (calls) f.callHours = str(calls.hours);
  } else if (service === "internet") {
    const adsl = rec(c.adsl);
    const fiber = rec(c.fiber);
    if (adsl && !fiber) {
      f.access = "adsl";
      f.speed = str(adsl.speed_mbps);
    } else {
      f.access = "fiber";
      f.speed = str(fiber?.speed_mbps);
    }
    f.tv = c.tv !== undefined && c.tv !== null;
  } else if (service === "landline") {
    f.nationalUnlimited = rec(c.national)?.unlimited === true;
    f.internationalHours = str(c.international_hours);
    f.phoneHours = str(c.phone_hours);
  }
  return f;
}

/** Human-readable parts, e.g. ["Data 20 GB", "Calls 10 h"]. */
export function describeComponents(service: Service, components: unknown): string[] {
  const c = rec(components) ?? {};
  const parts: string[] = [];
  const known = new Set<string>();
  if (service === "mobile") {
    known.add("data").add("calls");
    const data = rec(c.data);
    if (data?.unlimited === true) parts.push(t("offers.components.unlimitedData"));
    else if (data && data.quota_gb !== undefined) parts.push(t("offers.components.dataGb", { v1: str(data.quota_gb) }));
    const calls = rec(c.calls);
    if (calls?.unlimited === true) parts.push(t("offers.components.unlimitedCalls"));
    else if (calls && calls.hours !== undefined) parts.push(t("offers.components.callsH", { v1: str(calls.hours) }));
  } else if (service === "internet") {
    known.add("fiber").add("adsl").add("landline").add("tv");
    const fiber = rec(c.fiber);
    const adsl = rec(c.adsl);
    if (fiber) parts.push(fiber.speed_mbps !== undefined ? t("offers.components.fiberMbps", { v1: str(fiber.speed_mbps) }) : t("offers.components.fiber"));
    if (adsl) parts.push(adsl.speed_mbps !== undefined ? t("offers.components.adslMbps", { v1: str(adsl.speed_mbps) }) : "ADSL");
    if (c.landline !== undefined) parts.push(t("offers.components.landline"));
    if (c.tv !== undefined && c.tv !== null) parts.push("TV");
  } else if (service === "landline") {
    known.add("national").add("international_hours").add("phone_hours");
    if (rec(c.national)?.unlimited === true) parts.push(t("offers.components.nationalUnlimited"));
    if (c.international_hours !== undefined) parts.push(t("offers.components.internationalH", { v1: str(c.international_hours) }));
    if (c.phone_hours !== undefined) parts.push(t("offers.components.phoneH", { v1: str(c.phone_hours) }));
  }
  for (const [k, v] of Object.entries(c)) {
    if (!known.has(k)) parts.push(`${k}: ${JSON.stringify(v)}`);
  }
  return parts;
}

export function describeComponentsText(service: Service, components: unknown): string {
  const parts = describeComponents(service, components);
  return parts.length ? parts.join(", ") : t("offers.components.noComponents");
}

export function commitmentLabel(months: number): string {
  return months === 0 ? t("offers.components.none") : t("offers.components.months", { months });
}

export const SERVICE_LABEL = (): Record<string, string> => ({
  mobile: t("offers.components.mobile"),
  internet: t("offers.components.internet"),
  landline: t("offers.components.landline"),
});

// ---------------------------------------------------------------------------
// Mapping of backend error field paths to form inputs ("slots").

export type Slot =
  | "code" | "name" | "service" | "monthly_fee" | "commitment_months" | "components"
  | "data_quota" | "data" | "call_hours" | "calls"
  | "speed" | "access" | "landline" | "tv"
  | "national" | "international_hours" | "phone_hours";

const COMMON: [string, Slot][] = [
  ["code", "code"],
  ["name", "name"],
  ["service", "service"],
  ["monthly_fee", "monthly_fee"],
  ["commitment_months", "commitment_months"],
  ["components", "components"],
];

const PER_SERVICE: Record<Service, [string, Slot][]> = {
  mobile: [
    ["components.data.quota_gb", "data_quota"],
    ["components.data", "data"],
    ["components.calls.hours", "call_hours"],
    ["components.calls", "calls"],
  ],
  internet: [
    ["components.fiber.speed_mbps", "speed"],
    ["components.adsl.speed_mbps", "speed"],
    ["components.fiber", "access"],
    ["components.adsl", "access"],
    ["components.landline", "landline"],
    ["components.tv", "tv"],
  ],
  landline: [
    ["components.national", "national"],
    ["components.international_hours", "international_hours"],
    ["components.phone_hours", "phone_hours"],
  ],
};

export interface AssignedErrors {
  bySlot: Partial<Record<Slot, string[]>>;
  unmatched: { field: string; message: string }[];
}

/** Longest-prefix match of each error's field path onto the inputs shown for `service`. */
export function assignErrors(
  service: Service | undefined,
  errors: { field: string; message: string }[],
  visible: Set<Slot>,
): AssignedErrors {
  const table = [...COMMON, ...(service ? PER_SERVICE[service] : [])]
    .filter(([, slot]) => visible.has(slot))
    .sort((a, b) => b[0].length - a[0].length);
  const bySlot: AssignedErrors["bySlot"] = {};
  const unmatched: AssignedErrors["unmatched"] = [];
  for (const e of errors) {
    const hit = table.find(([prefix]) => e.field === prefix || e.field.startsWith(prefix + "."));
    if (hit) (bySlot[hit[1]] ??= []).push(e.message);
    else unmatched.push(e);
  }
  return { bySlot, unmatched };
}
