import { t } from "../i18n";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { invalidate, keys as queryKeys, problemOf, unwrap } from "../api/query";
import { API_KEY_SCOPES, type ApiKeyCreated, type ApiKeyOut, type ApiKeyScope } from "../api/types";
import { assignFieldErrors } from "../components/format";
import { QueryState } from "../components/QueryState";
import { DateTime, Field, FieldErrors, Notice, ProblemBanner, StatusBadge, ariaFor } from "../components/ui";
import { keyMask } from "./events";
import { SecretBox } from "./SecretBox";

const SCOPE_HINT = (): Record<ApiKeyScope, string> => ({
  read: t("partners.apiKeys.readStatesAndAuditEventsClient"),
  "personal-data": t("partners.apiKeys.clientNamesCinPhoneAndAddress"),
  billing: t("partners.apiKeys.billRunsPaymentsCollections"),
  provisioning: t("partners.apiKeys.clientsContractsOrdersNeverErasure"),
});

type Local = { field: string; message: string };

/** "API keys": create a scoped key (its secret is shown once), list keys, revoke one. */
export function ApiKeysCard() {
  const list = useQuery({
    queryKey: queryKeys.apiKeys,
    queryFn: () => unwrap(api.GET("/api/v1/api-keys")).then((page) => page.items),
  });

  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiKeyScope[]>([]);
  const [localErrors, setLocalErrors] = useState<Local[]>([]);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);

  const [confirmId, setConfirmId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const createKey = useMutation({
    mutationFn: (body: { name: string; scopes: ApiKeyScope[] }) => unwrap(api.POST("/api/v1/api-keys", { body })),
    onSuccess: (data) => {
      setCreated(data);
      setName("");
      setScopes([]);
      void invalidate(queryKeys.apiKeys);
    },
  });
  const busy = createKey.isPending;
  const problem = problemOf(createKey.error);

  const revokeKey = useMutation({
    mutationFn: (key: ApiKeyOut) => unwrap(api.POST("/api/v1/api-keys/{key_id}/revoke", { params: { path: { key_id: key.id } } })),
    onMutate: () => setNotice(null),
    onSuccess: (_, key) => {
      setConfirmId(null);
      setNotice(t("partners.apiKeys.keyRevokedRequestsMadeWithIt", { name: key.name }));
      return invalidate(queryKeys.apiKeys);
    },
  });
  const revoking = revokeKey.isPending ? (revokeKey.variables?.id ?? null) : null;
  const revokeProblem = problemOf(revokeKey.error);

  function toggleScope(scope: ApiKeyScope, on: boolean) {
    setScopes((prev) => (on ? API_KEY_SCOPES.filter((s) => s === scope || prev.includes(s)) : prev.filter((s) => s !== scope)));
  }

  function create(e: FormEvent) {
    e.preventDefault();
    createKey.reset();
    setNotice(null);
    const errs: Local[] = [];
    if (!name.trim()) errs.push({ field: "name", message: t("partners.apiKeys.enterANameForTheKey") });
    if (scopes.length === 0) errs.push({ field: "scopes", message: t("partners.apiKeys.chooseAtLeastOneScope") });
    setLocalErrors(errs);
    if (errs.length) return;
    createKey.mutate({ name: name.trim(), scopes });
  }

  const { bySlot, unmatched } = assignFieldErrors([...localErrors, ...(problem?.errors ?? [])], [
    ["name", "name"],
    ["scopes", "scopes"],
  ]);
  const showBanner = problem && (unmatched.length > 0 || problem.errors.length === 0);

  return (
    <section className="card" aria-labelledby="api-keys-title" data-testid="api-keys-card">
      <div className="card-header">
        <h2 id="api-keys-title">{t("partners.apiKeys.apiKeys")}</h2>
        <p className="muted">
          {t("partners.apiKeys.partnersCallTheApiWithA")} <code>{t("partners.apiKeys.authorizationBearerMtf")}</code>{t("partners.apiKeys.eachKeyOnlyHasTheScopes")}
        </p>
      </div>

      {created ? (
        <SecretBox
          id="api-key-secret"
          title={t("partners.apiKeys.newKey", { name: created.name })}
          label={t("partners.apiKeys.apiKey")}
          value={created.key ?? ""}
          onDone={() => setCreated(null)}
        >
          {t("partners.apiKeys.scopes")} {created.scopes.join(", ")}{t("partners.apiKeys.onlyItsPrefix")} <code>{keyMask(created.prefix)}</code> {t("partners.apiKeys.isKeptInTheListBelow")}
        </SecretBox>
      ) : null}

      <form className="inline-panel partner-form" onSubmit={create} noValidate aria-labelledby="api-key-form-title">
        <h3 id="api-key-form-title">{t("partners.apiKeys.createAnApiKey")}</h3>
        {showBanner ? <ProblemBanner problem={problem} extra={unmatched} onDismiss={() => createKey.reset()} /> : null}
        <div className="inline-panel-row">
          <Field id="api-key-name" label={t("partners.apiKeys.name")} errors={bySlot.name} className="field-grow" hint={t("partners.apiKeys.eGThePartnerOrSystem")}>
            <input
              id="api-key-name"
              type="text"
              value={name}
              maxLength={100}
              autoComplete="off"
              onChange={(e) => setName(e.target.value)}
              {...ariaFor("api-key-name", bySlot.name)}
            />
          </Field>
          <fieldset
            className={`partner-checks${bySlot.scopes ? " field-invalid" : ""}`}
            aria-describedby={bySlot.scopes ? "api-key-scopes-error" : undefined}
          >
            <legend className="field-label">{t("partners.apiKeys.scopes2")}</legend>
            <div className="partner-check-list">
              {API_KEY_SCOPES.map((s) => (
                <label key={s} className="check-label" htmlFor={`api-key-scope-${s}`} title={SCOPE_HINT()[s]}>
                  <input
                    id={`api-key-scope-${s}`}
                    type="checkbox"
                    checked={scopes.includes(s)}
                    onChange={(e) => toggleScope(s, e.target.checked)}
                  />
                  <span>{s}</span>
                </label>
              ))}
            </div>
            <FieldErrors id="api-key-scopes-error" messages={bySlot.scopes} />
          </fieldset>
        </div>
        <div className="inline-panel-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t("partners.apiKeys.creating") : t("partners.apiKeys.createKey")}
          </button>
        </div>
      </form>

      {notice ? <Notice onDismiss={() => setNotice(null)}>{notice}</Notice> : null}
      {revokeProblem ? <ProblemBanner problem={revokeProblem} onDismiss={() => revokeKey.reset()} /> : null}

      <QueryState query={list} label={t("partners.apiKeys.loadingApiKeys")}>
        {(keys) =>
          keys.length === 0 ? (
        <div className="empty">{t("partners.apiKeys.noApiKeyYet")}</div>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label={t("partners.apiKeys.apiKeys")}>
            <thead>
              <tr>
                <th scope="col">{t("partners.apiKeys.name")}</th>
                <th scope="col">{t("partners.apiKeys.key")}</th>
                <th scope="col">{t("partners.apiKeys.scopes2")}</th>
                <th scope="col">{t("partners.apiKeys.created")}</th>
                <th scope="col">{t("partners.apiKeys.lastUsed")}</th>
                <th scope="col">{t("partners.apiKeys.status")}</th>
                <th scope="col">
                  <span className="sr-only">{t("partners.apiKeys.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => {
                const revoked = k.revoked_at !== null && k.revoked_at !== undefined;
                const confirming = confirmId === k.id;
                return (
                  <KeyRow
                    key={k.id}
                    k={k}
                    revoked={revoked}
                    confirming={confirming}
                    busy={revoking === k.id}
                    onAsk={() => {
                      revokeKey.reset();
                      setConfirmId(k.id);
                    }}
                    onCancel={() => setConfirmId(null)}
                    onConfirm={() => revokeKey.mutate(k)}
                  />
                );
              })}
            </tbody>
          </table>
        </div>
          )
        }
      </QueryState>
    </section>
  );
}

function KeyRow(props: {
  k: ApiKeyOut;
  revoked: boolean;
  confirming: boolean;
  busy: boolean;
  onAsk: () => void;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { k, revoked } = props;
  return (
    <>
      <tr className={revoked ? "row-muted" : undefined}>
        <td>
          <strong>{k.name}</strong>
          <div className="muted small">{t("partners.apiKeys.by")} {k.created_by}</div>
        </td>
        <td className="mono nowrap">{keyMask(k.prefix)}</td>
        <td>
          <span className="chips">
            {k.scopes.map((s) => (
              <span key={s} className="chip">
                {s}
              </span>
            ))}
          </span>
        </td>
        <td className="nowrap">
          <DateTime iso={k.created_at} />
        </td>
        <td className="nowrap">{k.last_used_at ? <DateTime iso={k.last_used_at} /> : <span className="muted">{t("partners.apiKeys.never")}</span>}</td>
        <td className="nowrap">
          <StatusBadge status={revoked ? "revoked" : "active"} />
          {revoked ? (
            <div className="muted small">
              <DateTime iso={k.revoked_at} />
            </div>
          ) : null}
        </td>
        <td className="num">
          {!revoked && !props.confirming ? (
            <button type="button" className="btn btn-danger" onClick={props.onAsk}>
              {t("partners.apiKeys.revoke")}
            </button>
          ) : null}
        </td>
      </tr>
      {props.confirming ? (
        <tr className="row-panel">
          <td colSpan={7}>
            <div className="inline-panel inline-panel-danger partner-confirm" role="alertdialog" aria-labelledby={`revoke-${k.id}-title`}>
              <p id={`revoke-${k.id}-title`}>
                {t("partners.apiKeys.revoke")} <strong>{k.name}</strong> (<span className="mono">{keyMask(k.prefix)}</span>{t("partners.apiKeys.everyRequestMadeWithThisKey")}
              </p>
              <div className="inline-panel-actions">
                <button type="button" className="btn btn-secondary" onClick={props.onCancel} disabled={props.busy}>
                  {t("partners.apiKeys.cancel")}
                </button>
                <button type="button" className="btn btn-danger-solid" onClick={props.onConfirm} disabled={props.busy}>
                  {props.busy ? t("partners.apiKeys.revoking") : t("partners.apiKeys.revokeKey")}
                </button>
              </div>
            </div>
          </td>
        </tr>
      ) : null}
    </>
  );
}
