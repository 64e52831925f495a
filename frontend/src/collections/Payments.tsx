import { t } from "../i18n";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { api } from "../api/client";
import { useCursorList } from "../components/useCursorList";
import { networkProblem, problemMessage, toProblem, type ProblemView } from "../api/problem";
import { DownloadButton } from "../components/DownloadButton";
import type { AllocationPreview, Balance, PaymentCreate, PaymentExportQuery, PaymentListQuery, PaymentMethod, PaymentOut, PaymentStatus, Receivable } from "../api/types";
import { PAYMENT_METHODS, PAYMENT_STATUSES } from "../api/types";
import { DateTime, Field, FieldErrors, Loading, Notice, ProblemBanner, StatusBadge, ariaFor } from "../components/ui";
import { assignFieldErrors, formatCount, formatDate, formatMoney, todayIso, uuid } from "../components/format";
import { clientHref, invoiceHref } from "../components/nav";
import { clientLabel, useClientNames } from "../invoices/clientNames";
import { METHOD_LABEL, UUIDISH, methodLabel } from "./labels";

const PAGE_SIZE = 20;

/** Sum of decimal strings, in cents (no float arithmetic on money). */
function sumMoney(amounts: string[]): string {
  let cents = 0;
  for (const a of amounts) {
    const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(a.trim());
    if (!m) continue;
    cents += (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0")));
  }
  const abs = Math.abs(cents);
  return `${cents < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

const RETRYABLE = (p: ProblemView) => p.status === 0 || p.status === 503;

/** "Post a payment": client, open invoices to pay, amount, method, reference, date; preview then post. */
export function PaymentForm({ initialClientId, reloadKey, onPosted }: { initialClientId: string; reloadKey: number; onPosted: (p: PaymentOut) => void }) {
  const [clientId, setClientId] = useState(initialClientId);
  const [amount, setAmount] = useState("");
  const [amountTouched, setAmountTouched] = useState(false);
  const [method, setMethod] = useState<PaymentMethod>("cash");
  const [reference, setReference] = useState("");
  const [receivedOn, setReceivedOn] = useState(todayIso);
  const [selected, setSelected] = useState<string[]>([]);

  const [receivables, setReceivables] = useState<Receivable[] | null>(null);
  const [receivablesTotal, setReceivablesTotal] = useState(0);
  const [receivablesProblem, setReceivablesProblem] = useState<ProblemView | null>(null);
  const [balance, setBalance] = useState<Balance | null>(null);

  const [busy, setBusy] = useState<"preview" | "post" | null>(null);
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const [localErrors, setLocalErrors] = useState<{ field: string; message: string }[]>([]);
  const [preview, setPreview] = useState<{ key: string; data: AllocationPreview } | null>(null);
  const [result, setResult] = useState<PaymentOut | null>(null);
  const [retryNote, setRetryNote] = useState(false);
  /** Idempotency-Key of the last attempt, kept only while that attempt may be retried (network error / 503). */
  const idem = useRef<{ bodyKey: string; key: string } | null>(null);

  const cid = clientId.trim();
  const cidValid = UUIDISH.test(cid);
  const names = useClientNames(cidValid ? [cid] : []);

  useEffect(() => {
    setClientId(initialClientId);
  }, [initialClientId]);

  // Open invoices and balance of the client typed in (reloaded after any payment, reversal or run).
  useEffect(() => {
    setSelected([]);
    setReceivables(null);
    setBalance(null);
    setReceivablesProblem(null);
    if (!cidValid) return;
    let alive = true;
    const t = window.setTimeout(() => {
      api
        .GET("/api/v1/collections/receivables", { params: { query: { client_id: cid, open: true, limit: 100, sort: "due_date" } } })
        .then(({ data, error, response }) => {
          if (!alive) return;
          if (data) {
            setReceivables(data.items);
            setReceivablesTotal(data.total);
          } else setReceivablesProblem(toProblem(error, response));
        })
        .catch((e) => alive && setReceivablesProblem(networkProblem(e)));
      api
        .GET("/api/v1/clients/{client_id}/balance", { params: { path: { client_id: cid } } })
        .then(({ data }) => alive && setBalance(data ?? null))
        .catch(() => undefined);
    }, 250);
    return () => {
      alive = false;
      window.clearTimeout(t);
    };
  }, [cid, cidValid, reloadKey]);

  const body: PaymentCreate = {
    client_id: cid,
    amount: amount.trim().replace(",", "."),
    method,
    reference: reference.trim(),
    received_on: receivedOn,
    invoice_ids: selected.length ? selected : null,
  };
  const bodyKey = JSON.stringify(body);
  const freshPreview = preview && preview.key === bodyKey ? preview.data : null;

  function localCheck(): boolean {
    const errs: { field: string; message: string }[] = [];
    if (!cid) errs.push({ field: "client_id", message: t("collections.payments.enterTheClientId") });
    else if (!cidValid) errs.push({ field: "client_id", message: t("collections.payments.enterAFullClientIdUuid") });
    if (!body.amount) errs.push({ field: "amount", message: t("collections.payments.enterTheAmountReceived") });
    if (!receivedOn) errs.push({ field: "received_on", message: t("collections.payments.chooseTheDateThePaymentWas") });
    setLocalErrors(errs);
    return errs.length === 0;
  }

  async function runPreview() {
    setProblem(null);
    setResult(null);
    if (!localCheck()) return;
    setBusy("preview");
    try {
      const { data, error, response } = await api.POST("/api/v1/payments/preview", { body });
      if (data) setPreview({ key: bodyKey, data });
      else setProblem(toProblem(error, response));
    } catch (e) {
      setProblem(networkProblem(e));
    } finally {
      setBusy(null);
    }
  }

  async function post(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    setResult(null);
    if (!localCheck()) return;
    // A new key per submission; the same key only when retrying the very same body after a network error / 503.
    const retry = idem.current !== null && idem.current.bodyKey === bodyKey;
    if (!retry) idem.current = { bodyKey, key: uuid() };
    const key = idem.current!.key;
    setBusy("post");
    try {
      const { data, error, response } = await api.POST("/api/v1/payments", { body, params: { header: { "Idempotency-Key": key } } });
      if (data) {
        idem.current = null;
        setRetryNote(false);
        setResult(data);
        setPreview(null);
        setAmount("");
        setAmountTouched(false);
        setReference("");
        setSelected([]);
        onPosted(data);
      } else {
        const p = toProblem(error, response);
        if (!RETRYABLE(p)) idem.current = null;
        setRetryNote(RETRYABLE(p));
        setProblem(p);
      }
    } catch (ex) {
      setRetryNote(true);
      setProblem(networkProblem(ex));
    } finally {
      setBusy(null);
    }
  }

  const { bySlot, unmatched } = assignFieldErrors([...localErrors, ...(problem?.errors ?? [])], [
    ["client_id", "client_id"],
    ["amount", "amount"],
    ["method", "method"],
    ["reference", "reference"],
    ["received_on", "received_on"],
    ["invoice_ids", "invoice_ids"],
  ]);
  const showBanner = problem && (unmatched.length > 0 || problem.errors.length === 0);
  // The amount follows the ticked invoices until the operator types one.
  const toggle = (id: string, on: boolean) => {
    const next = on ? [...selected, id] : selected.filter((x) => x !== id);
    setSelected(next);
    if (!amountTouched) {
      const list = (receivables ?? []).filter((r) => next.includes(r.invoice_id));
      setAmount(list.length ? sumMoney(list.map((r) => r.amount_due)) : "");
    }
  };

  return (
    <section className="card" aria-labelledby="post-payment-title" id="post-payment">
      <div className="card-header">
        <h2 id="post-payment-title">{t("collections.payments.postAPayment")}</h2>
        <p className="muted">
          {t("collections.payments.recordMoneyReceivedFromAClient")}
        </p>
      </div>

      <form onSubmit={post} noValidate aria-label={t("collections.payments.postAPayment")}>
        {showBanner ? <ProblemBanner problem={problem} extra={unmatched} onDismiss={() => setProblem(null)} /> : null}
        {problem && retryNote ? (
          <div className="alert alert-warning" role="status" data-testid="payment-retry-note">
            <div className="alert-body">
              {t("collections.payments.thePaymentMayOrMayNot")}
            </div>
          </div>
        ) : null}

        <div className="form-grid">
          <Field id="payment-client" label={t("collections.payments.clientId")} errors={bySlot.client_id}>
            <input
              id="payment-client"
              value={clientId}
              onChange={(e) => setClientId(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              placeholder={t("collections.payments.clientIdUuid")}
              {...ariaFor("payment-client", bySlot.client_id)}
            />
          </Field>
          <div className="payment-balance" aria-live="polite">
            {cidValid && names.get(cid) ? (
              <Link className="row-link" to={clientHref(cid)}>
                {names.get(cid)}
              </Link>
            ) : null}
            {balance ? (
              <dl className="balance-mini" aria-label={t("collections.payments.clientBalance")}>
                <div>
                  <dt>{t("collections.payments.amountDue")}</dt>
                  <dd>{formatMoney(balance.amount_due)}</dd>
                </div>
                <div>
                  <dt>{t("collections.payments.overdue")}</dt>
                  <dd>{formatMoney(balance.overdue_amount)}</dd>
                </div>
                <div>
                  <dt>{t("collections.payments.credit")}</dt>
                  <dd>{formatMoney(balance.credit)}</dd>
                </div>
              </dl>
            ) : null}
          </div>
        </div>

        <fieldset className={`components open-invoices${bySlot.invoice_ids ? " field-invalid" : ""}`} aria-describedby={bySlot.invoice_ids ? "payment-invoices-error" : undefined}>
          <legend>{t("collections.payments.openInvoices")}</legend>
          <FieldErrors id="payment-invoices-error" messages={bySlot.invoice_ids} />
          {!cidValid ? (
            <p className="muted small">{t("collections.payments.enterAClientIdToSee")}</p>
          ) : receivablesProblem ? (
            <p className="inline-error small" role="alert">
              {t("collections.payments.couldNotLoadTheOpenInvoices")} {problemMessage(receivablesProblem)}
            </p>
          ) : receivables === null ? (
            <Loading label={t("collections.payments.loadingOpenInvoices")} />
          ) : receivables.length === 0 ? (
            <p className="muted small">{t("collections.payments.noOpenInvoiceTheWholeAmount")}</p>
          ) : (
            <>
              <p className="muted small">{t("collections.payments.tickTheInvoicesThisPaymentIs")}</p>
              <div className="table-wrap">
                <table className="table table-compact" aria-label={t("collections.payments.openInvoices")}>
                  <thead>
                    <tr>
                      <th scope="col">{t("collections.payments.invoice")}</th>
                      <th scope="col">{t("collections.payments.dueDate")}</th>
                      <th scope="col" className="num">{t("collections.payments.daysPastDue")}</th>
                      <th scope="col" className="num">{t("collections.payments.total")}</th>
                      <th scope="col" className="num">{t("collections.payments.amountDue")}</th>
                      <th scope="col">{t("collections.payments.status")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {receivables.map((r) => {
                      const id = `pay-invoice-${r.invoice_id}`;
                      const on = selected.includes(r.invoice_id);
                      return (
                        <tr key={r.invoice_id} className={on ? "row-selected" : undefined}>
                          <td>
                            <label className="check-label" htmlFor={id}>
                              <input id={id} type="checkbox" checked={on} onChange={(e) => toggle(r.invoice_id, e.target.checked)} />
                              <span>{t("collections.payments.pay")} {r.number}</span>
                            </label>
                          </td>
                          <td className="mono">{formatDate(r.due_date)}</td>
                          <td className="num mono">{r.days_past_due > 0 ? formatCount(r.days_past_due) : "—"}</td>
                          <td className="num mono">{formatMoney(r.total)}</td>
                          <td className="num mono">{formatMoney(r.amount_due)}</td>
                          <td>
                            <StatusBadge status={r.status} />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              {receivablesTotal > receivables.length ? (
                <p className="muted small">{t("collections.payments.showingThe")} {receivables.length} {t("collections.payments.oldestOf")} {formatCount(receivablesTotal)} {t("collections.payments.openInvoices2")}</p>
              ) : null}
            </>
          )}
        </fieldset>

        <div className="payment-fields">
          <Field id="payment-amount" label={t("collections.payments.amount")} errors={bySlot.amount}>
            <div className="input-affix">
              <input
                id="payment-amount"
                inputMode="decimal"
                placeholder="e.g. 199.00"
                value={amount}
                onChange={(e) => {
                  setAmount(e.target.value);
                  setAmountTouched(e.target.value.trim() !== "");
                }}
                autoComplete="off"
                {...ariaFor("payment-amount", bySlot.amount)}
              />
              <span className="affix">{t("collections.payments.mad")}</span>
            </div>
          </Field>
          <Field id="payment-method" label={t("collections.payments.method")} errors={bySlot.method}>
            <select id="payment-method" value={method} onChange={(e) => setMethod(e.target.value as PaymentMethod)} {...ariaFor("payment-method", bySlot.method)}>
              {PAYMENT_METHODS.map((m) => (
                <option key={m} value={m}>
                  {METHOD_LABEL()[m]}
                </option>
              ))}
            </select>
          </Field>
          <Field id="payment-reference" label={t("collections.payments.reference")} errors={bySlot.reference} hint={t("collections.payments.receiptCardTransactionOrTransferNumber")}>
            <input id="payment-reference" value={reference} onChange={(e) => setReference(e.target.value)} autoComplete="off" {...ariaFor("payment-reference", bySlot.reference)} />
          </Field>
          <Field id="payment-received-on" label={t("collections.payments.receivedOn")} errors={bySlot.received_on}>
            <input id="payment-received-on" type="date" value={receivedOn} max={todayIso()} onChange={(e) => setReceivedOn(e.target.value)} {...ariaFor("payment-received-on", bySlot.received_on)} />
          </Field>
        </div>

        {freshPreview ? <AllocationTable title={t("collections.payments.allocationPreview")} allocations={freshPreview.allocations} credit={freshPreview.credit} testId="payment-preview" /> : null}

        <div className="form-actions">
          <button type="button" className="btn btn-secondary" onClick={runPreview} disabled={busy !== null}>
            {busy === "preview" ? t("collections.payments.computing") : t("collections.payments.previewAllocation")}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy !== null}>
            {busy === "post" ? t("collections.payments.posting") : t("collections.payments.postPayment")}
          </button>
        </div>
      </form>

      {result ? (
        <div className="payment-result" data-testid="payment-result">
          <Notice onDismiss={() => setResult(null)}>
            {t("collections.payments.paymentOf")} <strong>{formatMoney(result.amount)}</strong> {t("collections.payments.recorded")}{methodLabel(result.method)}{t("collections.payments.reference2")}{" "}
            <span className="mono">{result.reference}</span>) <StatusBadge status={result.status} />
          </Notice>
          <AllocationTable title={t("collections.payments.allocations")} allocations={result.allocations} credit={result.credit} testId="payment-allocations" />
        </div>
      ) : null}
    </section>
  );
}

function AllocationTable({ title, allocations, credit, testId }: { title: string; allocations: AllocationPreview["allocations"]; credit: string; testId: string }) {
  return (
    <div className="preview allocation" data-testid={testId} aria-live="polite">
      <div className="preview-head">
        <h3>{title}</h3>
      </div>
      {allocations.length === 0 ? (
        <p className="muted small">{t("collections.payments.noInvoiceIsPaidByThis")}</p>
      ) : (
        <table className="table table-compact" aria-label={title}>
          <thead>
            <tr>
              <th scope="col">{t("collections.payments.invoice")}</th>
              <th scope="col" className="num">{t("collections.payments.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {allocations.map((a) => (
              <tr key={a.invoice_id}>
                <td>
                  <Link className="code-link" to={invoiceHref(a.invoice_id)}>
                    {a.invoice_number}
                  </Link>
                </td>
                <td className="num mono">{formatMoney(a.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="allocation-credit">
        {t("collections.payments.credit2")} <strong data-testid={`${testId}-credit`}>{formatMoney(credit)}</strong>
        <span className="muted small"> {t("collections.payments.keptOnTheClientsAccount")}</span>
      </p>
    </div>
  );
}

/** Payments list with a client filter and the "Reverse" action per posted payment. */
export function PaymentList({ initialClientId, reloadKey, onChanged }: { initialClientId: string; reloadKey: number; onChanged: () => void }) {
  const [clientInput, setClientInput] = useState(initialClientId);
  const [clientFilter, setClientFilter] = useState(initialClientId);
  const [status, setStatus] = useState<PaymentStatus | "">("");
  const [reversing, setReversing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const clientValid = clientFilter === "" || UUIDISH.test(clientFilter);
  const { items, setItems, total, nextCursor, loading, loadingMore, problem, loadMore } =
    useCursorList(fetchPage, [clientFilter, status, reloadKey], clientValid);
  const names = useClientNames(items.map((p) => p.client_id));

  useEffect(() => {
    setClientInput(initialClientId);
    setClientFilter(initialClientId);
  }, [initialClientId]);
  useEffect(() => {
    const t = window.setTimeout(() => setClientFilter(clientInput.trim()), 350);
    return () => window.clearTimeout(t);
  }, [clientInput]);


  function fetchPage(cursor: string | null) {
    const query: PaymentListQuery = { limit: PAGE_SIZE, sort: "-created_at" };
    if (clientFilter) query.client_id = clientFilter;
    if (status) query.status = status;
    if (cursor) query.cursor = cursor;
    return api.GET("/api/v1/payments", { params: { query } });
  }

  /** The export of the list's current filters (GET /api/v1/payments/export). */
  function exportCsv() {
    const query: PaymentExportQuery = {};
    if (clientFilter && clientValid) query.client_id = clientFilter;
    if (status) query.status = status;
    return api.GET("/api/v1/payments/export", { params: { query }, parseAs: "blob" });
  }


  return (
    <section className="card" aria-labelledby="payments-title">
      <div className="card-header">
        <h2 id="payments-title">{t("collections.payments.payments")}</h2>
        <p className="muted">{t("collections.payments.postedPaymentsAndTheirAllocationsReversing")}</p>
      </div>
      <div className="filters" role="search" aria-label={t("collections.payments.paymentFilters")}>
        <div className="field field-inline field-grow">
          <label htmlFor="payments-client">{t("collections.payments.filterByClientId")}</label>
          <input
            id="payments-client"
            type="search"
            placeholder={t("collections.payments.clientId2")}
            value={clientInput}
            onChange={(e) => setClientInput(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={!clientValid || undefined}
            aria-describedby={!clientValid ? "payments-client-error" : undefined}
          />
          {!clientValid ? (
            <div className="field-error" id="payments-client-error" role="alert">
              <div>{t("collections.payments.enterAFullClientIdUuid")}</div>
            </div>
          ) : null}
        </div>
        <div className="field field-inline">
          <label htmlFor="payments-status">{t("collections.payments.paymentStatus")}</label>
          <select id="payments-status" value={status} onChange={(e) => setStatus(e.target.value as PaymentStatus | "")}>
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
      <ProblemBanner problem={problem} />

      {loading ? (
        <Loading label={t("collections.payments.loadingPayments")} />
      ) : items.length === 0 && !problem ? (
        <div className="empty">
          <p>{clientFilter || status ? t("collections.payments.noPaymentMatchesTheseFilters") : t("collections.payments.noPaymentYet")}</p>
        </div>
      ) : items.length > 0 ? (
        <div className="table-wrap">
          <table className="table payments-table" aria-label={t("collections.payments.payments")}>
            <thead>
              <tr>
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
              </tr>
            </thead>
            <tbody>
              {items.flatMap((p) => {
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
                            setItems((cur) => cur.map((x) => (x.id === out.id ? out : x)));
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
              })}
            </tbody>
          </table>
        </div>
      ) : null}

      {!loading && nextCursor ? (
        <div className="load-more">
          <button type="button" className="btn btn-secondary" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? t("collections.payments.loading") : t("collections.payments.loadMorePayments")}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function ReversePanel({ payment, onCancel, onDone }: { payment: PaymentOut; onCancel: () => void; onDone: (p: PaymentOut) => void }) {
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);

  async function confirm(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    if (reason.trim() === "") {
      setLocalError(t("collections.payments.aReasonIsRequired"));
      return;
    }
    setLocalError(null);
    setBusy(true);
    try {
      const { data, error, response } = await api.POST("/api/v1/payments/{payment_id}/reverse", {
        params: { path: { payment_id: payment.id } },
        body: { reason: reason.trim() },
      });
      if (data) onDone(data);
      else setProblem(toProblem(error, response));
    } catch (ex) {
      setProblem(networkProblem(ex));
    } finally {
      setBusy(false);
    }
  }

  const reasonErrors = [...(localError ? [localError] : []), ...(problem?.errors.filter((x) => x.field === "reason").map((x) => x.message) ?? [])];
  const other = problem?.errors.filter((x) => x.field !== "reason") ?? [];
  return (
    <form className="inline-panel inline-panel-danger reverse-panel" onSubmit={confirm} noValidate aria-label={t("collections.payments.reversePayment")}>
      <h3>
        {t("collections.payments.reverseThePaymentOf2")} {formatMoney(payment.amount)} ({payment.reference})?
      </h3>
      <p className="small">{t("collections.payments.theAllocatedAmountsGoBackOn")}{payment.credit !== "0.00" ? t("collections.payments.andTheCreditIsRemoved") : ""}.</p>
      {problem && (problem.errors.length === 0 || other.length > 0) ? (
        <div className="alert alert-error alert-strong" role="alert" data-testid="reversal-refused">
          <div className="alert-body">
            <strong className="alert-title">
              {problem.status === 409 ? t("collections.payments.reversalRefused") : `${problem.title}: `}
              {problem.detail ?? problemMessage(problem)}
            </strong>
            {other.length ? (
              <ul className="alert-list">
                {other.map((x, i) => (
                  <li key={i}>
                    <code>{x.field}</code> {x.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
      ) : null}
      <div className="inline-panel-row">
        <Field id={`reverse-reason-${payment.id}`} label={t("collections.payments.reason")} errors={reasonErrors.length ? reasonErrors : undefined} className="field-grow">
          <input
            id={`reverse-reason-${payment.id}`}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            autoComplete="off"
            autoFocus
            {...ariaFor(`reverse-reason-${payment.id}`, reasonErrors.length ? reasonErrors : undefined)}
          />
        </Field>
      </div>
      <div className="inline-panel-actions">
        <button type="button" className="btn btn-ghost" onClick={onCancel} disabled={busy}>
          {t("collections.payments.cancel")}
        </button>
        <button type="submit" className="btn btn-danger-solid" disabled={busy}>
          {busy ? t("collections.payments.reversing") : t("collections.payments.confirmReversal")}
        </button>
      </div>
    </form>
  );
}
