import { t } from "../i18n";
import { useEffect, useState } from "react";
import { api } from "../api/client";
import { useCursorList } from "../components/useCursorList";
import { keys } from "../api/query";
import { ClientPicker } from "../components/ClientPicker";
import type { CaseListQuery, CaseOut, CaseStatus } from "../api/types";
import { CASE_STATUSES } from "../api/types";
import { DateTime, StatusBadge } from "../components/ui";
import { ListScreen, useUrlFilters } from "../components/ListScreen";
import { formatCount, formatDate, formatMoney } from "../components/format";
import { caseHref } from "../components/nav";
import { clientLabel, useClientNames } from "../invoices/clientNames";
import { STAGE_LABEL } from "./labels";

const PAGE_SIZE = 25;
const SORTS = (): { value: string; label: string }[] => ([
  { value: "-days_past_due", label: t("collections.caseList.mostDaysPastDue") },
  { value: "-overdue_amount", label: t("collections.caseList.highestOverdueAmount") },
  { value: "-opened_at", label: t("collections.caseList.newestOpened") },
  { value: "opened_at", label: t("collections.caseList.oldestOpened") },
]);
const DEFAULT_SORT = "-days_past_due";
const DEFAULT_STATUS: CaseStatus = "open";

/** Dunning cases; filters live in the URL (?case_status=&case_client=&min_days=&case_sort=). */
export function CaseList({ onOpen, reloadKey }: { onOpen: (id: string) => void; reloadKey: number }) {
  const filters = useUrlFilters("collections");
  const statusParam = filters.get("case_status", DEFAULT_STATUS);
  const status = (CASE_STATUSES as readonly string[]).includes(statusParam) ? (statusParam as CaseStatus) : null;
  const clientParam = filters.get("case_client");
  const minDays = filters.get("min_days");
  const sort = filters.get("case_sort", DEFAULT_SORT);
  const [minInput, setMinInput] = useState(minDays);

  const minValid = minDays === "" || /^\d+$/.test(minDays);
  const list = useCursorList(
    [...keys.cases, "list", { status, clientParam, minDays, sort, reloadKey }],
    fetchPage,
    minValid,
  );
  const { items, total } = list;
  const names = useClientNames(items.map((c) => c.client_id));
  const setFilter = filters.set;

  useEffect(() => setMinInput(minDays), [minDays]);
  useEffect(() => {
    const v = minInput.trim();
    if (v === minDays) return;
    const t = window.setTimeout(() => setFilter("min_days", v), 350);
    return () => window.clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [minInput]);


  function fetchPage(cursor: string | null) {
    const query: CaseListQuery = { limit: PAGE_SIZE, sort };
    if (status) query.status = status;
    if (clientParam) query.client_id = clientParam;
    if (minDays) query.min_days = Number(minDays);
    if (cursor) query.cursor = cursor;
    return api.GET("/api/v1/collections/cases", { params: { query } });
  }


  const filtered = !!(clientParam || minDays || statusParam !== DEFAULT_STATUS);

  return (
    <section className="card" aria-labelledby="cases-title">
      <div className="card-header">
        <h2 id="cases-title">{t("collections.caseList.cases")}</h2>
        <p className="muted">{t("collections.caseList.dunningCasesOpenedByTheCollections")}</p>
      </div>

      <div className="filters" role="search" aria-label={t("collections.caseList.caseFilters")}>
        <div className="field field-inline">
          <label htmlFor="cases-status">{t("collections.caseList.caseStatus")}</label>
          <select id="cases-status" value={status ?? "all"} onChange={(e) => setFilter("case_status", e.target.value === DEFAULT_STATUS ? "" : e.target.value)}>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
            <option value="all">{t("collections.caseList.allStatuses")}</option>
          </select>
        </div>
        <ClientPicker id="cases-client" label={t("collections.caseList.client")} value={clientParam} onChange={(id) => setFilter("case_client", id)} inline />
        <div className="field field-inline">
          <label htmlFor="cases-min-days">{t("collections.caseList.minimumDaysPastDue")}</label>
          <input
            id="cases-min-days"
            type="number"
            min={0}
            step={1}
            inputMode="numeric"
            value={minInput}
            onChange={(e) => setMinInput(e.target.value)}
            aria-invalid={!minValid || undefined}
            aria-describedby={!minValid ? "cases-min-days-error" : undefined}
          />
          {!minValid ? (
            <div className="field-error" id="cases-min-days-error" role="alert">
              <div>{t("collections.caseList.aWholeNumberOfDays")}</div>
            </div>
          ) : null}
        </div>
        <div className="field field-inline">
          <label htmlFor="cases-sort">{t("collections.caseList.sortCases")}</label>
          <select id="cases-sort" value={sort} onChange={(e) => setFilter("case_sort", e.target.value === DEFAULT_SORT ? "" : e.target.value)}>
            {SORTS().map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        {filtered ? (
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => {
              setMinInput("");
              filters.clear(["case_status", "case_client", "min_days"]);
            }}
          >
            {t("collections.caseList.clearFilters")}
          </button>
        ) : null}
        <div className="filters-total" aria-live="polite" data-testid="cases-total">
          {total !== null ? (
            <>
              <strong>{formatCount(total)}</strong> {total === 1 ? "case" : "cases"}
              {items.length < total ? <span className="muted"> {t("collections.caseList.showing")} {items.length}</span> : null}
            </>
          ) : null}
        </div>
      </div>

      <ListScreen
        list={list}
        label={t("collections.caseList.cases")}
        loadingLabel={t("collections.caseList.loadingCases")}
        tableClassName="table table-clickable"
        empty={<><p>{filtered ? t("collections.caseList.noCaseMatchesTheseFilters") : t("collections.caseList.noOpenCaseNothingIsOverdue")}</p></>}
        head={<tr>
                <th scope="col">{t("collections.caseList.client")}</th>
                <th scope="col">{t("collections.caseList.stage")}</th>
                <th scope="col">{t("collections.caseList.status")}</th>
                <th scope="col" className="num">{t("collections.caseList.daysPastDue")}</th>
                <th scope="col" className="num">{t("collections.caseList.overdueAmount")}</th>
                <th scope="col">{t("collections.caseList.promiseToPay")}</th>
                <th scope="col">{t("collections.caseList.opened")}</th>
              </tr>}
        row={(c) => (
                <tr key={c.id} onClick={() => onOpen(c.id)}>
                  <td title={c.client_id}>
                    <a
                      className="row-link"
                      href={caseHref(c.id)}
                      onClick={(e) => {
                        e.preventDefault();
                        e.stopPropagation();
                        onOpen(c.id);
                      }}
                    >
                      {clientLabel(names, c.client_id)}
                    </a>
                  </td>
                  <td>
                    <StageBadge stage={c.stage} />
                  </td>
                  <td>
                    <StatusBadge status={c.status} />
                  </td>
                  <td className="num mono">{formatCount(c.days_past_due)}</td>
                  <td className="num mono">{formatMoney(c.overdue_amount)}</td>
                  <td className="mono">{c.promise_to_pay_until ? formatDate(c.promise_to_pay_until) : <span className="muted">—</span>}</td>
                  <td>
                    <DateTime iso={c.opened_at} />
                  </td>
                </tr>
              )}
        loadMoreLabel={t("collections.caseList.loadMoreCases")}
      />
    </section>
  );
}

/** Stage badge: the stage value as text (like status badges), readable name as tooltip. */
export function StageBadge({ stage }: { stage: CaseOut["stage"] }) {
  return (
    <span className={`badge badge-stage badge-stage-${stage}`} title={STAGE_LABEL()[stage] ?? stage}>
      {stage}
    </span>
  );
}
