import { useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { api } from "../api/client";
import { useCursorList } from "../components/useCursorList";
import type { OfferListQuery, OfferStatus, Service } from "../api/types";
import { SERVICES, STATUSES } from "../api/types";
import { Loading, ProblemBanner, StatusBadge } from "../components/ui";
import { SERVICE_LABEL, commitmentLabel, describeComponentsText } from "./components";

const PAGE_SIZE = 25;

// Values accepted by the backend's `sort` (field, "-" prefix for descending).
const SORTS: { value: string; label: string }[] = [
  { value: "", label: "Default" },
  { value: "code", label: "Code (A–Z)" },
  { value: "name", label: "Name (A–Z)" },
  { value: "monthly_fee", label: "Monthly fee (low to high)" },
  { value: "-monthly_fee", label: "Monthly fee (high to low)" },
  { value: "-created_at", label: "Newest first" },
  { value: "-updated_at", label: "Recently updated" },
];

interface Props {
  onOpen: (id: string) => void;
  onNew: () => void;
}

export function OfferList({ onOpen, onNew }: Props) {
  // Filters live in the URL so a reload or "Back" keeps them.
  const [params, setParams] = useSearchParams();
  const service = (params.get("service") ?? "") as Service | "";
  const status = (params.get("status") ?? "") as OfferStatus | "";
  const qParam = params.get("q") ?? "";
  const sort = params.get("sort") ?? "";
  const [qInput, setQInput] = useState(qParam);

  const setFilter = (key: string, value: string) => {
    const p = new URLSearchParams(params);
    if (value) p.set(key, value);
    else p.delete(key);
    setParams(p, { replace: true });
  };

  // Debounce the free-text search into the URL.
  useEffect(() => {
    if (qInput === qParam) return;
    const t = window.setTimeout(() => setFilter("q", qInput.trim()), 300);
    return () => window.clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [qInput]);

  async function fetchPage(cursor: string | null) {
    const query: OfferListQuery = { limit: PAGE_SIZE };
    if (service) query.service = service;
    if (status) query.status = status;
    if (qParam) query.q = qParam;
    if (sort) query.sort = sort;
    if (cursor) query.cursor = cursor;
    return api.GET("/api/v1/offers", { params: { query } });
  }

  const { items, total, nextCursor, loading, loadingMore, problem, loadMore } = useCursorList(
    fetchPage,
    [service, status, qParam, sort],
  );

  const filtered = !!(service || status || qParam);

  return (
    <section className="card" aria-labelledby="offers-title">
      <div className="card-header card-header-row">
        <div>
          <h2 id="offers-title">Offer catalog</h2>
          <p className="muted">Mobile, internet and landline plans, with their versions and lifecycle.</p>
        </div>
        <button type="button" className="btn btn-primary" onClick={onNew}>
          New offer
        </button>
      </div>

      <div className="filters" role="search">
        <div className="field field-inline">
          <label htmlFor="filter-service">Service</label>
          <select id="filter-service" value={service} onChange={(e) => setFilter("service", e.target.value)}>
            <option value="">All services</option>
            {SERVICES.map((s) => (
              <option key={s} value={s}>
                {SERVICE_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" value={status} onChange={(e) => setFilter("status", e.target.value)}>
            <option value="">All statuses</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline field-grow">
          <label htmlFor="filter-q">Search</label>
          <input
            id="filter-q"
            type="search"
            placeholder="Code or name"
            value={qInput}
            onChange={(e) => setQInput(e.target.value)}
          />
        </div>
        <div className="field field-inline">
          <label htmlFor="filter-sort">Sort</label>
          <select id="filter-sort" value={sort} onChange={(e) => setFilter("sort", e.target.value)}>
            {SORTS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="filters-total" aria-live="polite">
          {total !== null ? (
            <>
              <strong>{total}</strong> {total === 1 ? "offer" : "offers"}
              {items.length < total ? <span className="muted"> · showing {items.length}</span> : null}
            </>
          ) : null}
        </div>
      </div>

      <ProblemBanner problem={problem} />

      {loading ? (
        <Loading label="Loading offers…" />
      ) : items.length === 0 && !problem ? (
        <div className="empty">
          <p>{filtered ? "No offer matches these filters." : "The catalog is empty."}</p>
          {!filtered ? (
            <button type="button" className="btn btn-secondary" onClick={onNew}>
              Create the first offer
            </button>
          ) : null}
        </div>
      ) : items.length > 0 ? (
        <div className="table-wrap">
          <table className="table table-clickable">
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Name</th>
                <th scope="col">Service</th>
                <th scope="col" className="num">Monthly fee (MAD)</th>
                <th scope="col">Commitment</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Version</th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <tr key={o.id} onClick={() => onOpen(o.id)} title={describeComponentsText(o.service, o.components)}>
                  <td>
                    <a
                      className="code-link"
                      href={`/?tab=offers&offer=${encodeURIComponent(o.id)}`}
                      onClick={(e) => {
                        e.preventDefault();
                        e.stopPropagation();
                        onOpen(o.id);
                      }}
                    >
                      {o.code}
                    </a>
                  </td>
                  <td>{o.name}</td>
                  <td>
                    <span className={`service service-${o.service}`}>{SERVICE_LABEL[o.service] ?? o.service}</span>
                  </td>
                  <td className="num mono">{o.monthly_fee}</td>
                  <td>{commitmentLabel(o.commitment_months)}</td>
                  <td>
                    <StatusBadge status={o.status} />
                  </td>
                  <td className="num">{o.version}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {!loading && nextCursor ? (
        <div className="load-more">
          <button type="button" className="btn btn-secondary" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? "Loading…" : "Load more"}
          </button>
        </div>
      ) : null}
    </section>
  );
}
