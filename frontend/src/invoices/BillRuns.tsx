import { t } from "../i18n";
import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { problemMessage } from "../api/problem";
import { invalidate, invalidateMoney, keys, problemOf, queryClient, unwrap } from "../api/query";
import { QueryState } from "../components/QueryState";
import type { BillRunCreate, BillRunOut } from "../api/types";
import { BILL_RUN_FINAL } from "../api/types";
import { DateTime, Field, ProblemBanner, StatusBadge, ariaFor } from "../components/ui";
import { assignFieldErrors, formatCount, formatDate, formatMoney, previousMonth, shortId } from "../components/format";
import { clientHref } from "../components/nav";
import { clientLabel, useClientNames } from "./clientNames";

const POLL_MS = 1000;
const HISTORY_SIZE = 12;

const isFinal = (r: BillRunOut) => BILL_RUN_FINAL.includes(r.status);

/**
 * "Bill runs" panel: start a run for a finished month (or preview it with a dry
 * run), follow its progress (GET /bill-runs/{id} every second while it is in progress) and
 * read its report; below, the recent runs.
 */
const HISTORY_KEY = [...keys.billRuns, "list"] as const;
const runKey = (id: string) => [...keys.billRuns, "detail", id] as const;
export function BillRuns({ onRunFinished }: { onRunFinished?: () => void }) {
  const [period, setPeriod] = useState(previousMonth);
  const [asOf, setAsOf] = useState("");
  const [dryRun, setDryRun] = useState(false);
  const [localErrors, setLocalErrors] = useState<{ field: string; message: string }[]>([]);

  /** The run followed in the panel: chosen, or (undefined) the one still in progress, if any. */
  const [chosen, setChosen] = useState<string | null | undefined>(undefined);
  const [existingNote, setExistingNote] = useState(false);
  /** Last dry-run preview (never part of the history). */
  const [preview, setPreview] = useState<BillRunOut | null>(null);

  const historyQuery = useQuery({
    queryKey: HISTORY_KEY,
    queryFn: () =>
      unwrap(api.GET("/api/v1/bill-runs", { params: { query: { sort: "-period", limit: HISTORY_SIZE } } })).then((page) => ({
        runs: page.items.filter((r) => !r.dry_run),
        total: page.total,
      })),
  });
  const history = historyQuery.data?.runs ?? null;
  // a page reloaded during a run follows it again
  const currentId = chosen === undefined ? (history?.find((r) => !isFinal(r))?.id ?? null) : chosen;

  // the followed run, read again every second until it is completed or failed
  const currentQuery = useQuery({
    queryKey: runKey(currentId ?? ""),
    queryFn: async () => {
      const before = queryClient.getQueryData<BillRunOut>(runKey(currentId ?? ""));
      const run = await unwrap(api.GET("/api/v1/bill-runs/{run_id}", { params: { path: { run_id: currentId ?? "" } } }));
      if (isFinal(run) && before && !isFinal(before)) finished();
      return run;
    },
    enabled: currentId !== null,
    initialData: () => history?.find((r) => r.id === currentId),
    refetchInterval: (q) => (q.state.data && !isFinal(q.state.data) ? POLL_MS : false),
  });
  const current = currentId !== null ? (currentQuery.data ?? null) : null;
  const pollProblem = current ? problemOf(currentQuery.error) : null;

  /** A run ended: its invoices are in the lists, the balances and the dashboard. */
  function finished() {
    void invalidate(HISTORY_KEY);
    void invalidateMoney();
    onRunFinished?.();
  }

  function follow(run: BillRunOut) {
    if (!run.id) return; // a dry run has no id (and is never followed)
    queryClient.setQueryData(runKey(run.id), run);
    setChosen(run.id);
  }

  const start = useMutation({
    mutationFn: (body: BillRunCreate) => unwrap(api.POST("/api/v1/bill-runs", { body })).then((run) => ({ run, submittedAt: Date.now() })),
    onSuccess: ({ run, submittedAt }) => {
      if (run.dry_run) {
        setPreview(run);
        return;
      }
      setPreview(null);
      // The API answers an existing run (same period) instead of starting a second one.
      const created = run.created_at ? Date.parse(run.created_at) : NaN;
      setExistingNote(!!history?.some((r) => r.id === run.id) || (Number.isFinite(created) && created < submittedAt - 60_000));
      follow(run);
      if (isFinal(run)) finished();
      else void invalidate(HISTORY_KEY);
    },
  });
  const busy = start.isPending;
  const problem = problemOf(start.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    start.reset();
    setExistingNote(false);
    if (!period) {
      setLocalErrors([{ field: "period", message: t("invoices.billRuns.chooseTheMonthToBill") }]);
      return;
    }
    setLocalErrors([]);
    start.mutate({ period, as_of: asOf || null, dry_run: dryRun });
  }

  const { bySlot, unmatched } = assignFieldErrors([...localErrors, ...(problem?.errors ?? [])], [
    ["period", "period"],
    ["as_of", "as_of"],
    ["dry_run", "dry_run"],
  ]);

  return (
    <section className="card" aria-labelledby="bill-runs-title">
      <div className="card-header">
        <h2 id="bill-runs-title">{t("invoices.billRuns.billRuns")}</h2>
        <p className="muted">
          {t("invoices.billRuns.billAFinishedMonthOneInvoice")}
        </p>
      </div>

      <form className="bill-run-form" onSubmit={submit} noValidate aria-label={t("invoices.billRuns.startABillRun")}>
        {problem ? <ProblemBanner problem={problem} extra={unmatched} onDismiss={() => start.reset()} /> : null}
        <div className="inline-panel-row">
          <Field id="bill-run-period" label={t("invoices.billRuns.period")} errors={bySlot.period} hint={t("invoices.billRuns.aFinishedMonth")}>
            <input
              id="bill-run-period"
              type="month"
              value={period}
              onChange={(e) => setPeriod(e.target.value)}
              required
              {...ariaFor("bill-run-period", bySlot.period)}
            />
          </Field>
          <Field id="bill-run-as-of" label={t("invoices.billRuns.asOf")} errors={bySlot.as_of} hint={t("invoices.billRuns.optionalContractStateAtThisDate")}>
            <input
              id="bill-run-as-of"
              type="date"
              value={asOf}
              onChange={(e) => setAsOf(e.target.value)}
              {...ariaFor("bill-run-as-of", bySlot.as_of)}
            />
          </Field>
          <div className="field bill-run-check">
            <span className="field-label" aria-hidden="true">
              &nbsp;
            </span>
            <label className="check-label" htmlFor="bill-run-dry">
              <input id="bill-run-dry" type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
              <span>{t("invoices.billRuns.dryRun")}</span>
            </label>
          </div>
          <div className="field bill-run-submit">
            <span className="field-label" aria-hidden="true">
              &nbsp;
            </span>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? t("invoices.billRuns.starting") : t("invoices.billRuns.startBillRun")}
            </button>
          </div>
        </div>
      </form>

      {preview ? (
        <RunReport run={preview} title={t("invoices.billRuns.dryRunNothingWritten")} dry onClose={() => setPreview(null)} />
      ) : null}

      {current ? (
        <div className="run-current" data-testid="bill-run-current">
          {existingNote ? (
            <div className="alert alert-warning" role="status">
              <div className="alert-body">
                {t("invoices.billRuns.aBillRunAlreadyExistsFor")} {current.period}{t("invoices.billRuns.itIsShownBelowInsteadOf")}
              </div>
            </div>
          ) : null}
          {!isFinal(current) ? (
            <RunProgress run={current} />
          ) : (
            <RunReport run={current} title={t("invoices.billRuns.billRun", { period: current.period })} onClose={() => setChosen(null)} />
          )}
          {pollProblem ? (
            <p className="inline-error" role="alert">
              {t("invoices.billRuns.couldNotRefreshTheRun")} {problemMessage(pollProblem)} {t("invoices.billRuns.retrying")}
            </p>
          ) : null}
        </div>
      ) : null}

      <h3 className="section-title">{t("invoices.billRuns.recentRuns")}</h3>
      <QueryState query={historyQuery} label={t("invoices.billRuns.loadingRuns")}>
        {({ runs: history, total: historyTotal }) =>
          history.length === 0 ? (
        <p className="muted">{t("invoices.billRuns.noBillRunYet")}</p>
      ) : (
        <>
        <div className="table-wrap">
          <table className="table table-compact" aria-label={t("invoices.billRuns.recentBillRuns")}>
            <thead>
              <tr>
                <th scope="col">{t("invoices.billRuns.period")}</th>
                <th scope="col">{t("invoices.billRuns.status")}</th>
                <th scope="col" className="num">{t("invoices.billRuns.invoices")}</th>
                <th scope="col" className="num">{t("invoices.billRuns.amount")}</th>
                <th scope="col" className="num">{t("invoices.billRuns.errors")}</th>
                <th scope="col">{t("invoices.billRuns.started")}</th>
                <th scope="col">
                  <span className="sr-only">{t("invoices.billRuns.report")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (current?.id === h.id ? current : h)).map((r) => (
                <tr key={r.id ?? r.period} className={current?.id === r.id ? "row-selected" : undefined}>
                  <td className="mono">{r.period}</td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td className="num mono">{formatCount(r.progress.invoices_issued)}</td>
                  <td className="num mono">{formatMoney(r.progress.amount_billed)}</td>
                  <td className="num mono">{formatCount(r.progress.errors)}</td>
                  <td>
                    <DateTime iso={r.created_at} />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-link"
                      onClick={() => {
                        setExistingNote(false);
                        follow(r);
                      }}
                      aria-label={t("invoices.billRuns.showTheReportOf", { period: r.period })}
                    >
                      {isFinal(r) ? t("invoices.billRuns.report") : t("invoices.billRuns.progress")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      {historyTotal > history.length ? (
        <p className="muted small">
          {t("invoices.billRuns.showingThe")} {history.length} {t("invoices.billRuns.mostRecentOf")} {formatCount(historyTotal)} {t("invoices.billRuns.runs")}
        </p>
      ) : null}
        </>
      )
        }
      </QueryState>
    </section>
  );
}

function RunProgress({ run }: { run: BillRunOut }) {
  const p = run.progress;
  const pct = p.contracts_total > 0 ? Math.min(100, Math.round((p.contracts_done / p.contracts_total) * 100)) : 0;
  return (
    <div className="run-progress" aria-live="polite">
      <div className="run-progress-head">
        <strong>{t("invoices.billRuns.billRun2")} {run.period}</strong> <StatusBadge status={run.status} />
        <span className="muted small">
          {t("invoices.billRuns.issueDate")} {formatDate(run.issue_date)} {t("invoices.billRuns.asOf2")} {formatDate(run.as_of)}
        </span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={t("invoices.billRuns.billRunProgress", { period: run.period })}
        aria-valuemin={0}
        aria-valuemax={p.contracts_total}
        aria-valuenow={p.contracts_done}
        aria-valuetext={`${formatCount(p.contracts_done)} / ${formatCount(p.contracts_total)} contracts`}
      >
        <div className={`progress-bar${run.status === "planning" ? " progress-indeterminate" : ""}`} style={{ width: `${pct}%` }} />
      </div>
      <div className="run-progress-text">
        <span data-testid="bill-run-progress-text">
          {run.status === "planning" && p.contracts_total === 0
            ? t("invoices.billRuns.planning")
            : t("invoices.billRuns.contracts", { v1: formatCount(p.contracts_done), v2: formatCount(p.contracts_total) })}
        </span>
        <span className="muted">
          {formatCount(p.invoices_issued)} {t("invoices.billRuns.invoices2")} {formatMoney(p.amount_billed)}
          {p.errors > 0 ? ` · ${formatCount(p.errors)} ${p.errors === 1 ? "error" : "errors"}` : ""}
        </span>
      </div>
    </div>
  );
}

function RunReport({ run, title, dry, onClose }: { run: BillRunOut; title: string; dry?: boolean; onClose: () => void }) {
  const p = run.progress;
  const names = useClientNames((run.error_samples ?? []).map((s) => s.client_id));
  return (
    <div className={`run-report${dry ? " run-report-dry" : ""}${run.status === "failed" ? " run-report-failed" : ""}`} data-testid={dry ? "bill-run-dry-report" : "bill-run-report"}>
      <div className="run-report-head">
        <h3>{title}</h3>
        <StatusBadge status={run.status} />
        <span className="muted small">
          {t("invoices.billRuns.period2")} <span className="mono">{run.period}</span> {t("invoices.billRuns.issueDate2")} {formatDate(run.issue_date)} {t("invoices.billRuns.asOf2")}{" "}
          {formatDate(run.as_of)}
          {!dry ? (
            <>
              {" "}
              {t("invoices.billRuns.run")} <span className="mono">{shortId(run.id)}</span>
            </>
          ) : null}
        </span>
        <button type="button" className="alert-close run-report-close" aria-label={t("invoices.billRuns.closeReport")} onClick={onClose}>
          ×
        </button>
      </div>
      {dry ? <p className="muted small">{t("invoices.billRuns.previewOnlyNoInvoiceWasIssued")}</p> : null}
      {run.pass_number > 1 ? (
        <p className="muted small" data-testid="bill-run-pass">
          {t("invoices.billRuns.supplementaryPass")} {run.pass_number}{t("invoices.billRuns.onlyClientsWithNoInvoiceFor")} {run.period} {t("invoices.billRuns.yetLateDaysOfClientsAlready")}
        </p>
      ) : null}
      <dl className="report-figures">
        <div>
          <dt>{dry ? t("invoices.billRuns.invoicesToIssue") : t("invoices.billRuns.invoicesIssued")}</dt>
          <dd data-testid="report-invoices">{formatCount(p.invoices_issued)}</dd>
        </div>
        <div>
          <dt>{dry ? t("invoices.billRuns.amountToBill") : t("invoices.billRuns.amountBilled")}</dt>
          <dd data-testid="report-amount">{formatMoney(p.amount_billed)}</dd>
        </div>
        <div>
          <dt>{t("invoices.billRuns.clients")}</dt>
          <dd>
            {formatCount(p.clients_done)} / {formatCount(p.clients_total)}
          </dd>
        </div>
        <div>
          <dt>{t("invoices.billRuns.contracts2")}</dt>
          <dd>
            {formatCount(p.contracts_done)} / {formatCount(p.contracts_total)}
          </dd>
        </div>
        <div className={p.errors > 0 ? "figure-bad" : undefined}>
          <dt>{t("invoices.billRuns.errors")}</dt>
          <dd data-testid="report-errors">{formatCount(p.errors)}</dd>
        </div>
      </dl>
      {(run.error_samples ?? []).length > 0 ? (
        <>
          <h4 className="report-subtitle">{t("invoices.billRuns.errorSamples")}</h4>
          <ul className="error-samples">
            {(run.error_samples ?? []).map((s, i) => (
              <li key={i}>
                <Link className="code-link" to={clientHref(s.client_id)}>
                  {clientLabel(names, s.client_id)}
                </Link>{" "}
                <span>{s.message ?? t("invoices.billRuns.notBilledNoDetail")}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {run.completed_at ? (
        <p className="muted small">
          {t("invoices.billRuns.finished")} <DateTime iso={run.completed_at} />
        </p>
      ) : null}
    </div>
  );
}
