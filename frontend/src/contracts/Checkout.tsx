import { t } from "../i18n";
import { useEffect, useMemo, useRef, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { isProblem, networkProblem, type ProblemView } from "../api/problem";
import { ApiError, invalidate, keys, unwrap } from "../api/query";
import { useSubscriber } from "../api/reads";
import type { CheckoutIntent, CheckoutPreview, CheckoutRequest, ClientDetail, ContractOut, OrderOut } from "../api/types";
import { Field, Loading, ProblemBanner, StatusBadge, ariaFor } from "../components/ui";
import { assignFieldErrors, formatDate, fullName, uuid } from "../components/format";
import { clientHref, contractHref } from "../components/nav";
import { SERVICE_LABEL } from "../offers/components";
import {
  ClientFields,
  assignClientErrors,
  emptyClientForm,
  hasClientErrors,
  missingRequired,
  toClientCreate,
  type ClientFormState,
  type ClientSlot,
} from "../clients/ClientFields";
import { OfferPicker } from "./OfferPicker";

type Mode = { kind: "new" } | { kind: "existing"; client: ClientDetail; contracts: ContractOut[] };

interface Props {
  mode: Mode;
  onCancel?: () => void;
  onOpenClient: (id: string) => void;
  onOpenContract: (id: string) => void;
}

type Step = "client" | "offer" | "result";
/** "auto", "new" (intent new_line) or a subscriber id. */
type LineChoice = string;

interface CandidateLine {
  subscriber_id: string;
  number: string | null;
  contract_id: string | null;
  offer_code: string | null;
}

type OfferSlot = "offer_id" | "effective_date" | "line";
const OFFER_SLOTS: [string, OfferSlot][] = [
  ["offer_id", "offer_id"],
  ["effective_date", "effective_date"],
  ["subscriber_id", "line"],
  ["intent", "line"],
];

const OUTCOME_LABEL = (): Record<string, string> => ({
  new_client: t("contracts.checkout.newClientWithANewLine"),
  new_line: t("contracts.checkout.newLine"),
  plan_change: t("contracts.checkout.planChange"),
});

/** 409 "which line?" body: `candidates` (ids) and/or `candidate_lines` (details). */
function readCandidates(body: unknown, known: ClientDetail | null): CandidateLine[] | null {
  const error = isProblem(body) ? body : undefined;
  const lines = error?.candidate_lines;
  const ids = error?.candidates;
  if (!lines && !ids) return null;
  const out: CandidateLine[] = [];
  const seen = new Set<string>();
  for (const l of lines ?? []) {
    if (!l.subscriber_id) continue;
    seen.add(l.subscriber_id);
    out.push({
      subscriber_id: l.subscriber_id,
      number: l.number ?? null,
      contract_id: l.contract_id ?? null,
      offer_code: l.offer_code ?? null,
    });
  }
  for (const id of ids ?? []) {
    if (seen.has(id)) continue;
    const s = known?.subscribers?.find((x) => x.id === id);
    out.push({ subscriber_id: id, number: s?.number ?? null, contract_id: s?.contract_id ?? null, offer_code: null });
  }
  return out;
}

/** How often a provisioning order still running is read again. */
const ORDER_POLL_MS = 500;

export function Checkout({ mode, onCancel, onOpenClient, onOpenContract }: Props) {
  const existing = mode.kind === "existing" ? mode.client : null;
  const contracts = mode.kind === "existing" ? mode.contracts : [];
  const [step, setStep] = useState<Step>(mode.kind === "new" ? "client" : "offer");
  const [form, setForm] = useState<ClientFormState>({ ...emptyClientForm });
  const [localClientErrors, setLocalClientErrors] = useState<Partial<Record<ClientSlot, string[]>>>({});
  const [offerId, setOfferId] = useState("");
  const [effective, setEffective] = useState("");
  const [line, setLine] = useState<LineChoice>("auto");

  const [preview, setPreview] = useState<{ key: string; data: CheckoutPreview } | null>(null);
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const [candidates, setCandidates] = useState<CandidateLine[] | null>(null);
  const [candidatesDetail, setCandidatesDetail] = useState<string | null>(null);
  const [placed, setPlaced] = useState<OrderOut | null>(null);
  const idem = useRef<{ key: string; uuid: string } | null>(null);
  const previewRef = useRef<HTMLDivElement>(null);

  const body = useMemo(() => {
    const common = { offer_id: offerId, effective_date: effective || null };
    // the client is named one way: an existing one by id, or registered with the order
    if (!existing) return { ...common, new_client: toClientCreate(form) };
    if (line === "new") return { ...common, client_id: existing.id, intent: "new_line" as const };
    if (line === "auto") return { ...common, client_id: existing.id, intent: "auto" as const };
    return { ...common, client_id: existing.id, intent: "auto" as const, subscriber_id: line };
  }, [offerId, effective, line, form, existing]);
  const requestKey = JSON.stringify(body);
  const currentPreview = preview && preview.key === requestKey ? preview.data : null;

  // Picking a line by hand answers the "which line?" question.
  useEffect(() => {
    setCandidates((c) => (c && line !== "auto" ? null : c));
  }, [line]);

  const clientAssigned = useMemo(() => assignClientErrors(problem?.errors ?? [], "new_client"), [problem]);
  const offerAssigned = useMemo(
    () => assignFieldErrors<OfferSlot>(clientAssigned.unmatched, OFFER_SLOTS),
    [clientAssigned],
  );
  const clientErrors = { ...localClientErrors, ...clientAssigned.bySlot };
  const offerErr = (s: OfferSlot) => offerAssigned.bySlot[s];

  function handleError(e: Error) {
    if (!(e instanceof ApiError)) {
      setProblem(networkProblem(e));
      return;
    }
    const p = e.problem;
    const cands = p.status === 409 ? readCandidates(e.body, existing) : null;
    setCandidates(cands && cands.length ? cands : null);
    setCandidatesDetail(p.detail);
    setProblem(cands && cands.length ? null : p);
    if (!existing && hasClientErrors(p.errors, "new_client")) setStep("client");
  }

  const previewing = useMutation({
    mutationFn: (req: CheckoutRequest) =>
      unwrap(api.POST("/api/v1/provisioning/orders/preview", { body: req })).then((data) => ({ key: JSON.stringify(req), data })),
    onSuccess: (answer) => {
      setCandidates(null);
      setPreview(answer);
      window.setTimeout(() => previewRef.current?.scrollIntoView({ block: "nearest", behavior: "smooth" }), 0);
    },
    onError: handleError,
  });

  const ordering = useMutation({
    mutationFn: (key: string) => unwrap(api.POST("/api/v1/provisioning/orders", { body, params: { header: { "Idempotency-Key": key } } })),
    onSuccess: (data) => {
      setPlaced(data);
      setStep("result");
      idem.current = null;
      // the client's file, lines and contracts changed (a new client appears in the lists)
      void invalidate(keys.clients, keys.clientNames, keys.contracts, keys.subscribers);
    },
    onError: handleError,
  });
  const busy = previewing.isPending ? "preview" : ordering.isPending ? "confirm" : null;

  // Orders are normally completed on return; one still running is read again until it ends.
  const orderQuery = useQuery({
    queryKey: ["orders", placed?.id],
    queryFn: () =>
      unwrap(api.GET("/api/v1/provisioning/orders/{order_id}", { params: { path: { order_id: placed?.id ?? "" } } })).then((o) => {
        if (o.status !== "running") void invalidate(keys.clients, keys.contracts, keys.subscribers);
        return o;
      }),
    enabled: placed !== null && placed.status === "running",
    refetchInterval: (q) => (q.state.data?.status === "running" ? ORDER_POLL_MS : false),
  });
  const order = orderQuery.data ?? placed;
  const orderNumber = useSubscriber(order?.subscriber_id ?? null).data?.number ?? null;

  function runPreview(override?: { subscriber_id: string; intent: CheckoutIntent }) {
    if (!offerId) {
      setProblem({ status: 0, title: t("contracts.checkout.chooseAnOfferFirst"), detail: null, errors: [{ field: "offer_id", message: t("contracts.checkout.chooseAnOffer") }] });
      return;
    }
    setProblem(null);
    previewing.mutate(override ? { ...body, ...override } : body);
  }

  function confirm() {
    // One Idempotency-Key per confirmation attempt, reused if the same request is retried.
    if (!idem.current || idem.current.key !== requestKey) idem.current = { key: requestKey, uuid: uuid() };
    setProblem(null);
    ordering.mutate(idem.current.uuid);
  }

  function restart() {
    setStep(mode.kind === "new" ? "client" : "offer");
    setForm({ ...emptyClientForm });
    setOfferId("");
    setEffective("");
    setLine("auto");
    setPreview(null);
    setProblem(null);
    setCandidates(null);
    setPlaced(null);
    previewing.reset();
    ordering.reset();
    idem.current = null;
  }

  function nextFromClient() {
    const missing = missingRequired(form);
    setLocalClientErrors(missing);
    if (Object.keys(missing).length === 0) {
      setProblem(null);
      setStep("offer");
    }
  }

  const title = existing ? t("contracts.checkout.newContractFor", { v1: fullName(existing) }) : t("contracts.checkout.newClientOnboarding");
  const stepIndex = step === "client" ? 1 : step === "offer" ? 2 : 3;
  const activeLines = existing ? (existing.subscribers ?? []).filter((s) => s.status !== "terminated") : [];
  const contractById = new Map(contracts.map((k) => [k.id, k]));
  const selectedLine = existing?.subscribers?.find((s) => s.id === line);
  const currentOfferId = selectedLine?.contract_id ? contractById.get(selectedLine.contract_id)?.offer_id ?? null : null;

  return (
    <section className="card checkout" aria-labelledby="checkout-title">
      <div className="card-header card-header-row">
        <div>
          <h2 id="checkout-title">{title}</h2>
          {mode.kind === "new" ? (
            <ol className="steps" aria-label={t("contracts.checkout.steps")}>
              <li className={stepIndex === 1 ? "step-active" : stepIndex > 1 ? "step-done" : undefined} aria-current={stepIndex === 1 ? "step" : undefined}>
                {t("contracts.checkout.n1PersonalData")}
              </li>
              <li className={stepIndex === 2 ? "step-active" : stepIndex > 2 ? "step-done" : undefined} aria-current={stepIndex === 2 ? "step" : undefined}>
                {t("contracts.checkout.n2OfferPreview")}
              </li>
              <li className={stepIndex === 3 ? "step-active" : undefined} aria-current={stepIndex === 3 ? "step" : undefined}>
                {t("contracts.checkout.n3Result")}
              </li>
            </ol>
          ) : (
            <p className="muted">{t("contracts.checkout.chooseAnOfferPreviewWhatWill")}</p>
          )}
        </div>
        {onCancel && step !== "result" ? (
          <button type="button" className="btn btn-ghost" onClick={onCancel} disabled={busy !== null}>
            {t("contracts.checkout.cancel")}
          </button>
        ) : null}
      </div>

      {step === "client" ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            nextFromClient();
          }}
          noValidate
          aria-label={t("contracts.checkout.personalData")}
        >
          {problem && clientAssigned.bySlot && Object.keys(clientAssigned.bySlot).length ? (
            <div className="alert alert-error" role="alert">
              <div className="alert-body">
                <strong className="alert-title">{t("contracts.checkout.pleaseCorrectTheClientsPersonalData")}</strong>
                {problem.detail ? <div className="alert-detail">{problem.detail}</div> : null}
              </div>
            </div>
          ) : null}
          <ClientFields idPrefix="onboard" value={form} onChange={setForm} errors={clientErrors} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              {t("contracts.checkout.nextChooseAnOffer")}
            </button>
          </div>
        </form>
      ) : null}

      {step === "offer" ? (
        <div className="checkout-offer">
          {!existing ? (
            <div className="summary-strip">
              <span>
                {t("contracts.checkout.client")}{" "}
                {form.kind === "business" ? (
                  <>
                    <strong>{form.company_name}</strong> · {t("contracts.checkout.ice")} <span className="mono">{form.ice}</span> · {form.first_name} {form.last_name} ·{" "}
                  </>
                ) : (
                  <>
                    <strong>{form.first_name} {form.last_name}</strong> {t("contracts.checkout.cin")} <span className="mono">{form.cin.toUpperCase()}</span> ·{" "}
                  </>
                )}
                <span className="mono">{form.phone}</span>
              </span>
              <button type="button" className="btn btn-link" onClick={() => setStep("client")}>
                {t("contracts.checkout.backToPersonalData")}
              </button>
            </div>
          ) : null}

          <OfferPicker
            value={offerId}
            onChange={(id) => setOfferId(id)}
            errors={offerErr("offer_id")}
            currentOfferId={currentOfferId}
          />

          <div className="form-grid">
            {existing ? (
              <Field id="checkout-line" label={t("contracts.checkout.line")} errors={offerErr("line")} hint={t("contracts.checkout.automaticTheBackendPicksTheLine")}>
                <select id="checkout-line" value={line} onChange={(e) => setLine(e.target.value)} {...ariaFor("checkout-line", offerErr("line"))}>
                  <option value="auto">{t("contracts.checkout.automatic")}</option>
                  {activeLines.map((s) => {
                    const k = s.contract_id ? contractById.get(s.contract_id) : undefined;
                    return (
                      <option key={s.id} value={s.id}>
                        {s.number} · {SERVICE_LABEL()[s.service] ?? s.service}
                        {k ? ` · ${k.offer_code}` : ""} ({s.status})
                      </option>
                    );
                  })}
                  <option value="new">{t("contracts.checkout.newLine")}</option>
                </select>
              </Field>
            ) : null}
            <Field id="checkout-effective-date" label={t("contracts.checkout.effectiveDate")} errors={offerErr("effective_date")} hint={t("contracts.checkout.emptyToday")}>
              <input
                id="checkout-effective-date"
                type="date"
                value={effective}
                onChange={(e) => setEffective(e.target.value)}
                {...ariaFor("checkout-effective-date", offerErr("effective_date"))}
              />
            </Field>
          </div>

          {problem ? (
            <ProblemBanner
              problem={problem}
              extra={offerAssigned.unmatched}
              onDismiss={() => setProblem(null)}
            />
          ) : null}

          {candidates ? (
            <div className="alert alert-warning" role="alert" aria-label={t("contracts.checkout.chooseALine")}>
              <div className="alert-body">
                <strong className="alert-title">{t("contracts.checkout.severalLinesCouldTakeThisOffer")}</strong>
                {candidatesDetail ? <div className="alert-detail">{candidatesDetail}</div> : null}
                <ul className="candidate-list">
                  {candidates.map((c) => (
                    <li key={c.subscriber_id}>
                      <span>
                        {t("contracts.checkout.line")} <span className="mono">{c.number ?? c.subscriber_id}</span>
                        {c.offer_code ? (
                          <>
                            {" "}
                            {t("contracts.checkout.currentOffer")} <span className="mono">{c.offer_code}</span>
                          </>
                        ) : null}
                      </span>
                      <button
                        type="button"
                        className="btn btn-secondary"
                        disabled={busy !== null}
                        onClick={() => {
                          setLine(c.subscriber_id);
                          setCandidates(null);
                          void runPreview({ subscriber_id: c.subscriber_id, intent: "auto" });
                        }}
                      >
                        {t("contracts.checkout.useLine")} {c.number ?? c.subscriber_id.slice(0, 8)}
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            </div>
          ) : null}

          <div className="form-actions">
            <button type="button" className="btn btn-secondary" onClick={() => runPreview()} disabled={busy !== null}>
              {busy === "preview" ? t("contracts.checkout.previewing") : t("contracts.checkout.preview")}
            </button>
          </div>

          {currentPreview ? (
            <div className="preview" ref={previewRef} aria-label={t("contracts.checkout.preview")} role="region">
              <div className="preview-head">
                <span className="eyebrow">{t("contracts.checkout.whatWillHappen")}</span>
                <span className={"badge badge-outcome"} data-testid="preview-outcome">
                  {currentPreview.outcome}
                </span>
              </div>
              <p className="preview-message" data-testid="preview-message">
                {currentPreview.message}
              </p>
              <dl className="details details-compact">
                <div>
                  <dt>{t("contracts.checkout.outcome")}</dt>
                  <dd>{OUTCOME_LABEL()[currentPreview.outcome] ?? currentPreview.outcome}</dd>
                </div>
                <div>
                  <dt>{t("contracts.checkout.effectiveDate")}</dt>
                  <dd className="mono">{formatDate(currentPreview.effective_date)}</dd>
                </div>
                <div>
                  <dt>{t("contracts.checkout.line")}</dt>
                  <dd className="mono">{currentPreview.number ?? <span className="muted">{t("contracts.checkout.newNumber")}</span>}</dd>
                </div>
                <div>
                  <dt>{t("contracts.checkout.currentOffer2")}</dt>
                  <dd className="mono">{currentPreview.current_offer_code ?? <span className="muted">—</span>}</dd>
                </div>
              </dl>
              <div className="form-actions">
                <button type="button" className="btn btn-primary" onClick={confirm} disabled={busy !== null}>
                  {busy === "confirm" ? t("contracts.checkout.confirming") : t("contracts.checkout.confirm")}
                </button>
              </div>
            </div>
          ) : preview && !currentPreview ? (
            <p className="muted small">{t("contracts.checkout.theChoiceChangedSinceTheLast")}</p>
          ) : null}
        </div>
      ) : null}

      {step === "result" && order ? (
        <div className="result" role="status" aria-label={t("contracts.checkout.orderResult")}>
          <div className={`alert ${order.status === "failed" ? "alert-error" : "alert-success"}`}>
            <div className="alert-body">
              <strong className="alert-title">
                {order.status === "completed"
                  ? t("contracts.checkout.orderCompleted")
                  : order.status === "failed"
                    ? t("contracts.checkout.theOrderFailed")
                    : t("contracts.checkout.theOrderIsStillRunning")}
              </strong>
              {currentPreviewMessage(preview)}
            </div>
          </div>
          <dl className="details">
            <div>
              <dt>{t("contracts.checkout.order")}</dt>
              <dd>
                <StatusBadge status={order.status} /> <span className="mono small">{order.id}</span>
              </dd>
            </div>
            <div>
              <dt>{t("contracts.checkout.outcome")}</dt>
              <dd data-testid="order-outcome">{order.outcome ?? <span className="muted">—</span>}</dd>
            </div>
            <div>
              <dt>{t("contracts.checkout.client2")}</dt>
              <dd>
                {order.client_id ? (
                  <a
                    href={clientHref(order.client_id)}
                    onClick={(e) => {
                      e.preventDefault();
                      onOpenClient(order.client_id!);
                    }}
                  >
                    {existing ? fullName(existing) : (form.kind === "business" ? form.company_name : `${form.first_name} ${form.last_name}`).trim() || t("contracts.checkout.openClient")}
                  </a>
                ) : (
                  <span className="muted">—</span>
                )}
              </dd>
            </div>
            <div>
              <dt>{t("contracts.checkout.lineNumber")}</dt>
              <dd className="mono" data-testid="order-number">
                {orderNumber ?? preview?.data.number ?? <span className="muted">—</span>}
              </dd>
            </div>
            <div>
              <dt>{t("contracts.checkout.contract")}</dt>
              <dd>
                {order.contract_id ? (
                  <a
                    href={contractHref(order.contract_id)}
                    onClick={(e) => {
                      e.preventDefault();
                      onOpenContract(order.contract_id!);
                    }}
                  >
                    {t("contracts.checkout.openContract")}
                  </a>
                ) : (
                  <span className="muted">—</span>
                )}
              </dd>
            </div>
            <div>
              <dt>{t("contracts.checkout.previousContract")}</dt>
              <dd>
                {order.previous_contract_id ? (
                  <a
                    href={contractHref(order.previous_contract_id)}
                    onClick={(e) => {
                      e.preventDefault();
                      onOpenContract(order.previous_contract_id!);
                    }}
                  >
                    {t("contracts.checkout.previousContract")}
                  </a>
                ) : (
                  <span className="muted">—</span>
                )}
              </dd>
            </div>
            <div>
              <dt>{t("contracts.checkout.effectiveDate")}</dt>
              <dd className="mono">{formatDate(order.effective_date)}</dd>
            </div>
          </dl>
          <div className="form-actions">
            {onCancel ? (
              <button type="button" className="btn btn-ghost" onClick={onCancel}>
                {t("contracts.checkout.close")}
              </button>
            ) : null}
            <button type="button" className="btn btn-secondary" onClick={restart}>
              {existing ? t("contracts.checkout.anotherChangeForThisClient") : t("contracts.checkout.onboardAnotherClient")}
            </button>
          </div>
        </div>
      ) : null}
      {busy === "confirm" ? <Loading label={t("contracts.checkout.creatingTheOrder")} /> : null}
    </section>
  );
}

function currentPreviewMessage(preview: { data: CheckoutPreview } | null) {
  return preview ? <div className="alert-detail">{preview.data.message}</div> : null;
}
