import { t } from "../i18n";
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { api } from "../api/client";
import { invalidate, keys, problemOf, unwrap } from "../api/query";
import type { WebhookSubscription } from "../api/types";
import { assignFieldErrors, formatCount } from "../components/format";
import { ListScreen } from "../components/ListScreen";
import { useCursorList } from "../components/useCursorList";
import { DateTime, Field, Notice, ProblemBanner, StatusBadge, ariaFor } from "../components/ui";

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
  const listKey = [...keys.deliveries, sid] as const;
  const list = useCursorList([...listKey, "list"], (cursor) =>
    api.GET("/api/v1/webhooks/deliveries", {
      params: { query: { subscription_id: sid, limit: PAGE_SIZE, sort: "-created_at", ...(cursor ? { cursor } : {}) } },
    }),
  );
  const { total } = list;

  const [from, setFrom] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const replaying = useMutation({
    mutationFn: (n: number) =>
      unwrap(api.POST("/api/v1/webhooks/subscriptions/{subscription_id}/replay", { params: { path: { subscription_id: sid } }, body: { from_sequence: n } })),
    onSuccess: (data, n) => {
      setNotice(
        data.requeued === 0
          ? t("partners.deliveries.nothingToReplayFromSequence", { n })
          : t("partners.deliveries.requeued", { count: data.requeued, shown: formatCount(data.requeued), n }),
      );
      void invalidate(listKey);
      onReplayed();
    },
  });
  const replayProblem = problemOf(replaying.error);

  function replay(e: FormEvent) {
    e.preventDefault();
    replaying.reset();
    setNotice(null);
    const raw = from.trim();
    const n = Number(raw);
    if (!raw || !Number.isInteger(n) || n < 1) {
      setLocalError(t("partners.deliveries.enterASequenceNumber1Or"));
      return;
    }
    setLocalError(null);
    replaying.mutate(n);
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
          {total !== null ? <span className="muted small"> — {formatCount(total)} {t("partners.deliveries.inAll")}</span> : null}
        </h3>
        <button type="button" className="btn btn-ghost" onClick={() => void invalidate(listKey)} disabled={list.loading}>
          {t("partners.deliveries.refresh")}
        </button>
      </div>

      <form className="partner-replay" onSubmit={replay} noValidate aria-label={t("partners.deliveries.replay", { name: subscription.name })}>
        {showBanner ? <ProblemBanner problem={replayProblem} extra={unmatched} onDismiss={() => replaying.reset()} /> : null}
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
            <button type="submit" className="btn btn-secondary" disabled={replaying.isPending}>
              {replaying.isPending ? t("partners.deliveries.replaying") : t("partners.deliveries.replay2")}
            </button>
          </div>
        </div>
        <p className="muted small partner-replay-help">
          {t("partners.deliveries.sendsAgainEveryEventOfThis")}
        </p>
      </form>
      {notice ? <Notice onDismiss={() => setNotice(null)}>{notice}</Notice> : null}

      <ListScreen
        list={list}
        label={t("partners.deliveries.deliveriesOf", { name: subscription.name })}
        loadingLabel={t("partners.deliveries.loadingDeliveries")}
        empty={t("partners.deliveries.noDeliveryYetForThisWebhook")}
        tableClassName="table table-compact"
        loadMoreLabel={t("partners.deliveries.loadMore")}
        head={
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
        }
        row={(d) => (
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
        )}
      />
    </div>
  );
}
