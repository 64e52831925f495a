import { t } from "../../i18n";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { problemMessage, type ProblemView } from "../../api/problem";
import { invalidateMoney, keys, problemOf, unwrap } from "../../api/query";
import type { AllocationPreview, PaymentCreate, PaymentMethod, PaymentOut } from "../../api/types";
import { PAYMENT_METHODS } from "../../api/types";
import { ClientPicker } from "../../components/ClientPicker";
import { FieldErrors, Field, Loading, Notice, ProblemBanner, StatusBadge, ariaFor } from "../../components/ui";
import { assignFieldErrors, formatCount, formatDate, formatMoney, todayIso, uuid } from "../../components/format";
import { clientHref } from "../../components/nav";
import { useClientNames } from "../../invoices/clientNames";
import { METHOD_LABEL, methodLabel } from "../labels";
import { AllocationTable } from "./AllocationTable";
import { sumMoney } from "./money";

const RETRYABLE = (p: ProblemView) => p.status === 0 || p.status === 503;

/** "Post a payment": client, open invoices to pay, amount, method, reference, date; preview then post. */
export function PaymentForm({ initialClientId, onPosted }: { initialClientId: string; reloadKey?: number; onPosted: (p: PaymentOut) => void }) {
  const [clientId, setClientId] = useState(initialClientId);
  const [amount, setAmount] = useState("");
  const [amountTouched, setAmountTouched] = useState(false);
  const [method, setMethod] = useState<PaymentMethod>("cash");
  const [reference, setReference] = useState("");
  const [receivedOn, setReceivedOn] = useState(todayIso);
  const [selected, setSelected] = useState<string[]>([]);

  const [problem, setProblem] = useState<ProblemView | null>(null);
  const [localErrors, setLocalErrors] = useState<{ field: string; message: string }[]>([]);
  const [preview, setPreview] = useState<{ key: string; data: AllocationPreview } | null>(null);
  const [result, setResult] = useState<PaymentOut | null>(null);
  const [retryNote, setRetryNote] = useState(false);
  /** Idempotency-Key of the last attempt, kept only while that attempt may be retried (network error / 503). */
  const idem = useRef<{ bodyKey: string; key: string } | null>(null);

  const cid = clientId;
  const names = useClientNames(cid ? [cid] : []);

  useEffect(() => {
    setClientId(initialClientId);
  }, [initialClientId]);
  useEffect(() => setSelected([]), [cid]);

  // the client's open invoices and balance (invalidated after any payment, reversal or run)
  const receivablesQuery = useQuery({
    queryKey: [...keys.receivables, cid, "open"],
    queryFn: () => unwrap(api.GET("/api/v1/collections/receivables", { params: { query: { client_id: cid, open: true, limit: 100, sort: "due_date" } } })),
    enabled: cid !== "",
  });
  const balanceQuery = useQuery({
    queryKey: [...keys.balances, cid],
    queryFn: () => unwrap(api.GET("/api/v1/clients/{client_id}/balance", { params: { path: { client_id: cid } } })),
    enabled: cid !== "",
  });
  const receivables = receivablesQuery.data?.items ?? null;
  const receivablesTotal = receivablesQuery.data?.total ?? 0;
  const receivablesProblem = problemOf(receivablesQuery.error);
  const balance = balanceQuery.data ?? null;

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
    if (!cid) errs.push({ field: "client_id", message: t("collections.payments.chooseTheClient") });
    if (!body.amount) errs.push({ field: "amount", message: t("collections.payments.enterTheAmountReceived") });
    if (!receivedOn) errs.push({ field: "received_on", message: t("collections.payments.chooseTheDateThePaymentWas") });
    setLocalErrors(errs);
    return errs.length === 0;
  }

  const previewing = useMutation({
    mutationFn: (req: { body: PaymentCreate; key: string }) =>
      unwrap(api.POST("/api/v1/payments/preview", { body: req.body })).then((data) => ({ key: req.key, data })),
    onSuccess: setPreview,
    onError: (e) => setProblem(problemOf(e)),
  });

  const posting = useMutation({
    mutationFn: (req: { body: PaymentCreate; key: string }) =>
      unwrap(api.POST("/api/v1/payments", { body: req.body, params: { header: { "Idempotency-Key": req.key } } })),
    onSuccess: (data) => {
      idem.current = null;
      setRetryNote(false);
      setResult(data);
      setPreview(null);
      setAmount("");
      setAmountTouched(false);
      setReference("");
      setSelected([]);
      void invalidateMoney();
      onPosted(data);
    },
    onError: (e) => {
      const p = problemOf(e);
      const retryable = p === null || RETRYABLE(p);
      if (!retryable) idem.current = null;
      setRetryNote(retryable);
      setProblem(p);
    },
  });
  const busy: "preview" | "post" | null = previewing.isPending ? "preview" : posting.isPending ? "post" : null;

  function runPreview() {
    setProblem(null);
    setResult(null);
    if (!localCheck()) return;
    previewing.mutate({ body, key: bodyKey });
  }

  function post(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    setResult(null);
    if (!localCheck()) return;
    // A new key per submission; the same key only when retrying the very same body after a network error / 503.
    const retry = idem.current !== null && idem.current.bodyKey === bodyKey;
    if (!retry) idem.current = { bodyKey, key: uuid() };
    posting.mutate({ body, key: idem.current!.key });
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
          <ClientPicker
            id="payment-client"
            label={t("collections.payments.client")}
            value={cid}
            onChange={(id) => setClientId(id)}
            errors={bySlot.client_id}
          />
          <div className="payment-balance" aria-live="polite">
            {cid && names.get(cid) ? (
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
          {!cid ? (
            <p className="muted small">{t("collections.payments.chooseAClientToSee")}</p>
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
