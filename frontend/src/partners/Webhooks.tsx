import { t } from "../i18n";
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { api } from "../api/client";
import { invalidate, keys, problemOf, unwrap } from "../api/query";
import type { WebhookSubscription, WebhookSubscriptionCreated } from "../api/types";
import { assignFieldErrors, formatCount } from "../components/format";
import { ListScreen } from "../components/ListScreen";
import { useCursorList } from "../components/useCursorList";
import { Field, FieldErrors, ProblemBanner, StatusBadge, ariaFor } from "../components/ui";
import { Deliveries } from "./Deliveries";
import { ALL_EVENTS, EVENT_TYPES, eventLabel, type EventType } from "./events";
import { SecretBox } from "./SecretBox";

const PAGE_SIZE = 50;
type Local = { field: string; message: string };

/** "Webhooks": subscribe a partner URL to event types (signing secret shown once), list, deliveries, replay. */
export function WebhooksCard() {
  const list = useCursorList([...keys.webhooks, "list"], (cursor) =>
    api.GET("/api/v1/webhooks/subscriptions", { params: { query: { limit: PAGE_SIZE, sort: "-created_at", ...(cursor ? { cursor } : {}) } } }),
  );
  const { items: subs, total } = list;
  const reload = () => invalidate(keys.webhooks);

  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<EventType[]>([]);
  const [localErrors, setLocalErrors] = useState<Local[]>([]);
  const [created, setCreated] = useState<WebhookSubscriptionCreated | null>(null);

  const [openId, setOpenId] = useState<string | null>(null);
  const [rotated, setRotated] = useState<WebhookSubscriptionCreated | null>(null);

  const subscribe = useMutation({
    mutationFn: (body: { name: string; url: string; event_types: EventType[] }) => unwrap(api.POST("/api/v1/webhooks/subscriptions", { body })),
    onSuccess: (data) => {
      setCreated(data);
      setName("");
      setUrl("");
      setEvents([]);
      void reload();
    },
  });
  const busy = subscribe.isPending;
  const problem = problemOf(subscribe.error);

  const allOn = events.includes(ALL_EVENTS);

  function toggleEvent(type: EventType, on: boolean) {
    setEvents((prev) => {
      if (type === ALL_EVENTS) return on ? [ALL_EVENTS] : [];
      const next = on ? [...prev.filter((t) => t !== ALL_EVENTS), type] : prev.filter((t) => t !== type);
      return EVENT_TYPES.filter((t) => next.includes(t));
    });
  }

  function create(e: FormEvent) {
    e.preventDefault();
    subscribe.reset();
    const errs: Local[] = [];
    const u = url.trim();
    if (!name.trim()) errs.push({ field: "name", message: t("partners.webhooks.enterANameForTheWebhook") });
    // The server checks the URL (http/https, public addresses only): its 422 on "url" shows under the field.
    if (!u) errs.push({ field: "url", message: t("partners.webhooks.enterTheUrlTheEventsAre") });
    if (events.length === 0) errs.push({ field: "event_types", message: t("partners.webhooks.chooseAtLeastOneEventType") });
    setLocalErrors(errs);
    if (errs.length) return;
    subscribe.mutate({ name: name.trim(), url: u, event_types: events });
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
        {showBanner ? <ProblemBanner problem={problem} extra={unmatched} onDismiss={() => subscribe.reset()} /> : null}
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

      <ListScreen
        list={list}
        label={t("partners.webhooks.webhookSubscriptions")}
        loadingLabel={t("partners.webhooks.loadingWebhooks")}
        empty={t("partners.webhooks.noWebhookYet")}
        tableClassName="table"
        loadMoreLabel={t("partners.webhooks.loadMore")}
        head={
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
        }
        row={(s) => {
          const open = openId === s.id;
          return (
            <SubscriptionRow
              key={s.id}
              s={s}
              open={open}
              onToggle={() => setOpenId(open ? null : s.id)}
              onReplayed={() => void reload()}
              onRotated={(data) => {
                setRotated(data);
                void reload();
              }}
            />
          );
        }}
      />
      {total !== null && subs.length > 0 ? (
        <div className="filters-total muted small partner-total">
          {t("partners.webhooks.shownOf", { shown: formatCount(subs.length), total: formatCount(total), count: total })}
        </div>
      ) : null}
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
  const rotation = useMutation({
    // a day of overlap: deliveries carry both signatures while the partner switches
    mutationFn: (overlap: number) =>
      unwrap(api.POST("/api/v1/webhooks/subscriptions/{subscription_id}/rotate-secret", { params: { path: { subscription_id: s.id } }, body: { overlap_seconds: overlap } })),
    onSuccess: (data) => {
      setAsking(false);
      setLeaked(false);
      props.onRotated(data);
    },
  });
  const rotating = rotation.isPending;
  const problem = problemOf(rotation.error);
  const rotate = () => rotation.mutate(leaked ? 0 : 86400);

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
              {problem ? <ProblemBanner problem={problem} onDismiss={() => rotation.reset()} /> : null}
              <p>{t("partners.webhooks.rotateExplained")}</p>
              <label className="check-label" htmlFor={`rotate-leaked-${s.id}`}>
                <input id={`rotate-leaked-${s.id}`} type="checkbox" checked={leaked} onChange={(e) => setLeaked(e.target.checked)} />
                <span>{t("partners.webhooks.rotateLeaked")}</span>
              </label>
              <div className="inline-panel-actions">
                <button type="button" className="btn btn-primary" disabled={rotating} onClick={rotate}>
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
