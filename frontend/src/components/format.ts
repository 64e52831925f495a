// Small display helpers shared by the clients / contracts screens.

/** "99" | "99.5" | "99.00" -> "99.00 MAD" (decimal strings are never parsed as floats). */
export function formatMoney(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === "") return "—";
  const m = /^(-?\d+)(?:\.(\d+))?$/.exec(String(amount).trim());
  if (!m) return `${amount} MAD`;
  const cents = (m[2] ?? "").padEnd(2, "0");
  return `${m[1]}.${cents} MAD`;
}

/** ISO date (YYYY-MM-DD) shown as is; empty -> em dash. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  return iso.length > 10 && /^\d{4}-\d{2}-\d{2}T/.test(iso) ? iso.slice(0, 10) : iso;
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
export function fullName(c: { first_name?: string | null; last_name?: string | null } | null | undefined): string {
  if (!c) return "—";
  return `${c.first_name ?? ""} ${c.last_name ?? ""}`.trim() || "Anonymised client";
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

/** 1234567 -> "1 234 567" (thin grouping with a plain space, as on the invoices). */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, " ");
}

/** The last finished month as YYYY-MM (default period of a bill run). */
export function previousMonth(): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}
