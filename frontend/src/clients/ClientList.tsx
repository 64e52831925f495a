import { t } from "../i18n";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { api } from "../api/client";
import type { ClientListQuery, ClientStatus } from "../api/types";
import { CLIENT_STATUSES } from "../api/types";
import { useCursorList } from "../components/useCursorList";
import { keys } from "../api/query";
import { DateTime, Loading, Notice, ProblemBanner, StatusBadge } from "../components/ui";
import { clientHref } from "../components/nav";
import { fullName } from "../components/format";

const PAGE_SIZE = 25;

const SORTS = (): { value: string; label: string }[] => ([
  // names are not stored in clear (blind index), so the server cannot sort by them
  { value: "", label: t("clients.clientList.newestFirst") },
  { value: "created_at", label: t("clients.clientList.oldestFirst") },
  { value: "status", label: t("clients.clientList.status") },
]);

interface Props {
  onOpen: (id: string) => void;
  onNew: () => void;
  notice?: string | null;
  onDismissNotice?: () => void;
}

export function ClientList({ onOpen, onNew, notice, onDismissNotice }: Props) {
  const [params, setParams] = useSearchParams();
  const status = (params.get("status") ?? "") as ClientStatus | "";
  const qParam = params.get("q") ?? "";
  const sort = params.get("sort") ?? "";
  const [qInput, setQInput] = useState(qParam);

  const setFilter = (key: string, value: string) => {
    const p = new URLSearchParams(params);
    p.set("tab", "clients");
    if (value) p.set(key, value);
    else p.delete(key);
    setParams(p, { replace: true });
  };

  useEffect(() => {
    if (qInput === qParam) return;
    const t = window.setTimeout(() => setFilter("q", qInput.trim()), 300);
    return () => window.clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [qInput]);

  function fetchPage(cursor: string | null) {
    const query: ClientListQuery = { limit: PAGE_SIZE };
    if (status) query.status = status;
    if (qParam) query.q = qParam;
    if (sort) query.sort = sort;
    if (cursor) query.cursor = cursor;
    return api.GET("/api/v1/clients", { params: { query } });
  }

  const { items, total, nextCursor, loading, loadingMore, problem, loadMore } = useCursorList(
    [...keys.clients, "list", { status, qParam, sort }],
    fetchPage,
  );

  const filtered = !!(status || qParam);

  return (
    <section className="card" aria-labelledby="clients-title">
      <div className="card-header card-header-row">
        <div>
          <h2 id="clients-title">{t("clients.clientList.clients")}</h2>
          <p className="muted">{t("clients.clientList.findAClientByNameOr")}</p>
        </div>
        <button type="button" className="btn btn-primary" onClick={onNew}>
          {t("clients.clientList.newClient")}
        </button>
      </div>

      {notice ? <Notice onDismiss={onDismissNotice}>{notice}</Notice> : null}

      <div className="filters" role="search">
        <div className="field field-inline field-grow">
          <label htmlFor="clients-q">{t("clients.clientList.search")}</label>
          <input
            id="clients-q"
            type="search"
            placeholder={t("clients.clientList.wholeNameWordSOrCin")}
            value={qInput}
            onChange={(e) => setQInput(e.target.value)}
          />
        </div>
        <div className="field field-inline">
          <label htmlFor="clients-status">{t("clients.clientList.status")}</label>
          <select id="clients-status" value={status} onChange={(e) => setFilter("status", e.target.value)}>
            <option value="">{t("clients.clientList.allStatuses")}</option>
            {CLIENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="clients-sort">{t("clients.clientList.sort")}</label>
          <select id="clients-sort" value={sort} onChange={(e) => setFilter("sort", e.target.value)}>
            {SORTS().map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="filters-total" aria-live="polite" data-testid="clients-total">
          {total !== null ? (
            <>
              <strong>{total}</strong> {total === 1 ? "client" : "clients"}
              {items.length < total ? <span className="muted"> {t("clients.clientList.showing")} {items.length}</span> : null}
            </>
          ) : null}
        </div>
      </div>

      <ProblemBanner problem={problem} />

      {loading ? (
        <Loading label={t("clients.clientList.loadingClients")} />
      ) : items.length === 0 && !problem ? (
        <div className="empty">
          <p>{filtered ? t("clients.clientList.noClientMatchesTheseFilters") : t("clients.clientList.noClientYet")}</p>
          {!filtered ? (
            <button type="button" className="btn btn-secondary" onClick={onNew}>
              {t("clients.clientList.registerTheFirstClient")}
            </button>
          ) : null}
        </div>
      ) : items.length > 0 ? (
        <div className="table-wrap">
          <table className="table table-clickable" aria-label={t("clients.clientList.clients")}>
            <thead>
              <tr>
                <th scope="col">{t("clients.clientList.name")}</th>
                <th scope="col">{t("clients.clientList.cinOrIce")}</th>
                <th scope="col">{t("clients.clientList.phone")}</th>
                <th scope="col">{t("clients.clientList.city")}</th>
                <th scope="col">{t("clients.clientList.status")}</th>
                <th scope="col">{t("clients.clientList.created")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id} onClick={() => onOpen(c.id)}>
                  <td>
                    <a
                      className="row-link"
                      href={clientHref(c.id)}
                      onClick={(e) => {
                        e.preventDefault();
                        e.stopPropagation();
                        onOpen(c.id);
                      }}
                    >
                      {fullName(c)}
                    </a>
                    {c.erased ? <span className="current-tag">{t("clients.clientList.anonymised")}</span> : null}
                  </td>
                  <td className="mono">{c.kind === "business" ? `ICE ${c.ice ?? ""}` : c.cin}</td>
                  <td className="mono">{c.phone}</td>
                  <td>{c.city ?? <span className="muted">—</span>}</td>
                  <td>
                    <StatusBadge status={c.status} />
                  </td>
                  <td>
                    <DateTime iso={c.created_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {!loading && nextCursor ? (
        <div className="load-more">
          <button type="button" className="btn btn-secondary" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? t("clients.clientList.loading") : t("clients.clientList.loadMore")}
          </button>
        </div>
      ) : null}
    </section>
  );
}
