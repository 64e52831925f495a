import { useLocation, useNavigate, useParams, useSearchParams } from "react-router-dom";

/**
 * The console's addresses. Every detail has a path of its own, which can be linked, bookmarked
 * and reloaded (the gateway answers index.html for any console path):
 *   /clients/:id   /invoices/:id   /contracts/:id   /collections/cases/:id
 * The lists and forms of a tab are `/?tab=<tab>&<filters>` (filters live in the URL).
 * The former detail addresses (`/?tab=invoices&invoice=<id>`...) redirect to the paths.
 */
export const DETAILS = {
  clients: { param: "client", path: "/clients/" },
  invoices: { param: "invoice", path: "/invoices/" },
  contracts: { param: "contract", path: "/contracts/" },
  collections: { param: "case", path: "/collections/cases/" },
} as const;

export type DetailTab = keyof typeof DETAILS;

function detailOf(tab: string) {
  return (DETAILS as Record<string, { param: string; path: string } | undefined>)[tab];
}

/** The path of a detail screen, its other parameters kept in the query (`?created=1`). */
export function detailPath(tab: DetailTab, id: string, rest?: URLSearchParams): string {
  const query = rest && [...rest.keys()].length ? `?${rest.toString()}` : "";
  return `${DETAILS[tab].path}${encodeURIComponent(id)}${query}`;
}

/**
 * URL-state navigation inside one workspace tab: `go({client: id, view: null})`. `params`
 * shows the detail id of a detail path (`/invoices/:id`) as its parameter (`invoice`), so a
 * tab reads one set of parameters whatever the address; `go` writes a detail as its path.
 */
export function useTabNav(tab: string) {
  const [search] = useSearchParams();
  const { id } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const detail = detailOf(tab);
  const params = new URLSearchParams(search);
  if (detail && id && location.pathname.startsWith(detail.path)) params.set(detail.param, id);

  const go = (next: Record<string, string | null>, opts?: { replace?: boolean; reset?: boolean }) => {
    const p = opts?.reset ? new URLSearchParams() : new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === null || v === "") p.delete(k);
      else p.set(k, v);
    }
    const detailId = detail ? p.get(detail.param) : null;
    if (detail && detailId) {
      p.delete(detail.param);
      p.delete("tab");
      navigate(detailPath(tab as DetailTab, detailId, p), { replace: opts?.replace });
      return;
    }
    p.set("tab", tab);
    navigate({ pathname: "/", search: `?${p.toString()}` }, { replace: opts?.replace });
  };
  return { params, go };
}

export const clientHref = (id: string) => detailPath("clients", id);
export const contractHref = (id: string) => detailPath("contracts", id);
export const invoiceHref = (id: string) => detailPath("invoices", id);
export const caseHref = (id: string) => detailPath("collections", id);
export const clientInvoicesHref = (clientId: string) => `/?tab=invoices&client=${encodeURIComponent(clientId)}`;
/** Collections tab with the "Post a payment" form prefilled with this client. */
export const postPaymentHref = (clientId: string) => `/?tab=collections&pay=${encodeURIComponent(clientId)}`;
/** Contracts tab with this client chosen (their lines, a new contract). */
export const clientContractsHref = (clientId: string) => `/?tab=contracts&client=${encodeURIComponent(clientId)}`;
/** Partner API screen (API keys, webhooks): reached from the header, not one of the five main tabs. */
export const partnersHref = "/?tab=partners";
