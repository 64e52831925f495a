import { t } from "../../i18n";
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { api } from "../../api/client";
import { problemMessage } from "../../api/problem";
import { invalidateMoney, problemOf, unwrap } from "../../api/query";
import type { PaymentOut } from "../../api/types";
import { Field, ariaFor } from "../../components/ui";
import { formatMoney } from "../../components/format";

/** "Reverse this payment?": a reason, then the reversal (409 when it is refused). */
export function ReversePanel({ payment, onCancel, onDone }: { payment: PaymentOut; onCancel: () => void; onDone: (p: PaymentOut) => void }) {
  const [reason, setReason] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const reverse = useMutation({
    mutationFn: (why: string) =>
      unwrap(api.POST("/api/v1/payments/{payment_id}/reverse", { params: { path: { payment_id: payment.id } }, body: { reason: why } })),
    onSuccess: (out) => {
      void invalidateMoney();
      onDone(out);
    },
  });
  const busy = reverse.isPending;
  const problem = problemOf(reverse.error);

  function confirm(e: FormEvent) {
    e.preventDefault();
    reverse.reset();
    if (reason.trim() === "") {
      setLocalError(t("collections.payments.aReasonIsRequired"));
      return;
    }
    setLocalError(null);
    reverse.mutate(reason.trim());
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
