import { useSearchParams } from "react-router-dom";
import { OfferList } from "./OfferList";
import { OfferDetailView } from "./OfferDetail";
import { OfferForm } from "./OfferForm";

/** Offers tab: list (default), `?view=new` create form, `?offer=<id>` detail. */
export function OffersTab() {
  const [params, setParams] = useSearchParams();
  const offerId = params.get("offer");
  const view = params.get("view");

  const go = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    p.set("tab", "offers");
    for (const [k, v] of Object.entries(next)) {
      if (v === null) p.delete(k);
      else p.set(k, v);
    }
    setParams(p);
  };

  if (view === "new") {
    return (
      <OfferForm
        mode={{ kind: "create" }}
        onCancel={() => go({ view: null })}
        onSaved={(offer) => go({ view: null, offer: offer.id, created: "1" })}
      />
    );
  }
  if (offerId) {
    return (
      <OfferDetailView
        key={offerId}
        offerId={offerId}
        justCreated={params.get("created") === "1"}
        onBack={() => go({ offer: null, created: null })}
      />
    );
  }
  return <OfferList onOpen={(id) => go({ offer: id })} onNew={() => go({ view: "new" })} />;
}
