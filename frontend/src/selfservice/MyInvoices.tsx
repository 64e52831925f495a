// "My invoices": CIN step (session shared with "Change my plan"), the client's
// invoices, and each PDF fetched with the token then saved via a Blob URL.
import { t } from "../i18n";
import { useMutation, useQuery } from "@tanstack/react-query";
import { selfServiceApi } from "../api/selfService";
import { unwrap } from "../api/query";
import type { SelfServiceInvoice } from "../api/types";
import { formatMoney } from "../components/format";
import { QueryState } from "../components/QueryState";
import { ProblemBanner } from "../components/ui";
import { INVOICE_STATUS_TEXT, dateText, periodText } from "./describe";
import { CinStep, EmptyForClient, SignedInBar, notSignedOut, selfServiceKeys, useSelfService } from "./shared";

export function MyInvoices() {
  const { token } = useSelfService();
  if (!token) {
    return <CinStep title={t("landing.myInvoices.yourInvoices")} intro={t("landing.myInvoices.enterTheCinOfTheAccount")} />;
  }
  return <InvoicesSignedIn key={token} token={token} />;
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

type Format = "pdf" | "ubl";

/** The invoice's PDF, or the same invoice as an e-invoice (issue 15: UBL 2.1 XML). */
async function fetchDocument(inv: SelfServiceInvoice, format: Format): Promise<{ blob: Blob; name: string }> {
  const params = { path: { invoice_id: inv.id } };
  const data: unknown =
    format === "pdf"
      ? await unwrap(selfServiceApi.GET("/api/v1/self-service/invoices/{invoice_id}/pdf", { params, parseAs: "blob" }))
      : await unwrap(selfServiceApi.GET("/api/v1/self-service/invoices/{invoice_id}/ubl", { params, parseAs: "blob" }));
  const type = format === "pdf" ? "application/pdf" : "application/xml";
  const blob = data instanceof Blob ? data : new Blob([String(data)], { type });
  return { blob: blob.type ? blob : new Blob([blob], { type }), name: `${inv.number}.${format === "pdf" ? "pdf" : "xml"}` };
}

function InvoicesSignedIn({ token }: { token: string }) {
  const query = useQuery({
    queryKey: [...selfServiceKeys.mine(token), "invoices"],
    queryFn: () =>
      unwrap(selfServiceApi.GET("/api/v1/self-service/invoices")).then((page) =>
        [...page.items].sort((a, b) => b.issue_date.localeCompare(a.issue_date) || b.number.localeCompare(a.number)),
      ),
  });
  const invoices = query.data ?? null;
  const downloading = useMutation({
    mutationFn: ({ inv, format }: { inv: SelfServiceInvoice; format: Format }) => fetchDocument(inv, format),
    onSuccess: ({ blob, name }) => saveBlob(blob, name),
  });
  const busyId = downloading.isPending ? downloading.variables.inv.id : null;
  const downloadProblem = notSignedOut(downloading.error);
  const download = (inv: SelfServiceInvoice) => downloading.mutate({ inv, format: "pdf" });
  const downloadUbl = (inv: SelfServiceInvoice) => downloading.mutate({ inv, format: "ubl" });

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
        <QueryState query={{ ...query, error: notSignedOut(query.error) ? query.error : null }} label={t("landing.myInvoices.loadingYourInvoices")}>
          {(invoices) =>
            invoices.length === 0 ? (
              <EmptyForClient what="invoices" />
            ) : (
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
                  className="btn btn-secondary ss-invoice-pdf"
                  onClick={() => download(inv)}
                  disabled={busyId === inv.id}
                  aria-busy={busyId === inv.id}
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
                  className="btn btn-secondary ss-invoice-ubl"
                  onClick={() => downloadUbl(inv)}
                  disabled={busyId === inv.id}
                  aria-label={t("landing.myInvoices.downloadUblOf", { number: inv.number })}
                >
                  {t("landing.myInvoices.downloadUbl")}
                </button>
                {downloadProblem && downloading.variables?.inv.id === inv.id ? (
                  <div className="ss-invoice-error">
                    <ProblemBanner problem={downloadProblem} onRetry={() => download(inv)} />
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
            )
          }
        </QueryState>
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
