// Public client space (/landing): sign up, change plan, invoices.
// Uses only the self-service API client (src/api/selfService.ts): never the
// operator token, never a redirect to /login.
import { LANDING_LANGS, t } from "../i18n";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { BrandMark } from "../components/Brand";
import { ChangePlan } from "../selfservice/ChangePlan";
import { MyInvoices } from "../selfservice/MyInvoices";
import { SignUp, emptySignUpDraft, type SignUpDraft } from "../selfservice/SignUp";
import { LockIcon, ServiceIcon } from "../selfservice/shared";
import "../selfservice/landing.css";

type TabKey = "sign-up" | "change-plan" | "invoices";
const TABS = (): { key: TabKey; label: string; icon: ReactNode }[] => ([
  {
    key: "sign-up",
    label: t("landing.page.signUp"),
    icon: (
      <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true" focusable="false">
        <path d="M12 5v14M5 12h14" />
      </svg>
    ),
  },
  {
    key: "change-plan",
    label: t("landing.page.changeMyPlan"),
    icon: (
      <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
        <path d="M4 8h13l-3.5-3.5M20 16H7l3.5 3.5" />
      </svg>
    ),
  },
  {
    key: "invoices",
    label: t("landing.page.myInvoices"),
    icon: (
      <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
        <path d="M6 3h9l4 4v14H6z" />
        <path d="M9.5 12h6M9.5 16h6" />
      </svg>
    ),
  },
]);

function isTab(v: string | null): v is TabKey {
  return v === "sign-up" || v === "change-plan" || v === "invoices";
}

export function LandingPage() {
  const [params, setParams] = useSearchParams();
  const raw = params.get("tab");
  const tab: TabKey = isTab(raw) ? raw : "sign-up";
  const [draft, setDraftState] = useState<SignUpDraft>(emptySignUpDraft);
  const setDraft = (update: (d: SignUpDraft) => SignUpDraft) => setDraftState(update);
  const tabsRef = useRef<HTMLDivElement>(null);
  const tabButtons = useRef<Record<TabKey, HTMLButtonElement | null>>({ "sign-up": null, "change-plan": null, invoices: null });

  const go = (next: TabKey, opts: { scroll?: boolean; focus?: boolean } = {}) => {
    const p = new URLSearchParams(params);
    if (next === "sign-up") p.delete("tab");
    else p.set("tab", next);
    setParams(p, { replace: false });
    if (opts.focus) tabButtons.current[next]?.focus();
    // Clicked from the stuck tab bar further down: show the new section from its top.
    const bar = tabsRef.current;
    if (!opts.scroll && bar && window.scrollY > bar.offsetTop) {
      window.requestAnimationFrame(() => window.scrollTo({ top: bar.offsetTop }));
    }
    if (opts.scroll) window.requestAnimationFrame(() => tabsRef.current?.scrollIntoView({ behavior: "smooth", block: "start" }));
  };

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const tabs = TABS();
    const n = tabs.length;
    // from the tab the key was pressed on (the URL's tab may not have rendered yet)
    const pressed = tabs.findIndex((t) => tabButtons.current[t.key] === e.currentTarget);
    const i = pressed >= 0 ? pressed : tabs.findIndex((t) => t.key === tab);
    // right to left (Arabic), the next tab is on the left: the arrows follow the layout
    const rtl = getComputedStyle(e.currentTarget).direction === "rtl";
    const next = rtl ? "ArrowLeft" : "ArrowRight";
    const previous = rtl ? "ArrowRight" : "ArrowLeft";
    let j = -1;
    if (e.key === next) j = (i + 1) % n;
    else if (e.key === previous) j = (i - 1 + n) % n;
    else if (e.key === "Home") j = 0;
    else if (e.key === "End") j = n - 1;
    if (j >= 0) {
      e.preventDefault();
      go(tabs[j].key, { focus: true });
    }
  };

  return (
    <div className="ss-page">
      <div className={`ss-top${tab === "sign-up" ? "" : " ss-top-compact"}`}>
        <header className="ss-header">
          <div className="ss-wrap ss-header-inner">
            <Link to="/landing" className="ss-logo" aria-label={t("landing.page.mtFacturationClientSpaceHome")}>
              <BrandMark size={34} />
              <span className="ss-logo-text">
                {t("landing.page.mt")}<span>{t("landing.page.facturation")}</span>
              </span>
            </Link>
            <LanguageSwitch langs={LANDING_LANGS} className="ss-lang-switch" />
            <Link to="/login" className="ss-operator-link">
              {t("landing.page.operatorSignIn")}
            </Link>
          </div>
        </header>

        <section className="ss-hero">
          <div className="ss-wrap ss-hero-inner">
            <div className="ss-hero-text">
              <p className="ss-kicker">{t("landing.page.clientSpaceEspaceClient")}</p>
              <h1>{t("landing.page.plansThatKeepItSimpleAll")}</h1>
              <p className="ss-hero-lead">
                {t("landing.page.mobileInternetAndLandlineSubscribeOnline")}
              </p>
              <div className="ss-hero-ctas">
                <button type="button" className="btn btn-accent btn-large" onClick={() => go("sign-up", { scroll: true })}>
                  {t("landing.page.seeOurOffers")}
                </button>
                <button type="button" className="btn btn-on-dark btn-large" onClick={() => go("change-plan", { scroll: true })}>
                  {t("landing.page.iAmAlreadyAClient")}
                </button>
              </div>
            </div>
            <div className="ss-hero-art" aria-hidden="true">
              <div className="ss-art-card ss-art-1">
                <span className="ss-tone-mobile ss-art-icon">
                  <ServiceIcon service="mobile" />
                </span>
                <span>
                  <b>{t("landing.page.mobile")}</b>
                  <small>{t("landing.page.dataCalls")}</small>
                </span>
              </div>
              <div className="ss-art-card ss-art-2">
                <span className="ss-tone-internet ss-art-icon">
                  <ServiceIcon service="internet" />
                </span>
                <span>
                  <b>{t("landing.page.internet")}</b>
                  <small>{t("landing.page.fiberAdsl")}</small>
                </span>
              </div>
              <div className="ss-art-card ss-art-3">
                <span className="ss-tone-landline ss-art-icon">
                  <ServiceIcon service="landline" />
                </span>
                <span>
                  <b>{t("landing.page.landline")}</b>
                  <small>{t("landing.page.homePhone")}</small>
                </span>
              </div>
            </div>
          </div>
          <ul className="ss-wrap ss-trust">
            <li>
              <LockIcon /> {t("landing.page.yourDataStaysPrivate")}
            </li>
            <li>{t("landing.page.orderOnlineInMinutes")}</li>
            <li>{t("landing.page.invoicesInPdfAnytime")}</li>
          </ul>
        </section>
      </div>

      <div className="ss-tabs-bar" ref={tabsRef}>
        <div className="ss-wrap">
          <div className="ss-tabs" role="tablist" aria-label={t("landing.page.clientSpace")}>
            {TABS().map((t) => (
              <button
                key={t.key}
                ref={(el) => {
                  tabButtons.current[t.key] = el;
                }}
                type="button"
                role="tab"
                id={`ss-tab-${t.key}`}
                aria-selected={tab === t.key}
                aria-controls={`ss-panel-${t.key}`}
                tabIndex={tab === t.key ? 0 : -1}
                className={`ss-tab${tab === t.key ? " ss-tab-on" : ""}`}
                onClick={() => go(t.key)}
                onKeyDown={onTabKey}
              >
                {t.icon}
                <span>{t.label}</span>
              </button>
            ))}
          </div>
        </div>
      </div>

      <main className="ss-wrap ss-main">
        <div role="tabpanel" id={`ss-panel-${tab}`} aria-labelledby={`ss-tab-${tab}`} tabIndex={-1} className="ss-tabpanel">
          {tab === "sign-up" ? <SignUp draft={draft} setDraft={setDraft} onGoTo={(t) => go(t, { scroll: true })} /> : null}
          {tab === "change-plan" ? <ChangePlan /> : null}
          {tab === "invoices" ? <MyInvoices /> : null}
        </div>
      </main>

      <section className="ss-help">
        <div className="ss-wrap ss-help-inner">
          <div>
            <h2>{t("landing.page.needAHand")}</h2>
            <p>{t("landing.page.ourAdvisorsCanHelpYouChoose")}</p>
          </div>
          <p className="ss-help-hours">{t("landing.page.mondayToSaturday80020")}</p>
        </div>
      </section>

      <footer className="ss-footer">
        <div className="ss-wrap ss-footer-inner">
          <span>© {new Date().getFullYear()} {t("landing.page.mtFacturation")}</span>
          <span>{t("landing.page.pricesInMoroccanDirhamMad")}</span>
        </div>
      </footer>
    </div>
  );
}
