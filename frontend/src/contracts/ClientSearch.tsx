import { t } from "../i18n";
import type { ClientOut } from "../api/types";
import { ClientPicker } from "../components/ClientPicker";

export { ClientPicker } from "../components/ClientPicker";

/** "Existing client" entry point: the client picker (components/ClientPicker.tsx), kept under
 * its former name for the screens that import it. */
export function ClientSearch({ onSelect }: { onSelect: (c: ClientOut) => void }) {
  return (
    <ClientPicker
      id="checkout-client-search"
      label={t("contracts.clientSearch.searchClient")}
      value=""
      onChange={(_, client) => {
        if (client) onSelect(client);
      }}
    />
  );
}
