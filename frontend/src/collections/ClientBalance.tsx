import { t } from "../i18n";
import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { keys, unwrap } from "../api/query";
import { QueryState } from "../components/QueryState";
import { formatMoney } from "../components/format";

/** Balance of a client (amount due, credit, overdue) and the way to post a payment; shown in the client detail. */
export function ClientBalance({ clientId, onPostPayment }: { clientId: string; onPostPayment: (clientId: string) => void }) {
  // under the balances' root: a payment, a reversal or a run invalidates it (api/query.ts invalidateMoney)
  const balance = useQuery({
    queryKey: [...keys.balances, clientId],
    queryFn: () => unwrap(api.GET("/api/v1/clients/{client_id}/balance", { params: { path: { client_id: clientId } } })),
  });
  const overdue = (amount: string) => amount !== "0.00" && !/^0+(\.0+)?$/.test(amount);
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
      <QueryState query={balance} label={t("collections.clientBalance.loadingBalance")}>
        {(balance) => (
        <dl className="report-figures balance-figures" aria-label={t("collections.clientBalance.clientBalance")}>
          <div>
            <dt>{t("collections.clientBalance.amountDue")}</dt>
            <dd data-testid="balance-amount-due">{formatMoney(balance.amount_due)}</dd>
          </div>
          <div>
            <dt>{t("collections.clientBalance.credit")}</dt>
            <dd data-testid="balance-credit">{formatMoney(balance.credit)}</dd>
          </div>
          <div className={overdue(balance.overdue_amount) ? "figure-bad" : undefined}>
            <dt>{t("collections.clientBalance.overdue")}</dt>
            <dd data-testid="balance-overdue">{formatMoney(balance.overdue_amount)}</dd>
          </div>
        </dl>
        )}
      </QueryState>
    </section>
  );
}
