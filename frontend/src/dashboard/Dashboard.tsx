import { useQuery } from "@tanstack/react-query";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { t } from "../i18n";
import { api } from "../api/client";
import { keys, unwrap } from "../api/query";
import type { AnalyticsSummary, RevenueMonth } from "../api/types";
import { QueryState } from "../components/QueryState";
import { formatCount, formatDate, formatMoney, formatPeriod } from "../components/format";

const COLORS = { billed: "#1d6fb8", collected: "#1f7a4d", credited: "#f5a524", overdue: "#c62f3a", newLines: "#2a85d6", ended: "#5f6b7a" };

/** "2026-09" -> "sept. 26"-like short label, through the locale's month name. */
const shortPeriod = (p: string) => formatPeriod(p);
/** Chart values: the API's decimal strings as numbers, for drawing only (figures shown are formatted from the strings). */
const num = (s: string | null | undefined) => (s ? Number(s) : 0);

function Kpi({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <div className="kpi" data-testid={testId}>
      <span className="kpi-label">{label}</span>
      <strong className="kpi-value">{value}</strong>
      {hint ? <span className="kpi-hint muted">{hint}</span> : null}
    </div>
  );
}

/**
 * The console's home: the business at a glance. Every figure comes from
 * GET /api/v1/analytics/summary and /revenue (aggregates kept by billing as the events
 * arrive); nothing is added up here.
 */
export function Dashboard() {
  const figures = useQuery({
    queryKey: keys.dashboard,
    queryFn: () =>
      Promise.all([unwrap(api.GET("/api/v1/analytics/summary")), unwrap(api.GET("/api/v1/analytics/revenue"))]).then(([summary, revenue]) => ({
        summary,
        months: revenue.items,
      })),
  });
  return (
    <QueryState query={figures} label={t("dashboard.loading")}>
      {({ summary, months }) => <DashboardFigures summary={summary} months={months} />}
    </QueryState>
  );
}

function DashboardFigures({ summary, months }: { summary: AnalyticsSummary; months: RevenueMonth[] }) {
  const chart = months.map((m) => ({
    period: shortPeriod(m.period),
    billed: num(m.billed),
    collected: num(m.collected),
    credited: num(m.credited),
    overdue: m.overdue_at_end === null ? null : num(m.overdue_at_end),
    newLines: m.new_lines,
    endedLines: m.ended_lines,
  }));
  const money = (v: unknown) => formatMoney(typeof v === "number" ? v.toFixed(2) : String(v ?? ""));
  const count = (v: unknown) => formatCount(Number(v));
  const lines = summary.active_lines;
  const totalLines = lines.mobile + lines.internet + lines.landline;
  const serviceNames = { mobile: t("dashboard.services.mobile"), internet: t("dashboard.services.internet"), landline: t("dashboard.services.landline") };
  const first = months[0]?.period;
  const last = months[months.length - 1]?.period;

  return (
    <div className="dashboard">
      <section className="card" aria-labelledby="dashboard-title">
        <div className="card-header">
          <h2 id="dashboard-title">{t("dashboard.title")}</h2>
          <p className="muted">{t("dashboard.asOf", { date: formatDate(summary.as_of) })}</p>
        </div>
        <div className="kpis">
          <Kpi testId="kpi-mrr" label={t("dashboard.mrr")} value={formatMoney(summary.mrr)} hint={t("dashboard.mrrHint")} />
          <Kpi testId="kpi-arpu" label={t("dashboard.arpu")} value={formatMoney(summary.arpu)} hint={t("dashboard.arpuHint", { clients: formatCount(summary.active_clients) })} />
          <Kpi testId="kpi-lines" label={t("dashboard.activeLines")} value={formatCount(totalLines)} hint={t("dashboard.linesHint", { mobile: formatCount(lines.mobile), internet: formatCount(lines.internet), landline: formatCount(lines.landline) })} />
          <Kpi testId="kpi-overdue" label={t("dashboard.overdue")} value={formatMoney(summary.overdue_amount)} hint={t("dashboard.overdueHint")} />
          <Kpi testId="kpi-credited" label={t("dashboard.credited")} value={formatMoney(summary.credited_this_month)} hint={t("dashboard.creditedHint", { count: summary.credit_notes_this_month, month: formatPeriod(summary.current_month) })} />
        </div>
      </section>

      <section className="card" aria-labelledby="dashboard-revenue">
        <div className="card-header">
          <h2 id="dashboard-revenue">{t("dashboard.billedVsCollected")}</h2>
          <p className="muted">{first && last ? t("dashboard.range", { from: formatPeriod(first), to: formatPeriod(last) }) : null}</p>
        </div>
        <div className="chart" role="img" aria-label={t("dashboard.billedVsCollected")}>
          <ResponsiveContainer width="100%" height={280}>
            <BarChart data={chart}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="period" tick={{ fontSize: 11 }} />
              <YAxis tickFormatter={count} width={70} tick={{ fontSize: 11 }} />
              <Tooltip formatter={money} />
              <Legend />
              <Bar isAnimationActive={false} dataKey="billed" name={t("dashboard.billed")} fill={COLORS.billed} />
              <Bar isAnimationActive={false} dataKey="collected" name={t("dashboard.collected")} fill={COLORS.collected} />
              <Bar isAnimationActive={false} dataKey="credited" name={t("dashboard.creditNotes")} fill={COLORS.credited} />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <table className="table table-compact" aria-label={t("dashboard.perMonth")} data-testid="revenue-table">
          <thead>
            <tr>
              <th scope="col">{t("dashboard.period")}</th>
              <th scope="col" className="num">{t("dashboard.invoices")}</th>
              <th scope="col" className="num">{t("dashboard.billed")}</th>
              <th scope="col" className="num">{t("dashboard.creditNotes")}</th>
              <th scope="col" className="num">{t("dashboard.collected")}</th>
              <th scope="col" className="num">{t("dashboard.overdueAtEnd")}</th>
              <th scope="col" className="num">{t("dashboard.newLines")}</th>
              <th scope="col" className="num">{t("dashboard.endedLines")}</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.period}>
                <th scope="row">{formatPeriod(m.period)}</th>
                <td className="num">{formatCount(m.invoices)}</td>
                <td className="num">{formatMoney(m.billed)}</td>
                <td className="num">{formatMoney(m.credited)}</td>
                <td className="num">{formatMoney(m.collected)}</td>
                <td className="num">{formatMoney(m.overdue_at_end)}</td>
                <td className="num">{formatCount(m.new_lines)}</td>
                <td className="num">{formatCount(m.ended_lines)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <div className="dashboard-grid">
        <section className="card" aria-labelledby="dashboard-overdue">
          <div className="card-header">
            <h2 id="dashboard-overdue">{t("dashboard.overdueTrend")}</h2>
            <p className="muted">{t("dashboard.overdueTrendHint")}</p>
          </div>
          <div className="chart" role="img" aria-label={t("dashboard.overdueTrend")}>
            <ResponsiveContainer width="100%" height={220}>
              <LineChart data={chart}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="period" tick={{ fontSize: 11 }} />
                <YAxis tickFormatter={count} width={70} tick={{ fontSize: 11 }} />
                <Tooltip formatter={money} />
                <Line isAnimationActive={false} type="linear" dataKey="overdue" name={t("dashboard.overdue")} stroke={COLORS.overdue} strokeWidth={2} connectNulls={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
        </section>
        <section className="card" aria-labelledby="dashboard-lines">
          <div className="card-header">
            <h2 id="dashboard-lines">{t("dashboard.linesPerMonth")}</h2>
            <p className="muted">{t("dashboard.linesPerMonthHint")}</p>
          </div>
          <div className="chart" role="img" aria-label={t("dashboard.linesPerMonth")}>
            <ResponsiveContainer width="100%" height={220}>
              <BarChart data={chart}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="period" tick={{ fontSize: 11 }} />
                <YAxis allowDecimals={false} width={40} tick={{ fontSize: 11 }} />
                <Tooltip formatter={count} />
                <Legend />
                <Bar isAnimationActive={false} dataKey="newLines" name={t("dashboard.newLines")} fill={COLORS.newLines} />
                <Bar isAnimationActive={false} dataKey="endedLines" name={t("dashboard.endedLines")} fill={COLORS.ended} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="table table-compact" aria-label={t("dashboard.activeLinesPerService")} data-testid="lines-table">
            <thead>
              <tr>
                <th scope="col">{t("dashboard.service")}</th>
                <th scope="col" className="num">{t("dashboard.activeLines")}</th>
                <th scope="col" className="num">{t("dashboard.mrr")}</th>
              </tr>
            </thead>
            <tbody>
              {(["mobile", "internet", "landline"] as const).map((s) => (
                <tr key={s}>
                  <th scope="row">{serviceNames[s]}</th>
                  <td className="num">{formatCount(lines[s])}</td>
                  <td className="num">{formatMoney(summary.mrr_by_service[s])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}
