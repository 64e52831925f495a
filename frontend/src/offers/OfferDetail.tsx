import { t } from "../i18n";
import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { invalidate, keys, problemOf, unwrap } from "../api/query";
import { useAuditEvents } from "../api/reads";
import type { Offer, OfferDetail } from "../api/types";
import { QueryState } from "../components/QueryState";
import { DateTime, Notice, ProblemBanner, StatusBadge } from "../components/ui";
import { OfferForm } from "./OfferForm";
import { SERVICE_LABEL, commitmentLabel, describeComponents } from "./components";

interface Props {
  offerId: string;
  justCreated?: boolean;
  onBack: () => void;
}

type Action = "publish" | "retire";

export function OfferDetailView(props: Props) {
  const offer = useQuery({
    queryKey: [...keys.offers, "detail", props.offerId],
    queryFn: () => unwrap(api.GET("/api/v1/offers/{offer_id}", { params: { path: { offer_id: props.offerId } } })),
  });
  return (
    <QueryState
      query={offer}
      label={t("offers.offerDetail.loadingOffer")}
      frame={(body) => (
        <section className="card">
          <button type="button" className="btn btn-link back-link" onClick={props.onBack}>
            {t("offers.offerDetail.allOffers")}
          </button>
          {body}
        </section>
      )}
    >
      {(data) => <OfferScreen {...props} offer={data} />}
    </QueryState>
  );
}

function OfferScreen({ offer, justCreated, onBack }: Props & { offer: OfferDetail }) {
  const events = useAuditEvents(keys.offers, "offer", offer.id);
  const [notice, setNotice] = useState<string | null>(justCreated ? t("offers.offerDetail.offerCreated") : null);
  const [editing, setEditing] = useState(false);
  const action = useMutation({
    mutationFn: (a: Action) =>
      a === "publish"
        ? unwrap(api.POST("/api/v1/offers/{offer_id}/publish", { params: { path: { offer_id: offer.id } } }))
        : unwrap(api.POST("/api/v1/offers/{offer_id}/retire", { params: { path: { offer_id: offer.id } } })),
    onMutate: () => setNotice(null),
    onSuccess: (_, a) => {
      setNotice(a === "publish" ? t("offers.offerDetail.theOfferIsNowAvailableTo") : t("offers.offerDetail.theOfferWasWithdrawnFromSale"));
      return invalidate(keys.offers);
    },
  });
  const busy: Action | null = action.isPending ? action.variables : null;
  const act = (a: Action) => action.mutate(a);

  function onVersionSaved(o: Offer) {
    setEditing(false);
    setNotice(t("offers.offerDetail.versionSaved", { version: o.version }));
  }

  const back = (
    <button type="button" className="btn btn-link back-link" onClick={onBack}>
      {t("offers.offerDetail.allOffers")}
    </button>
  );

  const parts = describeComponents(offer.service, offer.components);
  const versions = [...(offer.versions ?? [])].sort((a, b) => b.version - a.version);

  return (
    <div className="stack">
      <section className="card" aria-labelledby="offer-title">
        {back}
        <div className="card-header card-header-row">
          <div>
            <div className="eyebrow">
              <span className="mono">{offer.code}</span> · {SERVICE_LABEL()[offer.service] ?? offer.service} {t("offers.offerDetail.version")}{" "}
              {offer.version}
            </div>
            <h2 id="offer-title" className="title-with-badge">
              {offer.name} <StatusBadge status={offer.status} />
            </h2>
          </div>
          <div className="actions">
            {offer.status === "draft" ? (
              <button type="button" className="btn btn-primary" onClick={() => act("publish")} disabled={busy !== null}>
                {busy === "publish" ? t("offers.offerDetail.publishing") : t("offers.offerDetail.publish")}
              </button>
            ) : null}
            {offer.status === "published" ? (
              <>
                <button
                  type="button"
                  className="btn btn-secondary"
                  onClick={() => {
                    setEditing(true);
                    setNotice(null);
                    action.reset();
                  }}
                  disabled={busy !== null || editing}
                >
                  {t("offers.offerDetail.newVersion")}
                </button>
                <button type="button" className="btn btn-danger" onClick={() => act("retire")} disabled={busy !== null}>
                  {busy === "retire" ? t("offers.offerDetail.retiring") : t("offers.offerDetail.retire")}
                </button>
              </>
            ) : null}
          </div>
        </div>

        {notice ? <Notice onDismiss={() => setNotice(null)}>{notice}</Notice> : null}
        <ProblemBanner problem={problemOf(action.error)} onDismiss={() => action.reset()} />

        <dl className="details">
          <div>
            <dt>{t("offers.offerDetail.code")}</dt>
            <dd className="mono">{offer.code}</dd>
          </div>
          <div>
            <dt>{t("offers.offerDetail.name")}</dt>
            <dd>{offer.name}</dd>
          </div>
          <div>
            <dt>{t("offers.offerDetail.service")}</dt>
            <dd>{SERVICE_LABEL()[offer.service] ?? offer.service}</dd>
          </div>
          <div>
            <dt>{t("offers.offerDetail.monthlyFee")}</dt>
            <dd>
              <span className="mono">{offer.monthly_fee}</span> {t("offers.offerDetail.mad")}
            </dd>
          </div>
          <div>
            <dt>{t("offers.offerDetail.commitment")}</dt>
            <dd>{commitmentLabel(offer.commitment_months)}</dd>
          </div>
          <div>
            <dt>{t("offers.offerDetail.version2")}</dt>
            <dd>{offer.version}</dd>
          </div>
          <div>
            <dt>{t("offers.offerDetail.created")}</dt>
            <dd>
              <DateTime iso={offer.created_at} />
            </dd>
          </div>
          <div>
            <dt>{t("offers.offerDetail.updated")}</dt>
            <dd>
              <DateTime iso={offer.updated_at} />
            </dd>
          </div>
          <div className="details-wide">
            <dt>{t("offers.offerDetail.components")}</dt>
            <dd>
              {parts.length ? (
                <span className="components-text">{parts.join(", ")}</span>
              ) : (
                <span className="muted">{t("offers.offerDetail.noComponents")}</span>
              )}
            </dd>
          </div>
        </dl>
      </section>

      {editing ? (
        <OfferForm mode={{ kind: "version", offer }} onSaved={onVersionSaved} onCancel={() => setEditing(false)} />
      ) : null}

      <section className="card" aria-labelledby="history-title">
        <div className="card-header">
          <h2 id="history-title">{t("offers.offerDetail.history")}</h2>
        </div>

        <h3 className="section-title">{t("offers.offerDetail.events")}</h3>
        <QueryState query={events} label={t("offers.offerDetail.loadingEvents")}>
          {(sortedEvents) =>
            sortedEvents.length === 0 ? (
          <p className="muted">{t("offers.offerDetail.noEventsRecorded")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table table-compact" aria-label={t("offers.offerDetail.events")}>
              <thead>
                <tr>
                  <th scope="col" className="num">{t("offers.offerDetail.version2")}</th>
                  <th scope="col">{t("offers.offerDetail.event")}</th>
                  <th scope="col">{t("offers.offerDetail.when")}</th>
                  <th scope="col">{t("offers.offerDetail.who")}</th>
                </tr>
              </thead>
              <tbody>
                {sortedEvents.map((e, i) => (
                  <tr key={`${e.version}-${e.event_type}-${i}`}>
                    <td className="num">{e.version}</td>
                    <td>
                      <span className="event-type">{e.event_type}</span>
                    </td>
                    <td>
                      <DateTime iso={e.timestamp} />
                    </td>
                    <td>{e.actor ?? <span className="muted">{t("offers.offerDetail.system")}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
            )
          }
        </QueryState>

        <h3 className="section-title">{t("offers.offerDetail.versions")}</h3>
        {versions.length === 0 ? (
          <p className="muted">{t("offers.offerDetail.noVersionsRecorded")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table table-compact" aria-label={t("offers.offerDetail.versions")}>
              <thead>
                <tr>
                  <th scope="col" className="num">{t("offers.offerDetail.version2")}</th>
                  <th scope="col">{t("offers.offerDetail.name")}</th>
                  <th scope="col" className="num">{t("offers.offerDetail.monthlyFeeMad")}</th>
                  <th scope="col">{t("offers.offerDetail.commitment")}</th>
                  <th scope="col">{t("offers.offerDetail.components")}</th>
                  <th scope="col">{t("offers.offerDetail.date")}</th>
                  <th scope="col">{t("offers.offerDetail.by")}</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => (
                  <tr key={v.version} className={v.version === offer.version ? "row-current" : undefined}>
                    <td className="num">
                      {v.version}
                      {v.version === offer.version ? <span className="current-tag">{t("offers.offerDetail.current")}</span> : null}
                    </td>
                    <td>{v.name}</td>
                    <td className="num mono">{v.monthly_fee}</td>
                    <td>{commitmentLabel(v.commitment_months)}</td>
                    <td>
                      <ComponentChips parts={describeComponents(offer.service, v.components)} />
                    </td>
                    <td>
                      <DateTime iso={v.created_at} />
                    </td>
                    <td>{v.actor ?? <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function ComponentChips({ parts }: { parts: string[] }) {
  if (parts.length === 0) return <span className="muted">{t("offers.offerDetail.none")}</span>;
  return (
    <span className="chips">
      {parts.map((p) => (
        <span key={p} className="chip">
          {p}
        </span>
      ))}
    </span>
  );
}
