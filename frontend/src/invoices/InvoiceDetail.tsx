import { t } from "../i18n";
import { useRef, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { invalidateMoney, keys, problemOf, queryClient, unwrap } from "../api/query";
import { QueryState } from "../components/QueryState";
import { api } from "../api/client";
import { problemMessage } from "../api/problem";
import type { CreditNoteCreate, CreditNoteOut, InvoiceOut } from "../api/types";
import { DateTime, Field, Notice, ProblemBanner, StatusBadge, ariaFor } from "../components/ui";
import { assignFieldErrors, formatDate, formatMoney, fullName, shortId, uuid } from "../components/format";
import { clientHref, contractHref } from "../components/nav";

interface Props {
  invoiceId: string;
  onBack: () => void;
  onOpenClient: (id: string) => void;
  onOpenContract: (id: string) => void;
}

export function InvoiceDetailView(props: Props) {
  const invoice = useQuery({
    queryKey: [...keys.invoices, "detail", props.invoiceId],
    queryFn: () => unwrap(api.GET("/api/v1/invoices/{invoice_id}", { params: { path: { invoice_id: props.invoiceId } } })),
  });
  return (
    <QueryState query={invoice} label={t("invoices.invoiceDetail.loadingInvoice")} frame={(body) => (
      <section className="card">
        <button type="button" className="btn btn-link back-link" onClick={props.onBack}>
          {t("invoices.invoiceDetail.allInvoices")}
        </button>
        {body}
      </section>
    )}>
      {(data) => <InvoiceScreen {...props} invoice={data} />}
    </QueryState>
  );
}

/** One invoice as read: lines, totals, documents (PDF, UBL, Factur-X), credit notes. */
function InvoiceScreen({ invoice, onBack, onOpenClient, onOpenContract }: Props & { invoice: InvoiceOut }) {
  const [notice, setNotice] = useState<string | null>(null);
  const saving = useMutation({
    mutationFn: async ({ number, fetchPdf, as }: { number: string; fetchPdf: () => Promise<{ data?: Blob; error?: unknown; response: Response }>; as: { type: string; suffix: string } }) => {
      const data = await unwrap(fetchPdf());
      return { blob: data.type === as.type ? data : new Blob([data], { type: as.type }), name: `${number}${as.suffix}` };
    },
    onSuccess: ({ blob, name }) => {
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
  const pdfBusy = saving.isPending;
  const pdfProblem = problemOf(saving.error);
  const client = useQuery({
    queryKey: [...keys.clients, "detail", invoice.client_id],
    queryFn: () => unwrap(api.GET("/api/v1/clients/{client_id}", { params: { path: { client_id: invoice.client_id } } })),
  }).data;

  const back = (
    <button type="button" className="btn btn-link back-link" onClick={onBack}>
      {t("invoices.invoiceDetail.allInvoices")}
    </button>
  );

  function downloadPdf(inv: InvoiceOut) {
    // Through the typed client so the Bearer token is sent (a plain <a href> would not carry it).
    savePdf(inv.number, () =>
      api.GET("/api/v1/invoices/{invoice_id}/pdf", {
        params: { path: { invoice_id: inv.id } },
        parseAs: "blob",
      }),
    );
  }

  function downloadCreditNotePdf(id: string, number: string) {
    savePdf(number, () =>
      api.GET("/api/v1/credit-notes/{credit_note_id}/pdf", {
        params: { path: { credit_note_id: id } },
        parseAs: "blob",
      }),
    );
  }

  // issue 15: the e-invoices (UBL 2.1 XML, Factur-X PDF/A-3), same figures as the PDF
  function downloadEInvoice(kind: "invoice" | "credit-note", format: "ubl" | "facturx", id: string, number: string) {
    const fetchIt = async (): Promise<{ data?: Blob; error?: unknown; response: Response }> => {
      if (kind === "invoice") {
        const params = { path: { invoice_id: id } };
        if (format === "ubl") return api.GET("/api/v1/invoices/{invoice_id}/ubl", { params, parseAs: "blob" });
        return api.GET("/api/v1/invoices/{invoice_id}/facturx", { params, parseAs: "blob" });
      }
      const params = { path: { credit_note_id: id } };
      if (format === "ubl") return api.GET("/api/v1/credit-notes/{credit_note_id}/ubl", { params, parseAs: "blob" });
      return api.GET("/api/v1/credit-notes/{credit_note_id}/facturx", { params, parseAs: "blob" });
    };
    savePdf(
      number,
      fetchIt,
      format === "ubl" ? { type: "application/xml", suffix: ".xml" } : { type: "application/pdf", suffix: "-facturx.pdf" },
    );
  }

  function savePdf(
    number: string,
    fetchPdf: () => Promise<{ data?: Blob; error?: unknown; response: Response }>,
    as: { type: string; suffix: string } = { type: "application/pdf", suffix: ".pdf" },
  ) {
    saving.mutate({ number, fetchPdf, as });
  }

  const clientName = client ? fullName(client) : shortId(invoice.client_id);

  return (
    <div className="stack">
      <section className="card" aria-labelledby="invoice-title">
        {back}
        <div className="card-header card-header-row">
          <div>
            <div className="eyebrow">
              {t("invoices.invoiceDetail.invoicePeriod")} <span className="mono">{invoice.period}</span> · {invoice.currency}
            </div>
            <h2 id="invoice-title" className="title-with-badge">
              <span className="mono">{invoice.number}</span> <StatusBadge status={invoice.status} />
            </h2>
          </div>
          <div className="actions">
            <button type="button" className="btn btn-primary" onClick={() => downloadPdf(invoice)} disabled={pdfBusy}>
              {pdfBusy ? t("invoices.invoiceDetail.downloading") : t("invoices.invoiceDetail.downloadPdf")}
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => downloadEInvoice("invoice", "ubl", invoice.id, invoice.number)}
              disabled={pdfBusy}
            >
              {t("invoices.invoiceDetail.downloadUbl")}
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => downloadEInvoice("invoice", "facturx", invoice.id, invoice.number)}
              disabled={pdfBusy}
            >
              {t("invoices.invoiceDetail.downloadFacturx")}
            </button>
          </div>
        </div>

        {notice ? <Notice onDismiss={() => setNotice(null)}>{notice}</Notice> : null}
        {pdfProblem ? (
          <ProblemBanner
            problem={{ ...pdfProblem, title: t("invoices.invoiceDetail.couldNotDownloadThePdf", { title: pdfProblem.title }) }}
            onDismiss={() => saving.reset()}
          />
        ) : null}

        <dl className="details">
          <div>
            <dt>{t("invoices.invoiceDetail.client")}</dt>
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
            <dt>{t("invoices.invoiceDetail.period")}</dt>
            <dd className="mono">{invoice.period}</dd>
          </div>
          <div>
            <dt>{t("invoices.invoiceDetail.issueDate")}</dt>
            <dd className="mono">{formatDate(invoice.issue_date)}</dd>
          </div>
          <div>
            <dt>{t("invoices.invoiceDetail.dueDate")}</dt>
            <dd className="mono">{formatDate(invoice.due_date)}</dd>
          </div>
        </dl>

        <h3 className="section-title">{t("invoices.invoiceDetail.lines")}</h3>
        {(invoice.lines ?? []).length === 0 ? (
          <p className="muted">{t("invoices.invoiceDetail.noLine")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table table-compact" aria-label={t("invoices.invoiceDetail.invoiceLines")}>
              <thead>
                <tr>
                  <th scope="col">{t("invoices.invoiceDetail.description")}</th>
                  <th scope="col">{t("invoices.invoiceDetail.from")}</th>
                  <th scope="col">{t("invoices.invoiceDetail.to")}</th>
                  <th scope="col" className="num">{t("invoices.invoiceDetail.days")}</th>
                  <th scope="col" className="num">{t("invoices.invoiceDetail.monthlyFee")}</th>
                  <th scope="col" className="num">{t("invoices.invoiceDetail.amount")}</th>
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
                        title={t("invoices.invoiceDetail.openTheContract")}
                      >
                        {t("invoices.invoiceDetail.contract")} {shortId(l.contract_id)}
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
            <span className="muted small">{t("invoices.invoiceDetail.pdfSha256")}</span>
            <code className="hash" data-testid="invoice-pdf-sha256">
              {invoice.pdf_sha256 ?? "—"}
            </code>
            {invoice.bill_run_id ? (
              <span className="muted small">
                {t("invoices.invoiceDetail.billRun")} <span className="mono">{shortId(invoice.bill_run_id)}</span>
              </span>
            ) : null}
          </div>
          <dl className="totals" aria-label={t("invoices.invoiceDetail.totals")}>
            <div>
              <dt>{t("invoices.invoiceDetail.subtotal")}</dt>
              <dd>{formatMoney(invoice.subtotal)}</dd>
            </div>
            <div>
              <dt>{t("invoices.invoiceDetail.vat")}</dt>
              <dd>{formatMoney(invoice.vat)}</dd>
            </div>
            <div className="totals-strong">
              <dt>{t("invoices.invoiceDetail.total")}</dt>
              <dd data-testid="invoice-total">{formatMoney(invoice.total)}</dd>
            </div>
            <div>
              <dt>{t("invoices.invoiceDetail.credited")}</dt>
              <dd data-testid="invoice-credited">{formatMoney(invoice.credited)}</dd>
            </div>
            <div>
              <dt>{t("invoices.invoiceDetail.paid")}</dt>
              <dd>{formatMoney(invoice.paid)}</dd>
            </div>
            <div className="totals-strong">
              <dt>{t("invoices.invoiceDetail.amountDue")}</dt>
              <dd data-testid="invoice-amount-due">{formatMoney(invoice.amount_due)}</dd>
            </div>
          </dl>
        </div>
      </section>

      <section className="card" aria-labelledby="credit-notes-title">
        <div className="card-header">
          <h2 id="credit-notes-title">{t("invoices.invoiceDetail.creditNotes")}</h2>
        </div>
        {(invoice.credit_notes ?? []).length === 0 ? (
          <p className="muted">{t("invoices.invoiceDetail.noCreditNote")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table table-compact" aria-label={t("invoices.invoiceDetail.creditNotes")}>
              <thead>
                <tr>
                  <th scope="col">{t("invoices.invoiceDetail.number")}</th>
                  <th scope="col">{t("invoices.invoiceDetail.date")}</th>
                  <th scope="col" className="num">{t("invoices.invoiceDetail.exclVat")}</th>
                  <th scope="col" className="num">{t("invoices.invoiceDetail.vat")}</th>
                  <th scope="col" className="num">{t("invoices.invoiceDetail.total")}</th>
                  <th scope="col">{t("invoices.invoiceDetail.reason")}</th>
                  <th scope="col">{t("invoices.invoiceDetail.recorded")}</th>
                  <th scope="col">
                    <span className="sr-only">{t("invoices.invoiceDetail.pdf")}</span>
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
                        aria-label={t("invoices.invoiceDetail.downloadCreditNotePdf", { number: cn.number })}
                      >
                        {t("invoices.invoiceDetail.pdf")}
                      </button>{" "}
                      <button
                        type="button"
                        className="btn"
                        onClick={() => downloadEInvoice("credit-note", "ubl", cn.id, cn.number)}
                        disabled={pdfBusy}
                        aria-label={t("invoices.invoiceDetail.downloadCreditNoteUbl", { number: cn.number })}
                      >
                        {t("invoices.invoiceDetail.ubl")}
                      </button>{" "}
                      <button
                        type="button"
                        className="btn"
                        onClick={() => downloadEInvoice("credit-note", "facturx", cn.id, cn.number)}
                        disabled={pdfBusy}
                        aria-label={t("invoices.invoiceDetail.downloadCreditNoteFacturx", { number: cn.number })}
                      >
                        {t("invoices.invoiceDetail.facturx")}
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
              t("invoices.invoiceDetail.creditNoteIssuedForVat", { number: cn.number, v2: formatMoney(cn.total), v3: formatMoney(cn.subtotal), v4: formatMoney(cn.vat) }) +
                (Number(cn.refundable) > 0
                  ? t("invoices.invoiceDetail.alreadyPaidBecomesTheClientsCredit", { v1: formatMoney(cn.refundable) })
                  : ""),
            );
            void queryClient.invalidateQueries({ queryKey: keys.invoices });
            void invalidateMoney();
          }}
        />
      </section>
    </div>
  );
}

function CreditNoteForm({ invoice, onIssued }: { invoice: InvoiceOut; onIssued: (cn: CreditNoteOut) => void }) {
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [localErrors, setLocalErrors] = useState<{ field: string; message: string }[]>([]);
  // one Idempotency-Key per credit note: kept while the form is unchanged (a retry after a lost
  // answer replays the first one instead of crediting twice), renewed once issued or edited
  const key = useRef<string | null>(null);

  const issuing = useMutation({
    mutationFn: ({ body, idem }: { body: CreditNoteCreate; idem: string }) =>
      unwrap(api.POST("/api/v1/invoices/{invoice_id}/credit-notes", { params: { path: { invoice_id: invoice.id }, header: { "Idempotency-Key": idem } }, body })),
    onSuccess: (data) => {
      key.current = null;
      setAmount("");
      setReason("");
      onIssued(data);
    },
  });
  const busy = issuing.isPending;
  const problem = problemOf(issuing.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    issuing.reset();
    if (reason.trim() === "") {
      setLocalErrors([{ field: "reason", message: t("invoices.invoiceDetail.aReasonIsRequired") }]);
      return;
    }
    setLocalErrors([]);
    const body: CreditNoteCreate = { amount: amount.trim() === "" ? null : amount.trim().replace(",", "."), reason: reason.trim() };
    key.current ??= uuid();
    issuing.mutate({ body, idem: key.current });
  }

  const { bySlot, unmatched } = assignFieldErrors([...localErrors, ...(problem?.errors ?? [])], [
    ["amount", "amount"],
    ["reason", "reason"],
  ]);
  const showBanner = problem && (unmatched.length > 0 || problem.errors.length === 0);

  return (
    <form className="inline-panel credit-note-form" onSubmit={submit} noValidate aria-label={t("invoices.invoiceDetail.issueACreditNote")}>
      <h3>{t("invoices.invoiceDetail.issueACreditNote")}</h3>
      {showBanner ? <ProblemBanner problem={problem} extra={unmatched} onDismiss={() => issuing.reset()} /> : null}
      {problem && !showBanner ? (
        <p className="inline-error small" role="status">
          {problemMessage(problem)}
        </p>
      ) : null}
      <div className="inline-panel-row">
        <Field
          id="credit-note-amount"
          label={t("invoices.invoiceDetail.amount")}
          errors={bySlot.amount}
          hint={t("invoices.invoiceDetail.optionalEmptyTheWholeRemainingAmount")}
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
        <Field id="credit-note-reason" label={t("invoices.invoiceDetail.reason")} errors={bySlot.reason} className="field-grow">
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
          {busy ? t("invoices.invoiceDetail.issuing") : t("invoices.invoiceDetail.issueCreditNote")}
        </button>
      </div>
    </form>
  );
}
