import { ApiKeysCard } from "./ApiKeys";
import { WebhooksCard } from "./Webhooks";

/** "Partner API" screen (?tab=partners): API keys for partners and the webhooks they receive. */
export function PartnersTab() {
  return (
    <div className="stack partners" data-testid="partners-tab">
      <div className="partners-head">
        <h1>Partner API</h1>
        <p className="muted">
          Give partners programmatic access with scoped API keys, and push them the platform&apos;s events through signed
          webhooks.
        </p>
      </div>
      <ApiKeysCard />
      <WebhooksCard />
    </div>
  );
}
