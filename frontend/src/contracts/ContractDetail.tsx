import { t } from "../i18n";
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { api } from "../api/client";
import { invalidate, keys, problemOf, queryClient, unwrap } from "../api/query";
import { useAuditEvents, useClient, useContract, useSubscriber } from "../api/reads";
import type { ContractOut } from "../api/types";
import { QueryState } from "../components/QueryState";
import { DateTime, Field, Notice, ProblemBanner, StatusBadge, ariaFor } from "../components/ui";
import { formatDate, formatMoney, fullName } from "../components/format";
import { clientHref, contractHref } from "../components/nav";
import { SERVICE_LABEL } from "../offers/components";

type Action = "suspend" | "resume" | "terminate" | "cancel";

const ACTION_LABEL = (): Record<Action, string> => ({
  suspend: t("contracts.contractDetail.suspend"),
  resume: t("contracts.contractDetail.resume"),
  terminate: t("contracts.contractDetail.terminate"),
  cancel: t("contracts.contractDetail.cancelContract"),
});
const ACTION_DONE = (): Record<Action, string> => ({
  suspend: t("contracts.contractDetail.contractSuspended"),
  resume: t("contracts.contractDetail.contractResumed"),
  terminate: t("contracts.contractDetail.contractTerminated"),
  cancel: t("contracts.contractDetail.contractCancelledItWillNeverStart"),
});

function actionsFor(status: ContractOut["status"]): Action[] {
  if (status === "active") return ["suspend", "terminate"];
  if (status === "suspended") return ["resume", "terminate"];
  if (status === "pending") return ["cancel"];
  return [];
}

interface Props {
  contractId: string;
  onBack: () => void;
  onOpenClient: (id: string) => void;
  onOpenContract: (id: string) => void;
}

/** A contract changed: its page, the lists, the client's lines (their status and offer). */
function contractChanged(k: ContractOut) {
  queryClient.setQueryData([...keys.contracts, "detail", k.id], k);
  void invalidate(keys.contracts, keys.clients, keys.subscribers);
}

export function ContractDetailView(props: Props) {
  const contract = useContract(props.contractId);
  return (
    <QueryState
      query={contract}
      label={t("contracts.contractDetail.loadingContract")}
      frame={(body) => (
        <section className="card">
          <button type="button" className="btn btn-link back-link" onClick={props.onBack}>
            {t("contracts.contractDetail.contracts")}
          </button>
          {body}
        </section>
      )}
    >
      {(data) => <ContractScreen {...props} contract={data} />}
    </QueryState>
  );
}

function ContractScreen({ contract, onBack, onOpenClient, onOpenContract }: Props & { contract: ContractOut }) {
  // line number and client name: labels only (the links work without them)
  const subscriber = useSubscriber(contract.subscriber_id).data;
  const client = useClient(contract.client_id).data;
  const events = useAuditEvents(keys.contracts, "contract", contract.id);
  const [notice, setNotice] = useState<string | null>(null);
  const [action, setAction] = useState<Action | null>(null);

  const back = (
    <button type="button" className="btn btn-link back-link" onClick={onBack}>
      {t("contracts.contractDetail.contracts")}
    </button>
  );

  const actions = actionsFor(contract.status);

  return (
    <div className="stack">
      <section className="card" aria-labelledby="contract-title">
        {back}
        <div className="card-header card-header-row">
          <div>
            <div className="eyebrow">
              {t("contracts.contractDetail.contract")} <span className="mono">{contract.id}</span> · {SERVICE_LABEL()[contract.service] ?? contract.service}
            </div>
            <h2 id="contract-title" className="title-with-badge">
              <span className="mono">{contract.offer_code}</span> {contract.offer_name}{" "}
              <StatusBadge status={contract.status} />
            </h2>
          </div>
          <div className="actions" role="group" aria-label={t("contracts.contractDetail.contractActions")}>
            {actions.map((a) => (
              <button
                key={a}
                type="button"
                className={a === "terminate" || a === "cancel" ? "btn btn-danger" : "btn btn-secondary"}
                aria-expanded={action === a}
                onClick={() => {
                  setAction((cur) => (cur === a ? null : a));
                  setNotice(null);
                }}
              >
                {ACTION_LABEL()[a]}
              </button>
            ))}
          </div>
        </div>

        {notice ? <Notice onDismiss={() => setNotice(null)}>{notice}</Notice> : null}
        {contract.scheduled_change ? (
          <ScheduledChangeBanner
            contract={contract}
            onOpenContract={onOpenContract}
            onCancelled={() => setNotice(t("contracts.contractDetail.theScheduledChangeWasCancelled"))}
          />
        ) : null}

        {action ? (
          <TransitionForm
            key={action}
            contract={contract}
            action={action}
            onCancel={() => setAction(null)}
            onDone={(k) => {
              setAction(null);
              setNotice(
                k.status === contract.status && k.scheduled_change
                  ? t("contracts.contractDetail.scheduledFor", { v1: ACTION_LABEL()[action], v2: formatDate(k.scheduled_change.effective_date) })
                  : ACTION_DONE()[action],
              );
            }}
          />
        ) : null}

        <dl className="details">
          <div>
            <dt>{t("contracts.contractDetail.client")}</dt>
            <dd>
              <a
                href={clientHref(contract.client_id)}
                onClick={(e) => {
                  e.preventDefault();
                  onOpenClient(contract.client_id);
                }}
              >
                {client ? fullName(client) : t("contracts.contractDetail.openClient")}
              </a>
              {client ? <div className="muted mono">{client.cin}</div> : null}
            </dd>
          </div>
          <div>
            <dt>{t("contracts.contractDetail.line")}</dt>
            <dd className="mono">{subscriber?.number ?? contract.subscriber_id}</dd>
          </div>
          <div>
            <dt>{t("contracts.contractDetail.service")}</dt>
            <dd>{SERVICE_LABEL()[contract.service] ?? contract.service}</dd>
          </div>
          <div>
            <dt>{t("contracts.contractDetail.status")}</dt>
            <dd>
              <StatusBadge status={contract.status} />
            </dd>
          </div>
          <div>
            <dt>{t("contracts.contractDetail.offer")}</dt>
            <dd>
              <span className="mono">{contract.offer_code}</span> · {contract.offer_name}
            </dd>
          </div>
          <div>
            <dt>{t("contracts.contractDetail.offerVersion")}</dt>
            <dd>{contract.offer_version}</dd>
          </div>
          <div>
            <dt>{t("contracts.contractDetail.monthlyFee")}</dt>
            <dd className="mono">{formatMoney(contract.monthly_fee)}</dd>
          </div>
          <div>
            <dt>{t("contracts.contractDetail.statusReason")}</dt>
            <dd>{contract.status_reason ?? <span className="muted">—</span>}</dd>
          </div>
          <div>
            <dt>{t("contracts.contractDetail.startDate")}</dt>
            <dd className="mono">{formatDate(contract.start_date)}</dd>
          </div>
          <div>
            <dt>{t("contracts.contractDetail.endDate")}</dt>
            <dd className="mono">{formatDate(contract.end_date)}</dd>
          </div>
          <div>
            <dt>{t("contracts.contractDetail.commitmentEnd")}</dt>
            <dd className="mono">{formatDate(contract.commitment_end)}</dd>
          </div>
          <div>
            <dt>{t("contracts.contractDetail.contractId")}</dt>
            <dd className="mono small">{contract.id}</dd>
          </div>
          <div>
            <dt>{t("contracts.contractDetail.created")}</dt>
            <dd>
              <DateTime iso={contract.created_at} />
            </dd>
          </div>
          <div>
            <dt>{t("contracts.contractDetail.updated")}</dt>
            <dd>
              <DateTime iso={contract.updated_at} />
            </dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="contract-history-title">
        <div className="card-header">
          <h2 id="contract-history-title">{t("contracts.contractDetail.history")}</h2>
        </div>
        <QueryState query={events} label={t("contracts.contractDetail.loadingEvents")}>
          {(sortedEvents) =>
            sortedEvents.length === 0 ? (
          <p className="muted">{t("contracts.contractDetail.noEventsRecorded")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table table-compact" aria-label={t("contracts.contractDetail.events")}>
              <thead>
                <tr>
                  <th scope="col" className="num">{t("contracts.contractDetail.version")}</th>
                  <th scope="col">{t("contracts.contractDetail.event")}</th>
                  <th scope="col">{t("contracts.contractDetail.when")}</th>
                  <th scope="col">{t("contracts.contractDetail.who")}</th>
                  <th scope="col">{t("contracts.contractDetail.reason")}</th>
                  <th scope="col">{t("contracts.contractDetail.effectiveDate")}</th>
                </tr>
              </thead>
              <tbody>
                {sortedEvents.map((e, i) => {
                  const p = e.payload ?? {};
                  const reason = typeof p.reason === "string" ? p.reason : null;
                  const eff = typeof p.effective_date === "string" ? p.effective_date : null;
                  const related =
                    typeof p.previous_contract_id === "string"
                      ? p.previous_contract_id
                      : typeof p.superseded_by === "string"
                        ? p.superseded_by
                        : null;
                  return (
                    <tr key={`${e.version}-${e.event_type}-${i}`}>
                      <td className="num">{e.version}</td>
                      <td>
                        <span className="event-type">{e.event_type}</span>
                        {related ? (
                          <div>
                            <a
                              className="small"
                              href={contractHref(related)}
                              onClick={(ev) => {
                                ev.preventDefault();
                                onOpenContract(related);
                              }}
                            >
                              {t("contracts.contractDetail.relatedContract")}
                            </a>
                          </div>
                        ) : null}
                      </td>
                      <td>
                        <DateTime iso={e.timestamp} />
                      </td>
                      <td>{e.actor || <span className="muted">{t("contracts.contractDetail.system")}</span>}</td>
                      <td>{reason ?? <span className="muted">—</span>}</td>
                      <td className="mono">{eff ?? <span className="muted">—</span>}</td>
                    </tr>
                  );
                })}
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

function TransitionForm({
  contract,
  action,
  onCancel,
  onDone,
}: {
  contract: ContractOut;
  action: Action;
  onCancel: () => void;
  onDone: (k: ContractOut) => void;
}) {
  const [reason, setReason] = useState("");
  const [effective, setEffective] = useState("");
  const [missingReason, setMissingReason] = useState(false);
  const transition = useMutation({
    mutationFn: (why: string) => {
      const body = { reason: why, effective_date: effective || null };
      const params = { path: { contract_id: contract.id } };
      if (action === "cancel") return unwrap(api.POST("/api/v1/contracts/{contract_id}/cancel", { params, body: { reason: why } }));
      if (action === "suspend") return unwrap(api.POST("/api/v1/contracts/{contract_id}/suspend", { params, body }));
      if (action === "resume") return unwrap(api.POST("/api/v1/contracts/{contract_id}/resume", { params, body }));
      return unwrap(api.POST("/api/v1/contracts/{contract_id}/terminate", { params, body }));
    },
    onSuccess: (k) => {
      contractChanged(k);
      onDone(k);
    },
  });
  const problem = problemOf(transition.error);
  const busy = transition.isPending;

  const errs = (f: string) => {
    const m = problem?.errors.filter((e) => e.field === f).map((e) => e.message) ?? [];
    return m.length ? m : undefined;
  };
  const reasonErr = missingReason ? [t("contracts.contractDetail.required")] : errs("reason");
  const dateErr = errs("effective_date");
  const unmatched = problem?.errors.filter((e) => e.field !== "reason" && e.field !== "effective_date") ?? [];

  function submit(e: FormEvent) {
    e.preventDefault();
    transition.reset();
    if (reason.trim() === "") {
      setMissingReason(true);
      return;
    }
    setMissingReason(false);
    transition.mutate(reason.trim());
  }

  return (
    <form
      className={`inline-panel${action === "terminate" || action === "cancel" ? " inline-panel-danger" : ""}`}
      onSubmit={submit}
      noValidate
      aria-label={t("contracts.contractDetail.contract2", { v1: ACTION_LABEL()[action] })}
    >
      <h3>{ACTION_LABEL()[action]} {t("contracts.contractDetail.thisContract")}</h3>
      {problem ? <ProblemBanner problem={problem} extra={unmatched} /> : null}
      <div className="inline-panel-row">
        <Field id="transition-reason" label={t("contracts.contractDetail.reason")} errors={reasonErr} className="field-grow">
          <input
            id="transition-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            autoComplete="off"
            {...ariaFor("transition-reason", reasonErr)}
          />
        </Field>
        {action === "cancel" ? (
          <p className="muted">
            {t("contracts.contractDetail.startsOn")} {formatDate(contract.start_date)}{t("contracts.contractDetail.cancelledNowItNeverStartsAnd")}
          </p>
        ) : (
          <Field
            id="transition-date"
            label={t("contracts.contractDetail.effectiveDate")}
            errors={dateErr}
            hint={action === "resume" ? t("contracts.contractDetail.emptyToday") : t("contracts.contractDetail.emptyTodayALaterDateSchedules")}
          >
            <input
              id="transition-date"
              type="date"
              value={effective}
              onChange={(e) => setEffective(e.target.value)}
              {...ariaFor("transition-date", dateErr)}
            />
          </Field>
        )}
      </div>
      <div className="inline-panel-actions">
        <button type="button" className="btn btn-ghost" onClick={onCancel} disabled={busy}>
          {t("contracts.contractDetail.cancel")}
        </button>
        <button
          type="submit"
          className={action === "terminate" || action === "cancel" ? "btn btn-danger-solid" : "btn btn-primary"}
          disabled={busy}
        >
          {busy ? t("contracts.contractDetail.saving") : t("contracts.contractDetail.confirm")}
        </button>
      </div>
    </form>
  );
}

const SCHEDULED_LABEL = (): Record<string, string> => ({
  terminate: t("contracts.contractDetail.termination"),
  suspend: t("contracts.contractDetail.suspension"),
  plan_change: t("contracts.contractDetail.planChange"),
});

function ScheduledChangeBanner({
  contract,
  onCancelled,
  onOpenContract,
}: {
  contract: ContractOut;
  onCancelled: (k: ContractOut) => void;
  onOpenContract: (id: string) => void;
}) {
  const cancelChange = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/contracts/{contract_id}/scheduled-change", { params: { path: { contract_id: contract.id } } })),
    onSuccess: (k) => {
      contractChanged(k);
      onCancelled(k);
    },
  });
  const problem = problemOf(cancelChange.error);
  const busy = cancelChange.isPending;
  const change = contract.scheduled_change;
  if (!change) return null;
  const newContract = change.action === "plan_change" ? change.contract_id : null;
  const cancel = () => cancelChange.mutate();

  return (
    <div className="alert alert-warning" role="status" aria-label={t("contracts.contractDetail.scheduledChange")}>
      <div className="alert-body">
        <strong>{SCHEDULED_LABEL()[change.action] ?? change.action} {t("contracts.contractDetail.scheduled")}</strong> {t("contracts.contractDetail.for")}{" "}
        <span className="mono">{formatDate(change.effective_date)}</span> · {change.reason}
        {newContract ? (
          <>
            {" "}
            ·{" "}
            <a
              href={contractHref(newContract)}
              onClick={(e) => {
                e.preventDefault();
                onOpenContract(newContract);
              }}
            >
              {t("contracts.contractDetail.theNewContract")}
            </a>
          </>
        ) : null}
        {problem ? <ProblemBanner problem={problem} /> : null}
      </div>
      <button type="button" className="btn btn-secondary" onClick={cancel} disabled={busy}>
        {busy ? t("contracts.contractDetail.cancelling") : t("contracts.contractDetail.cancelScheduledChange")}
      </button>
    </div>
  );
}
