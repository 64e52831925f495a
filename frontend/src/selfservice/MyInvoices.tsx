// "My invoices": CIN step (session shared with "Change my plan"), the client's
// invoices, and each PDF fetched with the token then saved via a Blob URL.
import { t } from "../i18n";
import { useCallback, useEffect, useState } from "react";
import { selfServiceApi } from "../api/selfService";
import type { ProblemView } from "../api/problem";
import type { SelfServiceInvoice } from "../api/types";
import { formatMoney } from "../components/format";
import { INVOICE_STATUS_TEXT, dateText, periodText } from "./describe";
import { CinStep, EmptyForClient, ErrorBox, SignedInBar, Spinner, run, useSelfService } from "./shared";

export function MyInvoices() {
  const { token } = useSelfService();
  if (!token) {
    return <CinStep title={t("landing.myInvoices.yourInvoices")} intro={t("landing.myInvoices.enterTheCinOfTheAccount")} />;
  }
  return <InvoicesSignedIn key={token} />;
}

function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function InvoicesSignedIn() {
  const [invoices, setInvoices] = useState<SelfServiceInvoice[] | null>(null);
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);
  const [downloadProblem, setDownloadProblem] = useState<{ id: string; problem: ProblemView } | null>(null);

  const load = useCallback(async () => {
    setProblem(null);
    const r = await run(() => selfServiceApi.GET("/api/v1/self-service/invoices"));
    if (r.ok) {
      setInvoices([...r.data.items].sort((a, b) => b.issue_date.localeCompare(a.issue_date) || b.number.localeCompare(a.number)));
    } else if (r.problem.status !== 401) setProblem(r.problem);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  async function download(inv: SelfServiceInvoice) {
    setDownloading(inv.id);
    setDownloadProblem(null);
    const r = await run(() =>
      selfServiceApi.GET("/api/v1/self-service/invoices/{invoice_id}/pdf", {
        params: { path: { invoice_id: inv.id } },
        parseAs: "blob",
      }),
    );
    setDownloading(null);
    if (r.ok) {
      const data: unknown = r.data;
      const blob = data instanceof Blob ? data : new Blob([String(data)], { type: "application/pdf" });
      saveBlob(blob.type ? blob : new Blob([blob], { type: "application/pdf" }), `${inv.number}.pdf`);
    } else if (r.problem.status !== 401) {
      setDownloadProblem({ id: inv.id, problem: r.problem });
    }
  }

  // issue 15: the same invoice as an e-invoice (UBL 2.1 XML)
  async function downloadUbl(inv: SelfServiceInvoice) {
    setDownloading(inv.id);
    setDownloadProblem(null);
    const r = await run(() =>
      selfServiceApi.GET("/api/v1/self-service/invoices/{invoice_id}/ubl", {
        params: { path: { invoice_id: inv.id } },
        parseAs: "blob",
      }),
    );
    setDownloading(null);
    if (r.ok) {
      const data: unknown = r.data;
      const blob = data instanceof Blob ? data : new Blob([String(data)], { type: "application/xml" });
      saveBlob(blob.type ? blob : new Blob([blob], { type: "application/xml" }), `${inv.number}.xml`);
    } else if (r.problem.status !== 401) {
      setDownloadProblem({ id: inv.id, problem: r.problem });
    }
  }

  const due = invoices?.filter((i) => i.status !== "paid" && i.status !== "credited") ?? [];
  const dueTotal = due.reduce((cents, i) => cents + toCents(i.amount_due), 0);

  return (
    <div className="ss-section">
      <SignedInBar />
      <section className="ss-card" aria-labelledby="ss-invoices-title">
        <div className="ss-card-head">
          <h2 id="ss-invoices-title">{t("landing.myInvoices.yourInvoices")}</h2>
          {invoices && invoices.length > 0 ? (
            <div className={`ss-balance${dueTotal > 0 ? " ss-balance-due" : ""}`}>
              <span>{t("landing.myInvoices.leftToPay")}</span>
              <strong>{formatMoney(fromCents(dueTotal))}</strong>
            </div>
          ) : null}
        </div>
        <ErrorBox problem={problem} onRetry={() => void load()} />
        {!invoices && !problem ? <Spinner label={t("landing.myInvoices.loadingYourInvoices")} /> : null}
        {invoices && invoices.length === 0 ? <EmptyForClient what="invoices" /> : null}
        {invoices && invoices.length > 0 ? (
          <ul className="ss-invoices">
            {invoices.map((inv) => (
              <li key={inv.id} className="ss-invoice">
                <div className="ss-invoice-main">
                  <span className="ss-invoice-period">{periodText(inv.period)}</span>
                  <span className="ss-invoice-number">{t("landing.myInvoices.invoice")} {inv.number}</span>
                  <span className="ss-invoice-dates">
                    {t("landing.myInvoices.issued")} {dateText(inv.issue_date)} {t("landing.myInvoices.due")} {dateText(inv.due_date)}
                  </span>
                </div>
                <dl className="ss-invoice-amounts">
                  <div>
                    <dt>{t("landing.myInvoices.total")}</dt>
                    <dd>{formatMoney(inv.total)}</dd>
                  </div>
                  <div>
                    <dt>{t("landing.myInvoices.amountDue")}</dt>
                    <dd className={toCents(inv.amount_due) > 0 ? "ss-due" : undefined}>{formatMoney(inv.amount_due)}</dd>
                  </div>
                </dl>
                <span className={`ss-status ss-status-${inv.status}`}>{INVOICE_STATUS_TEXT()[inv.status] ?? inv.status}</span>
                <button
                  type="button"
                  className="ss-btn ss-btn-secondary ss-invoice-pdf"
                  onClick={() => void download(inv)}
                  disabled={downloading === inv.id}
                  aria-busy={downloading === inv.id}
                >
                  <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
                    <path d="M12 4v11m0 0-4.5-4.5M12 15l4.5-4.5M5 19.5h14" />
                  </svg>
                  <span className="ss-pdf-label">
                    {t("landing.myInvoices.downloadPdf")} <span className="ss-pdf-number">{inv.number}</span>
                  </span>
                </button>
                <button
                  type="button"
                  className="ss-btn ss-btn-secondary ss-invoice-ubl"
                  onClick={() => void downloadUbl(inv)}
                  disabled={downloading === inv.id}
                  aria-label={t("landing.myInvoices.downloadUblOf", { number: inv.number })}
                >
                  {t("landing.myInvoices.downloadUbl")}
                </button>
                {downloadProblem?.id === inv.id ? (
                  <div className="ss-invoice-error">
                    <ErrorBox problem={downloadProblem.problem} onRetry={() => void download(inv)} />
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}

/** Decimal string -> integer cents, without floating point ("99.5" -> 9950). */
function toCents(s: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?/.exec(String(s).trim());
  if (!m) return 0;
  const v = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"));
  return m[1] ? -v : v;
}

function fromCents(c: number): string {
  const abs = Math.abs(c);
  return `${c < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
