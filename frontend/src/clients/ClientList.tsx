import { t } from "../i18n";
import { api } from "../api/client";
import type { ClientListQuery } from "../api/types";
import { CLIENT_STATUSES } from "../api/types";
import { useCursorList } from "../components/useCursorList";
import { keys } from "../api/query";
import { DateTime, Notice, StatusBadge } from "../components/ui";
import { ListScreen, useTypedFilter, useUrlFilters } from "../components/ListScreen";
import { clientHref } from "../components/nav";
import { fullName, oneOf } from "../components/format";

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
  const filters = useUrlFilters("clients");
  const status = oneOf(CLIENT_STATUSES, filters.get("status"));
  const qParam = filters.get("q");
  const sort = filters.get("sort");
  const [qInput, setQInput] = useTypedFilter(filters, "q");
  const setFilter = filters.set;

  function fetchPage(cursor: string | null) {
    const query: ClientListQuery = { limit: PAGE_SIZE };
    if (status) query.status = status;
    if (qParam) query.q = qParam;
    if (sort) query.sort = sort;
    if (cursor) query.cursor = cursor;
    return api.GET("/api/v1/clients", { params: { query } });
  }

  const list = useCursorList(
    [...keys.clients, "list", { status, qParam, sort }],
    fetchPage,
  );

  const { items, total } = list;
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

      <ListScreen
        list={list}
        label={t("clients.clientList.clients")}
        loadingLabel={t("clients.clientList.loadingClients")}
        tableClassName="table table-clickable"
        empty={<><p>{filtered ? t("clients.clientList.noClientMatchesTheseFilters") : t("clients.clientList.noClientYet")}</p>
          {!filtered ? (
            <button type="button" className="btn btn-secondary" onClick={onNew}>
              {t("clients.clientList.registerTheFirstClient")}
            </button>
          ) : null}</>}
        head={<tr>
                <th scope="col">{t("clients.clientList.name")}</th>
                <th scope="col">{t("clients.clientList.cinOrIce")}</th>
                <th scope="col">{t("clients.clientList.phone")}</th>
                <th scope="col">{t("clients.clientList.city")}</th>
                <th scope="col">{t("clients.clientList.status")}</th>
                <th scope="col">{t("clients.clientList.created")}</th>
              </tr>}
        row={(c) => (
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
              )}
        loadMoreLabel={t("clients.clientList.loadMore")}
      />
    </section>
  );
}
