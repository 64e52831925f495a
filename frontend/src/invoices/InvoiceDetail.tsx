import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { api } from "../api/client";
import { networkProblem, problemMessage, toProblem, type ProblemView } from "../api/problem";
import type { ClientDetail, CreditNoteCreate, CreditNoteOut, InvoiceOut } from "../api/types";
import { DateTime, Field, Loading, Notice, ProblemBanner, StatusBadge, ariaFor } from "../components/ui";
import { assignFieldErrors, formatDate, formatMoney, fullName, shortId, uuid } from "../components/format";
import { clientHref, contractHref } from "../components/nav";

interface Props {
  invoiceId: string;
  onBack: () => void;
  onOpenClient: (id: string) => void;
  onOpenContract: (id: string) => void;
}

export function InvoiceDetailView({ invoiceId, onBack, onOpenClient, onOpenContract }: Props) {
  const [invoice, setInvoice] = useState<InvoiceOut | null>(null);
  const [client, setClient] = useState<ClientDetail | null>(null);
  const [loadProblem, setLoadProblem] = useState<ProblemView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pdfBusy, setPdfBusy] = useState(false);
  const [pdfProblem, setPdfProblem] = useState<ProblemView | null>(null);

  const load = useCallback(async () => {
    try {
      const { data, error, response } = await api.GET("/api/v1/invoices/{invoice_id}", {
        params: { path: { invoice_id: invoiceId } },
      });
      if (data) {
        setInvoice(data);
        setLoadProblem(null);
      } else setLoadProblem(toProblem(error, response));
    } catch (e) {
      setLoadProblem(networkProblem(e));
    }
  }, [invoiceId]);

  useEffect(() => {
    void load();
  }, [load]);

  const clientId = invoice?.client_id ?? null;
  useEffect(() => {
    if (!clientId) return;
    let alive = true;
    api
      .GET("/api/v1/clients/{client_id}", { params: { path: { client_id: clientId } } })
      .then(({ data }) => alive && data && setClient(data))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [clientId]);

  const back = (
    <button type="button" className="btn btn-link back-link" onClick={onBack}>
      ← All invoices
    </button>
  );

  if (!invoice) {
    return (
      <section className="card">
        {back}
        {loadProblem ? <ProblemBanner problem={loadProblem} /> : <Loading label="Loading invoice…" />}
      </section>
    );
  }

  async function downloadPdf(inv: InvoiceOut) {
    // Through the typed client so the Bearer token is sent (a plain <a href> would not carry it).
    await savePdf(inv.number, () =>
      api.GET("/api/v1/invoices/{invoice_id}/pdf", {
        params: { path: { invoice_id: inv.id } },
        parseAs: "blob",
      }),
    );
  }

  async function downloadCreditNotePdf(id: string, number: string) {
    await savePdf(number, () =>
      api.GET("/api/v1/credit-notes/{credit_note_id}/pdf", {
        params: { path: { credit_note_id: id } },
        parseAs: "blob",
      }),
    );
  }

  async function savePdf(
    number: string,
    fetchPdf: () => Promise<{ data?: Blob; error?: unknown; response: Response }>,
  ) {
    setPdfBusy(true);
    setPdfProblem(null);
    try {
      const { data, error, response } = await fetchPdf();
      if (!data) {
        setPdfProblem(toProblem(error, response));
        return;
      }
      const blob = data.type === "application/pdf" ? data : new Blob([data], { type: "application/pdf" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `${number}.pdf`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setPdfProblem(networkProblem(e));
    } finally {
      setPdfBusy(false);
    }
  }

  const clientName = client ? fullName(client) : shortId(invoice.client_id);

  return (
    <div className="stack">
      <section className="card" aria-labelledby="invoice-title">
        {back}
        <div className="card-header card-header-row">
          <div>
            <div className="eyebrow">
              Invoice · period <span className="mono">{invoice.period}</span> · {invoice.currency}
            </div>
            <h2 id="invoice-title" className="title-with-badge">
              <span className="mono">{invoice.number}</span> <StatusBadge status={invoice.status} />
            </h2>
          </div>
          <div className="actions">
            <button type="button" className="btn btn-primary" onClick={() => downloadPdf(invoice)} disabled={pdfBusy}>
              {pdfBusy ? "Downloading…" : "Download PDF"}
            </button>
          </div>
        </div>

        {notice ? <Notice onDismiss={() => setNotice(null)}>{notice}</Notice> : null}
        {loadProblem ? <ProblemBanner problem={loadProblem} /> : null}
        {pdfProblem ? (
          <ProblemBanner
            problem={{ ...pdfProblem, title: `Could not download the PDF: ${pdfProblem.title}` }}
            onDismiss={() => setPdfProblem(null)}
          />
        ) : null}

        <dl className="details">
          <div>
            <dt>Client</dt>
            <dd>
              <a
                className="row-link"
                href={clientHref(invoice.client_id)}
                onClick={(e) => {
                  e.preventDefault();
                  onOpenClient(invoice.client_id);
                }}
                data-testid="invoice-client-link"
              >
                {clientName}
              </a>
              {client?.cin ? <div className="muted small mono">{client.cin}</div> : null}
            </dd>
          </div>
          <div>
            <dt>Period</dt>
            <dd className="mono">{invoice.period}</dd>
          </div>
          <div>
            <dt>Issue date</dt>
            <dd className="mono">{formatDate(invoice.issue_date)}</dd>
          </div>
          <div>
            <dt>Due date</dt>
            <dd className="mono">{formatDate(invoice.due_date)}</dd>
          </div>
        </dl>

        <h3 className="section-title">Lines</h3>
        {(invoice.lines ?? []).length === 0 ? (
          <p className="muted">No line.</p>
        ) : (
          <div className="table-wrap">
            <table className="table table-compact" aria-label="Invoice lines">
              <thead>
                <tr>
                  <th scope="col">Description</th>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col" className="num">Days</th>
                  <th scope="col" className="num">Monthly fee</th>
                  <th scope="col" className="num">Amount</th>
                </tr>
              </thead>
              <tbody>
                {(invoice.lines ?? []).map((l, i) => (
                  <tr key={`${l.contract_id}-${i}`}>
                    <td>
                      {l.description}{" "}
                      <a
                        className="muted small"
                        href={contractHref(l.contract_id)}
                        onClick={(e) => {
                          e.preventDefault();
                          onOpenContract(l.contract_id);
                        }}
                        title="Open the contract"
                      >
                        contract {shortId(l.contract_id)}
                      </a>
                    </td>
                    <td className="mono">{formatDate(l.start_date)}</td>
                    <td className="mono">{formatDate(l.end_date)}</td>
                    <td className="num mono">{l.days}</td>
                    <td className="num mono">{formatMoney(l.monthly_fee)}</td>
                    <td className="num mono">{formatMoney(l.amount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}

        <div className="invoice-bottom">
          <div className="invoice-hash">
            <span className="muted small">PDF SHA-256</span>
            <code className="hash" data-testid="invoice-pdf-sha256">
              {invoice.pdf_sha256 ?? "—"}
            </code>
            {invoice.bill_run_id ? (
              <span className="muted small">
                bill run <span className="mono">{shortId(invoice.bill_run_id)}</span>
              </span>
            ) : null}
          </div>
          <dl className="totals" aria-label="Totals">
            <div>
              <dt>Subtotal</dt>
              <dd>{formatMoney(invoice.subtotal)}</dd>
            </div>
            <div>
              <dt>VAT</dt>
              <dd>{formatMoney(invoice.vat)}</dd>
            </div>
            <div className="totals-strong">
              <dt>Total</dt>
              <dd data-testid="invoice-total">{formatMoney(invoice.total)}</dd>
            </div>
            <div>
              <dt>Credited</dt>
              <dd data-testid="invoice-credited">{formatMoney(invoice.credited)}</dd>
            </div>
            <div>
              <dt>Paid</dt>
              <dd>{formatMoney(invoice.paid)}</dd>
            </div>
            <div className="totals-strong">
              <dt>Amount due</dt>
              <dd data-testid="invoice-amount-due">{formatMoney(invoice.amount_due)}</dd>
            </div>
          </dl>
        </div>
      </section>

      <section className="card" aria-labelledby="credit-notes-title">
        <div className="card-header">
          <h2 id="credit-notes-title">Credit notes</h2>
        </div>
        {(invoice.credit_notes ?? []).length === 0 ? (
          <p className="muted">No credit note.</p>
        ) : (
          <div className="table-wrap">
            <table className="table table-compact" aria-label="Credit notes">
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Date</th>
                  <th scope="col" className="num">Excl. VAT</th>
                  <th scope="col" className="num">VAT</th>
                  <th scope="col" className="num">Total</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Recorded</th>
                  <th scope="col">
                    <span className="sr-only">PDF</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {(invoice.credit_notes ?? []).map((cn) => (
                  <tr key={cn.id}>
                    <td className="mono">{cn.number}</td>
                    <td className="mono">{formatDate(cn.issue_date)}</td>
                    <td className="num mono">{formatMoney(cn.subtotal)}</td>
                    <td className="num mono">{formatMoney(cn.vat)}</td>
                    <td className="num mono">{formatMoney(cn.total)}</td>
                    <td>{cn.reason}</td>
                    <td>
                      <DateTime iso={cn.created_at} />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="btn"
                        onClick={() => downloadCreditNotePdf(cn.id, cn.number)}
                        disabled={pdfBusy}
                        aria-label={`Download credit note ${cn.number} as PDF`}
                      >
                        PDF
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <CreditNoteForm
          invoice={invoice}
          onIssued={(cn) => {
            setNotice(
              `Credit note ${cn.number} issued for ${formatMoney(cn.total)} (${formatMoney(cn.subtotal)} + VAT ${formatMoney(cn.vat)}).` +
                (Number(cn.refundable) > 0
                  ? ` ${formatMoney(cn.refundable)} already paid becomes the client's credit.`
                  : ""),
            );
            void load();
          }}
        />
      </section>
    </div>
  );
}

function CreditNoteForm({ invoice, onIssued }: { invoice: InvoiceOut; onIssued: (cn: CreditNoteOut) => void }) {
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const [localErrors, setLocalErrors] = useState<{ field: string; message: string }[]>([]);
  // one Idempotency-Key per credit note: kept while the form is unchanged (a retry after a lost
  // answer replays the first one instead of crediting twice), renewed once issued or edited
  const key = useRef<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    if (reason.trim() === "") {
      setLocalErrors([{ field: "reason", message: "A reason is required." }]);
      return;
    }
    setLocalErrors([]);
    const body: CreditNoteCreate = { amount: amount.trim() === "" ? null : amount.trim().replace(",", "."), reason: reason.trim() };
    setBusy(true);
    key.current ??= uuid();
    try {
      const { data, error, response } = await api.POST("/api/v1/invoices/{invoice_id}/credit-notes", {
        params: { path: { invoice_id: invoice.id }, header: { "Idempotency-Key": key.current } },
        body,
      });
      if (data) {
        key.current = null;
        setAmount("");
        setReason("");
        onIssued(data);
      } else setProblem(toProblem(error, response));
    } catch (ex) {
      setProblem(networkProblem(ex));
    } finally {
      setBusy(false);
    }
  }

  const { bySlot, unmatched } = assignFieldErrors([...localErrors, ...(problem?.errors ?? [])], [
    ["amount", "amount"],
    ["reason", "reason"],
  ]);
  const showBanner = problem && (unmatched.length > 0 || problem.errors.length === 0);

  return (
    <form className="inline-panel credit-note-form" onSubmit={submit} noValidate aria-label="Issue a credit note">
      <h3>Issue a credit note</h3>
      {showBanner ? <ProblemBanner problem={problem} extra={unmatched} onDismiss={() => setProblem(null)} /> : null}
      {problem && !showBanner ? (
        <p className="inline-error small" role="status">
          {problemMessage(problem)}
        </p>
      ) : null}
      <div className="inline-panel-row">
        <Field
          id="credit-note-amount"
          label="Amount"
          errors={bySlot.amount}
          hint="Optional: empty = the whole remaining amount."
        >
          <div className="input-affix">
            <input
              id="credit-note-amount"
              inputMode="decimal"
              placeholder="e.g. 50.00"
              value={amount}
              onChange={(e) => {
                key.current = null;
                setAmount(e.target.value);
              }}
              autoComplete="off"
              {...ariaFor("credit-note-amount", bySlot.amount)}
            />
            <span className="affix">{invoice.currency}</span>
          </div>
        </Field>
        <Field id="credit-note-reason" label="Reason" errors={bySlot.reason} className="field-grow">
          <input
            id="credit-note-reason"
            value={reason}
            onChange={(e) => {
              key.current = null;
              setReason(e.target.value);
            }}
            autoComplete="off"
            {...ariaFor("credit-note-reason", bySlot.reason)}
          />
        </Field>
      </div>
      <div className="inline-panel-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Issuing…" : "Issue credit note"}
        </button>
      </div>
    </form>
  );
}
