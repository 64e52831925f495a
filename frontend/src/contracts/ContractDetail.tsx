import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api } from "../api/client";
import { networkProblem, problemMessage, toProblem, type ProblemView } from "../api/problem";
import type { AuditEvent, ClientDetail, ContractOut, SubscriberOut } from "../api/types";
import { DateTime, Field, Loading, Notice, ProblemBanner, StatusBadge, ariaFor } from "../components/ui";
import { formatDate, formatMoney, fullName } from "../components/format";
import { clientHref, contractHref } from "../components/nav";
import { SERVICE_LABEL } from "../offers/components";

type Action = "suspend" | "resume" | "terminate" | "cancel";

const ACTION_LABEL: Record<Action, string> = {
  suspend: "Suspend",
  resume: "Resume",
  terminate: "Terminate",
  cancel: "Cancel contract",
};
const ACTION_DONE: Record<Action, string> = {
  suspend: "Contract suspended.",
  resume: "Contract resumed.",
  terminate: "Contract terminated.",
  cancel: "Contract cancelled: it will never start and bills nothing.",
};

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
      ← Contracts
    </button>
  );

  if (!contract) {
    return (
      <section className="card">
        {back}
        {loadProblem ? <ProblemBanner problem={loadProblem} /> : <Loading label="Loading contract…" />}
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
              Contract <span className="mono">{contract.id}</span> · {SERVICE_LABEL[contract.service] ?? contract.service}
            </div>
            <h2 id="contract-title" className="title-with-badge">
              <span className="mono">{contract.offer_code}</span> {contract.offer_name}{" "}
              <StatusBadge status={contract.status} />
            </h2>
          </div>
          <div className="actions" role="group" aria-label="Contract actions">
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
                {ACTION_LABEL[a]}
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
              setNotice("The scheduled change was cancelled.");
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
                  ? `${ACTION_LABEL[action]} scheduled for ${formatDate(k.scheduled_change.effective_date)}.`
                  : ACTION_DONE[action],
              );
              void load();
            }}
          />
        ) : null}

        <dl className="details">
          <div>
            <dt>Client</dt>
            <dd>
              <a
                href={clientHref(contract.client_id)}
                onClick={(e) => {
                  e.preventDefault();
                  onOpenClient(contract.client_id);
                }}
              >
                {client ? fullName(client) : "Open client"}
              </a>
              {client ? <div className="muted mono">{client.cin}</div> : null}
            </dd>
          </div>
          <div>
            <dt>Line</dt>
            <dd className="mono">{subscriber?.number ?? contract.subscriber_id}</dd>
          </div>
          <div>
            <dt>Service</dt>
            <dd>{SERVICE_LABEL[contract.service] ?? contract.service}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={contract.status} />
            </dd>
          </div>
          <div>
            <dt>Offer</dt>
            <dd>
              <span className="mono">{contract.offer_code}</span> · {contract.offer_name}
            </dd>
          </div>
          <div>
            <dt>Offer version</dt>
            <dd>{contract.offer_version}</dd>
          </div>
          <div>
            <dt>Monthly fee</dt>
            <dd className="mono">{formatMoney(contract.monthly_fee)}</dd>
          </div>
          <div>
            <dt>Status reason</dt>
            <dd>{contract.status_reason ?? <span className="muted">—</span>}</dd>
          </div>
          <div>
            <dt>Start date</dt>
            <dd className="mono">{formatDate(contract.start_date)}</dd>
          </div>
          <div>
            <dt>End date</dt>
            <dd className="mono">{formatDate(contract.end_date)}</dd>
          </div>
          <div>
            <dt>Commitment end</dt>
            <dd className="mono">{formatDate(contract.commitment_end)}</dd>
          </div>
          <div>
            <dt>Contract ID</dt>
            <dd className="mono small">{contract.id}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>
              <DateTime iso={contract.created_at} />
            </dd>
          </div>
          <div>
            <dt>Updated</dt>
            <dd>
              <DateTime iso={contract.updated_at} />
            </dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="contract-history-title">
        <div className="card-header">
          <h2 id="contract-history-title">History</h2>
        </div>
        {eventsProblem ? (
          <p className="inline-error" role="alert">
            Could not load events: {problemMessage(eventsProblem)}
          </p>
        ) : sortedEvents === null ? (
          <Loading label="Loading events…" />
        ) : sortedEvents.length === 0 ? (
          <p className="muted">No events recorded.</p>
        ) : (
          <div className="table-wrap">
            <table className="table table-compact" aria-label="Events">
              <thead>
                <tr>
                  <th scope="col" className="num">Version</th>
                  <th scope="col">Event</th>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Effective date</th>
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
                              related contract
                            </a>
                          </div>
                        ) : null}
                      </td>
                      <td>
                        <DateTime iso={e.timestamp} />
                      </td>
                      <td>{e.actor || <span className="muted">system</span>}</td>
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
  const reasonErr = missingReason ? ["Required."] : errs("reason");
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
      aria-label={`${ACTION_LABEL[action]} contract`}
    >
      <h3>{ACTION_LABEL[action]} this contract</h3>
      {problem ? <ProblemBanner problem={problem} extra={unmatched} /> : null}
      <div className="inline-panel-row">
        <Field id="transition-reason" label="Reason" errors={reasonErr} className="field-grow">
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
            Starts on {formatDate(contract.start_date)}: cancelled now, it never starts and bills nothing.
          </p>
        ) : (
          <Field
            id="transition-date"
            label="Effective date"
            errors={dateErr}
            hint={action === "resume" ? "Empty = today" : "Empty = today; a later date schedules it"}
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
          Cancel
        </button>
        <button
          type="submit"
          className={action === "terminate" || action === "cancel" ? "btn btn-danger-solid" : "btn btn-primary"}
          disabled={busy}
        >
          {busy ? "Saving…" : "Confirm"}
        </button>
      </div>
    </form>
  );
}

const SCHEDULED_LABEL: Record<string, string> = {
  terminate: "Termination",
  suspend: "Suspension",
  plan_change: "Plan change",
};

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
    <div className="alert alert-warning" role="status" aria-label="Scheduled change">
      <div className="alert-body">
        <strong>{SCHEDULED_LABEL[change.action] ?? change.action} scheduled</strong> for{" "}
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
              the new contract
            </a>
          </>
        ) : null}
        {problem ? <ProblemBanner problem={problem} /> : null}
      </div>
      <button type="button" className="btn btn-secondary" onClick={() => void cancel()} disabled={busy}>
        {busy ? "Cancelling…" : "Cancel scheduled change"}
      </button>
    </div>
  );
}
