import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { api } from "../api/client";
import { networkProblem, problemMessage, toProblem, type ProblemView } from "../api/problem";
import type { BillRunCreate, BillRunOut } from "../api/types";
import { BILL_RUN_FINAL } from "../api/types";
import { DateTime, Field, Loading, ProblemBanner, StatusBadge, ariaFor } from "../components/ui";
import { assignFieldErrors, formatCount, formatDate, formatMoney, previousMonth, shortId } from "../components/format";
import { clientHref } from "../components/nav";
import { clientLabel, useClientNames } from "./clientNames";

const POLL_MS = 1000;
const HISTORY_SIZE = 12;

const isFinal = (r: BillRunOut) => BILL_RUN_FINAL.includes(r.status);

/**
 * "Bill runs" panel: start a run for a finished month (or preview it with a dry
 * run), follow its progress (GET /bill-runs/{id} every second) and read its
 * report; below, the recent runs.
 */
export function BillRuns({ onRunFinished }: { onRunFinished?: () => void }) {
  const [period, setPeriod] = useState(previousMonth);
  const [asOf, setAsOf] = useState("");
  const [dryRun, setDryRun] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const [localErrors, setLocalErrors] = useState<{ field: string; message: string }[]>([]);

  /** The run followed in the panel (real run: polled until final). */
  const [current, setCurrent] = useState<BillRunOut | null>(null);
  const [existingNote, setExistingNote] = useState(false);
  const [pollProblem, setPollProblem] = useState<ProblemView | null>(null);
  /** Last dry-run preview (never part of the history). */
  const [preview, setPreview] = useState<BillRunOut | null>(null);

  const [history, setHistory] = useState<BillRunOut[] | null>(null);
  const [historyTotal, setHistoryTotal] = useState<number | null>(null);
  const [historyProblem, setHistoryProblem] = useState<ProblemView | null>(null);
  const attached = useRef(false);

  const loadHistory = useCallback(async () => {
    try {
      const { data, error, response } = await api.GET("/api/v1/bill-runs", {
        params: { query: { sort: "-period", limit: HISTORY_SIZE } },
      });
      if (data) {
        const real = data.items.filter((r) => !r.dry_run);
        setHistory(real);
        setHistoryTotal(data.total);
        setHistoryProblem(null);
        // Re-attach to a run still in progress (page reloaded during a run).
        if (!attached.current) {
          attached.current = true;
          const live = real.find((r) => !isFinal(r));
          if (live) setCurrent((cur) => cur ?? live);
        }
      } else setHistoryProblem(toProblem(error, response));
    } catch (e) {
      setHistoryProblem(networkProblem(e));
    }
  }, []);

  useEffect(() => {
    void loadHistory();
  }, [loadHistory]);

  // Poll the followed run every second until it is completed or failed.
  const currentId = current?.id ?? null;
  const currentFinal = current ? isFinal(current) : true;
  useEffect(() => {
    if (!currentId || currentFinal) return;
    let alive = true;
    let timer = 0;
    const tick = async () => {
      try {
        const { data, error, response } = await api.GET("/api/v1/bill-runs/{run_id}", {
          params: { path: { run_id: currentId } },
        });
        if (!alive) return;
        if (data) {
          setPollProblem(null);
          setCurrent(data);
          if (isFinal(data)) {
            void loadHistory();
            onRunFinished?.();
            return;
          }
        } else setPollProblem(toProblem(error, response));
      } catch (e) {
        if (alive) setPollProblem(networkProblem(e));
      }
      if (alive) timer = window.setTimeout(tick, POLL_MS);
    };
    timer = window.setTimeout(tick, POLL_MS);
    return () => {
      alive = false;
      window.clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [currentId, currentFinal]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    setExistingNote(false);
    if (!period) {
      setLocalErrors([{ field: "period", message: "Choose the month to bill." }]);
      return;
    }
    setLocalErrors([]);
    const body: BillRunCreate = { period, as_of: asOf || null, dry_run: dryRun };
    setBusy(true);
    const submittedAt = Date.now();
    try {
      const { data, error, response } = await api.POST("/api/v1/bill-runs", { body });
      if (!data) {
        setProblem(toProblem(error, response));
        return;
      }
      if (data.dry_run) {
        setPreview(data);
        return;
      }
      setPreview(null);
      setPollProblem(null);
      // The API answers an existing run (same period) instead of starting a second one.
      const created = data.created_at ? Date.parse(data.created_at) : NaN;
      setExistingNote(!!history?.some((r) => r.id === data.id) || (Number.isFinite(created) && created < submittedAt - 60_000));
      setCurrent(data);
      if (isFinal(data)) onRunFinished?.();
      void loadHistory();
    } catch (ex) {
      setProblem(networkProblem(ex));
    } finally {
      setBusy(false);
    }
  }

  const { bySlot, unmatched } = assignFieldErrors([...localErrors, ...(problem?.errors ?? [])], [
    ["period", "period"],
    ["as_of", "as_of"],
    ["dry_run", "dry_run"],
  ]);

  return (
    <section className="card" aria-labelledby="bill-runs-title">
      <div className="card-header">
        <h2 id="bill-runs-title">Bill runs</h2>
        <p className="muted">
          Bill a finished month: one invoice per client for the contracts active during the period. A dry run computes
          the same figures without writing anything.
        </p>
      </div>

      <form className="bill-run-form" onSubmit={submit} noValidate aria-label="Start a bill run">
        {problem ? <ProblemBanner problem={problem} extra={unmatched} onDismiss={() => setProblem(null)} /> : null}
        <div className="inline-panel-row">
          <Field id="bill-run-period" label="Period" errors={bySlot.period} hint="A finished month.">
            <input
              id="bill-run-period"
              type="month"
              value={period}
              onChange={(e) => setPeriod(e.target.value)}
              required
              {...ariaFor("bill-run-period", bySlot.period)}
            />
          </Field>
          <Field id="bill-run-as-of" label="As of" errors={bySlot.as_of} hint="Optional: contract state at this date.">
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
              <span>Dry run</span>
            </label>
          </div>
          <div className="field bill-run-submit">
            <span className="field-label" aria-hidden="true">
              &nbsp;
            </span>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? "Starting…" : "Start bill run"}
            </button>
          </div>
        </div>
      </form>

      {preview ? (
        <RunReport run={preview} title="Dry run (nothing written)" dry onClose={() => setPreview(null)} />
      ) : null}

      {current ? (
        <div className="run-current" data-testid="bill-run-current">
          {existingNote ? (
            <div className="alert alert-warning" role="status">
              <div className="alert-body">
                A bill run already exists for {current.period}; it is shown below instead of starting a second one.
              </div>
            </div>
          ) : null}
          {!isFinal(current) ? (
            <RunProgress run={current} />
          ) : (
            <RunReport run={current} title={`Bill run ${current.period}`} onClose={() => setCurrent(null)} />
          )}
          {pollProblem ? (
            <p className="inline-error" role="alert">
              Could not refresh the run: {problemMessage(pollProblem)} (retrying)
            </p>
          ) : null}
        </div>
      ) : null}

      <h3 className="section-title">Recent runs</h3>
      {historyProblem ? (
        <p className="inline-error" role="alert">
          Could not load the runs: {problemMessage(historyProblem)}
        </p>
      ) : history === null ? (
        <Loading label="Loading runs…" />
      ) : history.length === 0 ? (
        <p className="muted">No bill run yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact" aria-label="Recent bill runs">
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Invoices</th>
                <th scope="col" className="num">Amount</th>
                <th scope="col" className="num">Errors</th>
                <th scope="col">Started</th>
                <th scope="col">
                  <span className="sr-only">Report</span>
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
                        setPollProblem(null);
                        setCurrent(r);
                      }}
                      aria-label={`Show the report of ${r.period}`}
                    >
                      {isFinal(r) ? "Report" : "Progress"}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {historyTotal !== null && history && historyTotal > history.length ? (
        <p className="muted small">
          Showing the {history.length} most recent of {formatCount(historyTotal)} runs.
        </p>
      ) : null}
    </section>
  );
}

function RunProgress({ run }: { run: BillRunOut }) {
  const p = run.progress;
  const pct = p.contracts_total > 0 ? Math.min(100, Math.round((p.contracts_done / p.contracts_total) * 100)) : 0;
  return (
    <div className="run-progress" aria-live="polite">
      <div className="run-progress-head">
        <strong>Bill run {run.period}</strong> <StatusBadge status={run.status} />
        <span className="muted small">
          issue date {formatDate(run.issue_date)} · as of {formatDate(run.as_of)}
        </span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={`Bill run ${run.period} progress`}
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
            ? "Planning…"
            : `${formatCount(p.contracts_done)} / ${formatCount(p.contracts_total)} contracts`}
        </span>
        <span className="muted">
          {formatCount(p.invoices_issued)} invoices · {formatMoney(p.amount_billed)}
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
          period <span className="mono">{run.period}</span> · issue date {formatDate(run.issue_date)} · as of{" "}
          {formatDate(run.as_of)}
          {!dry ? (
            <>
              {" "}
              · run <span className="mono">{shortId(run.id)}</span>
            </>
          ) : null}
        </span>
        <button type="button" className="alert-close run-report-close" aria-label="Close report" onClick={onClose}>
          ×
        </button>
      </div>
      {dry ? <p className="muted small">Preview only: no invoice was issued and nothing was written.</p> : null}
      {run.pass_number > 1 ? (
        <p className="muted small" data-testid="bill-run-pass">
          Supplementary pass {run.pass_number}: only clients with no invoice for {run.period} yet; late days of
          clients already invoiced go on their next invoice.
        </p>
      ) : null}
      <dl className="report-figures">
        <div>
          <dt>{dry ? "Invoices to issue" : "Invoices issued"}</dt>
          <dd data-testid="report-invoices">{formatCount(p.invoices_issued)}</dd>
        </div>
        <div>
          <dt>{dry ? "Amount to bill" : "Amount billed"}</dt>
          <dd data-testid="report-amount">{formatMoney(p.amount_billed)}</dd>
        </div>
        <div>
          <dt>Clients</dt>
          <dd>
            {formatCount(p.clients_done)} / {formatCount(p.clients_total)}
          </dd>
        </div>
        <div>
          <dt>Contracts</dt>
          <dd>
            {formatCount(p.contracts_done)} / {formatCount(p.contracts_total)}
          </dd>
        </div>
        <div className={p.errors > 0 ? "figure-bad" : undefined}>
          <dt>Errors</dt>
          <dd data-testid="report-errors">{formatCount(p.errors)}</dd>
        </div>
      </dl>
      {(run.error_samples ?? []).length > 0 ? (
        <>
          <h4 className="report-subtitle">Error samples</h4>
          <ul className="error-samples">
            {(run.error_samples ?? []).map((s, i) => (
              <li key={i}>
                <Link className="code-link" to={clientHref(s.client_id)}>
                  {clientLabel(names, s.client_id)}
                </Link>{" "}
                <span>{s.message ?? "Not billed (no detail)."}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {run.completed_at ? (
        <p className="muted small">
          Finished <DateTime iso={run.completed_at} />
        </p>
      ) : null}
    </div>
  );
}
