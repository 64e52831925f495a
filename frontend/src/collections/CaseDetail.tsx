import { t } from "../i18n";
import { useState } from "react";
import { useMutation, useQueries, useQuery } from "@tanstack/react-query";
import { invalidate, invalidateMoney, keys, problemOf, queryClient, unwrap } from "../api/query";
import { QueryState } from "../components/QueryState";
import { api } from "../api/client";
import type { CaseAction, CaseActionKind, CaseDetail, ContractOut } from "../api/types";
import { DateTime, Field, Notice, ProblemBanner, StatusBadge, ariaFor } from "../components/ui";
import { assignFieldErrors, formatCount, formatDate, formatMoney, fullName, shortId, todayIso } from "../components/format";
import { clientHref, contractHref } from "../components/nav";
import { StageBadge } from "./CaseList";
import { STAGE_LABEL, kindLabel } from "./labels";

interface Props {
  caseId: string;
  onBack: () => void;
  onOpenClient: (id: string) => void;
  onOpenContract: (id: string) => void;
  onPostPayment: (clientId: string) => void;
  onChanged?: () => void;
}

const DONE = (): Record<CaseActionKind, string> => ({
  note: t("collections.caseDetail.noteAdded"),
  promise_to_pay: t("collections.caseDetail.promiseToPayRecorded"),
  escalate: t("collections.caseDetail.caseEscalated"),
  close: t("collections.caseDetail.caseClosed"),
});

export function CaseDetailView(props: Props) {
  const detail = useQuery({
    queryKey: [...keys.cases, "detail", props.caseId],
    queryFn: () => unwrap(api.GET("/api/v1/collections/cases/{case_id}", { params: { path: { case_id: props.caseId } } })),
  });
  return (
    <QueryState
      query={detail}
      label={t("collections.caseDetail.loadingCase")}
      frame={(body) => (
        <section className="card">
          <button type="button" className="btn btn-link back-link" onClick={props.onBack}>
            {t("collections.caseDetail.allCases")}
          </button>
          {body}
        </section>
      )}
    >
      {(data) => <CaseScreen {...props} detail={data} />}
    </QueryState>
  );
}

/** One dunning case as read: its client, timeline, suspended lines and the actions left. */
function CaseScreen({ detail, onBack, onOpenClient, onOpenContract, onPostPayment, onChanged }: Props & { detail: CaseDetail }) {
  const [notice, setNotice] = useState<string | null>(null);
  const client = useQuery({
    queryKey: [...keys.clients, "detail", detail.client_id],
    queryFn: () => unwrap(api.GET("/api/v1/clients/{client_id}", { params: { path: { client_id: detail.client_id } } })),
  }).data;
  // offer code / status of the suspended contracts (labels only; the links work without them)
  const suspended = useQueries({
    queries: (detail.suspended_contract_ids ?? []).map((id) => ({
      queryKey: [...keys.contracts, "detail", id],
      queryFn: () => unwrap(api.GET("/api/v1/contracts/{contract_id}", { params: { path: { contract_id: id } } })),
    })),
  });
  const contracts = new Map<string, ContractOut>(suspended.flatMap((q) => (q.data ? [[q.data.id, q.data] as const] : [])));

  const back = (
    <button type="button" className="btn btn-link back-link" onClick={onBack}>
      {t("collections.caseDetail.allCases")}
    </button>
  );

  const clientName = client ? fullName(client) : shortId(detail.client_id);
  const timeline = [...(detail.timeline ?? [])]
    .map((t, i) => ({ t, i }))
    .sort((a, b) => a.t.at.localeCompare(b.t.at) || a.i - b.i)
    .map(({ t }) => t);

  return (
    <div className="stack">
      <section className="card" aria-labelledby="case-title">
        {back}
        <div className="card-header card-header-row">
          <div>
            <div className="eyebrow">
              {t("collections.caseDetail.dunningCase")} <span className="mono">{shortId(detail.id)}</span> · {STAGE_LABEL()[detail.stage] ?? detail.stage}
            </div>
            <h2 id="case-title" className="title-with-badge">
              <a
                className="row-link"
                href={clientHref(detail.client_id)}
                onClick={(e) => {
                  e.preventDefault();
                  onOpenClient(detail.client_id);
                }}
                data-testid="case-client-link"
              >
                {clientName}
              </a>
              <StageBadge stage={detail.stage} />
              <StatusBadge status={detail.status} />
            </h2>
          </div>
          <div className="actions">
            <button type="button" className="btn btn-primary" onClick={() => onPostPayment(detail.client_id)}>
              {t("collections.caseDetail.postAPayment")}
            </button>
          </div>
        </div>

        {notice ? <Notice onDismiss={() => setNotice(null)}>{notice}</Notice> : null}

        <dl className="details">
          <div>
            <dt>{t("collections.caseDetail.overdueAmount")}</dt>
            <dd className="figure-strong" data-testid="case-overdue-amount">
              {formatMoney(detail.overdue_amount)}
            </dd>
          </div>
          <div>
            <dt>{t("collections.caseDetail.daysPastDue")}</dt>
            <dd className="mono">{formatCount(detail.days_past_due)}</dd>
          </div>
          <div>
            <dt>{t("collections.caseDetail.promiseToPay")}</dt>
            <dd className="mono">{detail.promise_to_pay_until ? formatDate(detail.promise_to_pay_until) : <span className="muted">—</span>}</dd>
          </div>
          <div>
            <dt>{t("collections.caseDetail.opened")}</dt>
            <dd>
              <DateTime iso={detail.opened_at} />
              {detail.closed_at ? (
                <div className="muted small">
                  {t("collections.caseDetail.closed")} <DateTime iso={detail.closed_at} />
                </div>
              ) : null}
            </dd>
          </div>
          <div className="details-wide">
            <dt>{t("collections.caseDetail.suspendedContracts")}</dt>
            <dd>
              {(detail.suspended_contract_ids ?? []).length === 0 ? (
                <span className="muted">{t("collections.caseDetail.none")}</span>
              ) : (
                <ul className="inline-list" aria-label={t("collections.caseDetail.suspendedContracts")}>
                  {detail.suspended_contract_ids.map((id) => {
                    const k = contracts.get(id);
                    return (
                      <li key={id}>
                        <a
                          className="code-link"
                          href={contractHref(id)}
                          onClick={(e) => {
                            e.preventDefault();
                            onOpenContract(id);
                          }}
                        >
                          {k ? t("collections.caseDetail.contract", { offer_code: k.offer_code, v2: shortId(id) }) : t("collections.caseDetail.contract2", { v1: shortId(id) })}
                        </a>
                        {k ? (
                          <>
                            {" "}
                            <StatusBadge status={k.status} />
                          </>
                        ) : null}
                      </li>
                    );
                  })}
                </ul>
              )}
            </dd>
          </div>
        </dl>
      </section>

      <div className="case-grid">
        <section className="card" aria-labelledby="case-timeline-title">
          <div className="card-header">
            <h2 id="case-timeline-title">{t("collections.caseDetail.timeline")}</h2>
          </div>
          {timeline.length === 0 ? (
            <p className="muted">{t("collections.caseDetail.noEventYet")}</p>
          ) : (
            <ol className="timeline" aria-label={t("collections.caseDetail.caseTimeline")}>
              {timeline.map((t, i) => (
                <li key={`${t.at}-${i}`} className={`timeline-item timeline-${t.kind}`}>
                  <span className="timeline-dot" aria-hidden="true" />
                  <div className="timeline-head">
                    <strong className="timeline-kind">{kindLabel(t.kind)}</strong>
                    <span className="muted small">
                      <DateTime iso={t.at} /> · {t.actor}
                    </span>
                  </div>
                  {t.detail ? <div className="timeline-detail">{t.detail}</div> : null}
                </li>
              ))}
            </ol>
          )}
        </section>

        <CaseActions
          detail={detail}
          onDone={(d, action) => {
            queryClient.setQueryData([...keys.cases, "detail", d.id], d);
            setNotice(DONE()[action]);
            void invalidateMoney();
            onChanged?.();
          }}
        />
      </div>
    </div>
  );
}

function CaseActions({ detail, onDone }: { detail: CaseDetail; onDone: (d: CaseDetail, action: CaseActionKind) => void }) {
  const [note, setNote] = useState("");
  const [promiseDate, setPromiseDate] = useState("");
  const [localErrors, setLocalErrors] = useState<{ field: string; message: string }[]>([]);
  const closed = detail.status === "closed";

  const acting = useMutation({
    mutationFn: (body: CaseAction) => unwrap(api.POST("/api/v1/collections/cases/{case_id}/actions", { params: { path: { case_id: detail.id } }, body })),
    onSuccess: (data, body) => {
      setNote("");
      setPromiseDate("");
      void invalidate(keys.cases, keys.contracts, keys.clients);
      onDone(data, body.action);
    },
  });
  const busy: CaseActionKind | null = acting.isPending ? acting.variables.action : null;
  const problem = problemOf(acting.error);

  function act(action: CaseActionKind) {
    acting.reset();
    const local: { field: string; message: string }[] = [];
    if (action === "note" && note.trim() === "") local.push({ field: "note", message: t("collections.caseDetail.writeTheNoteFirst") });
    if (action === "promise_to_pay" && !promiseDate) local.push({ field: "promise_date", message: t("collections.caseDetail.chooseThePromisedPaymentDate") });
    setLocalErrors(local);
    if (local.length) return;
    const text = note.trim() === "" ? null : note.trim();
    const body: CaseAction =
      action === "note"
        ? { action, note: note.trim() }
        : action === "promise_to_pay"
          ? { action, note: text, promise_date: promiseDate }
          : { action, note: text };
    acting.mutate(body);
  }

  const { bySlot, unmatched } = assignFieldErrors([...localErrors, ...(problem?.errors ?? [])], [
    ["note", "note"],
    ["promise_date", "promise_date"],
  ]);
  const showBanner = problem && (unmatched.length > 0 || problem.errors.length === 0);

  return (
    <section className="card" aria-labelledby="case-actions-title">
      <div className="card-header">
        <h2 id="case-actions-title">{t("collections.caseDetail.actions")}</h2>
        <p className="muted small">
          {t("collections.caseDetail.theNoteGoesWithAnyAction")}
        </p>
      </div>
      {closed ? <p className="muted">{t("collections.caseDetail.thisCaseIsClosedNoFurther")}</p> : null}
      <form
        className="case-actions"
        onSubmit={(e) => {
          e.preventDefault();
          void act("note");
        }}
        noValidate
        aria-label={t("collections.caseDetail.caseActions")}
      >
        {showBanner ? <ProblemBanner problem={problem} extra={unmatched} onDismiss={() => acting.reset()} /> : null}
        <Field id="case-note" label={t("collections.caseDetail.note")} errors={bySlot.note}>
          <textarea
            id="case-note"
            rows={3}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            disabled={closed}
            {...ariaFor("case-note", bySlot.note)}
          />
        </Field>
        <Field id="case-promise-date" label={t("collections.caseDetail.promiseDate")} errors={bySlot.promise_date}>
          <input
            id="case-promise-date"
            type="date"
            min={todayIso()}
            value={promiseDate}
            onChange={(e) => setPromiseDate(e.target.value)}
            disabled={closed}
            {...ariaFor("case-promise-date", bySlot.promise_date)}
          />
        </Field>
        <div className="case-action-buttons">
          <button type="submit" className="btn btn-secondary" disabled={closed || busy !== null}>
            {busy === "note" ? t("collections.caseDetail.saving") : t("collections.caseDetail.addNote")}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => act("promise_to_pay")} disabled={closed || busy !== null}>
            {busy === "promise_to_pay" ? t("collections.caseDetail.saving") : t("collections.caseDetail.promiseToPay")}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => act("escalate")} disabled={closed || busy !== null}>
            {busy === "escalate" ? t("collections.caseDetail.escalating") : t("collections.caseDetail.escalate")}
          </button>
          <button type="button" className="btn btn-danger" onClick={() => act("close")} disabled={closed || busy !== null}>
            {busy === "close" ? t("collections.caseDetail.closing") : t("collections.caseDetail.closeCase")}
          </button>
        </div>
      </form>
    </section>
  );
}
