// Building blocks shared by the three self-service sections of /landing.
import { t } from "../i18n";
import { useState, useSyncExternalStore, type FormEvent, type ReactNode } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
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
import { isProblem } from "../api/problem";
import { ApiError, problemOf, unwrap } from "../api/query";
import type { SelfServiceOffer, SelfServiceOrder } from "../api/types";
import { Field, ProblemBanner, ariaFor } from "../components/ui";
import { SERVICE_NAME, commitmentText, monthlyPrice, offerIncludes, type ServiceKey } from "./describe";

export function useSelfService(): SelfServiceState {
  return useSyncExternalStore(subscribeSelfService, getSelfServiceState, getSelfServiceState);
}

// ---------------------------------------------------------------------------
// Reads (TanStack Query, as the console's: api/query.ts)

/** The query keys of the client space; a visitor's own data is keyed by their session. */
export const selfServiceKeys = {
  offers: ["self-service", "offers"] as const,
  mine: (token: string) => ["self-service", "mine", token] as const,
};

/** Published offers of one service, cheapest first (kept for the page's lifetime). */
export function useOffers(service: ServiceKey | null) {
  return useQuery({
    queryKey: [...selfServiceKeys.offers, service],
    queryFn: () =>
      unwrap(anonymousSelfServiceApi.GET("/api/v1/self-service/offers", { params: { query: { service: service ?? "mobile" } } })).then((page) =>
        [...page.items].sort((a, b) => Number(a.monthly_fee) - Number(b.monthly_fee)),
      ),
    enabled: service !== null,
    staleTime: Infinity,
  });
}

/**
 * The order a self-service POST answers: its 201 body is declared with an empty schema (unknown)
 * in the contract; it is an OrderOut, read here field by field (null when it is not one).
 */
export function readOrder(data: unknown): SelfServiceOrder | null {
  if (typeof data !== "object" || data === null) return null;
  const o: { id?: unknown; status?: unknown; effective_date?: unknown } = data;
  if (typeof o.id !== "string" || typeof o.status !== "string") return null;
  return isOrder(data) ? data : null;
}

function isOrder(v: object): v is SelfServiceOrder {
  return "id" in v && "status" in v && "effective_date" in v;
}

/** A 401 ends the session (the CIN step shows again): not a problem to show. */
export const notSignedOut = (error: unknown) => (error instanceof ApiError && error.problem.status === 401 ? null : problemOf(error));

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

/** Backend field messages are fragments ("must be …", "is required"): prefix the field's name. */
export function humanize(label: string, message: string): string {
  return /^[a-z]/.test(message) ? `${label} ${message}` : message;
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
      <button type="button" className="btn btn-secondary" onClick={clearSelfServiceSession}>
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
      <button type="button" className="btn btn-ghost btn-small" onClick={clearSelfServiceSession}>
        {t("landing.shared.signOut")}
      </button>
    </div>
  );
}

/** "Your CIN" -> session. Shows the expiry notice after a 401, and the 429 wait time. */
export function CinStep({ title, intro }: { title: string; intro: string }) {
  const { expired } = useSelfService();
  const [cin, setCin] = useState("");
  const [missing, setMissing] = useState(false);
  const signIn = useMutation({
    mutationFn: (value: string) => unwrap(selfServiceApi.POST("/api/v1/self-service/sessions", { body: { cin: value } })),
    onSuccess: (r) => setSelfServiceSession(r.token, r.expires_in, r.client.masked_name),
  });
  const busy = signIn.isPending;
  const failed = problemOf(signIn.error);

  // 429: how long to wait (Retry-After, else the problem's retry_after)
  let tooMany: string | null = null;
  if (failed?.status === 429) {
    const body = signIn.error instanceof ApiError ? signIn.error.body : null;
    const wait = isProblem(body) ? body.retry_after : undefined;
    const response = signIn.error instanceof ApiError ? (signIn.error.response ?? undefined) : undefined;
    const n = retryAfterSeconds(response) ?? (typeof wait === "number" ? Math.max(1, Math.ceil(wait)) : null);
    tooMany = n ? t("landing.shared.tooManyAttemptsTryAgainIn", { n }) : t("landing.shared.tooManyAttemptsTryAgainIn2");
  }
  const mine = failed && !tooMany ? failed.errors.filter((x) => x.field === "cin" || x.field.endsWith(".cin")) : [];
  const fieldErrors = missing ? [t("landing.shared.enterTheCinPrintedOnYour")] : mine.map((x) => humanize("CIN", x.message));
  const problem = failed && !tooMany && (!mine.length || failed.errors.length > mine.length) ? failed : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    signIn.reset();
    const value = cin.trim().toUpperCase();
    setMissing(!value);
    if (value) signIn.mutate(value);
  }

  return (
    <section className="ss-panel ss-cin" aria-labelledby="ss-cin-title">
      <div className="ss-cin-text">
        <h2 id="ss-cin-title">{title}</h2>
        <p className="ss-muted">{intro}</p>
      </div>
      {expired ? (
        <div className="alert alert-warning" role="status">
          {t("landing.shared.yourSessionHasExpiredEnterYour")}
        </div>
      ) : null}
      {tooMany ? (
        <div className="alert alert-error" role="alert">
          {tooMany}
        </div>
      ) : null}
      <ProblemBanner problem={problem} />
      <form className="ss-cin-form" onSubmit={submit} noValidate>
        <Field id="ss-cin" label={t("landing.shared.yourCin")} errors={fieldErrors}>
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
            {...ariaFor("ss-cin", fieldErrors)}
          />
        </Field>
        <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy}>
          {busy ? <span className="spinner spinner-inline" aria-hidden="true" /> : null}
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
