import { t } from "../i18n";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api } from "../api/client";
import { networkProblem, problemMessage, toProblem, type ProblemView } from "../api/problem";
import type { WebhookSubscription, WebhookSubscriptionCreated } from "../api/types";
import { assignFieldErrors, formatCount } from "../components/format";
import { Field, FieldErrors, Loading, ProblemBanner, StatusBadge, ariaFor } from "../components/ui";
import { Deliveries } from "./Deliveries";
import { ALL_EVENTS, EVENT_TYPES, eventLabel, type EventType } from "./events";
import { SecretBox } from "./SecretBox";

const PAGE_SIZE = 50;
type Local = { field: string; message: string };

/** "Webhooks": subscribe a partner URL to event types (signing secret shown once), list, deliveries, replay. */
export function WebhooksCard() {
  const [subs, setSubs] = useState<WebhookSubscription[] | null>(null);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [listProblem, setListProblem] = useState<ProblemView | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<EventType[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const [localErrors, setLocalErrors] = useState<Local[]>([]);
  const [created, setCreated] = useState<WebhookSubscriptionCreated | null>(null);

  const [openId, setOpenId] = useState<string | null>(null);
  const [rotated, setRotated] = useState<WebhookSubscriptionCreated | null>(null);

  const load = useCallback(async (after?: string) => {
    setListProblem(null);
    if (after) setLoadingMore(true);
    try {
      const { data, error, response } = await api.GET("/api/v1/webhooks/subscriptions", {
        params: { query: { limit: PAGE_SIZE, sort: "-created_at", ...(after ? { cursor: after } : {}) } },
      });
      if (data) {
        setSubs((prev) => (after && prev ? [...prev, ...data.items] : data.items));
        setTotal(data.total);
        setCursor(data.next_cursor ?? null);
      } else setListProblem(toProblem(error, response));
    } catch (e) {
      setListProblem(networkProblem(e));
    } finally {
      setLoadingMore(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const allOn = events.includes(ALL_EVENTS);

  function toggleEvent(type: EventType, on: boolean) {
    setEvents((prev) => {
      if (type === ALL_EVENTS) return on ? [ALL_EVENTS] : [];
      const next = on ? [...prev.filter((t) => t !== ALL_EVENTS), type] : prev.filter((t) => t !== type);
      return EVENT_TYPES.filter((t) => next.includes(t));
    });
  }

  async function create(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    const errs: Local[] = [];
    const u = url.trim();
    if (!name.trim()) errs.push({ field: "name", message: t("partners.webhooks.enterANameForTheWebhook") });
    // The server checks the URL (http/https, public addresses only): its 422 on "url" shows under the field.
    if (!u) errs.push({ field: "url", message: t("partners.webhooks.enterTheUrlTheEventsAre") });
    if (events.length === 0) errs.push({ field: "event_types", message: t("partners.webhooks.chooseAtLeastOneEventType") });
    setLocalErrors(errs);
    if (errs.length) return;
    setBusy(true);
    try {
      const { data, error, response } = await api.POST("/api/v1/webhooks/subscriptions", {
        body: { name: name.trim(), url: u, event_types: events },
      });
      if (data) {
        setCreated(data);
        setName("");
        setUrl("");
        setEvents([]);
        void load();
      } else setProblem(toProblem(error, response));
    } catch (ex) {
      setProblem(networkProblem(ex));
    } finally {
      setBusy(false);
    }
  }

  const { bySlot, unmatched } = assignFieldErrors([...localErrors, ...(problem?.errors ?? [])], [
    ["name", "name"],
    ["url", "url"],
    ["event_types", "event_types"],
  ]);
  const showBanner = problem && (unmatched.length > 0 || problem.errors.length === 0);

  return (
    <section className="card" aria-labelledby="webhooks-title" data-testid="webhooks-card">
      <div className="card-header">
        <h2 id="webhooks-title">{t("partners.webhooks.webhooks")}</h2>
        <p className="muted">
          {t("partners.webhooks.eventsFromContractsBillingAndCollections")}
        </p>
      </div>

      {created ? (
        <SecretBox
          id="webhook-secret"
          title={t("partners.webhooks.signingSecretOf", { name: created.name })}
          label={t("partners.webhooks.signingSecret")}
          value={created.secret ?? ""}
          onDone={() => setCreated(null)}
        >
          {t("partners.webhooks.everyDeliveryCarries")} <code>{t("partners.webhooks.xMtfTimestamp")}</code> {t("partners.webhooks.unixSecondsAnd")} <code>{t("partners.webhooks.xMtfSignature")}</code>{t("partners.webhooks.theHexHmacSha256Of")} <code>{t("partners.webhooks.timestampRawBody")}</code> {t("partners.webhooks.underThisSecretTheReceiverShould")}{" "}
          <code>{t("partners.webhooks.xMtfDelivery")}</code> {t("partners.webhooks.idItAlreadyAccepted")}
        </SecretBox>
      ) : null}

      {rotated ? (
        <SecretBox
          id="webhook-rotated-secret"
          title={t("partners.webhooks.newSigningSecretOf", { name: rotated.name })}
          label={t("partners.webhooks.signingSecret")}
          value={rotated.secret ?? ""}
          onDone={() => setRotated(null)}
        >
          {rotated.previous_secret_expires_at && new Date(rotated.previous_secret_expires_at) > new Date()
            ? t("partners.webhooks.previousSecretSignsUntil", { until: new Date(rotated.previous_secret_expires_at).toLocaleString() })
            : t("partners.webhooks.previousSecretStopped")}
        </SecretBox>
      ) : null}

      <form className="inline-panel partner-form" onSubmit={create} noValidate aria-labelledby="webhook-form-title">
        <h3 id="webhook-form-title">{t("partners.webhooks.addAWebhook")}</h3>
        {showBanner ? <ProblemBanner problem={problem} extra={unmatched} onDismiss={() => setProblem(null)} /> : null}
        <div className="form-grid">
          <Field id="webhook-name" label={t("partners.webhooks.name")} errors={bySlot.name}>
            <input
              id="webhook-name"
              type="text"
              value={name}
              maxLength={100}
              autoComplete="off"
              onChange={(e) => setName(e.target.value)}
              {...ariaFor("webhook-name", bySlot.name)}
            />
          </Field>
          <Field id="webhook-url" label={t("partners.webhooks.url")} errors={bySlot.url} hint={t("partners.webhooks.aPublicHttpSAddressHttps")}>
            <input
              id="webhook-url"
              type="text"
              inputMode="url"
              value={url}
              autoComplete="off"
              spellCheck={false}
              placeholder={t("partners.webhooks.httpsPartnerExampleHooksMtf")}
              onChange={(e) => setUrl(e.target.value)}
              {...ariaFor("webhook-url", bySlot.url)}
            />
          </Field>
        </div>
        <fieldset
          className={`partner-checks partner-events${bySlot.event_types ? " field-invalid" : ""}`}
          aria-describedby={bySlot.event_types ? "webhook-events-error" : undefined}
        >
          <legend className="field-label">{t("partners.webhooks.eventTypes")}</legend>
          <label className="check-label partner-all" htmlFor="webhook-event-all">
            <input id="webhook-event-all" type="checkbox" checked={allOn} onChange={(e) => toggleEvent(ALL_EVENTS, e.target.checked)} />
            <span>{eventLabel(ALL_EVENTS)}</span>
          </label>
          <div className="partner-event-grid">
            {EVENT_TYPES.map((t) => {
              const id = `webhook-event-${t.replace(/[^a-z0-9]+/gi, "-")}`;
              return (
                <label key={t} className="check-label" htmlFor={id}>
                  <input
                    id={id}
                    type="checkbox"
                    checked={allOn || events.includes(t)}
                    disabled={allOn}
                    onChange={(e) => toggleEvent(t, e.target.checked)}
                  />
                  <span className="event-type">{t}</span>
                </label>
              );
            })}
          </div>
          <FieldErrors id="webhook-events-error" messages={bySlot.event_types} />
        </fieldset>
        <div className="inline-panel-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t("partners.webhooks.adding") : t("partners.webhooks.addWebhook")}
          </button>
        </div>
      </form>

      {listProblem ? (
        <div className="alert alert-error" role="alert">
          <div className="alert-body">
            {t("partners.webhooks.couldNotLoadTheWebhooks")} {problemMessage(listProblem)}{" "}
            <button type="button" className="btn btn-link" onClick={() => void load()}>
              {t("partners.webhooks.retry")}
            </button>
          </div>
        </div>
      ) : null}
      {subs === null ? (
        listProblem ? null : <Loading label={t("partners.webhooks.loadingWebhooks")} />
      ) : subs.length === 0 ? (
        <div className="empty">{t("partners.webhooks.noWebhookYet")}</div>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" aria-label={t("partners.webhooks.webhookSubscriptions")}>
              <thead>
                <tr>
                  <th scope="col">{t("partners.webhooks.name")}</th>
                  <th scope="col">{t("partners.webhooks.url")}</th>
                  <th scope="col">{t("partners.webhooks.events")}</th>
                  <th scope="col" className="num">
                    {t("partners.webhooks.lastSequence")}
                  </th>
                  <th scope="col">
                    <span className="sr-only">{t("partners.webhooks.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {subs.map((s) => {
                  const open = openId === s.id;
                  return (
                    <SubscriptionRow
                      key={s.id}
                      s={s}
                      open={open}
                      onToggle={() => setOpenId(open ? null : s.id)}
                      onReplayed={() => void load()}
                      onRotated={(data) => {
                        setRotated(data);
                        void load();
                      }}
                    />
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="filters-total muted small partner-total">
            {formatCount(subs.length)} {t("partners.webhooks.of")} {formatCount(total)} {t("partners.webhooks.webhook")}{total === 1 ? "" : "s"}
          </div>
          {cursor ? (
            <div className="load-more">
              <button type="button" className="btn btn-secondary" disabled={loadingMore} onClick={() => void load(cursor)}>
                {loadingMore ? t("partners.webhooks.loading") : t("partners.webhooks.loadMore")}
              </button>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

function SubscriptionRow(props: {
  s: WebhookSubscription;
  open: boolean;
  onToggle: () => void;
  onReplayed: () => void;
  onRotated: (data: WebhookSubscriptionCreated) => void;
}) {
  const { s, open } = props;
  const panelId = `deliveries-${s.id}`;
  const [asking, setAsking] = useState(false);
  const [leaked, setLeaked] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [problem, setProblem] = useState<ProblemView | null>(null);

  async function rotate() {
    setProblem(null);
    setRotating(true);
    try {
      const { data, error, response } = await api.POST("/api/v1/webhooks/subscriptions/{subscription_id}/rotate-secret", {
        params: { path: { subscription_id: s.id } },
        // a day of overlap: deliveries carry both signatures while the partner switches
        body: { overlap_seconds: leaked ? 0 : 86400 },
      });
      if (data) {
        setAsking(false);
        setLeaked(false);
        props.onRotated(data);
      } else setProblem(toProblem(error, response));
    } catch (e) {
      setProblem(networkProblem(e));
    } finally {
      setRotating(false);
    }
  }

  return (
    <>
      <tr className={open ? "row-selected" : undefined}>
        <td>
          <strong>{s.name}</strong>
          {!s.active ? (
            <div>
              <StatusBadge status="inactive" />
            </div>
          ) : null}
        </td>
        <td className="mono partner-url">{s.url}</td>
        <td>
          <span className="chips">
            {s.event_types.map((t) => (
              <span key={t} className="chip event-type">
                {eventLabel(t)}
              </span>
            ))}
          </span>
        </td>
        <td className="num mono">{formatCount(s.last_sequence)}</td>
        <td className="num">
          <button type="button" className="btn btn-secondary" aria-expanded={open} aria-controls={open ? panelId : undefined} onClick={props.onToggle}>
            {t("partners.webhooks.deliveries")}
          </button>{" "}
          <button type="button" className="btn btn-secondary" aria-expanded={asking} onClick={() => setAsking(!asking)}>
            {t("partners.webhooks.rotateSecret")}
          </button>
        </td>
      </tr>
      {asking ? (
        <tr className="row-panel">
          <td colSpan={5}>
            <div className="inline-panel" role="group" aria-label={t("partners.webhooks.rotateSecretOf", { name: s.name })}>
              {problem ? <ProblemBanner problem={problem} onDismiss={() => setProblem(null)} /> : null}
              <p>{t("partners.webhooks.rotateExplained")}</p>
              <label className="check-label" htmlFor={`rotate-leaked-${s.id}`}>
                <input id={`rotate-leaked-${s.id}`} type="checkbox" checked={leaked} onChange={(e) => setLeaked(e.target.checked)} />
                <span>{t("partners.webhooks.rotateLeaked")}</span>
              </label>
              <div className="inline-panel-actions">
                <button type="button" className="btn btn-primary" disabled={rotating} onClick={() => void rotate()}>
                  {rotating ? t("partners.webhooks.rotating") : t("partners.webhooks.confirmRotation")}
                </button>{" "}
                <button type="button" className="btn btn-link" onClick={() => setAsking(false)}>
                  {t("partners.webhooks.cancel")}
                </button>
              </div>
            </div>
          </td>
        </tr>
      ) : null}
      {open ? (
        <tr className="row-panel">
          <td colSpan={5} id={panelId}>
            <Deliveries subscription={s} onReplayed={props.onReplayed} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
