import { CONSOLE_LANGS, t } from "../i18n";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useState, type FormEvent } from "react";
import { Link, Navigate, useLocation, useNavigate } from "react-router-dom";
import { api } from "../api/client";
import { networkProblem, problemMessage, toProblem } from "../api/problem";
import { setSession } from "../auth";
import { useToken } from "../App";
import { Brand } from "../components/Brand";

export function LoginPage() {
  const token = useToken();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? "/";
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (token) return <Navigate to={from.startsWith("/login") ? "/" : from} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSubmitting(true);
    try {
      const { data, error: err, response } = await api.POST("/api/v1/auth/token", {
        body: { username, password },
      });
      if (data) {
        setSession(data.access_token, data.expires_in, username);
        navigate(from.startsWith("/login") ? "/" : from, { replace: true });
      } else {
        const p = toProblem(err, response);
        setError(problemMessage(p));
      }
    } catch (ex) {
      setError(problemMessage(networkProblem(ex)));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <div className="auth-page">
      <div className="auth-panel">
        <div className="auth-brand">
          <Brand />
          <p className="muted">{t("pages.login.operatorConsole")}</p>
          <LanguageSwitch langs={CONSOLE_LANGS} />
        </div>
        <form className="card auth-card" onSubmit={submit} noValidate>
          <h1>{t("pages.login.signIn")}</h1>
          {error ? (
            <div className="alert alert-error" role="alert">
              <div className="alert-body">{error}</div>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="login-username">{t("pages.login.username")}</label>
            <input
              id="login-username"
              name="username"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoFocus
              required
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">{t("pages.login.password")}</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </div>
          <button type="submit" className="btn btn-primary btn-block" disabled={submitting}>
            {submitting ? t("pages.login.signingIn") : t("pages.login.signIn")}
          </button>
        </form>
        <p className="auth-footer muted">
          {t("pages.login.lookingForYourSubscriptionVisitThe")} <Link to="/landing">{t("pages.login.clientSpace")}</Link>.
        </p>
      </div>
    </div>
  );
}
