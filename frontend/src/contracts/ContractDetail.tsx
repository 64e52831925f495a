import { t } from "../i18n";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api } from "../api/client";
import { networkProblem, problemMessage, toProblem, type ProblemView } from "../api/problem";
import type { AuditEvent, ClientDetail, ContractOut, SubscriberOut } from "../api/types";
import { DateTime, Field, Loading, Notice, ProblemBanner, StatusBadge, ariaFor } from "../components/ui";
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

export function ContractDetailView({ contractId, onBack, onOpenClient, onOpenContract }: Props) {
  const [contract, setContract] = useState<ContractOut | null>(null);
  const [subscriber, setSubscriber] = useState<SubscriberOut | null>(null);
  const [client, setClient] = useState<ClientDetail | null>(null);
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [eventsProblem, setEventsProblem] = useState<ProblemView | null>(null);
  const [loadProblem, setLoadProblem] = useState<ProblemView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [action, setAction] = useState<Action | null>(null);

  const load = useCallback(async () => {
    setLoadProblem(null);
    try {
      const [k, ev] = await Promise.all([
        api.GET("/api/v1/contracts/{contract_id}", { params: { path: { contract_id: contractId } } }),
        api.GET("/api/v1/audit/{aggregate_type}/{aggregate_id}/events", {
          params: { path: { aggregate_type: "contract", aggregate_id: contractId } },
        }),
      ]);
      if (k.data) {
        setContract(k.data);
        // Secondary look-ups (line number, client name): best effort.
        const [s, c] = await Promise.all([
          api.GET("/api/v1/subscribers/{subscriber_id}", { params: { path: { subscriber_id: k.data.subscriber_id } } }),
          api.GET("/api/v1/clients/{client_id}", { params: { path: { client_id: k.data.client_id } } }),
        ]).catch(() => [null, null] as const);
        if (s?.data) setSubscriber(s.data);
        if (c?.data) setClient(c.data);
      } else setLoadProblem(toProblem(k.error, k.response));
      if (ev.data) {
        setEvents(ev.data.items);
        setEventsProblem(null);
      } else {
        setEvents(null);
        setEventsProblem(toProblem(ev.error, ev.response));
      }
    } catch (e) {
      setLoadProblem(networkProblem(e));
    }
  }, [contractId]);

  useEffect(() => {
    void load();
  }, [load]);

  const back = (
    <button type="button" className="btn btn-link back-link" onClick={onBack}>
      {t("contracts.contractDetail.contracts")}
    </button>
  );

  if (!contract) {
    return (
      <section className="card">
        {back}
        {loadProblem ? <ProblemBanner problem={loadProblem} /> : <Loading label={t("contracts.contractDetail.loadingContract")} />}
      </section>
    );
  }

  const actions = actionsFor(contract.status);
  const sortedEvents = events
    ? events
        .map((e, i) => ({ e, i }))
        .sort((a, b) => (a.e.timestamp === b.e.timestamp ? b.i - a.i : a.e.timestamp < b.e.timestamp ? 1 : -1))
        .map(({ e }) => e)
    : null;

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
        {loadProblem ? <ProblemBanner problem={loadProblem} /> : null}
        {contract.scheduled_change ? (
          <ScheduledChangeBanner
            contract={contract}
            onOpenContract={onOpenContract}
            onCancelled={(k) => {
              setContract(k);
              setNotice(t("contracts.contractDetail.theScheduledChangeWasCancelled"));
              void load();
            }}
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
              setContract(k);
              setNotice(
                k.status === contract.status && k.scheduled_change
                  ? t("contracts.contractDetail.scheduledFor", { v1: ACTION_LABEL()[action], v2: formatDate(k.scheduled_change.effective_date) })
                  : ACTION_DONE()[action],
              );
              void load();
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
        {eventsProblem ? (
          <p className="inline-error" role="alert">
            {t("contracts.contractDetail.couldNotLoadEvents")} {problemMessage(eventsProblem)}
          </p>
        ) : sortedEvents === null ? (
          <Loading label={t("contracts.contractDetail.loadingEvents")} />
        ) : sortedEvents.length === 0 ? (
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
                  const p = (e.payload ?? {}) as Record<string, unknown>;
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
        )}
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
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const [missingReason, setMissingReason] = useState(false);
  const [busy, setBusy] = useState(false);

  const errs = (f: string) => {
    const m = problem?.errors.filter((e) => e.field === f).map((e) => e.message) ?? [];
    return m.length ? m : undefined;
  };
  const reasonErr = missingReason ? [t("contracts.contractDetail.required")] : errs("reason");
  const dateErr = errs("effective_date");
  const unmatched = problem?.errors.filter((e) => e.field !== "reason" && e.field !== "effective_date") ?? [];

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (reason.trim() === "") {
      setMissingReason(true);
      return;
    }
    setMissingReason(false);
    setBusy(true);
    setProblem(null);
    const body = { reason: reason.trim(), effective_date: effective || null };
    const path = { contract_id: contract.id };
    try {
      const res =
        action === "cancel"
          ? await api.POST("/api/v1/contracts/{contract_id}/cancel", {
              params: { path },
              body: { reason: reason.trim() },
            })
          : action === "suspend"
          ? await api.POST("/api/v1/contracts/{contract_id}/suspend", { params: { path }, body })
          : action === "resume"
            ? await api.POST("/api/v1/contracts/{contract_id}/resume", { params: { path }, body })
            : await api.POST("/api/v1/contracts/{contract_id}/terminate", { params: { path }, body });
      if (res.data) onDone(res.data);
      else setProblem(toProblem(res.error, res.response));
    } catch (ex) {
      setProblem(networkProblem(ex));
    } finally {
      setBusy(false);
    }
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
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const [busy, setBusy] = useState(false);
  const change = contract.scheduled_change;
  if (!change) return null;

  async function cancel() {
    setBusy(true);
    setProblem(null);
    try {
      const res = await api.DELETE("/api/v1/contracts/{contract_id}/scheduled-change", {
        params: { path: { contract_id: contract.id } },
      });
      if (res.data) onCancelled(res.data);
      else setProblem(toProblem(res.error, res.response));
    } catch (ex) {
      setProblem(networkProblem(ex));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="alert alert-warning" role="status" aria-label={t("contracts.contractDetail.scheduledChange")}>
      <div className="alert-body">
        <strong>{SCHEDULED_LABEL()[change.action] ?? change.action} {t("contracts.contractDetail.scheduled")}</strong> {t("contracts.contractDetail.for")}{" "}
        <span className="mono">{formatDate(change.effective_date)}</span> · {change.reason}
        {change.action === "plan_change" && change.contract_id ? (
          <>
            {" "}
            ·{" "}
            <a
              href={contractHref(change.contract_id)}
              onClick={(e) => {
                e.preventDefault();
                onOpenContract(change.contract_id as string);
              }}
            >
              {t("contracts.contractDetail.theNewContract")}
            </a>
          </>
        ) : null}
        {problem ? <ProblemBanner problem={problem} /> : null}
      </div>
      <button type="button" className="btn btn-secondary" onClick={() => void cancel()} disabled={busy}>
        {busy ? t("contracts.contractDetail.cancelling") : t("contracts.contractDetail.cancelScheduledChange")}
      </button>
    </div>
  );
}
