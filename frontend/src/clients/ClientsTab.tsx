import { t } from "../i18n";
import { useNavigate } from "react-router-dom";
import { clientContractsHref, contractHref, useTabNav } from "../components/nav";
import { ClientList } from "./ClientList";
import { ClientDetailView } from "./ClientDetail";
import { ClientForm } from "./ClientForm";

/** Clients tab: list (default), `?view=new` create form, `?client=<id>` detail. */
export function ClientsTab() {
  const { params, go } = useTabNav("clients");
  const navigate = useNavigate();
  const clientId = params.get("client");
  const view = params.get("view");
  const deleted = params.get("deleted");

  if (view === "new") {
    return (
      <ClientForm
        mode={{ kind: "create" }}
        onCancel={() => go({ view: null })}
        onSaved={(c) => go({ view: null, client: c.id, created: "1", deleted: null })}
      />
    );
  }
  if (clientId) {
    return (
      <ClientDetailView
        key={clientId}
        clientId={clientId}
        justCreated={params.get("created") === "1"}
        onBack={() => go({ client: null, created: null })}
        onDeleted={(outcome) => go({ client: null, created: null, deleted: outcome })}
        onOpenContract={(id) => navigate(contractHref(id))}
        onNewContract={(id) => navigate(clientContractsHref(id))}
      />
    );
  }
  const notice =
    deleted === "removed"
      ? t("clients.clientsTab.clientDeletedOutcomeRemoved")
      : deleted === "anonymised"
        ? t("clients.clientsTab.clientAnonymisedOutcomeAnonymisedPersonalData")
        : deleted
          ? t("clients.clientsTab.clientDeletedOutcome", { deleted })
          : null;
  return (
    <ClientList
      onOpen={(id) => go({ client: id, deleted: null })}
      onNew={() => go({ view: "new", deleted: null })}
      notice={notice}
      onDismissNotice={() => go({ deleted: null }, { replace: true })}
    />
  );
}
