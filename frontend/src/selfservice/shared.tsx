// Building blocks shared by the three self-service sections of /landing.
import { t } from "../i18n";
import { Children, useCallback, useEffect, useState, useSyncExternalStore, type FormEvent, type ReactNode } from "react";
import {
  anonymousSelfServiceApi,
  clearSelfServiceSession,
  getSelfServiceState,
  retryAfterSeconds,
  selfServiceApi,
  setSelfServiceSession,
  subscribeSelfService,
  type SelfServiceState,
} from "../api/selfService";
import { networkProblem, toProblem, type ProblemView } from "../api/problem";
import type { Problem, SelfServiceOffer } from "../api/types";
import { SERVICE_NAME, commitmentText, monthlyPrice, offerIncludes, type ServiceKey } from "./describe";

export function useSelfService(): SelfServiceState {
  return useSyncExternalStore(subscribeSelfService, getSelfServiceState, getSelfServiceState);
}

// ---------------------------------------------------------------------------
// Calls

export type Result<T> =
  | { ok: true; data: T; response: Response }
  | { ok: false; problem: ProblemView; error?: Problem; response?: Response };

/** Runs an openapi-fetch call; network failures become a status-0 problem. */
export async function run<T>(
  call: () => Promise<{ data?: T; error?: Problem; response: Response }>,
): Promise<Result<T>> {
  try {
    const { data, error, response } = await call();
    if (response.ok && data !== undefined) return { ok: true, data, response };
    return { ok: false, problem: toProblem(error, response), error, response };
  } catch (e) {
    return { ok: false, problem: networkProblem(e) };
  }
}

/** Published offers per service, cached for the page's lifetime. */
const offerCache = new Map<ServiceKey, SelfServiceOffer[]>();

export function useOffers(service: ServiceKey | null) {
  const [offers, setOffers] = useState<SelfServiceOffer[] | null>(service ? offerCache.get(service) ?? null : null);
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!service) return;
    const cached = offerCache.get(service);
    setProblem(null);
    if (cached) {
      setOffers(cached);
      return;
    }
    setOffers(null);
    let live = true;
    void run(() => anonymousSelfServiceApi.GET("/api/v1/self-service/offers", { params: { query: { service } } })).then((r) => {
      if (!live) return;
      if (r.ok) {
        const items = [...r.data.items].sort((a, b) => Number(a.monthly_fee) - Number(b.monthly_fee));
        offerCache.set(service, items);
        setOffers(items);
      } else setProblem(r.problem);
    });
    return () => {
      live = false;
    };
  }, [service, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { offers, problem, retry };
}

// ---------------------------------------------------------------------------
// Small UI pieces

export function ServiceIcon({ service, size = 24 }: { service: ServiceKey; size?: number }) {
  const common = { width: size, height: size, viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 1.8, strokeLinecap: "round" as const, strokeLinejoin: "round" as const, "aria-hidden": true, focusable: false };
  if (service === "mobile")
    return (
      <svg {...common}>
        <rect x="6.5" y="2.5" width="11" height="19" rx="2.5" />
        <path d="M10.5 18.5h3" />
      </svg>
    );
  if (service === "internet")
    return (
      <svg {...common}>
        <path d="M2.5 9a14 14 0 0 1 19 0" />
        <path d="M5.5 12.5a9.5 9.5 0 0 1 13 0" />
        <path d="M8.7 16a5 5 0 0 1 6.6 0" />
        <circle cx="12" cy="19.2" r="1" fill="currentColor" />
      </svg>
    );
  return (
    <svg {...common}>
      <path d="M5 4h3.5l1.7 4.3-2.2 1.4a11 11 0 0 0 6.3 6.3l1.4-2.2L20 15.5V19a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2Z" />
    </svg>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <div className="ss-loading" role="status" aria-live="polite">
      <span className="ss-spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function ErrorBox({ problem, onRetry, children }: { problem: ProblemView | null; onRetry?: () => void; children?: ReactNode }) {
  // children may be a list of nothing ({cond ? <x/> : null}): no empty alert box then
  if (!problem && Children.toArray(children).length === 0) return null;
  return (
    <div className="ss-alert ss-alert-error" role="alert">
      <div>
        {problem ? <strong>{problem.status === 0 ? t("landing.shared.weCouldNotReachOurServers") : problem.title}</strong> : null}
        {problem?.detail ? <div>{problem.detail}</div> : null}
        {children}
      </div>
      {onRetry ? (
        <button type="button" className="ss-btn ss-btn-secondary ss-btn-small" onClick={onRetry}>
          {t("landing.shared.tryAgain")}
        </button>
      ) : null}
    </div>
  );
}

export function InlineError({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages || messages.length === 0) return null;
  return (
    <div className="ss-field-error" id={id} role="alert">
      {messages.map((m, i) => (
        <div key={i}>{m}</div>
      ))}
    </div>
  );
}

/** Backend field messages are fragments ("must be …", "is required"): prefix the field's name. */
export function humanize(label: string, message: string): string {
  return /^[a-z]/.test(message) ? `${label} ${message}` : message;
}

/** aria attributes for an input that may have an inline error. */
export function invalidProps(id: string, messages?: string[]) {
  return messages && messages.length ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {};
}

export function OfferCard({
  offer,
  action,
  selected = false,
  current = false,
}: {
  offer: SelfServiceOffer;
  action?: ReactNode;
  selected?: boolean;
  current?: boolean;
}) {
  const amount = monthlyPrice(offer.monthly_fee).replace(" MAD / month", "");
  return (
    <article className={`ss-offer ss-offer-${offer.service}${selected ? " ss-offer-selected" : ""}`} aria-label={`${offer.name} (${offer.code})`}>
      <div className="ss-offer-head">
        <span className="ss-offer-service">
          <ServiceIcon service={offer.service} size={18} />
          {SERVICE_NAME()[offer.service]}
        </span>
        {current ? <span className="ss-tag ss-tag-current">{t("landing.shared.yourCurrentPlan")}</span> : null}
        {selected && !current ? <span className="ss-tag ss-tag-selected">{t("landing.shared.selected")}</span> : null}
      </div>
      <h3 className="ss-offer-name">{offer.name}</h3>
      <p className="ss-price">
        <span className="ss-price-amount">{amount}</span> {t("landing.shared.madMonth")}
      </p>
      <p className="ss-commitment">{commitmentText(offer.commitment_months)}</p>
      <ul className="ss-includes">
        {offerIncludes(offer.service, offer.components).map((t) => (
          <li key={t}>{t}</li>
        ))}
      </ul>
      <div className="ss-offer-foot">
        <span className="ss-offer-code">{t("landing.shared.ref")} {offer.code}</span>
        {action}
      </div>
    </article>
  );
}

export function EmptyForClient({ what }: { what: string }) {
  return (
    <div className="ss-empty">
      <p className="ss-empty-title">{t("landing.shared.nothingHereYetNotYouCheck")}</p>
      <p className="ss-muted">{t("landing.shared.weFoundNo")} {what} {t("landing.shared.forThisCinIfTheName")}</p>
      <button type="button" className="ss-btn ss-btn-secondary" onClick={clearSelfServiceSession}>
        {t("landing.shared.useAnotherCin")}
      </button>
    </div>
  );
}

export function SignedInBar() {
  const { maskedName } = useSelfService();
  if (!maskedName) return null;
  return (
    <div className="ss-signed-in">
      <span className="ss-avatar" aria-hidden="true">
        {maskedName.trim().charAt(0).toUpperCase() || "•"}
      </span>
      <p>
        {t("landing.shared.signedInAs")} <span className="ss-nowrap">{maskedName}</span>
      </p>
      <button type="button" className="ss-btn ss-btn-ghost ss-btn-small" onClick={clearSelfServiceSession}>
        {t("landing.shared.signOut")}
      </button>
    </div>
  );
}

/** "Your CIN" -> session. Shows the expiry notice after a 401, and the 429 wait time. */
export function CinStep({ title, intro }: { title: string; intro: string }) {
  const { expired } = useSelfService();
  const [cin, setCin] = useState("");
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<string[]>([]);
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const [tooMany, setTooMany] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setFieldErrors([]);
    setProblem(null);
    setTooMany(null);
    const value = cin.trim().toUpperCase();
    if (!value) {
      setFieldErrors([t("landing.shared.enterTheCinPrintedOnYour")]);
      return;
    }
    setBusy(true);
    const r = await run(() => selfServiceApi.POST("/api/v1/self-service/sessions", { body: { cin: value } }));
    setBusy(false);
    if (r.ok) {
      setSelfServiceSession(r.data.token, r.data.expires_in, r.data.client.masked_name);
      return;
    }
    if (r.problem.status === 429) {
      const wait = r.error?.retry_after;
      const n = retryAfterSeconds(r.response) ?? (typeof wait === "number" ? Math.max(1, Math.ceil(wait)) : null);
      setTooMany(n ? t("landing.shared.tooManyAttemptsTryAgainIn", { n }) : t("landing.shared.tooManyAttemptsTryAgainIn2"));
      return;
    }
    const mine = r.problem.errors.filter((x) => x.field === "cin" || x.field.endsWith(".cin"));
    if (mine.length) setFieldErrors(mine.map((x) => humanize("CIN", x.message)));
    if (!mine.length || r.problem.errors.length > mine.length) setProblem(r.problem);
  }

  return (
    <section className="ss-panel ss-cin" aria-labelledby="ss-cin-title">
      <div className="ss-cin-text">
        <h2 id="ss-cin-title">{title}</h2>
        <p className="ss-muted">{intro}</p>
      </div>
      {expired ? (
        <div className="ss-alert ss-alert-warning" role="status">
          {t("landing.shared.yourSessionHasExpiredEnterYour")}
        </div>
      ) : null}
      {tooMany ? (
        <div className="ss-alert ss-alert-error" role="alert">
          {tooMany}
        </div>
      ) : null}
      <ErrorBox problem={problem} />
      <form className="ss-cin-form" onSubmit={submit} noValidate>
        <div className={`ss-field${fieldErrors.length ? " ss-field-invalid" : ""}`}>
          <label htmlFor="ss-cin">{t("landing.shared.yourCin")}</label>
          <input
            id="ss-cin"
            name="cin"
            type="text"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            placeholder={t("landing.shared.eGAb123456")}
            value={cin}
            onChange={(e) => setCin(e.target.value)}
            {...invalidProps("ss-cin", fieldErrors)}
          />
          <InlineError id="ss-cin-error" messages={fieldErrors} />
        </div>
        <button type="submit" className="ss-btn ss-btn-primary" disabled={busy} aria-busy={busy}>
          {busy ? <span className="ss-spinner ss-spinner-inline" aria-hidden="true" /> : null}
          {t("landing.shared.continue")}
        </button>
      </form>
      <p className="ss-privacy">
        <LockIcon /> {t("landing.shared.forYourPrivacyWeNeverSay")}
      </p>
    </section>
  );
}

export function LockIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true" focusable="false">
      <rect x="4" y="10.5" width="16" height="10.5" rx="2" />
      <path d="M8 10.5V7a4 4 0 0 1 8 0v3.5" />
    </svg>
  );
}
