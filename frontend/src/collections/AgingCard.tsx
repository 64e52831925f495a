import { t } from "../i18n";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { invalidate, keys, problemOf, unwrap, unwrapAnswer } from "../api/query";
import type { AgingBucket, CollectionsRunOut } from "../api/types";
import { AGING_BUCKETS } from "../api/types";
import { QueryState } from "../components/QueryState";
import { DateTime, Field, ProblemBanner, ariaFor } from "../components/ui";
import { assignFieldErrors, formatCount, formatDate, formatMoney, todayIso } from "../components/format";
import { moneyToNumber } from "./labels";
import { DownloadButton } from "../components/DownloadButton";

const bucketText = (b: string) => t("collections.agingCard.days", { v1: b.replace("-", "–") });
const invoicesText = (n: number) => `${formatCount(n)} ${n === 1 ? "invoice" : "invoices"}`;

/**
 * "Aging" card: overdue receivables per days-past-due bucket (inline SVG bar
 * chart + table), total overdue, and the "Run collections" form.
 */
export function AgingCard({ onRun }: { reloadKey?: number; onRun: (run: CollectionsRunOut) => void }) {
  // under the aging root: payments, runs and collections runs invalidate it (api/query.ts invalidateMoney)
  const agingQuery = useQuery({ queryKey: keys.aging, queryFn: () => unwrap(api.GET("/api/v1/collections/aging")) });
  const aging = agingQuery.data ?? null;

  // Always the four buckets, in order, even if the API omits an empty one.
  const buckets: AgingBucket[] = AGING_BUCKETS.map(
    (key) => aging?.buckets.find((b) => b.bucket === key) ?? { bucket: key, invoices: 0, amount: "0.00" },
  );

  return (
    <section className="card" aria-labelledby="aging-title">
      <div className="card-header card-header-row">
        <div>
          <h2 id="aging-title">{t("collections.agingCard.aging")}</h2>
          <p className="muted">
            {t("collections.agingCard.overdueReceivablesByDaysPastDue")}{aging ? <> {t("collections.agingCard.asOf")} <span className="mono">{formatDate(aging.as_of)}</span></> : null}.
          </p>
        </div>
        <div className="aging-total">
          <span className="aging-total-label">{t("collections.agingCard.totalOverdue")}</span>
          <strong className="aging-total-value" data-testid="aging-total">
            {aging ? formatMoney(aging.total_overdue) : "—"}
          </strong>
          <DownloadButton
            request={(signal) => api.GET("/api/v1/collections/aging/export", { parseAs: "stream", signal })}
            fallbackName="aging.csv"
            testId="aging-export"
          />
        </div>
      </div>

      <QueryState query={agingQuery} label={t("collections.agingCard.loadingAging")}>
        {(aging) => (
        <div className="aging-grid">
          <AgingChart asOf={aging.as_of} buckets={buckets} total={aging.total_overdue} />
          <table className="table table-compact aging-table" aria-label={t("collections.agingCard.agingByBucket")}>
            <thead>
              <tr>
                <th scope="col">{t("collections.agingCard.daysPastDue")}</th>
                <th scope="col" className="num">{t("collections.agingCard.invoices")}</th>
                <th scope="col" className="num">{t("collections.agingCard.amount")}</th>
              </tr>
            </thead>
            <tbody>
              {buckets.map((b) => (
                <tr key={b.bucket}>
                  <th scope="row">{b.bucket}</th>
                  <td className="num mono">{formatCount(b.invoices)}</td>
                  <td className="num mono">{formatMoney(b.amount)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("collections.agingCard.total")}</th>
                <td className="num mono">{formatCount(buckets.reduce((a, b) => a + b.invoices, 0))}</td>
                <td className="num mono">{formatMoney(aging.total_overdue)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
        )}
      </QueryState>

      {/* a run invalidates the aging above (onRun, then invalidateMoney) */}
      <RunCollections onRun={onRun} />
    </section>
  );
}

const W = 640;
const H = 250;
const TOP = 30;
const BOTTOM = 52;
const SIDE = 24;
const COLORS = ["#f5a524", "#e8792b", "#d9522f", "#c62f3a"];

function AgingChart({ asOf, buckets, total }: { asOf: string; buckets: AgingBucket[]; total: string }) {
  const values = buckets.map((b) => Math.max(0, moneyToNumber(b.amount)));
  const max = Math.max(...values, 0);
  const plotH = H - TOP - BOTTOM;
  const slot = (W - SIDE * 2) / buckets.length;
  const barW = Math.min(96, slot * 0.56);
  const baseY = TOP + plotH;
  const summary =
    t("collections.agingCard.agingOfOverdueReceivablesOn", { v1: formatDate(asOf) }) +
    buckets.map((b) => t("collections.agingCard.pastDueIn", { v1: bucketText(b.bucket), v2: formatMoney(b.amount), v3: invoicesText(b.invoices) })).join("; ") +
    t("collections.agingCard.totalOverdue2", { v1: formatMoney(total) });

  return (
    <figure className="aging-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} data-testid="aging-chart" preserveAspectRatio="xMidYMid meet">
        <title>{summary}</title>
        {[0.25, 0.5, 0.75, 1].map((f) => (
          <line key={f} x1={SIDE} x2={W - SIDE} y1={baseY - plotH * f} y2={baseY - plotH * f} className="aging-grid-line" />
        ))}
        {buckets.map((b, i) => {
          const v = values[i];
          const h = max > 0 ? Math.max(v > 0 ? 3 : 0, (v / max) * plotH) : 0;
          const cx = SIDE + slot * i + slot / 2;
          return (
            <g key={b.bucket} data-bucket={b.bucket}>
              <rect x={cx - barW / 2} y={baseY - h} width={barW} height={h} rx={4} fill={COLORS[i % COLORS.length]} />
              <text x={cx} y={baseY - h - 8} textAnchor="middle" className="aging-amount">
                {formatMoney(b.amount)}
              </text>
              <text x={cx} y={baseY + 20} textAnchor="middle" className="aging-bucket">
                {bucketText(b.bucket)}
              </text>
              <text x={cx} y={baseY + 38} textAnchor="middle" className="aging-count">
                {invoicesText(b.invoices)}
              </text>
            </g>
          );
        })}
        <line x1={SIDE} x2={W - SIDE} y1={baseY} y2={baseY} className="aging-axis" />
      </svg>
      {max === 0 ? <figcaption className="muted small">{t("collections.agingCard.nothingIsOverdue")}</figcaption> : null}
    </figure>
  );
}

const FIGURES = (): [keyof CollectionsRunOut, string][] => ([
  ["overdue_invoices", t("collections.agingCard.overdueInvoices")],
  ["cases_opened", t("collections.agingCard.casesOpened")],
  ["reminders", t("collections.agingCard.reminders")],
  ["suspensions", t("collections.agingCard.suspensions")],
  ["resumptions", t("collections.agingCard.resumptions")],
  ["terminations_proposed", t("collections.agingCard.terminationsProposed")],
  ["cases_closed", t("collections.agingCard.casesClosed")],
]);

function RunCollections({ onRun }: { onRun: (run: CollectionsRunOut) => void }) {
  const [asOf, setAsOf] = useState(todayIso);
  const [localErrors, setLocalErrors] = useState<{ field: string; message: string }[]>([]);
  const [result, setResult] = useState<{ run: CollectionsRunOut; existing: boolean } | null>(null);
  const run = useMutation({
    mutationFn: (date: string) => unwrapAnswer(api.POST("/api/v1/collections/runs", { body: { as_of: date } })),
    onSuccess: ({ data, response }) => {
      // 201 = a new run; 200 = the run of that date already existed (nothing changed).
      setResult({ run: data, existing: response.status === 200 });
      void invalidate(keys.aging, keys.cases, keys.contracts, keys.clients, keys.dashboard);
      onRun(data);
    },
  });
  const busy = run.isPending;
  const problem = problemOf(run.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    run.reset();
    if (!asOf) {
      setLocalErrors([{ field: "as_of", message: t("collections.agingCard.chooseTheDateOfTheRun") }]);
      return;
    }
    setLocalErrors([]);
    run.mutate(asOf);
  }

  const { bySlot, unmatched } = assignFieldErrors([...localErrors, ...(problem?.errors ?? [])], [["as_of", "as_of"]]);
  const showBanner = problem && (unmatched.length > 0 || problem.errors.length === 0);

  return (
    <div className="collections-run">
      <form className="inline-panel" onSubmit={submit} noValidate aria-label={t("collections.agingCard.runCollections")}>
        <h3>{t("collections.agingCard.runCollections")}</h3>
        <p className="muted small">
          {t("collections.agingCard.findsTheOverdueInvoicesAtThis")}
        </p>
        {showBanner ? <ProblemBanner problem={problem} extra={unmatched} onDismiss={() => run.reset()} /> : null}
        <div className="inline-panel-row">
          <Field id="collections-as-of" label={t("collections.agingCard.asOf2")} errors={bySlot.as_of}>
            <input id="collections-as-of" type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} required {...ariaFor("collections-as-of", bySlot.as_of)} />
          </Field>
          <div className="field">
            <span className="field-label" aria-hidden="true">
              &nbsp;
            </span>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? t("collections.agingCard.running") : t("collections.agingCard.runCollections")}
            </button>
          </div>
        </div>
      </form>
      {result ? (
        <div className="run-report" data-testid="collections-run-report" aria-live="polite">
          <div className="run-report-head">
            <h3>
              {t("collections.agingCard.collectionsRunAsOf")} <span className="mono">{formatDate(result.run.as_of)}</span>
            </h3>
            <span className="muted small">
              {t("collections.agingCard.recorded")} <DateTime iso={result.run.created_at} />
            </span>
            <button type="button" className="alert-close run-report-close" aria-label={t("collections.agingCard.closeRunReport")} onClick={() => setResult(null)}>
              ×
            </button>
          </div>
          {result.existing ? (
            <p className="muted small" data-testid="collections-run-existing">
              {t("collections.agingCard.nothingNewSinceTheLastPass")}
            </p>
          ) : null}
          {result.run.passes ? (
            <p className="muted small" data-testid="collections-run-passes">
              {result.run.passes === 1
                ? t("collections.agingCard.firstPassForThisDate")
                : t("collections.agingCard.passForThisDateTheFigures", { passes: result.run.passes })}
            </p>
          ) : null}
          <dl className="report-figures run-figures">
            {FIGURES().map(([key, label]) => (
              <div key={key}>
                <dt>{label}</dt>
                <dd data-testid={`run-${key}`}>{formatCount(result.run[key] as number)}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
    </div>
  );
}
