import { useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router-dom";
import { useTabNav, clientHref, contractHref } from "../components/nav";
import { invalidateMoney } from "../api/query";
import { AgingCard } from "./AgingCard";
import { CaseList } from "./CaseList";
import { CaseDetailView } from "./CaseDetail";
import { PaymentForm, PaymentList } from "./Payments";
import { StatementImport } from "./StatementImport";

/**
 * Collections tab:
 *   (no param)        aging chart + "Run collections", cases list, "Post a payment" and payments list
 *   ?pay=<client_id>  same page, the payment form prefilled with that client (from a client or a case)
 *   ?case=<id>        case detail (timeline, actions)
 *   ?case_status=&case_client=&min_days=&case_sort=   cases list filters
 */
export function CollectionsTab() {
  const { params, go } = useTabNav("collections");
  const navigate = useNavigate();
  const caseId = params.get("case");
  const payClient = params.get("pay") ?? "";
  const [reloadKey, setReloadKey] = useState(0);
  // money moved (a run, a payment, a reversal, a case action): every view of it reads again
  const bump = () => {
    setReloadKey((k) => k + 1);
    void invalidateMoney();
  };
  const paymentsRef = useRef<HTMLDivElement>(null);

  // Arriving with ?pay=<client>: bring the payment form into view.
  useEffect(() => {
    if (caseId || !payClient) return;
    const t = window.setTimeout(() => {
      paymentsRef.current?.scrollIntoView({ block: "start" });
      document.getElementById("payment-amount")?.focus({ preventScroll: true });
    }, 50);
    return () => window.clearTimeout(t);
  }, [caseId, payClient]);

  if (caseId) {
    return (
      <CaseDetailView
        key={caseId}
        caseId={caseId}
        onBack={() => go({ case: null })}
        onOpenClient={(id) => navigate(clientHref(id))}
        onOpenContract={(id) => navigate(contractHref(id))}
        onPostPayment={(clientId) => go({ case: null, pay: clientId })}
        onChanged={bump}
      />
    );
  }
  return (
    <div className="stack">
      <AgingCard reloadKey={reloadKey} onRun={bump} />
      <CaseList onOpen={(id) => go({ case: id })} reloadKey={reloadKey} />
      <div className="stack" ref={paymentsRef}>
        <PaymentForm initialClientId={payClient} reloadKey={reloadKey} onPosted={bump} />
        <StatementImport onPosted={bump} />
        <PaymentList initialClientId={payClient} reloadKey={reloadKey} onChanged={bump} />
      </div>
    </div>
  );
}
