import { t } from "../i18n";
import { api } from "../api/client";
import { useCursorList } from "../components/useCursorList";
import { keys } from "../api/query";
import type { ContractListQuery } from "../api/types";
import { CONTRACT_STATUSES, SERVICES } from "../api/types";
import { StatusBadge } from "../components/ui";
import { ListScreen, useUrlFilters } from "../components/ListScreen";
import { formatCount, formatDate, formatMoney, oneOf, shortId } from "../components/format";
import { contractHref } from "../components/nav";
import { SERVICE_LABEL } from "../offers/components";

const PAGE_SIZE = 25;

interface Props {
  /** Restrict to one client (the client selected in the checkout panel). */
  clientId?: string | null;
  clientLabel?: string | null;
  onClearClient?: () => void;
  /** subscriber_id -> line number, when known. */
  numbers?: Map<string, string>;
  onOpen: (id: string) => void;
}

/** Contracts (of one client or all); status and service filters live in the URL. */
export function ContractList({ clientId, clientLabel, onClearClient, numbers, onOpen }: Props) {
  const filters = useUrlFilters("contracts");
  const status = oneOf(CONTRACT_STATUSES, filters.get("status"));
  const service = oneOf(SERVICES, filters.get("service"));
  const setFilter = filters.set;

  function fetchPage(cursor: string | null) {
    const query: ContractListQuery = { limit: PAGE_SIZE, sort: "-created_at" };
    if (status) query.status = status;
    if (service) query.service = service;
    if (clientId) query.client_id = clientId;
    if (cursor) query.cursor = cursor;
    return api.GET("/api/v1/contracts", { params: { query } });
  }

  const list = useCursorList([...keys.contracts, "list", { status, service, clientId }], fetchPage);
  const { items, total } = list;

  return (
    <section className="card" aria-labelledby="contracts-list-title">
      <div className="card-header card-header-row">
        <div>
          <h2 id="contracts-list-title">{clientId ? t("contracts.contractList.contractsOf", { v1: clientLabel ?? "" }) : t("contracts.contractList.allContracts")}</h2>
          <p className="muted">{t("contracts.contractList.openAContractToSuspendResume")}</p>
        </div>
        {clientId && onClearClient ? (
          <button type="button" className="btn btn-ghost" onClick={onClearClient}>
            {t("contracts.contractList.showAllContracts")}
          </button>
        ) : null}
      </div>

      <div className="filters" role="search" aria-label={t("contracts.contractList.contractFilters")}>
        <div className="field field-inline">
          <label htmlFor="contracts-status">{t("contracts.contractList.status")}</label>
          <select id="contracts-status" value={status} onChange={(e) => setFilter("status", e.target.value)}>
            <option value="">{t("contracts.contractList.allStatuses")}</option>
            {CONTRACT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="contracts-service">{t("contracts.contractList.service")}</label>
          <select id="contracts-service" value={service} onChange={(e) => setFilter("service", e.target.value)}>
            <option value="">{t("contracts.contractList.allServices")}</option>
            {SERVICES.map((s) => (
              <option key={s} value={s}>
                {SERVICE_LABEL()[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="filters-total" aria-live="polite">
          {total !== null ? (
            <>
              <strong>{formatCount(total)}</strong> {t("contracts.contractList.counted", { count: total })}
              {items.length < total ? <span className="muted"> {t("contracts.contractList.showing")} {items.length}</span> : null}
            </>
          ) : null}
        </div>
      </div>

      <ListScreen
        list={list}
        label={t("contracts.contractList.contracts")}
        loadingLabel={t("contracts.contractList.loadingContracts")}
        empty={<p>{status || service || clientId ? t("contracts.contractList.noContractMatchesTheseFilters") : t("contracts.contractList.noContractYet")}</p>}
        loadMoreLabel={t("contracts.contractList.loadMore")}
        head={
          <tr>
            <th scope="col">{t("contracts.contractList.contract")}</th>
            <th scope="col">{t("contracts.contractList.offer")}</th>
            <th scope="col">{t("contracts.contractList.service")}</th>
            <th scope="col">{t("contracts.contractList.line")}</th>
            <th scope="col">{t("contracts.contractList.start")}</th>
            <th scope="col">{t("contracts.contractList.end")}</th>
            <th scope="col" className="num">{t("contracts.contractList.monthlyFee")}</th>
            <th scope="col">{t("contracts.contractList.status")}</th>
          </tr>
        }
        row={(k) => (
                <tr key={k.id} onClick={() => onOpen(k.id)}>
                  <td>
                    <a
                      className="code-link"
                      href={contractHref(k.id)}
                      title={k.id}
                      onClick={(e) => {
                        e.preventDefault();
                        e.stopPropagation();
                        onOpen(k.id);
                      }}
                    >
                      {shortId(k.id)}
                    </a>
                  </td>
                  <td>
                    <span className="mono">{k.offer_code}</span> <span className="muted">{k.offer_name}</span>
                  </td>
                  <td>
                    <span className={`service service-${k.service}`}>{SERVICE_LABEL()[k.service] ?? k.service}</span>
                  </td>
                  <td className="mono">{numbers?.get(k.subscriber_id) ?? <span className="muted">{shortId(k.subscriber_id)}</span>}</td>
                  <td className="mono">{formatDate(k.start_date)}</td>
                  <td className="mono">{formatDate(k.end_date)}</td>
                  <td className="num mono">{formatMoney(k.monthly_fee)}</td>
                  <td>
                    <StatusBadge status={k.status} />
                  </td>
                </tr>
        )}
      />
    </section>
  );
}
