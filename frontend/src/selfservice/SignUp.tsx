// "Sign up": browse published offers by service, choose one, give personal
// data, review the summary, confirm (anonymous POST /self-service/orders).
import { t } from "../i18n";
import { useRef, useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { anonymousSelfServiceApi } from "../api/selfService";
import type { ProblemView } from "../api/problem";
import { problemOf, unwrap } from "../api/query";
import { QueryState } from "../components/QueryState";
import { Field, FieldErrors, ProblemBanner, ariaFor } from "../components/ui";
import type { SelfServiceNewClient, SelfServiceOffer, SelfServiceOrder } from "../api/types";
import { uuid } from "../components/format";
import {
  OUTCOME_TEXT,
  SERVICE_KEYS,
  SERVICE_NAME,
  SERVICE_TAGLINE,
  commitmentText,
  dateText,
  monthlyPrice,
  offerIncludes,
  type ServiceKey,
} from "./describe";
import { OfferCard, ServiceIcon, humanize, readOrder, useOffers } from "./shared";

export type PersonField = "first_name" | "last_name" | "cin" | "phone" | "email" | "address" | "city" | "birth_date";
type PersonForm = Record<PersonField, string>;

const FIELDS = (): { key: PersonField; label: string; type: string; autoComplete: string; required: boolean; wide?: boolean; inputMode?: "tel" | "email" | "text" }[] => ([
  { key: "first_name", label: t("landing.signUp.firstName"), type: "text", autoComplete: "given-name", required: true },
  { key: "last_name", label: t("landing.signUp.lastName"), type: "text", autoComplete: "family-name", required: true },
  { key: "cin", label: t("landing.signUp.cin"), type: "text", autoComplete: "off", required: true },
  { key: "phone", label: t("landing.signUp.phone"), type: "tel", autoComplete: "tel", required: true, inputMode: "tel" },
  { key: "email", label: t("landing.signUp.email"), type: "email", autoComplete: "email", required: false, inputMode: "email" },
  { key: "birth_date", label: t("landing.signUp.birthDate"), type: "date", autoComplete: "bday", required: false },
  { key: "address", label: t("landing.signUp.address"), type: "text", autoComplete: "street-address", required: false, wide: true },
  { key: "city", label: t("landing.signUp.city"), type: "text", autoComplete: "address-level2", required: false },
]);

const HINTS = (): Partial<Record<PersonField, string>> => ({
  cin: t("landing.signUp.asPrintedOnYourNationalIdentity"),
  phone: t("landing.signUp.aNumberWhereWeCanReach"),
  birth_date: t("landing.signUp.youMustBe18OrOlder"),
});

export interface SignUpDraft {
  stage: "offers" | "details" | "done";
  service: ServiceKey;
  offer: SelfServiceOffer | null;
  form: PersonForm;
  /** Idempotency-Key of a confirmation whose answer never arrived (network error / 503): reused on retry. */
  pendingKey: string | null;
  order: SelfServiceOrder | null;
  orderedCin: string | null;
}

export const emptySignUpDraft: SignUpDraft = {
  stage: "offers",
  service: "mobile",
  offer: null,
  form: { first_name: "", last_name: "", cin: "", phone: "", email: "", address: "", city: "", birth_date: "" },
  pendingKey: null,
  order: null,
  orderedCin: null,
};

type FieldErrs = Partial<Record<PersonField | "offer_id", string[]>>;

function splitErrors(p: ProblemView): { byField: FieldErrs; rest: { field: string; message: string }[] } {
  const byField: FieldErrs = {};
  const rest: { field: string; message: string }[] = [];
  const known = new Set<string>([...FIELDS().map((f) => f.key), "offer_id"]);
  for (const e of p.errors) {
    const f = e.field.replace(/^new_client\./, "");
    if (known.has(f)) {
      const label = f === "offer_id" ? t("landing.signUp.thisOffer") : FIELDS().find((x) => x.key === f)?.label ?? f;
      const slot = f === "offer_id" ? f : FIELDS().find((x) => x.key === f)?.key;
      if (slot) (byField[slot] ??= []).push(humanize(label, e.message));
    }
    else rest.push(e);
  }
  return { byField, rest };
}

export function SignUp({
  draft,
  setDraft,
  onGoTo,
}: {
  draft: SignUpDraft;
  setDraft: (update: (d: SignUpDraft) => SignUpDraft) => void;
  onGoTo: (tab: "change-plan" | "invoices") => void;
}) {
  const topRef = useRef<HTMLDivElement>(null);
  const scrollTop = () => window.requestAnimationFrame(() => topRef.current?.scrollIntoView({ behavior: "smooth", block: "start" }));

  return (
    <div ref={topRef} className="ss-section">
      <Steps stage={draft.stage} />
      {draft.stage === "offers" ? (
        <OfferStep
          service={draft.service}
          chosen={draft.offer}
          onService={(service) => setDraft((d) => ({ ...d, service }))}
          onChoose={(offer) => {
            setDraft((d) => ({ ...d, offer, stage: "details", pendingKey: null }));
            scrollTop();
          }}
        />
      ) : null}
      {draft.stage === "details" && draft.offer ? (
        <DetailsStep
          draft={draft}
          setDraft={setDraft}
          onChangeOffer={() => {
            setDraft((d) => ({ ...d, stage: "offers", service: d.offer?.service ?? d.service }));
            scrollTop();
          }}
          onDone={scrollTop}
          onGoTo={onGoTo}
        />
      ) : null}
      {draft.stage === "done" && draft.order ? (
        <Welcome
          order={draft.order}
          offer={draft.offer}
          cin={draft.orderedCin}
          onGoTo={onGoTo}
          onRestart={() => setDraft(() => ({ ...emptySignUpDraft }))}
        />
      ) : null}
    </div>
  );
}

function Steps({ stage }: { stage: SignUpDraft["stage"] }) {
  const items: [SignUpDraft["stage"], string][] = [
    ["offers", t("landing.signUp.yourOffer")],
    ["details", t("landing.signUp.yourDetails")],
    ["done", t("landing.signUp.done")],
  ];
  const idx = items.findIndex(([k]) => k === stage);
  return (
    <ol className="ss-steps" aria-label={t("landing.signUp.progress")}>
      {items.map(([k, label], i) => (
        <li key={k} className={i < idx ? "ss-step-done" : i === idx ? "ss-step-current" : ""} aria-current={i === idx ? "step" : undefined}>
          <span className="ss-step-num" aria-hidden="true">
            {i < idx ? "✓" : i + 1}
          </span>
          {label}
        </li>
      ))}
    </ol>
  );
}

function OfferStep({
  service,
  chosen,
  onService,
  onChoose,
}: {
  service: ServiceKey;
  chosen: SelfServiceOffer | null;
  onService: (s: ServiceKey) => void;
  onChoose: (o: SelfServiceOffer) => void;
}) {
  const offers = useOffers(service);
  return (
    <section aria-labelledby="ss-offers-title">
      <div className="ss-section-head">
        <h2 id="ss-offers-title">{t("landing.signUp.chooseYourOffer")}</h2>
        <p className="ss-muted">{t("landing.signUp.pickAServiceThenThePlan")}</p>
      </div>
      <div className="ss-service-switch" role="group" aria-label={t("landing.signUp.service")}>
        {SERVICE_KEYS.map((s) => (
          <button
            key={s}
            type="button"
            className={`ss-service-btn${s === service ? " ss-service-btn-on" : ""}`}
            aria-pressed={s === service}
            onClick={() => onService(s)}
          >
            <ServiceIcon service={s} size={20} />
            {SERVICE_NAME()[s]}
          </button>
        ))}
      </div>
      <p className="ss-service-tagline">{SERVICE_TAGLINE()[service]}</p>
      <QueryState query={offers} label={t("landing.signUp.loadingTheOffers")}>
        {(offers) =>
          offers.length === 0 ? (
            <div className="ss-empty">
              <p className="ss-empty-title">{t("landing.signUp.no")} {SERVICE_NAME()[service].toLowerCase()} {t("landing.signUp.offerIsOpenForSubscriptionRight")}</p>
              <p className="ss-muted">{t("landing.signUp.pleaseComeBackSoonOrLook")}</p>
            </div>
          ) : (
            <div className="ss-offer-grid">
              {offers.map((o) => (
                <OfferCard
                  key={o.id}
                  offer={o}
                  selected={chosen?.id === o.id}
                  action={
                    <button type="button" className="btn btn-primary" onClick={() => onChoose(o)}>
                      {t("landing.signUp.choose")} {o.code}
                    </button>
                  }
                />
              ))}
            </div>
          )
        }
      </QueryState>
    </section>
  );
}

function DetailsStep({
  draft,
  setDraft,
  onChangeOffer,
  onDone,
  onGoTo,
}: {
  draft: SignUpDraft;
  setDraft: (update: (d: SignUpDraft) => SignUpDraft) => void;
  onChangeOffer: () => void;
  onDone: () => void;
  onGoTo: (tab: "change-plan" | "invoices") => void;
}) {
  const offer = draft.offer!;
  const form = draft.form;
  const [errors, setErrors] = useState<FieldErrs>({});
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const [rest, setRest] = useState<{ field: string; message: string }[]>([]);
  const [retryNote, setRetryNote] = useState<string | null>(null);

  const set = (k: PersonField, v: string) => {
    setDraft((d) => ({ ...d, form: { ...d.form, [k]: v } }));
    if (errors[k]) setErrors((e) => ({ ...e, [k]: undefined }));
  };

  const ordering = useMutation({
    mutationFn: ({ newClient, key }: { newClient: SelfServiceNewClient; key: string }) =>
      unwrap(
        anonymousSelfServiceApi.POST("/api/v1/self-service/orders", {
          body: { offer_id: offer.id, new_client: newClient, intent: "auto" },
          params: { header: { "Idempotency-Key": key } },
        }),
      ),
    onSuccess: (data, { newClient }) => {
      setErrors({});
      // The contract declares this 201 body with an empty schema (unknown): it is an OrderOut.
      const order = readOrder(data);
      setDraft((d) => ({ ...d, stage: "done", order, orderedCin: newClient.cin, pendingKey: null }));
      onDone();
    },
    onError: (e) => refused(e),
  });
  const busy = ordering.isPending;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const key = draft.pendingKey ?? uuid();
    setDraft((d) => ({ ...d, pendingKey: key }));
    setProblem(null);
    setRest([]);
    setRetryNote(null);
    const trim = (v: string) => v.trim();
    const opt = (v: string) => (trim(v) === "" ? undefined : trim(v));
    const newClient: SelfServiceNewClient = {
      first_name: trim(form.first_name),
      last_name: trim(form.last_name),
      cin: trim(form.cin).toUpperCase(),
      phone: trim(form.phone).replace(/\s/g, ""),
      email: opt(form.email),
      address: opt(form.address),
      city: opt(form.city),
      birth_date: opt(form.birth_date),
    };
    ordering.mutate({ newClient, key });
  }

  function refused(e: Error) {
    const p = problemOf(e);
    if (!p) return;
    if (p.status === 0 || p.status === 503) {
      // The order may or may not be recorded: keep the key so a retry cannot order twice.
      setRetryNote(t("landing.signUp.weCouldNotConfirmYourOrder"));
      return;
    }
    setDraft((d) => ({ ...d, pendingKey: null }));
    const { byField, rest: others } = splitErrors(p);
    setErrors(byField);
    setRest(others);
    const inline = Object.keys(byField).length > 0;
    if (p.status === 409) {
      // A CIN that is already a client's: sign-up never touches an existing account.
      setProblem({ ...p, title: t("landing.signUp.youAreAlreadyAClient"), detail: t("landing.signUp.lookYourselfUpWithYourCin") });
      return;
    }
    setProblem(inline && others.length === 0 ? { ...p, title: t("landing.signUp.pleaseCheckTheHighlightedFields"), detail: p.detail } : p);
    window.requestAnimationFrame(() => {
      const first = FIELDS().find((f) => byField[f.key]);
      if (first) document.getElementById(`ss-su-${first.key}`)?.focus();
    });
  }

  const fullName = `${form.first_name.trim()} ${form.last_name.trim()}`.trim();

  return (
    <section aria-labelledby="ss-details-title">
      <div className="ss-chosen">
        <div className={`ss-chosen-icon ss-tone-${offer.service}`}>
          <ServiceIcon service={offer.service} />
        </div>
        <div className="ss-chosen-text">
          <span className="ss-muted">{t("landing.signUp.yourOffer")}</span>
          <strong>{offer.name}</strong>
          <span className="ss-chosen-price">
            {monthlyPrice(offer.monthly_fee)} · {commitmentText(offer.commitment_months)}
          </span>
        </div>
        <button type="button" className="btn btn-ghost btn-small" onClick={onChangeOffer}>
          {t("landing.signUp.changeOffer")}
        </button>
      </div>
      <FieldErrors id="ss-su-offer-error" messages={errors.offer_id} />

      <div className="ss-checkout">
        <form id="ss-signup-form" className="ss-card" onSubmit={submit} noValidate aria-labelledby="ss-details-title">
          <h2 id="ss-details-title">{t("landing.signUp.yourDetails")}</h2>
          <p className="ss-muted">{t("landing.signUp.theContractWillBeInThe")}</p>
          <div className="ss-form-grid">
            {FIELDS().map((f) => {
              const id = `ss-su-${f.key}`;
              const errs = errors[f.key];
              return (
                <Field
                  key={f.key}
                  id={id}
                  label={f.label}
                  errors={errs}
                  hint={HINTS()[f.key]}
                  className={f.wide ? "ss-field-wide" : undefined}
                  labelAside={f.required ? null : <span className="ss-optional">{t("landing.signUp.optional")}</span>}
                >
                  <input
                    id={id}
                    name={f.key}
                    type={f.type}
                    inputMode={f.inputMode}
                    autoComplete={f.autoComplete}
                    autoCapitalize={f.key === "cin" ? "characters" : undefined}
                    spellCheck={f.key === "cin" || f.key === "email" ? false : undefined}
                    value={form[f.key]}
                    onChange={(e) => set(f.key, e.target.value)}
                    aria-required={f.required || undefined}
                    {...ariaFor(id, errs)}
                  />
                </Field>
              );
            })}
          </div>
        </form>

        <aside className="ss-card ss-summary" aria-labelledby="ss-summary-title">
          <h2 id="ss-summary-title">{t("landing.signUp.summary")}</h2>
          <dl className="ss-summary-list">
            <div>
              <dt>{t("landing.signUp.offer")}</dt>
              <dd>
                {offer.name} <span className="ss-muted">({offer.code})</span>
              </dd>
            </div>
            <div>
              <dt>{t("landing.signUp.included")}</dt>
              <dd>{offerIncludes(offer.service, offer.components).join(" · ")}</dd>
            </div>
            <div>
              <dt>{t("landing.signUp.commitment")}</dt>
              <dd>{commitmentText(offer.commitment_months)}</dd>
            </div>
            <div>
              <dt>{t("landing.signUp.holder")}</dt>
              <dd>{fullName || <span className="ss-muted">—</span>}</dd>
            </div>
            <div>
              <dt>{t("landing.signUp.cin")}</dt>
              <dd>{form.cin.trim().toUpperCase() || <span className="ss-muted">—</span>}</dd>
            </div>
            <div>
              <dt>{t("landing.signUp.contact")}</dt>
              <dd>{[form.phone.trim(), form.email.trim()].filter(Boolean).join(" · ") || <span className="ss-muted">—</span>}</dd>
            </div>
            <div>
              <dt>{t("landing.signUp.starts")}</dt>
              <dd>{t("landing.signUp.todayAsSoonAsYourOrder")}</dd>
            </div>
          </dl>
          <div className="ss-summary-total">
            <span>{t("landing.signUp.monthlyPrice")}</span>
            <strong>{monthlyPrice(offer.monthly_fee)}</strong>
          </div>
          {retryNote ? (
            <div className="alert alert-warning" role="alert">
              {retryNote}
            </div>
          ) : null}
          <ProblemBanner problem={problem}>
            {problem?.status === 409 ? (
              <button type="button" className="btn btn-secondary btn-small" onClick={() => onGoTo("change-plan")}>
                {t("landing.signUp.lookMeUp")}
              </button>
            ) : null}
            {rest.length ? (
              <ul className="alert-list">
                {rest.map((x, i) => (
                  <li key={i}>{x.message}</li>
                ))}
              </ul>
            ) : null}
          </ProblemBanner>
          <button type="submit" form="ss-signup-form" className="btn btn-primary btn-block btn-large" disabled={busy} aria-busy={busy}>
            {busy ? <span className="spinner spinner-inline" aria-hidden="true" /> : null}
            {t("landing.signUp.confirmMyOrder")}
          </button>
          <p className="ss-fine">{t("landing.signUp.byConfirmingYouSubscribeToThe")}</p>
        </aside>
      </div>
    </section>
  );
}

function Welcome({
  order,
  offer,
  cin,
  onGoTo,
  onRestart,
}: {
  order: SelfServiceOrder;
  offer: SelfServiceOffer | null;
  cin: string | null;
  onGoTo: (tab: "change-plan" | "invoices") => void;
  onRestart: () => void;
}) {
  return (
    <section className="ss-card ss-success" aria-labelledby="ss-welcome-title" role="status">
      <div className="ss-success-icon" aria-hidden="true">
        ✓
      </div>
      <h2 id="ss-welcome-title">{t("landing.signUp.welcomeYourLineIsBeingActivated")}</h2>
      <p className="ss-lead">{(order.outcome && OUTCOME_TEXT()[order.outcome]) ?? t("landing.signUp.yourOrderIsRegistered")}</p>
      <dl className="ss-facts">
        {offer ? (
          <div>
            <dt>{t("landing.signUp.offer")}</dt>
            <dd>
              {offer.name} · {monthlyPrice(offer.monthly_fee)}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t("landing.signUp.contractStartDate")}</dt>
          <dd>{dateText(order.effective_date)}</dd>
        </div>
        <div>
          <dt>{t("landing.signUp.order")}</dt>
          <dd>
            {order.status === "completed" ? t("landing.signUp.confirmed") : order.status === "running" ? t("landing.signUp.inProgress") : t("landing.signUp.notCompleted")}
            {order.outcome ? <span className="ss-muted"> · {order.outcome.replace(/_/g, " ")}</span> : null}
          </dd>
        </div>
      </dl>
      <p>
        {t("landing.signUp.keepYourCin")}{cin ? <strong> {cin}</strong> : null} {t("landing.signUp.atHandWithItYouCan")}
      </p>
      <div className="ss-actions">
        <button type="button" className="btn btn-primary" onClick={() => onGoTo("invoices")}>
          {t("landing.signUp.seeInvoices")}
        </button>
        <button type="button" className="btn btn-secondary" onClick={() => onGoTo("change-plan")}>
          {t("landing.signUp.seeLinesAndPlans")}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onRestart}>
          {t("landing.signUp.backToTheOffers")}
        </button>
      </div>
    </section>
  );
}
