import { t } from "../i18n";
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { useNavigate } from "react-router-dom";
import { api } from "../api/client";
import { problemMessage } from "../api/problem";
import { invalidate, keys, problemOf, unwrap } from "../api/query";
import { useClient, useClientContracts } from "../api/reads";
import type { ClientDeletion, ClientDetail, ClientOut, ClientStatus, ContractOut } from "../api/types";
import { CLIENT_STATUSES } from "../api/types";
import { QueryState } from "../components/QueryState";
import { DateTime, Field, Notice, ProblemBanner, StatusBadge, ariaFor } from "../components/ui";
import { formatDate, formatMoney, fullName, oneOf } from "../components/format";
import { clientInvoicesHref, contractHref, postPaymentHref } from "../components/nav";
import { ClientBalance } from "../collections/ClientBalance";
import { SERVICE_LABEL } from "../offers/components";
import { ClientForm } from "./ClientForm";

interface Props {
  clientId: string;
  justCreated?: boolean;
  onBack: () => void;
  onDeleted: (outcome: ClientDeletion["outcome"]) => void;
  onOpenContract: (id: string) => void;
  onNewContract: (clientId: string) => void;
}

type Panel = "edit" | "status" | "delete" | null;

/** A client changed: its file, the lists and pickers naming it. */
export const invalidateClients = () => invalidate(keys.clients, keys.clientNames);

export function ClientDetailView(props: Props) {
  const client = useClient(props.clientId);
  return (
    <QueryState
      query={client}
      label={t("clients.clientDetail.loadingClient")}
      frame={(body) => (
        <section className="card">
          <button type="button" className="btn btn-link back-link" onClick={props.onBack}>
            {t("clients.clientDetail.allClients")}
          </button>
          {body}
        </section>
      )}
    >
      {(data) => <ClientScreen {...props} client={data} />}
    </QueryState>
  );
}

function ClientScreen({ client, justCreated, onBack, onDeleted, onOpenContract, onNewContract }: Props & { client: ClientDetail }) {
  const contractsQuery = useClientContracts(client.id);
  const contracts = contractsQuery.data ?? null;
  const [notice, setNotice] = useState<string | null>(justCreated ? t("clients.clientDetail.clientCreated") : null);
  const [panel, setPanel] = useState<Panel>(null);
  const navigate = useNavigate();

  const back = (
    <button type="button" className="btn btn-link back-link" onClick={onBack}>
      {t("clients.clientDetail.allClients")}
    </button>
  );

  const open = (p: Panel) => {
    setPanel((cur) => (cur === p ? null : p));
    setNotice(null);
  };

  function onEdited() {
    setPanel(null);
    setNotice(t("clients.clientDetail.clientUpdated"));
  }

  const contractBySubscriber = new Map<string, ContractOut>();
  for (const k of contracts ?? []) {
    const cur = contractBySubscriber.get(k.subscriber_id);
    if (!cur || k.id === (client.subscribers ?? []).find((s) => s.id === k.subscriber_id)?.contract_id) {
      contractBySubscriber.set(k.subscriber_id, k);
    }
  }
  const numberBySubscriber = new Map((client.subscribers ?? []).map((s) => [s.id, s.number]));

  return (
    <div className="stack">
      <section className="card" aria-labelledby="client-title">
        {back}
        <div className="card-header card-header-row">
          <div>
            <div className="eyebrow">
              {client.kind === "business" ? (
                <>
                  {t("clients.clientDetail.businessIce")} <span className="mono" data-testid="client-ice">{client.ice}</span>
                </>
              ) : (
                <>
                  {t("clients.clientDetail.clientCin")} <span className="mono">{client.cin}</span>
                </>
              )}
            </div>
            <h2 id="client-title" className="title-with-badge">
              {fullName(client)} <StatusBadge status={client.status} />
              {client.erased ? <span className="badge badge-retired">{t("clients.clientDetail.anonymised")}</span> : null}
            </h2>
          </div>
          <div className="actions">
            <button type="button" className="btn btn-primary" onClick={() => onNewContract(client.id)} disabled={client.erased}>
              {t("clients.clientDetail.newContract")}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => navigate(clientInvoicesHref(client.id))}>
              {t("clients.clientDetail.invoices")}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => open("edit")} disabled={client.erased} aria-expanded={panel === "edit"}>
              {t("clients.clientDetail.edit")}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => open("status")} disabled={client.erased} aria-expanded={panel === "status"}>
              {t("clients.clientDetail.changeStatus")}
            </button>
            <button type="button" className="btn btn-danger" onClick={() => open("delete")} aria-expanded={panel === "delete"}>
              {t("clients.clientDetail.deleteClient")}
            </button>
          </div>
        </div>

        {notice ? <Notice onDismiss={() => setNotice(null)}>{notice}</Notice> : null}

        {panel === "status" ? (
          <StatusChange
            client={client}
            onCancel={() => setPanel(null)}
            onDone={(c) => {
              setPanel(null);
              setNotice(t("clients.clientDetail.statusChangedTo", { status: c.status }));
            }}
          />
        ) : null}
        {panel === "delete" ? (
          <DeleteClient client={client} onCancel={() => setPanel(null)} onDeleted={onDeleted} />
        ) : null}

        {client.kind === "business" ? (
          <dl className="details" aria-label={t("clients.clientDetail.company")}>
            <Item label={t("clients.clientDetail.companyName")} value={client.company_name} />
            <Item label={t("clients.clientDetail.ice")} value={client.ice} mono />
            <Item label={t("clients.clientDetail.taxId")} value={client.tax_id} mono />
            <Item label={t("clients.clientDetail.tradeRegister")} value={client.trade_register} />
          </dl>
        ) : null}
        {client.kind === "business" ? <h3 className="form-section">{t("clients.clientDetail.contactPerson")}</h3> : null}
        <dl className="details">
          <Item label={t("clients.clientDetail.firstName")} value={client.first_name} />
          <Item label={t("clients.clientDetail.lastName")} value={client.last_name} />
          <Item label={t("clients.clientDetail.cin")} value={client.cin} mono />
          <Item label={t("clients.clientDetail.phone")} value={client.phone} mono />
          <Item label={t("clients.clientDetail.email")} value={client.email} />
          <Item label={t("clients.clientDetail.address")} value={client.address} />
          <Item label={t("clients.clientDetail.city")} value={client.city} />
          <Item label={t("clients.clientDetail.birthDate")} value={client.birth_date} />
          <Item label={t("clients.clientDetail.status")} value={client.status} />
          <Item label={t("clients.clientDetail.statusReason")} value={client.status_reason} />
          <div>
            <dt>{t("clients.clientDetail.created")}</dt>
            <dd>
              <DateTime iso={client.created_at} />
            </dd>
          </div>
          <div>
            <dt>{t("clients.clientDetail.updated")}</dt>
            <dd>
              <DateTime iso={client.updated_at} />
            </dd>
          </div>
        </dl>
      </section>

      {panel === "edit" ? (
        <ClientForm mode={{ kind: "edit", client }} onSaved={onEdited} onCancel={() => setPanel(null)} />
      ) : null}

      <ClientBalance clientId={client.id} onPostPayment={(id) => navigate(postPaymentHref(id))} />

      <section className="card" aria-labelledby="client-lines-title">
        <div className="card-header">
          <h2 id="client-lines-title">{t("clients.clientDetail.lines")}</h2>
        </div>
        {(client.subscribers ?? []).length === 0 ? (
          <p className="muted">{t("clients.clientDetail.noLineYet")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table table-compact" aria-label={t("clients.clientDetail.lines")}>
              <thead>
                <tr>
                  <th scope="col">{t("clients.clientDetail.number")}</th>
                  <th scope="col">{t("clients.clientDetail.service")}</th>
                  <th scope="col">{t("clients.clientDetail.landlineNumber")}</th>
                  <th scope="col">{t("clients.clientDetail.status")}</th>
                  <th scope="col">{t("clients.clientDetail.currentOffer")}</th>
                  <th scope="col">{t("clients.clientDetail.since")}</th>
                </tr>
              </thead>
              <tbody>
                {(client.subscribers ?? []).map((s) => {
                  const k = s.contract_id ? (contracts ?? []).find((c) => c.id === s.contract_id) : contractBySubscriber.get(s.id);
                  return (
                    <tr key={s.id}>
                      <td className="mono">{s.number}</td>
                      <td>
                        <span className={`service service-${s.service}`}>{SERVICE_LABEL()[s.service] ?? s.service}</span>
                      </td>
                      <td className="mono">{s.landline_number ?? <span className="muted">—</span>}</td>
                      <td>
                        <StatusBadge status={s.status} />
                      </td>
                      <td>
                        {k ? (
                          <a
                            className="code-link"
                            href={contractHref(k.id)}
                            onClick={(e) => {
                              e.preventDefault();
                              onOpenContract(k.id);
                            }}
                          >
                            {k.offer_code}
                          </a>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                      <td>
                        <DateTime iso={s.created_at} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="client-contracts-title">
        <div className="card-header">
          <h2 id="client-contracts-title">{t("clients.clientDetail.contracts")}</h2>
        </div>
        <QueryState query={contractsQuery} label={t("clients.clientDetail.loadingContracts")}>
          {(contracts) =>
            contracts.length === 0 ? (
          <p className="muted">{t("clients.clientDetail.noContract")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table table-compact" aria-label={t("clients.clientDetail.clientContracts")}>
              <thead>
                <tr>
                  <th scope="col">{t("clients.clientDetail.offer")}</th>
                  <th scope="col">{t("clients.clientDetail.service")}</th>
                  <th scope="col">{t("clients.clientDetail.line")}</th>
                  <th scope="col">{t("clients.clientDetail.start")}</th>
                  <th scope="col">{t("clients.clientDetail.end")}</th>
                  <th scope="col" className="num">{t("clients.clientDetail.monthlyFee")}</th>
                  <th scope="col">{t("clients.clientDetail.status")}</th>
                  <th scope="col">
                    <span className="sr-only">{t("clients.clientDetail.open")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {contracts.map((k) => (
                  <tr key={k.id}>
                    <td>
                      <span className="mono">{k.offer_code}</span> <span className="muted">{k.offer_name}</span>
                    </td>
                    <td>{SERVICE_LABEL()[k.service] ?? k.service}</td>
                    <td className="mono">{numberBySubscriber.get(k.subscriber_id) ?? "—"}</td>
                    <td className="mono">{formatDate(k.start_date)}</td>
                    <td className="mono">{formatDate(k.end_date)}</td>
                    <td className="num mono">{formatMoney(k.monthly_fee)}</td>
                    <td>
                      <StatusBadge status={k.status} />
                    </td>
                    <td>
                      <a
                        href={contractHref(k.id)}
                        onClick={(e) => {
                          e.preventDefault();
                          onOpenContract(k.id);
                        }}
                      >
                        {t("clients.clientDetail.openContract")}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
            )
          }
        </QueryState>
      </section>
    </div>
  );
}

function Item({ label, value, mono }: { label: string; value: string | null | undefined; mono?: boolean }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd className={mono ? "mono" : undefined}>{value ? value : <span className="muted">—</span>}</dd>
    </div>
  );
}

function StatusChange({
  client,
  onCancel,
  onDone,
}: {
  client: ClientOut;
  onCancel: () => void;
  onDone: (c: ClientOut) => void;
}) {
  const [status, setStatus] = useState<ClientStatus>(client.status === "active" ? "suspended" : "active");
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const change = useMutation({
    mutationFn: (body: { status: ClientStatus; reason: string }) =>
      unwrap(api.POST("/api/v1/clients/{client_id}/status", { params: { path: { client_id: client.id } }, body })),
    onSuccess: (c) => {
      void invalidate(keys.clients, keys.clientNames, keys.contracts);
      onDone(c);
    },
  });
  const problem = problemOf(change.error);
  const busy = change.isPending;
  const fieldErr = (f: string) => problem?.errors.filter((e) => e.field === f).map((e) => e.message);
  const reasonErr = missing ? [t("clients.clientDetail.required")] : fieldErr("reason");

  function submit(e: FormEvent) {
    e.preventDefault();
    change.reset();
    if (reason.trim() === "") {
      setMissing(true);
      return;
    }
    setMissing(false);
    change.mutate({ status, reason: reason.trim() });
  }

  const unmatched = problem?.errors.filter((e) => e.field !== "reason" && e.field !== "status") ?? [];
  return (
    <form className="inline-panel" onSubmit={submit} noValidate aria-label={t("clients.clientDetail.changeStatus")}>
      <h3>{t("clients.clientDetail.changeStatus")}</h3>
      {problem ? <ProblemBanner problem={problem} extra={unmatched} /> : null}
      <div className="inline-panel-row">
        <Field id="client-status-new" label={t("clients.clientDetail.status")} errors={fieldErr("status")}>
          <select id="client-status-new" value={status} onChange={(e) => setStatus(oneOf(CLIENT_STATUSES, e.target.value) || status)} {...ariaFor("client-status-new", fieldErr("status"))}>
            {CLIENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <Field id="client-status-reason" label={t("clients.clientDetail.reason")} errors={reasonErr} className="field-grow">
          <input id="client-status-reason" value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" {...ariaFor("client-status-reason", reasonErr)} />
        </Field>
      </div>
      <div className="inline-panel-actions">
        <button type="button" className="btn btn-ghost" onClick={onCancel} disabled={busy}>
          {t("clients.clientDetail.cancel")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t("clients.clientDetail.saving") : t("clients.clientDetail.confirm")}
        </button>
      </div>
    </form>
  );
}

function DeleteClient({
  client,
  onCancel,
  onDeleted,
}: {
  client: ClientOut;
  onCancel: () => void;
  onDeleted: (outcome: ClientDeletion["outcome"]) => void;
}) {
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/clients/{client_id}", { params: { path: { client_id: client.id } } })),
    onSuccess: (data) => {
      void invalidate(keys.clients, keys.clientNames, keys.contracts);
      onDeleted(data.outcome);
    },
  });
  const problem = problemOf(remove.error);
  const busy = remove.isPending;
  const confirm = () => remove.mutate();

  return (
    <div className="inline-panel inline-panel-danger" role="group" aria-label={t("clients.clientDetail.deleteClient")}>
      <h3>{t("clients.clientDetail.delete")} {fullName(client)}?</h3>
      <p>
        {t("clients.clientDetail.aClientWithoutAnyContractHistory")}
      </p>
      {problem ? (
        <div className="alert alert-error alert-strong" role="alert" data-testid="deletion-refused">
          <div className="alert-body">
            <strong className="alert-title">
              {problem.status === 409 ? t("clients.clientDetail.deletionRefused") : `${problem.title}: `}
              {problem.detail ?? problemMessage(problem)}
            </strong>
          </div>
        </div>
      ) : null}
      <div className="inline-panel-actions">
        <button type="button" className="btn btn-ghost" onClick={onCancel} disabled={busy}>
          {t("clients.clientDetail.cancel")}
        </button>
        <button type="button" className="btn btn-danger-solid" onClick={confirm} disabled={busy}>
          {busy ? t("clients.clientDetail.deleting") : t("clients.clientDetail.confirmDeletion")}
        </button>
      </div>
    </div>
  );
}
