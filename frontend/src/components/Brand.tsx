import { t } from "../i18n";
export function BrandMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="currentColor" />
      <path d="M7 22V10l5 7 5-7v12" fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
      <circle cx="24" cy="20" r="2.6" fill="#f5a524" />
    </svg>
  );
}

export function Brand({ light = false }: { light?: boolean }) {
  return (
    <span className={`brand${light ? " brand-light" : ""}`}>
      <BrandMark />
      <span className="brand-name">
        {t("components.brand.mt")}<span>{t("components.brand.facturation")}</span>
      </span>
    </span>
  );
}
