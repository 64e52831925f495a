import { t } from "../i18n";
import { ApiKeysCard } from "./ApiKeys";
import { WebhooksCard } from "./Webhooks";

/** "Partner API" screen (?tab=partners): API keys for partners and the webhooks they receive. */
export function PartnersTab() {
  return (
    <div className="stack partners" data-testid="partners-tab">
      <div className="partners-head">
        <h1>{t("partners.partnersTab.partnerApi")}</h1>
        <p className="muted">
          {t("partners.partnersTab.givePartnersProgrammaticAccessWithScoped")}
        </p>
      </div>
      <ApiKeysCard />
      <WebhooksCard />
    </div>
  );
}
