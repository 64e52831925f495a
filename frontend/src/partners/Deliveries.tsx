import { t } from "../i18n";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api } from "../api/client";
import { networkProblem, problemMessage, toProblem, type ProblemView } from "../api/problem";
import type { WebhookDelivery, WebhookSubscription } from "../api/types";
import { assignFieldErrors, formatCount } from "../components/format";
import { DateTime, Field, Loading, Notice, ProblemBanner, StatusBadge, ariaFor } from "../components/ui";

const PAGE_SIZE = 50;

/** The delivery log's error categories (never an exception's text), in words. */
const ERROR_LABELS = (): Record<string, string> => ({
  timeout: t("partners.deliveries.timedOut"),
  connection_refused: t("partners.deliveries.connectionRefused"),
  connection_error: t("partners.deliveries.connectionFailed"),
  tls_error: t("partners.deliveries.tlsHandshakeFailed"),
  dns_error: t("partners.deliveries.hostNameDoesNotResolve"),
  address_refused: t("partners.deliveries.refusedNotAPublicAddress"),
  http_error: t("partners.deliveries.answeredWithAnErrorStatus"),
});

function deliveryErrorLabel(category: string): string {
  return ERROR_LABELS()[category] ?? t("partners.deliveries.deliveryFailed");
}

/** Delivery log of one subscription (latest first) and "replay from sequence". */
export function Deliveries({ subscription, onReplayed }: { subscription: WebhookSubscription; onReplayed: () => void }) {
  const sid = subscription.id;
  const [items, setItems] = useState<WebhookDelivery[] | null>(null);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const [loading, setLoading] = useState(false);

  const [from, setFrom] = useState("");
  const [replaying, setReplaying] = useState(false);
  const [replayProblem, setReplayProblem] = useState<ProblemView | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(
    async (after?: string) => {
      setProblem(null);
      setLoading(true);
      try {
        const { data, error, response } = await api.GET("/api/v1/webhooks/deliveries", {
          params: { query: { subscription_id: sid, limit: PAGE_SIZE, sort: "-created_at", ...(after ? { cursor: after } : {}) } },
        });
        if (data) {
          setItems((prev) => (after && prev ? [...prev, ...data.items] : data.items));
          setTotal(data.total);
          setCursor(data.next_cursor ?? null);
        } else setProblem(toProblem(error, response));
      } catch (e) {
        setProblem(networkProblem(e));
      } finally {
        setLoading(false);
      }
    },
    [sid],
  );

  useEffect(() => {
    setItems(null);
    void load();
  }, [load]);

  async function replay(e: FormEvent) {
    e.preventDefault();
    setReplayProblem(null);
    setNotice(null);
    const raw = from.trim();
    const n = Number(raw);
    if (!raw || !Number.isInteger(n) || n < 1) {
      setLocalError(t("partners.deliveries.enterASequenceNumber1Or"));
      return;
    }
    setLocalError(null);
    setReplaying(true);
    try {
      const { data, error, response } = await api.POST("/api/v1/webhooks/subscriptions/{subscription_id}/replay", {
        params: { path: { subscription_id: sid } },
        body: { from_sequence: n },
      });
      if (data) {
        setNotice(
          data.requeued === 0
            ? t("partners.deliveries.nothingToReplayFromSequence", { n })
            : t("partners.deliveries.requeued", { count: data.requeued, shown: formatCount(data.requeued), n }),
        );
        void load();
        onReplayed();
      } else setReplayProblem(toProblem(error, response));
    } catch (ex) {
      setReplayProblem(networkProblem(ex));
    } finally {
      setReplaying(false);
    }
  }

  const { bySlot, unmatched } = assignFieldErrors(
    [...(localError ? [{ field: "from_sequence", message: localError }] : []), ...(replayProblem?.errors ?? [])],
    [["from_sequence", "from_sequence"]],
  );
  const showBanner = replayProblem && (unmatched.length > 0 || replayProblem.errors.length === 0);
  const fromId = `replay-from-${sid}`;

  return (
    <div className="partner-deliveries" aria-label={t("partners.deliveries.deliveriesOf", { name: subscription.name })} role="region">
      <div className="partner-deliveries-head">
        <h3>
          {t("partners.deliveries.deliveriesOf2")}{subscription.name}”
          {items ? <span className="muted small"> — {formatCount(total)} {t("partners.deliveries.inAll")}</span> : null}
        </h3>
        <button type="button" className="btn btn-ghost" onClick={() => void load()} disabled={loading}>
          {t("partners.deliveries.refresh")}
        </button>
      </div>

      <form className="partner-replay" onSubmit={replay} noValidate aria-label={t("partners.deliveries.replay", { name: subscription.name })}>
        {showBanner ? <ProblemBanner problem={replayProblem} extra={unmatched} onDismiss={() => setReplayProblem(null)} /> : null}
        <div className="inline-panel-row">
          <Field id={fromId} label={t("partners.deliveries.fromSequence")} errors={bySlot.from_sequence} hint={`1 to ${subscription.last_sequence || 1}`}>
            <input
              id={fromId}
              type="number"
              min={1}
              step={1}
              inputMode="numeric"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              {...ariaFor(fromId, bySlot.from_sequence)}
            />
          </Field>
          <div className="field partner-replay-submit">
            <span className="field-label" aria-hidden="true">
              &nbsp;
            </span>
            <button type="submit" className="btn btn-secondary" disabled={replaying}>
              {replaying ? t("partners.deliveries.replaying") : t("partners.deliveries.replay2")}
            </button>
          </div>
        </div>
        <p className="muted small partner-replay-help">
          {t("partners.deliveries.sendsAgainEveryEventOfThis")}
        </p>
      </form>
      {notice ? <Notice onDismiss={() => setNotice(null)}>{notice}</Notice> : null}

      {problem ? (
        <div className="alert alert-error" role="alert">
          <div className="alert-body">{t("partners.deliveries.couldNotLoadTheDeliveries")} {problemMessage(problem)}</div>
        </div>
      ) : null}
      {items === null ? (
        problem ? null : <Loading label={t("partners.deliveries.loadingDeliveries")} />
      ) : items.length === 0 ? (
        <div className="empty">{t("partners.deliveries.noDeliveryYetForThisWebhook")}</div>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table table-compact" aria-label={t("partners.deliveries.deliveriesOf", { name: subscription.name })}>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t("partners.deliveries.sequence")}
                  </th>
                  <th scope="col">{t("partners.deliveries.type")}</th>
                  <th scope="col">{t("partners.deliveries.status")}</th>
                  <th scope="col" className="num">
                    {t("partners.deliveries.attempts")}
                  </th>
                  <th scope="col">{t("partners.deliveries.lastStatusError")}</th>
                  <th scope="col">{t("partners.deliveries.deliveredAt")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((d) => (
                  <tr key={d.id}>
                    <td className="num mono">{d.sequence}</td>
                    <td>
                      <span className="event-type">{d.event_type}</span>
                      <div className="muted small">
                        <DateTime iso={d.occurred_at} />
                      </div>
                    </td>
                    <td>
                      <StatusBadge status={d.status} />
                    </td>
                    <td className="num mono">{formatCount(d.attempts)}</td>
                    <td className="partner-last">
                      {d.last_status_code !== null && d.last_status_code !== undefined ? (
                        <span className={`mono${d.last_status_code >= 200 && d.last_status_code < 300 ? "" : " inline-error"}`}>
                          {t("partners.deliveries.http")} {d.last_status_code}
                        </span>
                      ) : null}
                      {d.last_error ? (
                        <div className="inline-error small" title={d.last_error} data-error-category={d.last_error}>
                          {deliveryErrorLabel(d.last_error)}
                        </div>
                      ) : null}
                      {(d.last_status_code === null || d.last_status_code === undefined) && !d.last_error ? (
                        <span className="muted">—</span>
                      ) : null}
                    </td>
                    <td className="nowrap">
                      {d.delivered_at ? (
                        <DateTime iso={d.delivered_at} />
                      ) : d.status === "pending" ? (
                        <span className="muted small">
                          {t("partners.deliveries.nextTry")} <DateTime iso={d.next_attempt_at} />
                        </span>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {cursor ? (
            <div className="load-more">
              <button type="button" className="btn btn-secondary" disabled={loading} onClick={() => void load(cursor)}>
                {loading ? t("partners.deliveries.loading") : t("partners.deliveries.loadMore")}
              </button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
