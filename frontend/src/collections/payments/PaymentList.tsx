import { t } from "../../i18n";
import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { api } from "../../api/client";
import { keys } from "../../api/query";
import type { PaymentExportQuery, PaymentListQuery, PaymentStatus } from "../../api/types";
import { PAYMENT_STATUSES } from "../../api/types";
import { ClientPicker } from "../../components/ClientPicker";
import { DownloadButton } from "../../components/DownloadButton";
import { DateTime, Notice, StatusBadge } from "../../components/ui";
import { ListScreen } from "../../components/ListScreen";
import { formatCount, formatDate, formatMoney, oneOf } from "../../components/format";
import { clientHref, invoiceHref } from "../../components/nav";
import { useCursorList } from "../../components/useCursorList";
import { clientLabel, useClientNames } from "../../invoices/clientNames";
import { methodLabel } from "../labels";
import { ReversePanel } from "./ReversePanel";

const PAGE_SIZE = 20;

/** Payments list with a client filter and the "Reverse" action per posted payment. */
export function PaymentList({ initialClientId, onChanged }: { initialClientId: string; reloadKey?: number; onChanged: () => void }) {
  const [clientFilter, setClientFilter] = useState(initialClientId);
  const [status, setStatus] = useState<PaymentStatus | "">("");
  const [reversing, setReversing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useCursorList(
    [...keys.payments, "list", { clientFilter, status }],
    fetchPage,
  );
  const { items, total } = list;
  const names = useClientNames(items.map((p) => p.client_id));

  useEffect(() => setClientFilter(initialClientId), [initialClientId]);

  function fetchPage(cursor: string | null) {
    const query: PaymentListQuery = { limit: PAGE_SIZE, sort: "-created_at" };
    if (clientFilter) query.client_id = clientFilter;
    if (status) query.status = status;
    if (cursor) query.cursor = cursor;
    return api.GET("/api/v1/payments", { params: { query } });
  }

  /** The export of the list's current filters (GET /api/v1/payments/export). */
  function exportCsv(signal: AbortSignal) {
    const query: PaymentExportQuery = {};
    if (clientFilter) query.client_id = clientFilter;
    if (status) query.status = status;
    return api.GET("/api/v1/payments/export", { params: { query }, parseAs: "stream", signal });
  }


  return (
    <section className="card" aria-labelledby="payments-title">
      <div className="card-header">
        <h2 id="payments-title">{t("collections.payments.payments")}</h2>
        <p className="muted">{t("collections.payments.postedPaymentsAndTheirAllocationsReversing")}</p>
      </div>
      <div className="filters" role="search" aria-label={t("collections.payments.paymentFilters")}>
        <ClientPicker id="payments-client" label={t("collections.payments.filterByClient")} value={clientFilter} onChange={(id) => setClientFilter(id)} inline />
        <div className="field field-inline">
          <label htmlFor="payments-status">{t("collections.payments.paymentStatus")}</label>
          <select id="payments-status" value={status} onChange={(e) => setStatus(oneOf(PAYMENT_STATUSES, e.target.value))}>
            <option value="">{t("collections.payments.allStatuses")}</option>
            {PAYMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <DownloadButton request={exportCsv} fallbackName="payments.csv" testId="payments-export" />
        <div className="filters-total" aria-live="polite" data-testid="payments-total">
          {total !== null ? (
            <>
              <strong>{formatCount(total)}</strong> {total === 1 ? "payment" : "payments"}
              {items.length < total ? <span className="muted"> {t("collections.payments.showing")} {items.length}</span> : null}
            </>
          ) : null}
        </div>
      </div>

      {notice ? <Notice onDismiss={() => setNotice(null)}>{notice}</Notice> : null}
      <ListScreen
        list={list}
        label={t("collections.payments.payments")}
        loadingLabel={t("collections.payments.loadingPayments")}
        tableClassName="table payments-table"
        empty={<><p>{clientFilter || status ? t("collections.payments.noPaymentMatchesTheseFilters") : t("collections.payments.noPaymentYet")}</p></>}
        head={<tr>
                <th scope="col">{t("collections.payments.receivedOn")}</th>
                <th scope="col">{t("collections.payments.client")}</th>
                <th scope="col" className="num">{t("collections.payments.amount")}</th>
                <th scope="col">{t("collections.payments.method")}</th>
                <th scope="col">{t("collections.payments.reference")}</th>
                <th scope="col">{t("collections.payments.allocatedTo")}</th>
                <th scope="col" className="num">{t("collections.payments.credit")}</th>
                <th scope="col">{t("collections.payments.status")}</th>
                <th scope="col">
                  <span className="sr-only">{t("collections.payments.actions")}</span>
                </th>
              </tr>}
        row={(p) => {
                const rows = [
                  <tr key={p.id} className={reversing === p.id ? "row-selected" : undefined} data-testid="payment-row">
                    <td className="mono">{formatDate(p.received_on)}</td>
                    <td title={p.client_id}>
                      <Link className="row-link" to={clientHref(p.client_id)}>
                        {clientLabel(names, p.client_id)}
                      </Link>
                    </td>
                    <td className="num mono">{formatMoney(p.amount)}</td>
                    <td>{methodLabel(p.method)}</td>
                    <td className="mono">{p.reference}</td>
                    <td>
                      {p.allocations.length === 0 ? (
                        <span className="muted">—</span>
                      ) : (
                        <ul className="inline-list">
                          {p.allocations.map((a) => (
                            <li key={a.invoice_id}>
                              <Link className="code-link" to={invoiceHref(a.invoice_id)}>
                                {a.invoice_number}
                              </Link>{" "}
                              <span className="muted small mono">{formatMoney(a.amount)}</span>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td className="num mono">{formatMoney(p.credit)}</td>
                    <td>
                      <StatusBadge status={p.status} />
                      {p.status === "reversed" ? (
                        <div className="muted small" title={p.reversal_reason ?? undefined}>
                          <DateTime iso={p.reversed_at} />
                          {p.reversal_reason ? ` · ${p.reversal_reason}` : ""}
                        </div>
                      ) : null}
                    </td>
                    <td>
                      {p.status === "posted" ? (
                        <button
                          type="button"
                          className="btn btn-danger"
                          aria-expanded={reversing === p.id}
                          title={t("collections.payments.reverseThePaymentOf", { reference: p.reference, v2: formatMoney(p.amount) })}
                          onClick={() => {
                            setNotice(null);
                            setReversing((cur) => (cur === p.id ? null : p.id));
                          }}
                        >
                          {t("collections.payments.reverse")}
                        </button>
                      ) : null}
                    </td>
                  </tr>,
                ];
                if (reversing === p.id) {
                  rows.push(
                    <tr key={`${p.id}-reverse`} className="row-panel">
                      <td colSpan={9}>
                        <ReversePanel
                          payment={p}
                          onCancel={() => setReversing(null)}
                          onDone={(out) => {
                            setReversing(null);
                            setNotice(t("collections.payments.paymentOfReversed", { reference: out.reference, v2: formatMoney(out.amount) }));
                            onChanged();
                          }}
                        />
                      </td>
                    </tr>,
                  );
                }
                return rows;
              }}
        loadMoreLabel={t("collections.payments.loadMorePayments")}
      />
    </section>
  );
}
