import { useSearchParams } from "react-router-dom";

/** URL-state navigation inside one workspace tab: `go({client: id, view: null})`. */
export function useTabNav(tab: string) {
  const [params, setParams] = useSearchParams();
  const go = (next: Record<string, string | null>, opts?: { replace?: boolean; reset?: boolean }) => {
    const p = opts?.reset ? new URLSearchParams() : new URLSearchParams(params);
    p.set("tab", tab);
    for (const [k, v] of Object.entries(next)) {
      if (v === null || v === "") p.delete(k);
      else p.set(k, v);
    }
    setParams(p, { replace: opts?.replace });
  };
  return { params, go };
}

export const clientHref = (id: string) => `/?tab=clients&client=${encodeURIComponent(id)}`;
export const contractHref = (id: string) => `/?tab=contracts&contract=${encodeURIComponent(id)}`;
export const invoiceHref = (id: string) => `/?tab=invoices&invoice=${encodeURIComponent(id)}`;
export const clientInvoicesHref = (clientId: string) => `/?tab=invoices&client=${encodeURIComponent(clientId)}`;
export const caseHref = (id: string) => `/?tab=collections&case=${encodeURIComponent(id)}`;
/** Collections tab with the "Post a payment" form prefilled with this client. */
export const postPaymentHref = (clientId: string) => `/?tab=collections&pay=${encodeURIComponent(clientId)}`;
/** Partner API screen (API keys, webhooks): reached from the header, not one of the five main tabs. */
export const partnersHref = "/?tab=partners";
