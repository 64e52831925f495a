// Small display helpers shared by the clients / contracts screens.
import { intlLocale, t } from "../i18n";

/**
 * "99" | "99.5" | "99.00" -> the amount in dirhams for the current language, with Intl
 * ("99,00 MAD" in French, "MAD 99.00" in English, "99,00 د.م." in Arabic). The decimal
 * string goes to Intl as a string (exact decimal, Intl.NumberFormat v3): never a float.
 */
export function formatMoney(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === "") return "—";
  const text = String(amount).trim();
  if (!/^-?\d+(?:\.\d+)?$/.test(text)) return t("common.format.mad", { amount });
  return moneyFormat().format(text as unknown as number);
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(name: string, make: (locale: string) => F): F {
  const locale = intlLocale();
  const k = `${name}:${locale}`;
  let f = cache.get(k) as F | undefined;
  if (!f) cache.set(k, (f = make(locale)));
  return f;
}
const moneyFormat = () => cached("money", (l) => new Intl.NumberFormat(l, { style: "currency", currency: "MAD", minimumFractionDigits: 2, maximumFractionDigits: 2 }));

/** A calendar date (YYYY-MM-DD, or the date part of a timestamp) in the current language: "27 sept. 2026"; empty -> em dash. */
export function formatDate(iso: string | null | undefined, style: "medium" | "long" = "medium"): string {
  if (!iso) return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  // a calendar date, not an instant: formatted in UTC so no time zone moves it a day
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return cached(`date-${style}`, (l) => new Intl.DateTimeFormat(l, { dateStyle: style, timeZone: "UTC" })).format(d);
}

/** "2026-09" -> "septembre 2026" / "September 2026" / "شتنبر 2026" (anything else as is). */
export function formatPeriod(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return period;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return cached("period", (l) => new Intl.DateTimeFormat(l, { month: "long", year: "numeric", timeZone: "UTC" })).format(d);
}

/** A timestamp in the current language, date and time ("27 sept. 2026, 13:05"). */
export function formatDateTimeLocal(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return cached("datetime", (l) => new Intl.DateTimeFormat(l, { dateStyle: "medium", timeStyle: "short" })).format(d);
}

/** Today as YYYY-MM-DD in the operator's local time. */
export function todayIso(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function shortId(id: string | null | undefined): string {
  return id ? id.slice(0, 8) : "—";
}

/** "First Last"; identity fields are null once a client is anonymised. */
export function fullName(
  c: { first_name?: string | null; last_name?: string | null; company_name?: string | null } | null | undefined,
): string {
  if (!c) return "—";
  // a business is named by its company (its contact person is shown beside it)
  if (c.company_name) return c.company_name;
  return `${c.first_name ?? ""} ${c.last_name ?? ""}`.trim() || t("common.format.anonymisedClient");
}

/** Longest-prefix match of backend field paths onto the inputs a form shows. */
export function assignFieldErrors<S extends string>(
  errors: { field: string; message: string }[],
  table: [string, S][],
): { bySlot: Partial<Record<S, string[]>>; unmatched: { field: string; message: string }[] } {
  const sorted = [...table].sort((a, b) => b[0].length - a[0].length);
  const bySlot: Partial<Record<S, string[]>> = {};
  const unmatched: { field: string; message: string }[] = [];
  for (const e of errors) {
    const hit = sorted.find(([prefix]) => e.field === prefix || e.field.startsWith(prefix + "."));
    if (hit) (bySlot[hit[1]] ??= []).push(e.message);
    else unmatched.push(e);
  }
  return { bySlot, unmatched };
}

export function uuid(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // Fallback for non-secure contexts (plain http on a LAN address).
  return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === "x" ? r : (r & 0x3) | 0x8).toString(16);
  });
}

/** 1234567 -> "1 234 567" (French), "1,234,567" (English): Intl grouping of the current language. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return cached("count", (l) => new Intl.NumberFormat(l, { maximumFractionDigits: 0 })).format(Math.trunc(n));
}

/** The last finished month as YYYY-MM (default period of a bill run). */
export function previousMonth(): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

/** `value` when it is one of `allowed` (a URL filter, a select's value), else "": no cast needed. */
export function oneOf<T extends string>(allowed: readonly T[], value: string | null | undefined): T | "" {
  return allowed.find((a) => a === value) ?? "";
}
