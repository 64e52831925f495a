import { CONSOLE_LANGS, t } from "../i18n";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { clearSession, getUsername } from "../auth";
import { Brand } from "../components/Brand";
import { OffersTab } from "../offers/OffersTab";
import { ClientsTab } from "../clients/ClientsTab";
import { ContractsTab } from "../contracts/ContractsTab";
import { InvoicesTab } from "../invoices/InvoicesTab";
import { CollectionsTab } from "../collections/CollectionsTab";
import { PartnersTab } from "../partners/PartnersTab";
import { DETAILS, detailPath, partnersHref, type DetailTab } from "../components/nav";
import { HealthBanner } from "../components/HealthBanner";
import { Dashboard } from "../dashboard/Dashboard";

const TABS = () => ([
  { key: "home", label: t("pages.workspace.home") },
  { key: "contracts", label: t("pages.workspace.contracts") },
  { key: "clients", label: t("pages.workspace.clients") },
  { key: "offers", label: t("pages.workspace.offers") },
  { key: "invoices", label: t("pages.workspace.invoices") },
  { key: "collections", label: t("pages.workspace.collections") },
] as const);

/** Screens reached from the header rather than the main tabs. */
const EXTRA_SCREENS = ["partners"] as const;

type TabKey = ReturnType<typeof TABS>[number]["key"] | (typeof EXTRA_SCREENS)[number];

const DEFAULT_TAB: TabKey = "home";

/** The former address of a detail (`/?tab=invoices&invoice=<id>`) -> its path, or null. */
function legacyDetail(params: URLSearchParams): string | null {
  const tab = params.get("tab") as DetailTab | null;
  const detail = tab && tab in DETAILS ? DETAILS[tab] : null;
  const id = detail ? params.get(detail.param) : null;
  if (!tab || !detail || !id) return null;
  const rest = new URLSearchParams(params);
  rest.delete("tab");
  rest.delete(detail.param);
  return detailPath(tab, id, rest);
}

/** The console's frame (header, tabs) around the tab chosen by `?tab=`, or by a detail path. */
export function Workspace({ detail }: { detail?: DetailTab }) {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const requested = detail ?? params.get("tab");
  const tab: TabKey =
    TABS().some((t) => t.key === requested) || EXTRA_SCREENS.some((k) => k === requested) ? (requested as TabKey) : DEFAULT_TAB;
  const username = getUsername();
  const moved = detail ? null : legacyDetail(params);
  if (moved) return <Navigate to={moved} replace />;

  function signOut() {
    clearSession();
    navigate("/login", { replace: true });
  }

  return (
    <div className="app">
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="topbar-brand" aria-label={t("pages.workspace.mtFacturationHome")}>
            <Brand light />
          </Link>
          <nav className="tabs" aria-label={t("pages.workspace.workspace")}>
            {TABS().map((t) => (
              <Link
                key={t.key}
                to={`/?tab=${t.key}`}
                className={`tab${t.key === tab ? " tab-active" : ""}`}
                aria-current={t.key === tab ? "page" : undefined}
              >
                {t.label}
              </Link>
            ))}
          </nav>
          <div className="topbar-user">
            <LanguageSwitch langs={CONSOLE_LANGS} className="lang-switch lang-switch-dark" />
            <Link
              to={partnersHref}
              className={`topbar-link${tab === "partners" ? " topbar-link-active" : ""}`}
              aria-current={tab === "partners" ? "page" : undefined}
            >
              {t("pages.workspace.partnerApi")}
            </Link>
            {username ? (
              <span className="user-chip" title={t("pages.workspace.signedInAs", { name: username })}>
                <span className="avatar" aria-hidden="true">
                  {username.slice(0, 1).toUpperCase()}
                </span>
                <span className="user-name">{username}</span>
              </span>
            ) : null}
            <button type="button" className="btn btn-on-dark" onClick={signOut}>
              {t("pages.workspace.signOut")}
            </button>
          </div>
        </div>
      </header>
      <HealthBanner />
      <main className="content">
        {tab === "home" ? <Dashboard /> : null}
        {tab === "offers" ? <OffersTab /> : null}
        {tab === "contracts" ? <ContractsTab /> : null}
        {tab === "clients" ? <ClientsTab /> : null}
        {tab === "invoices" ? <InvoicesTab /> : null}
        {tab === "collections" ? <CollectionsTab /> : null}
        {tab === "partners" ? <PartnersTab /> : null}
      </main>
    </div>
  );
}
