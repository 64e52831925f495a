import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { useTabNav, clientHref, contractHref } from "../components/nav";
import { BillRuns } from "./BillRuns";
import { InvoiceList } from "./InvoiceList";
import { InvoiceDetailView } from "./InvoiceDetail";

/**
 * Invoices tab:
 *   (no param)                 bill runs panel + invoices list
 *   ?client=&period=&status=   list filters (the Clients tab links here with ?client=<id>)
 *   ?invoice=<id>              invoice detail (lines, totals, PDF, credit notes)
 */
export function InvoicesTab() {
  const { params, go } = useTabNav("invoices");
  const navigate = useNavigate();
  const invoiceId = params.get("invoice");
  const [reloadKey, setReloadKey] = useState(0);

  if (invoiceId) {
    return (
      <InvoiceDetailView
        key={invoiceId}
        invoiceId={invoiceId}
        onBack={() => go({ invoice: null })}
        onOpenClient={(id) => navigate(clientHref(id))}
        onOpenContract={(id) => navigate(contractHref(id))}
      />
    );
  }
  return (
    <div className="stack">
      <BillRuns onRunFinished={() => setReloadKey((k) => k + 1)} />
      <InvoiceList onOpen={(id) => go({ invoice: id })} reloadKey={reloadKey} />
    </div>
  );
}
