import { t } from "../i18n";
import { api } from "../api/client";
import { useCursorList } from "../components/useCursorList";
import { keys } from "../api/query";
import type { OfferListQuery } from "../api/types";
import { SERVICES, STATUSES } from "../api/types";
import { ListScreen, useTypedFilter, useUrlFilters } from "../components/ListScreen";
import { formatCount, oneOf } from "../components/format";
import { StatusBadge } from "../components/ui";
import { SERVICE_LABEL, commitmentLabel, describeComponentsText } from "./components";

const PAGE_SIZE = 25;

// Values accepted by the backend's `sort` (field, "-" prefix for descending).
const SORTS = (): { value: string; label: string }[] => ([
  { value: "", label: t("offers.offerList.default") },
  { value: "code", label: t("offers.offerList.codeAZ") },
  { value: "name", label: t("offers.offerList.nameAZ") },
  { value: "monthly_fee", label: t("offers.offerList.monthlyFeeLowToHigh") },
  { value: "-monthly_fee", label: t("offers.offerList.monthlyFeeHighToLow") },
  { value: "-created_at", label: t("offers.offerList.newestFirst") },
  { value: "-updated_at", label: t("offers.offerList.recentlyUpdated") },
]);

interface Props {
  onOpen: (id: string) => void;
  onNew: () => void;
}

export function OfferList({ onOpen, onNew }: Props) {
  // Filters live in the URL so a reload or "Back" keeps them; the search follows typing pauses.
  const filters = useUrlFilters("offers");
  const service = oneOf(SERVICES, filters.get("service"));
  const status = oneOf(STATUSES, filters.get("status"));
  const qParam = filters.get("q");
  const sort = filters.get("sort");
  const [qInput, setQInput] = useTypedFilter(filters, "q");
  const setFilter = filters.set;

  function fetchPage(cursor: string | null) {
    const query: OfferListQuery = { limit: PAGE_SIZE };
    if (service) query.service = service;
    if (status) query.status = status;
    if (qParam) query.q = qParam;
    if (sort) query.sort = sort;
    if (cursor) query.cursor = cursor;
    return api.GET("/api/v1/offers", { params: { query } });
  }

  const list = useCursorList([...keys.offers, "list", { service, status, qParam, sort }], fetchPage);
  const { items, total } = list;

  const filtered = !!(service || status || qParam);

  return (
    <section className="card" aria-labelledby="offers-title">
      <div className="card-header card-header-row">
        <div>
          <h2 id="offers-title">{t("offers.offerList.offerCatalog")}</h2>
          <p className="muted">{t("offers.offerList.mobileInternetAndLandlinePlansWith")}</p>
        </div>
        <button type="button" className="btn btn-primary" onClick={onNew}>
          {t("offers.offerList.newOffer")}
        </button>
      </div>

      <div className="filters" role="search">
        <div className="field field-inline">
          <label htmlFor="filter-service">{t("offers.offerList.service")}</label>
          <select id="filter-service" value={service} onChange={(e) => setFilter("service", e.target.value)}>
            <option value="">{t("offers.offerList.allServices")}</option>
            {SERVICES.map((s) => (
              <option key={s} value={s}>
                {SERVICE_LABEL()[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="filter-status">{t("offers.offerList.status")}</label>
          <select id="filter-status" value={status} onChange={(e) => setFilter("status", e.target.value)}>
            <option value="">{t("offers.offerList.allStatuses")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline field-grow">
          <label htmlFor="filter-q">{t("offers.offerList.search")}</label>
          <input
            id="filter-q"
            type="search"
            placeholder={t("offers.offerList.codeOrName")}
            value={qInput}
            onChange={(e) => setQInput(e.target.value)}
          />
        </div>
        <div className="field field-inline">
          <label htmlFor="filter-sort">{t("offers.offerList.sort")}</label>
          <select id="filter-sort" value={sort} onChange={(e) => setFilter("sort", e.target.value)}>
            {SORTS().map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="filters-total" aria-live="polite">
          {total !== null ? (
            <>
              <strong>{formatCount(total)}</strong> {t("offers.offerList.counted", { count: total })}
              {items.length < total ? <span className="muted"> {t("offers.offerList.showing")} {items.length}</span> : null}
            </>
          ) : null}
        </div>
      </div>

      <ListScreen
        list={list}
        label={t("offers.offerList.offerCatalog")}
        loadingLabel={t("offers.offerList.loadingOffers")}
        loadMoreLabel={t("offers.offerList.loadMore")}
        empty={
          <>
            <p>{filtered ? t("offers.offerList.noOfferMatchesTheseFilters") : t("offers.offerList.theCatalogIsEmpty")}</p>
            {!filtered ? (
              <button type="button" className="btn btn-secondary" onClick={onNew}>
                {t("offers.offerList.createTheFirstOffer")}
              </button>
            ) : null}
          </>
        }
        head={
              <tr>
                <th scope="col">{t("offers.offerList.code")}</th>
                <th scope="col">{t("offers.offerList.name")}</th>
                <th scope="col">{t("offers.offerList.service")}</th>
                <th scope="col" className="num">{t("offers.offerList.monthlyFeeMad")}</th>
                <th scope="col">{t("offers.offerList.commitment")}</th>
                <th scope="col">{t("offers.offerList.status")}</th>
                <th scope="col" className="num">{t("offers.offerList.version")}</th>
              </tr>
        }
        row={(o) => (
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
                    <span className={`service service-${o.service}`}>{SERVICE_LABEL()[o.service] ?? o.service}</span>
                  </td>
                  <td className="num mono">{o.monthly_fee}</td>
                  <td>{commitmentLabel(o.commitment_months)}</td>
                  <td>
                    <StatusBadge status={o.status} />
                  </td>
                  <td className="num">{o.version}</td>
                </tr>
        )}
      />
    </section>
  );
}
