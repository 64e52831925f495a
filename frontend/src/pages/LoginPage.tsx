import { CONSOLE_LANGS, t } from "../i18n";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { Link, Navigate, useLocation, useNavigate } from "react-router-dom";
import { api } from "../api/client";
import { problemMessage } from "../api/problem";
import { problemOf, unwrap } from "../api/query";
import { setSession } from "../auth";
import { useToken } from "../App";
import { Brand } from "../components/Brand";

export function LoginPage() {
  const token = useToken();
  const navigate = useNavigate();
  const location = useLocation();
  const state: unknown = location.state;
  const from = typeof state === "object" && state !== null && "from" in state && typeof state.from === "string" ? state.from : "/";
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const signIn = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/token", { body: { username, password } })),
    onSuccess: (data) => {
      setSession(data.access_token, data.expires_in, username);
      navigate(from.startsWith("/login") ? "/" : from, { replace: true });
    },
  });
  const failed = problemOf(signIn.error);
  const error = failed ? problemMessage(failed) : null;
  const submitting = signIn.isPending;

  if (token) return <Navigate to={from.startsWith("/login") ? "/" : from} replace />;

  function submit(e: FormEvent) {
    e.preventDefault();
    signIn.mutate();
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
