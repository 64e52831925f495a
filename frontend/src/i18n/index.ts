// Languages of the console (French, English) and of the landing page (French, Arabic,
// English). French is the default; the choice is remembered in localStorage ("mtf.lang")
// and can be forced with `?lang=fr|en|ar` on any URL (stored too).
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import ar from "./locales/ar.json";
import en from "./locales/en.json";
import fr from "./locales/fr.json";

export type Lang = "fr" | "en" | "ar";
export const CONSOLE_LANGS: readonly Lang[] = ["fr", "en"];
export const LANDING_LANGS: readonly Lang[] = ["fr", "ar", "en"];
export const DEFAULT_LANG: Lang = "fr";
export const LANG_KEY = "mtf.lang";
/** Each language's name in itself, for the switch. */
export const LANG_NAME: Record<Lang, string> = { fr: "Français", en: "English", ar: "العربية" };
/** BCP 47 tags for Intl: French with a space grouping (as on the invoices), Moroccan Arabic, British English (day month year). */
export const INTL_LOCALE: Record<Lang, string> = { fr: "fr-FR", en: "en-GB", ar: "ar-MA" };

const isLang = (v: unknown): v is Lang => v === "fr" || v === "en" || v === "ar";

export function storedLang(): Lang | null {
  try {
    const v = localStorage.getItem(LANG_KEY);
    return isLang(v) ? v : null;
  } catch {
    return null;
  }
}

function store(lang: Lang) {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    /* private mode: the choice lasts for the page */
  }
}

/** The language a surface shows: the remembered one if the surface has it, else French. */
export function langFor(langs: readonly Lang[]): Lang {
  const s = storedLang();
  return s && langs.includes(s) ? s : DEFAULT_LANG;
}

export const surfaceLangs = (pathname: string): readonly Lang[] => (pathname === "/landing" || pathname.startsWith("/landing/") ? LANDING_LANGS : CONSOLE_LANGS);

function applyDocument(lang: Lang) {
  const html = document.documentElement;
  html.lang = lang;
  html.dir = i18n.dir(lang);
}

// `?lang=` wins over what is remembered, and is remembered.
const asked = new URLSearchParams(window.location.search).get("lang");
if (isLang(asked)) store(asked);
const initial = langFor(surfaceLangs(window.location.pathname));

void i18n.use(initReactI18next).init({
  resources: { fr: { translation: fr }, en: { translation: en }, ar: { translation: ar } },
  lng: initial,
  fallbackLng: DEFAULT_LANG,
  supportedLngs: ["fr", "en", "ar"],
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});
applyDocument(initial);
i18n.on("languageChanged", (l) => applyDocument(isLang(l) ? l : DEFAULT_LANG));

/** Switches and remembers the language. */
export function setLang(lang: Lang) {
  store(lang);
  void i18n.changeLanguage(lang);
}

export function currentLang(): Lang {
  const l = i18n.resolvedLanguage ?? i18n.language;
  return isLang(l) ? l : DEFAULT_LANG;
}

/** Intl locale of the current language. */
export function intlLocale(): string {
  return INTL_LOCALE[currentLang()];
}

/**
 * The translation of `key` in the current language. Components call it during render:
 * the app root subscribes with `useTranslation()`, so a switch re-renders the tree. Plain
 * helpers (labels, descriptions) use it too, which is why it is a module function rather
 * than the hook's `t`.
 */
export function t(key: string, options?: Record<string, unknown>): string {
  return i18n.t(key, options ?? {}) as string;
}

export default i18n;
