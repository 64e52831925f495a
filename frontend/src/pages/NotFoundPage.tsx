import { t } from "../i18n";
import { Link } from "react-router-dom";
import { Brand } from "../components/Brand";

export function NotFoundPage() {
  return (
    <div className="auth-page">
      <div className="auth-panel">
        <div className="auth-brand">
          <Brand />
        </div>
        <div className="card auth-card">
          <h1>{t("pages.notFound.pageNotFound")}</h1>
          <p className="muted">{t("pages.notFound.thisAddressDoesNotExist")}</p>
          <p>
            <Link to="/" className="inline-link">{t("pages.notFound.operatorConsole")}</Link> ·{" "}
            <Link to="/landing" className="inline-link">{t("pages.notFound.clientSpace")}</Link>
          </p>
        </div>
      </div>
    </div>
  );
}
