/** Sum of decimal strings, in cents (no float arithmetic on money): the amount that follows
 * the ticked invoices until the operator types one (display only; the server allocates). */
export function sumMoney(amounts: string[]): string {
  let cents = 0;
  for (const a of amounts) {
    const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(a.trim());
    if (!m) continue;
    cents += (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0")));
  }
  const abs = Math.abs(cents);
  return `${cents < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
