import { t } from "../i18n";
import { useCallback, useEffect, useState } from "react";
import { useNavigate } from "react-router-dom";
import { api } from "../api/client";
import { networkProblem, toProblem, type ProblemView } from "../api/problem";
import type { ClientDetail, ContractOut } from "../api/types";
import { Loading, ProblemBanner, StatusBadge } from "../components/ui";
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
  const [reloadKey, setReloadKey] = useState(0);

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
          onOrdered={() => setReloadKey((k) => k + 1)}
          onOpenClient={openClient}
          onOpenContract={openContract}
        />
      ) : clientId ? (
        <ExistingClient
          key={clientId}
          clientId={clientId}
          reloadKey={reloadKey}
          onChangeClient={() => go({ client: null })}
          onOrdered={() => setReloadKey((k) => k + 1)}
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

      <ContractListForClient clientId={view === "onboard" ? null : clientId} reloadKey={reloadKey} onOpen={openContract} onClearClient={() => go({ client: null })} />
    </div>
  );
}

function ContractListForClient({
  clientId,
  reloadKey,
  onOpen,
  onClearClient,
}: {
  clientId: string | null;
  reloadKey: number;
  onOpen: (id: string) => void;
  onClearClient: () => void;
}) {
  const [client, setClient] = useState<ClientDetail | null>(null);
  useEffect(() => {
    setClient(null);
    if (!clientId) return;
    let alive = true;
    api
      .GET("/api/v1/clients/{client_id}", { params: { path: { client_id: clientId } } })
      .then(({ data }) => alive && data && setClient(data))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [clientId, reloadKey]);
  const numbers = new Map((client?.subscribers ?? []).map((s) => [s.id, s.number]));
  return (
    <ContractList
      clientId={clientId}
      clientLabel={client ? fullName(client) : null}
      numbers={numbers}
      onOpen={onOpen}
      onClearClient={onClearClient}
      reloadKey={reloadKey}
    />
  );
}

function ExistingClient({
  clientId,
  reloadKey,
  onChangeClient,
  onOrdered,
  onOpenClient,
  onOpenContract,
}: {
  clientId: string;
  reloadKey: number;
  onChangeClient: () => void;
  onOrdered: () => void;
  onOpenClient: (id: string) => void;
  onOpenContract: (id: string) => void;
}) {
  const [client, setClient] = useState<ClientDetail | null>(null);
  const [contracts, setContracts] = useState<ContractOut[]>([]);
  const [problem, setProblem] = useState<ProblemView | null>(null);

  const load = useCallback(async () => {
    try {
      const [c, k] = await Promise.all([
        api.GET("/api/v1/clients/{client_id}", { params: { path: { client_id: clientId } } }),
        api.GET("/api/v1/contracts", { params: { query: { client_id: clientId, limit: 200 } } }),
      ]);
      if (c.data) {
        setClient(c.data);
        setProblem(null);
      } else setProblem(toProblem(c.error, c.response));
      if (k.data) setContracts(k.data.items);
    } catch (e) {
      setProblem(networkProblem(e));
    }
  }, [clientId]);

  useEffect(() => {
    void load();
  }, [load, reloadKey]);

  if (!client) {
    return (
      <section className="card">
        <button type="button" className="btn btn-link back-link" onClick={onChangeClient}>
          {t("contracts.contractsTab.changeClient")}
        </button>
        {problem ? <ProblemBanner problem={problem} /> : <Loading label={t("contracts.contractsTab.loadingClient")} />}
      </section>
    );
  }

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
          onOrdered={() => onOrdered()}
          onOpenClient={onOpenClient}
          onOpenContract={onOpenContract}
        />
      )}
    </>
  );
}
