import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api } from "../api/client";
import { networkProblem, problemMessage, toProblem, type ProblemView } from "../api/problem";
import type { WebhookDelivery, WebhookSubscription } from "../api/types";
import { assignFieldErrors, formatCount } from "../components/format";
import { DateTime, Field, Loading, Notice, ProblemBanner, StatusBadge, ariaFor } from "../components/ui";

const PAGE_SIZE = 50;

/** The delivery log's error categories (never an exception's text), in words. */
const ERROR_LABELS: Record<string, string> = {
  timeout: "Timed out",
  connection_refused: "Connection refused",
  connection_error: "Connection failed",
  tls_error: "TLS handshake failed",
  dns_error: "Host name does not resolve",
  address_refused: "Refused: not a public address",
  http_error: "Answered with an error status",
};

function deliveryErrorLabel(category: string): string {
  return ERROR_LABELS[category] ?? "Delivery failed";
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
      setLocalError("Enter a sequence number (1 or more).");
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
            ? `Nothing to replay from sequence ${n}.`
            : `${formatCount(data.requeued)} deliver${data.requeued === 1 ? "y" : "ies"} from sequence ${n} queued again; they are sent in order.`,
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
    <div className="partner-deliveries" aria-label={`Deliveries of ${subscription.name}`} role="region">
      <div className="partner-deliveries-head">
        <h3>
          Deliveries of “{subscription.name}”
          {items ? <span className="muted small"> — {formatCount(total)} in all</span> : null}
        </h3>
        <button type="button" className="btn btn-ghost" onClick={() => void load()} disabled={loading}>
          Refresh
        </button>
      </div>

      <form className="partner-replay" onSubmit={replay} noValidate aria-label={`Replay ${subscription.name}`}>
        {showBanner ? <ProblemBanner problem={replayProblem} extra={unmatched} onDismiss={() => setReplayProblem(null)} /> : null}
        <div className="inline-panel-row">
          <Field id={fromId} label="From sequence" errors={bySlot.from_sequence} hint={`1 to ${subscription.last_sequence || 1}`}>
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
              {replaying ? "Replaying…" : "Replay"}
            </button>
          </div>
        </div>
        <p className="muted small partner-replay-help">
          Sends again every event of this subscription from that sequence number on, in order, with its original sequence.
        </p>
      </form>
      {notice ? <Notice onDismiss={() => setNotice(null)}>{notice}</Notice> : null}

      {problem ? (
        <div className="alert alert-error" role="alert">
          <div className="alert-body">Could not load the deliveries: {problemMessage(problem)}</div>
        </div>
      ) : null}
      {items === null ? (
        problem ? null : <Loading label="Loading deliveries…" />
      ) : items.length === 0 ? (
        <div className="empty">No delivery yet for this webhook.</div>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table table-compact" aria-label={`Deliveries of ${subscription.name}`}>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Sequence
                  </th>
                  <th scope="col">Type</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Attempts
                  </th>
                  <th scope="col">Last status / error</th>
                  <th scope="col">Delivered at</th>
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
                          HTTP {d.last_status_code}
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
                          next try <DateTime iso={d.next_attempt_at} />
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
                {loading ? "Loading…" : "Load more"}
              </button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
