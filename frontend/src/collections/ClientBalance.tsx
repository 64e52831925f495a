import { t } from "../i18n";
import { useEffect, useState } from "react";
import { api } from "../api/client";
import { networkProblem, problemMessage, toProblem, type ProblemView } from "../api/problem";
import type { Balance } from "../api/types";
import { Loading } from "../components/ui";
import { formatMoney } from "../components/format";

/** Balance of a client (amount due, credit, overdue) and the way to post a payment; shown in the client detail. */
export function ClientBalance({ clientId, onPostPayment }: { clientId: string; onPostPayment: (clientId: string) => void }) {
  const [balance, setBalance] = useState<Balance | null>(null);
  const [problem, setProblem] = useState<ProblemView | null>(null);

  useEffect(() => {
    let alive = true;
    setBalance(null);
    setProblem(null);
    api
      .GET("/api/v1/clients/{client_id}/balance", { params: { path: { client_id: clientId } } })
      .then(({ data, error, response }) => {
        if (!alive) return;
        if (data) setBalance(data);
        else setProblem(toProblem(error, response));
      })
      .catch((e) => alive && setProblem(networkProblem(e)));
    return () => {
      alive = false;
    };
  }, [clientId]);

  const overdue = balance && balance.overdue_amount !== "0.00" && !/^0+(\.0+)?$/.test(balance.overdue_amount);
  return (
    <section className="card" aria-labelledby="client-balance-title">
      <div className="card-header card-header-row">
        <h2 id="client-balance-title">{t("collections.clientBalance.balance")}</h2>
        <div className="actions">
          <button type="button" className="btn btn-primary" onClick={() => onPostPayment(clientId)}>
            {t("collections.clientBalance.postAPayment")}
          </button>
        </div>
      </div>
      {problem ? (
        <p className="inline-error" role="alert">
          {t("collections.clientBalance.couldNotLoadTheBalance")} {problemMessage(problem)}
        </p>
      ) : !balance ? (
        <Loading label={t("collections.clientBalance.loadingBalance")} />
      ) : (
        <dl className="report-figures balance-figures" aria-label={t("collections.clientBalance.clientBalance")}>
          <div>
            <dt>{t("collections.clientBalance.amountDue")}</dt>
            <dd data-testid="balance-amount-due">{formatMoney(balance.amount_due)}</dd>
          </div>
          <div>
            <dt>{t("collections.clientBalance.credit")}</dt>
            <dd data-testid="balance-credit">{formatMoney(balance.credit)}</dd>
          </div>
          <div className={overdue ? "figure-bad" : undefined}>
            <dt>{t("collections.clientBalance.overdue")}</dt>
            <dd data-testid="balance-overdue">{formatMoney(balance.overdue_amount)}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
