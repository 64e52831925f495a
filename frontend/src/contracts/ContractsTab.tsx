import { t } from "../i18n";
import { useNavigate } from "react-router-dom";
import { useClient, useClientContracts } from "../api/reads";
import type { ClientDetail, ContractOut } from "../api/types";
import { QueryState } from "../components/QueryState";
import { StatusBadge } from "../components/ui";
import { fullName } from "../components/format";
import { clientHref, contractHref, useTabNav } from "../components/nav";
import { SERVICE_LABEL } from "../offers/components";
import { Checkout } from "./Checkout";
import { ClientSearch } from "./ClientSearch";
import { ContractDetailView } from "./ContractDetail";
import { ContractList } from "./ContractList";

/**
 * Contracts tab (default tab):
 *   (no param)        entry points "Existing client" / "New client" + all contracts
 *   ?view=onboard     new client onboarding (checkout with new_client)
 *   ?client=<id>      existing client selected: lines summary + checkout + their contracts
 *   ?contract=<id>    contract detail
 */
export function ContractsTab() {
  const { params, go } = useTabNav("contracts");
  const navigate = useNavigate();
  const contractId = params.get("contract");
  const clientId = params.get("client");
  const view = params.get("view");

  const openClient = (id: string) => navigate(clientHref(id));
  const openContract = (id: string) => go({ contract: id });

  if (contractId) {
    return (
      <ContractDetailView
        key={contractId}
        contractId={contractId}
        onBack={() => go({ contract: null })}
        onOpenClient={openClient}
        onOpenContract={openContract}
      />
    );
  }

  return (
    <div className="stack">
      {view === "onboard" ? (
        <Checkout
          mode={{ kind: "new" }}
          onCancel={() => go({ view: null })}
          onOpenClient={openClient}
          onOpenContract={openContract}
        />
      ) : clientId ? (
        <ExistingClient
          key={clientId}
          clientId={clientId}
          onChangeClient={() => go({ client: null })}
          onOpenClient={openClient}
          onOpenContract={openContract}
        />
      ) : (
        <div className="entry-grid">
          <section className="card" aria-labelledby="entry-existing-title">
            <div className="card-header">
              <h2 id="entry-existing-title">{t("contracts.contractsTab.existingClient")}</h2>
              <p className="muted">{t("contracts.contractsTab.addALineOrChangeThe")}</p>
            </div>
            <ClientSearch onSelect={(c) => go({ client: c.id, view: null })} />
          </section>
          <section className="card entry-new" aria-labelledby="entry-new-title">
            <div className="card-header">
              <h2 id="entry-new-title">{t("contracts.contractsTab.newClient")}</h2>
              <p className="muted">{t("contracts.contractsTab.registerTheClientAndSubscribeTheir")}</p>
            </div>
            <button type="button" className="btn btn-primary" onClick={() => go({ view: "onboard", client: null })}>
              {t("contracts.contractsTab.newClient")}
            </button>
          </section>
        </div>
      )}

      <ContractListForClient clientId={view === "onboard" ? null : clientId} onOpen={openContract} onClearClient={() => go({ client: null })} />
    </div>
  );
}

function ContractListForClient({
  clientId,
  onOpen,
  onClearClient,
}: {
  clientId: string | null;
  onOpen: (id: string) => void;
  onClearClient: () => void;
}) {
  // the client's name and line numbers label the list (it works without them)
  const client = useClient(clientId).data;
  const numbers = new Map((client?.subscribers ?? []).map((s) => [s.id, s.number]));
  return (
    <ContractList
      clientId={clientId}
      clientLabel={client ? fullName(client) : null}
      numbers={numbers}
      onOpen={onOpen}
      onClearClient={onClearClient}
    />
  );
}

interface ExistingProps {
  clientId: string;
  onChangeClient: () => void;
  onOpenClient: (id: string) => void;
  onOpenContract: (id: string) => void;
}

function ExistingClient(props: ExistingProps) {
  const client = useClient(props.clientId);
  return (
    <QueryState
      query={client}
      label={t("contracts.contractsTab.loadingClient")}
      frame={(body) => (
        <section className="card">
          <button type="button" className="btn btn-link back-link" onClick={props.onChangeClient}>
            {t("contracts.contractsTab.changeClient")}
          </button>
          {body}
        </section>
      )}
    >
      {(data) => <SelectedClient {...props} client={data} />}
    </QueryState>
  );
}

function SelectedClient({ client, onChangeClient, onOpenClient, onOpenContract }: ExistingProps & { client: ClientDetail }) {
  const contracts: ContractOut[] = useClientContracts(client.id).data ?? [];
  const byId = new Map(contracts.map((k) => [k.id, k]));
  return (
    <>
      <section className="card" aria-labelledby="selected-client-title">
        <div className="card-header card-header-row">
          <div>
            <div className="eyebrow">
              {t("contracts.contractsTab.existingClientCin")} <span className="mono">{client.cin}</span> · <span className="mono">{client.phone}</span>
            </div>
            <h2 id="selected-client-title" className="title-with-badge">
              {fullName(client)} <StatusBadge status={client.status} />
            </h2>
          </div>
          <div className="actions">
            <a
              className="btn btn-secondary"
              href={clientHref(client.id)}
              onClick={(e) => {
                e.preventDefault();
                onOpenClient(client.id);
              }}
            >
              {t("contracts.contractsTab.openClientFile")}
            </a>
            <button type="button" className="btn btn-ghost" onClick={onChangeClient}>
              {t("contracts.contractsTab.changeClient2")}
            </button>
          </div>
        </div>
        <h3 className="section-title">{t("contracts.contractsTab.linesAndContracts")}</h3>
        {(client.subscribers ?? []).length === 0 ? (
          <p className="muted">{t("contracts.contractsTab.noLineYetTheNextOrder")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table table-compact" aria-label={t("contracts.contractsTab.clientLines")}>
              <thead>
                <tr>
                  <th scope="col">{t("contracts.contractsTab.number")}</th>
                  <th scope="col">{t("contracts.contractsTab.service")}</th>
                  <th scope="col">{t("contracts.contractsTab.lineStatus")}</th>
                  <th scope="col">{t("contracts.contractsTab.currentOffer")}</th>
                  <th scope="col">{t("contracts.contractsTab.contract")}</th>
                </tr>
              </thead>
              <tbody>
                {(client.subscribers ?? []).map((s) => {
                  const k = s.contract_id ? byId.get(s.contract_id) : undefined;
                  return (
                    <tr key={s.id}>
                      <td className="mono">{s.number}</td>
                      <td>
                        <span className={`service service-${s.service}`}>{SERVICE_LABEL()[s.service] ?? s.service}</span>
                      </td>
                      <td>
                        <StatusBadge status={s.status} />
                      </td>
                      <td className="mono">{k?.offer_code ?? <span className="muted">—</span>}</td>
                      <td>
                        {s.contract_id ? (
                          <a
                            href={contractHref(s.contract_id)}
                            onClick={(e) => {
                              e.preventDefault();
                              onOpenContract(s.contract_id!);
                            }}
                          >
                            {k ? <StatusBadge status={k.status} /> : t("contracts.contractsTab.openContract")}
                          </a>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {client.erased ? (
        <p className="muted">{t("contracts.contractsTab.thisClientWasAnonymisedNoNew")}</p>
      ) : (
        <Checkout
          mode={{ kind: "existing", client, contracts }}
          onOpenClient={onOpenClient}
          onOpenContract={onOpenContract}
        />
      )}
    </>
  );
}
