import { t } from "../i18n";
import { api } from "../api/client";
import { useCursorList } from "../components/useCursorList";
import { keys } from "../api/query";
import { ClientPicker } from "../components/ClientPicker";
import type { InvoiceExportQuery, InvoiceListQuery } from "../api/types";
import { DownloadButton } from "../components/DownloadButton";
import { INVOICE_STATUSES } from "../api/types";
import { StatusBadge } from "../components/ui";
import { ListScreen, useUrlFilters } from "../components/ListScreen";
import { formatCount, formatDate, formatMoney, oneOf } from "../components/format";
import { invoiceHref } from "../components/nav";
import { clientLabel, useClientNames } from "./clientNames";

const PAGE_SIZE = 25;

const SORTS = (): { value: string; label: string }[] => ([
  { value: "-issue_date", label: t("invoices.invoiceList.newestFirst") },
  { value: "issue_date", label: t("invoices.invoiceList.oldestFirst") },
  { value: "-number", label: t("invoices.invoiceList.numberDesc") },
  { value: "number", label: t("invoices.invoiceList.numberAsc") },
  { value: "-total", label: t("invoices.invoiceList.totalHighLow") },
  { value: "total", label: t("invoices.invoiceList.totalLowHigh") },
  { value: "due_date", label: t("invoices.invoiceList.dueDateSoonest") },
  { value: "-period", label: t("invoices.invoiceList.periodLatest") },
]);
const DEFAULT_SORT = "-issue_date";

interface Props {
  onOpen: (id: string) => void;
  reloadKey?: number;
}

/** Invoices list; filters live in the URL (?client=&period=&status=&sort=). */
export function InvoiceList({ onOpen, reloadKey = 0 }: Props) {
  const filters = useUrlFilters("invoices");
  const clientParam = filters.get("client");
  const period = filters.get("period");
  const status = oneOf(INVOICE_STATUSES, filters.get("status"));
  const sort = filters.get("sort", DEFAULT_SORT);

  const list = useCursorList(
    [...keys.invoices, "list", { clientParam, period, status, sort, reloadKey }],
    fetchPage,
  );
  const { items, total } = list;
  const names = useClientNames([...items.map((i) => i.client_id), ...(clientParam ? [clientParam] : [])]);
  const setFilter = filters.set;

  function fetchPage(cursor: string | null) {
    const query: InvoiceListQuery = { limit: PAGE_SIZE, sort };
    if (clientParam) query.client_id = clientParam;
    if (period) query.period = period;
    if (status) query.status = status;
    if (cursor) query.cursor = cursor;
    return api.GET("/api/v1/invoices", { params: { query } });
  }

  /** The export of the list's current filters (GET /api/v1/invoices/export). */
  function exportCsv(signal: AbortSignal) {
    const query: InvoiceExportQuery = {};
    if (clientParam) query.client_id = clientParam;
    if (period) query.period = period;
    if (status) query.status = status;
    return api.GET("/api/v1/invoices/export", { params: { query }, parseAs: "stream", signal });
  }

  const filtered = !!(clientParam || period || status);
  const clientName = clientParam ? names.get(clientParam) : undefined;

  return (
    <section className="card" aria-labelledby="invoices-title">
      <div className="card-header">
        <h2 id="invoices-title">{t("invoices.invoiceList.invoices")}</h2>
        <p className="muted">
          {clientName ? (
            <>
              {t("invoices.invoiceList.invoicesOf")} <strong>{clientName}</strong>.
            </>
          ) : (
            t("invoices.invoiceList.everyInvoiceIssuedByTheBill")
          )}
        </p>
      </div>

      <div className="filters" role="search">
        <ClientPicker id="invoices-client" label={t("invoices.invoiceList.client")} value={clientParam} onChange={(id) => setFilter("client", id)} inline />
        <div className="field field-inline">
          <label htmlFor="invoices-period">{t("invoices.invoiceList.periodFilter")}</label>
          <input id="invoices-period" type="month" value={period} onChange={(e) => setFilter("period", e.target.value)} />
        </div>
        <div className="field field-inline">
          <label htmlFor="invoices-status">{t("invoices.invoiceList.status")}</label>
          <select id="invoices-status" value={status} onChange={(e) => setFilter("status", e.target.value)}>
            <option value="">{t("invoices.invoiceList.allStatuses")}</option>
            {INVOICE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="invoices-sort">{t("invoices.invoiceList.sort")}</label>
          <select id="invoices-sort" value={sort} onChange={(e) => setFilter("sort", e.target.value === DEFAULT_SORT ? "" : e.target.value)}>
            {SORTS().map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        {filtered ? (
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => filters.clear(["client", "period", "status"])}
          >
            {t("invoices.invoiceList.clearFilters")}
          </button>
        ) : null}
        <DownloadButton request={exportCsv} fallbackName="invoices.csv" testId="invoices-export" />
        <div className="filters-total" aria-live="polite" data-testid="invoices-total">
          {total !== null ? (
            <>
              <strong>{formatCount(total)}</strong> {total === 1 ? "invoice" : "invoices"}
              {items.length < total ? <span className="muted"> {t("invoices.invoiceList.showing")} {items.length}</span> : null}
            </>
          ) : null}
        </div>
      </div>

      <ListScreen
        list={list}
        label={t("invoices.invoiceList.invoices")}
        loadingLabel={t("invoices.invoiceList.loadingInvoices")}
        empty={<p>{filtered ? t("invoices.invoiceList.noInvoiceMatchesTheseFilters") : t("invoices.invoiceList.noInvoiceYetStartABill")}</p>}
        head={
              <tr>
                <th scope="col">{t("invoices.invoiceList.number")}</th>
                <th scope="col">{t("invoices.invoiceList.client")}</th>
                <th scope="col">{t("invoices.invoiceList.period")}</th>
                <th scope="col">{t("invoices.invoiceList.issueDate")}</th>
                <th scope="col">{t("invoices.invoiceList.dueDate")}</th>
                <th scope="col" className="num">{t("invoices.invoiceList.total")}</th>
                <th scope="col" className="num">{t("invoices.invoiceList.amountDue")}</th>
                <th scope="col">{t("invoices.invoiceList.status")}</th>
              </tr>
        }
        row={(inv) => (
                <tr key={inv.id} onClick={() => onOpen(inv.id)}>
                  <td>
                    <a
                      className="row-link mono"
                      href={invoiceHref(inv.id)}
                      onClick={(e) => {
                        e.preventDefault();
                        e.stopPropagation();
                        onOpen(inv.id);
                      }}
                    >
                      {inv.number}
                    </a>
                  </td>
                  <td title={inv.client_id}>{clientLabel(names, inv.client_id)}</td>
                  <td className="mono">{inv.period}</td>
                  <td className="mono">{formatDate(inv.issue_date)}</td>
                  <td className="mono">{formatDate(inv.due_date)}</td>
                  <td className="num mono">{formatMoney(inv.total)}</td>
                  <td className="num mono">{formatMoney(inv.amount_due)}</td>
                  <td>
                    <StatusBadge status={inv.status} />
                  </td>
                </tr>
        )}
        loadMoreLabel={t("invoices.invoiceList.loadMore")}
      />
    </section>
  );
}
