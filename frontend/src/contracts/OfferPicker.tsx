import { t } from "../i18n";
import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { keys, unwrap } from "../api/query";
import type { Offer } from "../api/types";
import { SERVICES } from "../api/types";
import { QueryState } from "../components/QueryState";
import { FieldErrors } from "../components/ui";
import { formatMoney } from "../components/format";
import { SERVICE_LABEL, commitmentLabel, describeComponentsText } from "../offers/components";

interface Props {
  value: string;
  onChange: (offerId: string, offer: Offer) => void;
  errors?: string[];
  /** Offer currently held on the chosen line, tagged "current". */
  currentOfferId?: string | null;
}

/** Published offers grouped by service; one radio per offer, labelled with the offer code. */
export function OfferPicker({ value, onChange, errors, currentOfferId }: Props) {
  const offers = useQuery({
    queryKey: [...keys.offers, "published"],
    queryFn: () => unwrap(api.GET("/api/v1/offers", { params: { query: { status: "published", limit: 500, sort: "code" } } })).then((page) => page.items),
  });

  const invalid = !!errors?.length;
  return (
    <fieldset className={`components offer-picker${invalid ? " field-invalid" : ""}`} aria-describedby={invalid ? "checkout-offer-error" : undefined}>
      <legend>{t("contracts.offerPicker.offer")}</legend>
      <FieldErrors id="checkout-offer-error" messages={errors} />
      <QueryState query={offers} label={t("contracts.offerPicker.loadingPublishedOffers")}>
        {(offers) =>
          offers.length === 0 ? (
            <p className="muted">{t("contracts.offerPicker.noPublishedOfferPublishOneIn")}</p>
          ) : (
            SERVICES.map((s) => {
            const group = offers.filter((o) => o.service === s);
            if (group.length === 0) return null;
            return (
              <div key={s} className="offer-group">
                <h3 className={`service service-${s}`}>{SERVICE_LABEL()[s]}</h3>
                <div className="table-wrap">
                  <table className="table table-compact offer-table" aria-label={t("contracts.offerPicker.offers", { v1: SERVICE_LABEL()[s] })}>
                    <thead>
                      <tr>
                        <th scope="col">{t("contracts.offerPicker.offer")}</th>
                        <th scope="col">{t("contracts.offerPicker.name")}</th>
                        <th scope="col" className="num">{t("contracts.offerPicker.monthlyFee")}</th>
                        <th scope="col">{t("contracts.offerPicker.commitment")}</th>
                        <th scope="col">{t("contracts.offerPicker.includes")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {group.map((o) => {
                        const id = `offer-opt-${o.id}`;
                        const selected = value === o.id;
                        return (
                          <tr key={o.id} className={selected ? "row-selected" : undefined} onClick={() => onChange(o.id, o)}>
                            <td>
                              <span className="check-label">
                                <input
                                  type="radio"
                                  id={id}
                                  name="checkout-offer"
                                  value={o.id}
                                  checked={selected}
                                  onChange={() => onChange(o.id, o)}
                                />
                                <label htmlFor={id} className="mono offer-code">
                                  {o.code}
                                </label>
                              </span>
                              {currentOfferId === o.id ? <span className="current-tag">{t("contracts.offerPicker.current")}</span> : null}
                            </td>
                            <td>{o.name}</td>
                            <td className="num mono">{formatMoney(o.monthly_fee)}</td>
                            <td>{commitmentLabel(o.commitment_months)}</td>
                            <td className="muted">{describeComponentsText(o.service, o.components)}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              </div>
            );
            })
          )
        }
      </QueryState>
    </fieldset>
  );
}
