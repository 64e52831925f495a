import { LANG_NAME, currentLang, setLang, t, type Lang } from "../i18n";

/** The language switch (remembered in localStorage); each language named in itself. */
export function LanguageSwitch({ langs, className = "lang-switch" }: { langs: readonly Lang[]; className?: string }) {
  const lang = currentLang();
  return (
    <select
      className={className}
      aria-label={t("common.language")}
      value={lang}
      onChange={(e) => setLang(e.target.value as Lang)}
    >
      {langs.map((l) => (
        <option key={l} value={l} lang={l}>
          {LANG_NAME[l]}
        </option>
      ))}
    </select>
  );
}
