// "Change my plan": CIN step, the client's lines, a new offer of the same
// service, an effective date, then POST /self-service/orders with the token.
import { t } from "../i18n";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { selfServiceApi } from "../api/selfService";
import { isProblem, type ProblemView } from "../api/problem";
import { ApiError, problemOf, queryClient, unwrap } from "../api/query";
import type { SelfServiceContract, SelfServiceOffer, SelfServiceOrder } from "../api/types";
import { todayIso, uuid } from "../components/format";
import { QueryState } from "../components/QueryState";
import { Field, FieldErrors, ProblemBanner, ariaFor } from "../components/ui";
import { CONTRACT_STATUS_TEXT, SERVICE_NAME, commitmentText, dateText, monthlyPrice, type ServiceKey } from "./describe";
import { CinStep, EmptyForClient, OfferCard, ServiceIcon, SignedInBar, humanize, notSignedOut, readOrder, selfServiceKeys, useOffers, useSelfService } from "./shared";

export function ChangePlan() {
  const { token } = useSelfService();
  if (!token) {
    return (
      <CinStep
        title={t("landing.changePlan.changeYourPlan")}
        intro={t("landing.changePlan.enterTheCinOfTheAccount")}
      />
    );
  }
  return <ChangePlanSignedIn key={token} token={token} />;
}

interface Line {
  subscriberId: string;
  number: string;
  service: ServiceKey;
  /** The contract the line runs on now (active or suspended), else the latest one. */
  contract: SelfServiceContract;
  upcoming: SelfServiceContract | null;
  changeable: boolean;
}

const LIVE: SelfServiceContract["status"][] = ["active", "suspended"];

function toLines(contracts: SelfServiceContract[]): Line[] {
  const bySub = new Map<string, SelfServiceContract[]>();
  for (const c of contracts) {
    const list = bySub.get(c.subscriber_id) ?? [];
    list.push(c);
    bySub.set(c.subscriber_id, list);
  }
  const lines: Line[] = [];
  for (const [subscriberId, list] of bySub) {
    const sorted = [...list].sort((a, b) => b.start_date.localeCompare(a.start_date));
    const live = sorted.find((c) => LIVE.includes(c.status));
    const upcoming = sorted.find((c) => c.status === "pending") ?? null;
    const contract = live ?? upcoming ?? sorted[0];
    const number = sorted.find((c) => c.number)?.number ?? t("landing.changePlan.line", { v1: subscriberId.slice(0, 8) });
    lines.push({ subscriberId, number, service: contract.service, contract, upcoming: live ? upcoming : null, changeable: !!live });
  }
  return lines.sort((a, b) => Number(b.changeable) - Number(a.changeable) || a.number.localeCompare(b.number));
}

type Slot = "subscriber_id" | "offer_id" | "effective_date";

function ChangePlanSignedIn({ token }: { token: string }) {
  const contractsKey = [...selfServiceKeys.mine(token), "contracts"];
  const contractsQuery = useQuery({
    queryKey: contractsKey,
    queryFn: () => unwrap(selfServiceApi.GET("/api/v1/self-service/contracts")).then((page) => page.items),
  });
  const contracts = contractsQuery.data ?? null;
  const [lineId, setLineId] = useState<string | null>(null);
  const [offer, setOffer] = useState<SelfServiceOffer | null>(null);
  const [effective, setEffective] = useState(todayIso());
  const [errors, setErrors] = useState<Partial<Record<Slot, string[]>>>({});
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const [retryNote, setRetryNote] = useState<string | null>(null);
  const [done, setDone] = useState<{ order: SelfServiceOrder; number: string; from: string; to: SelfServiceOffer } | null>(null);
  const pendingKey = useRef<string | null>(null);
  const offersRef = useRef<HTMLElement>(null);
  const confirmRef = useRef<HTMLElement>(null);
  const resultRef = useRef<HTMLElement>(null);

  const lines = useMemo(() => (contracts ? toLines(contracts) : []), [contracts]);
  const changeable = lines.filter((l) => l.changeable);
  const past = lines.filter((l) => !l.changeable);
  const line = changeable.find((l) => l.subscriberId === lineId) ?? null;

  // A single line: pick it for the client.
  useEffect(() => {
    if (!lineId && changeable.length === 1) setLineId(changeable[0].subscriberId);
  }, [lineId, changeable]);

  const reset = () => {
    setErrors({});
    setProblem(null);
    setRetryNote(null);
    pendingKey.current = null;
  };

  const pickLine = (id: string) => {
    if (id === lineId) return;
    setLineId(id);
    setOffer(null);
    reset();
  };

  const pickOffer = (o: SelfServiceOffer) => {
    setOffer(o);
    reset();
    window.requestAnimationFrame(() => confirmRef.current?.scrollIntoView({ behavior: "smooth", block: "nearest" }));
  };

  const ordering = useMutation({
    mutationFn: ({ body, key }: { body: { offer_id: string; subscriber_id: string; effective_date: string | null }; key: string }) =>
      unwrap(selfServiceApi.POST("/api/v1/self-service/orders", { body: { ...body, intent: "plan_change" }, params: { header: { "Idempotency-Key": key } } })),
    onSuccess: (data) => {
      pendingKey.current = null;
      // The contract declares this 201 body with an empty schema (unknown): it is an OrderOut.
      const order = readOrder(data);
      if (line && offer && order) setDone({ order, number: line.number, from: line.contract.offer_name, to: offer });
      void queryClient.invalidateQueries({ queryKey: contractsKey });
      window.requestAnimationFrame(() => resultRef.current?.scrollIntoView({ behavior: "smooth", block: "start" }));
    },
    onError: (e) => refused(e),
  });
  const busy = ordering.isPending;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || !line || !offer) return;
    const key = pendingKey.current ?? uuid();
    pendingKey.current = key;
    setProblem(null);
    setRetryNote(null);
    setErrors({});
    ordering.mutate({ body: { offer_id: offer.id, subscriber_id: line.subscriberId, effective_date: effective || null }, key });
  }

  function refused(e: Error) {
    const p = problemOf(e);
    if (!p || p.status === 401) return; // back to the CIN step (see selfService.ts)
    if (p.status === 0 || p.status === 503) {
      setRetryNote(t("landing.changePlan.weCouldNotConfirmTheChange"));
      return;
    }
    pendingKey.current = null;
    const by: Partial<Record<Slot, string[]>> = {};
    const rest: string[] = [];
    for (const x of p.errors) {
      if (x.field === "subscriber_id" || x.field === "offer_id" || x.field === "effective_date") {
        const label = x.field === "effective_date" ? t("landing.changePlan.effectiveDate") : x.field === "offer_id" ? t("landing.changePlan.thisPlan") : t("landing.changePlan.thisLine");
        (by[x.field] ??= []).push(humanize(label, x.message));
      } else rest.push(humanize(x.field || t("landing.changePlan.order"), x.message));
    }
    const body = e instanceof ApiError ? e.body : null;
    const candidates = isProblem(body) ? body.candidates : undefined;
    if (p.status === 409 && candidates?.length) {
      (by.subscriber_id ??= []).push(t("landing.changePlan.severalLinesMatchChooseTheLine"));
    }
    setErrors(by);
    // Only the date error sits right above the button; anything else is also summarised here.
    const onlyDate = rest.length === 0 && !by.offer_id && !by.subscriber_id && !!by.effective_date;
    setProblem(onlyDate ? null : { ...p, detail: [p.detail, ...rest, ...(by.offer_id ?? []), ...(by.subscriber_id ?? [])].filter(Boolean).join(" ") || null });
  }

  const startOver = () => {
    setDone(null);
    setOffer(null);
    setLineId(null);
    setEffective(todayIso());
    reset();
    void queryClient.invalidateQueries({ queryKey: contractsKey });
  };

  return (
    <div className="ss-section">
      <SignedInBar />

      {done ? (
        <section ref={resultRef} className="ss-card ss-success" aria-labelledby="ss-change-done" role="status">
          <div className="ss-success-icon" aria-hidden="true">
            ✓
          </div>
          <h2 id="ss-change-done">{t("landing.changePlan.yourPlanChangeIsConfirmed")}</h2>
          <p className="ss-lead">
            {t("landing.changePlan.line2")} {done.number} {t("landing.changePlan.movesFrom")} {done.from} {t("landing.changePlan.to")} {done.to.name} ({monthlyPrice(done.to.monthly_fee)}).
          </p>
          <dl className="ss-facts">
            <div>
              <dt>{t("landing.changePlan.newContractStartDate")}</dt>
              <dd>{dateText(done.order.effective_date)}</dd>
            </div>
            <div>
              <dt>{t("landing.changePlan.newPlan")}</dt>
              <dd>
                {done.to.name} · {commitmentText(done.to.commitment_months)}
              </dd>
            </div>
            <div>
              <dt>{t("landing.changePlan.order")}</dt>
              <dd>{done.order.status === "completed" ? t("landing.changePlan.confirmed") : done.order.status === "running" ? t("landing.changePlan.inProgress") : t("landing.changePlan.notCompleted")}</dd>
            </div>
          </dl>
          <div className="ss-actions">
            <button type="button" className="btn btn-primary" onClick={startOver}>
              {t("landing.changePlan.backToMyLines")}
            </button>
          </div>
        </section>
      ) : (
        <>
          <section className="ss-card" aria-labelledby="ss-lines-title">
            <h2 id="ss-lines-title">
              <span className="ss-num">1</span> {t("landing.changePlan.yourLines")}
            </h2>
            <QueryState query={{ ...contractsQuery, error: notSignedOut(contractsQuery.error) ? contractsQuery.error : null }} label={t("landing.changePlan.loadingYourLines")}>
              {(items) => (items.length === 0 ? <EmptyForClient what="lines" /> : null)}
            </QueryState>
            {changeable.length > 0 ? (
              <fieldset className="ss-lines" aria-describedby={errors.subscriber_id ? "ss-line-error" : undefined}>
                <legend>{t("landing.changePlan.chooseTheLineToChange")}</legend>
                {changeable.map((l) => {
                  const id = `ss-line-${l.subscriberId}`;
                  const on = l.subscriberId === lineId;
                  return (
                    <div key={l.subscriberId} className={`ss-line${on ? " ss-line-on" : ""}`} onClick={() => pickLine(l.subscriberId)}>
                      <input
                        type="radio"
                        id={id}
                        name="ss-line"
                        value={l.subscriberId}
                        checked={on}
                        onChange={() => pickLine(l.subscriberId)}
                        aria-describedby={`${id}-desc`}
                      />
                      <span className={`ss-line-icon ss-tone-${l.service}`} aria-hidden="true">
                        <ServiceIcon service={l.service} size={20} />
                      </span>
                      <span className="ss-line-main">
                        <label htmlFor={id} className="ss-line-number">
                          {l.number}
                        </label>
                        <span id={`${id}-desc`} className="ss-line-desc">
                          {SERVICE_NAME()[l.service]} · {l.contract.offer_name} · {monthlyPrice(l.contract.monthly_fee)}
                          {l.upcoming ? t("landing.changePlan.movesToOn", { offer_name: l.upcoming.offer_name, v2: dateText(l.upcoming.start_date) }) : ""}
                        </span>
                      </span>
                      <span className={`ss-status ss-status-${l.contract.status}`}>{CONTRACT_STATUS_TEXT()[l.contract.status]}</span>
                    </div>
                  );
                })}
                <FieldErrors id="ss-line-error" messages={errors.subscriber_id} />
              </fieldset>
            ) : null}
            {contracts && lines.length > 0 && changeable.length === 0 ? (
              <p className="ss-muted">{t("landing.changePlan.noneOfYourLinesIsActive")}</p>
            ) : null}
            {past.length > 0 ? (
              <details className="ss-past">
                <summary>{t("landing.changePlan.pastLines")}{past.length})</summary>
                <ul>
                  {past.map((l) => (
                    <li key={l.subscriberId}>
                      <strong>{l.number}</strong> · {l.contract.offer_name} · {monthlyPrice(l.contract.monthly_fee)}{" "}
                      <span className={`ss-status ss-status-${l.contract.status}`}>{CONTRACT_STATUS_TEXT()[l.contract.status]}</span>
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </section>

          {line ? (
            <section ref={offersRef} className="ss-card" aria-labelledby="ss-new-offer-title">
              <h2 id="ss-new-offer-title">
                <span className="ss-num">2</span> {t("landing.changePlan.chooseYourNewPlan")}
              </h2>
              <p className="ss-muted">
                {SERVICE_NAME()[line.service]} {t("landing.changePlan.plansForLine")} {line.number}.
              </p>
              <NewOfferGrid line={line} chosen={offer} onChoose={pickOffer} />
              <FieldErrors id="ss-new-offer-error" messages={errors.offer_id} />
            </section>
          ) : null}

          {line && offer ? (
            <section ref={confirmRef} className="ss-card" aria-labelledby="ss-when-title">
              <h2 id="ss-when-title">
                <span className="ss-num">3</span> {t("landing.changePlan.whenShouldItStart")}
              </h2>
              <form onSubmit={submit} noValidate className="ss-confirm-form">
                <Field
                  id="ss-effective-date"
                  label={t("landing.changePlan.effectiveDate")}
                  errors={errors.effective_date}
                  hint={t("landing.changePlan.todayOrLaterYourNewPrice")}
                  className="ss-field-date"
                >
                  <input
                    id="ss-effective-date"
                    type="date"
                    min={todayIso()}
                    value={effective}
                    onChange={(e) => {
                      setEffective(e.target.value);
                      if (errors.effective_date) setErrors((x) => ({ ...x, effective_date: undefined }));
                    }}
                    {...ariaFor("ss-effective-date", errors.effective_date)}
                  />
                </Field>
                <div className="ss-change-summary">
                  <div>
                    <span className="ss-muted">{t("landing.changePlan.now")}</span>
                    <strong>{line.contract.offer_name}</strong>
                    <span>{monthlyPrice(line.contract.monthly_fee)}</span>
                  </div>
                  <span className="ss-arrow" aria-hidden="true">
                    →
                  </span>
                  <div>
                    <span className="ss-muted">{t("landing.changePlan.from")} {effective ? dateText(effective) : "—"}</span>
                    <strong>{offer.name}</strong>
                    <span>
                      {monthlyPrice(offer.monthly_fee)} · {commitmentText(offer.commitment_months)}
                    </span>
                  </div>
                </div>
                {retryNote ? (
                  <div className="alert alert-warning" role="alert">
                    {retryNote}
                  </div>
                ) : null}
                <ProblemBanner problem={problem} />
                <button type="submit" className="btn btn-primary btn-large" disabled={busy} aria-busy={busy}>
                  {busy ? <span className="spinner spinner-inline" aria-hidden="true" /> : null}
                  {t("landing.changePlan.confirmPlanChange")}
                </button>
              </form>
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}

function NewOfferGrid({ line, chosen, onChoose }: { line: Line; chosen: SelfServiceOffer | null; onChoose: (o: SelfServiceOffer) => void }) {
  const offers = useOffers(line.service);
  return (
    <QueryState query={offers} label={t("landing.changePlan.loadingThePlans")}>
      {(items) => <OfferChoices line={line} offers={items} chosen={chosen} onChoose={onChoose} />}
    </QueryState>
  );
}

function OfferChoices({ line, offers, chosen, onChoose }: { line: Line; offers: SelfServiceOffer[]; chosen: SelfServiceOffer | null; onChoose: (o: SelfServiceOffer) => void }) {
  const noOther = offers.every((o) => o.id === line.contract.offer_id);
  return (
    <>
      {noOther ? (
        <p className="alert alert-warning">
          {t("landing.changePlan.thereIsNoOther")} {(SERVICE_NAME()[line.service] ?? line.service).toLowerCase()} {t("landing.changePlan.planAvailableRightNow")}
        </p>
      ) : null}
      <div className="ss-offer-grid">
        {offers.map((o) => {
          const current = o.id === line.contract.offer_id;
          const on = chosen?.id === o.id;
          return (
            <OfferCard
              key={o.id}
              offer={o}
              current={current}
              selected={on}
              action={
                current ? null : (
                  <button
                    type="button"
                    className={`btn ${on ? "btn-secondary" : "btn-primary"}`}
                    aria-pressed={on}
                    onClick={() => onChoose(o)}
                  >
                    {t("landing.changePlan.choose")} {o.code}
                  </button>
                )
              }
            />
          );
        })}
      </div>
    </>
  );
}
