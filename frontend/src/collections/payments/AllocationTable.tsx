import { t } from "../../i18n";
import { Link } from "react-router-dom";
import type { AllocationPreview } from "../../api/types";
import { formatMoney } from "../../components/format";
import { invoiceHref } from "../../components/nav";

/** What a payment pays (or would pay, in a preview): invoices and amounts, then the credit. */
export function AllocationTable({ title, allocations, credit, testId }: { title: string; allocations: AllocationPreview["allocations"]; credit: string; testId: string }) {
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
