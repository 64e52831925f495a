import { t } from "../i18n";
import { useMemo, useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { api } from "../api/client";
import { invalidate, keys, problemOf, unwrap } from "../api/query";
import type { ClientOut } from "../api/types";
import { ProblemBanner } from "../components/ui";
import { fullName } from "../components/format";
import {
  ClientFields,
  assignClientErrors,
  clientFormFrom,
  emptyClientForm,
  missingRequired,
  toClientCreate,
  toClientUpdate,
  type ClientFormState,
  type ClientSlot,
} from "./ClientFields";

type Mode = { kind: "create" } | { kind: "edit"; client: ClientOut };

interface Props {
  mode: Mode;
  onSaved: (client: ClientOut) => void;
  onCancel: () => void;
}

/** "New client" (POST /clients) and "Edit" (PATCH /clients/{id}). */
export function ClientForm({ mode, onSaved, onCancel }: Props) {
  const [form, setForm] = useState<ClientFormState>(() =>
    mode.kind === "edit" ? clientFormFrom(mode.client) : { ...emptyClientForm },
  );
  const [local, setLocal] = useState<Partial<Record<ClientSlot, string[]>>>({});
  const save = useMutation({
    mutationFn: (): Promise<ClientOut> => {
      if (mode.kind === "create") return unwrap(api.POST("/api/v1/clients", { body: toClientCreate(form) }));
      const body = toClientUpdate(form, mode.client);
      if (Object.keys(body).length === 0) return Promise.resolve(mode.client);
      return unwrap(api.PATCH("/api/v1/clients/{client_id}", { params: { path: { client_id: mode.client.id } }, body }));
    },
    onSuccess: (client) => {
      void invalidate(keys.clients, keys.clientNames);
      onSaved(client);
    },
  });
  const problem = problemOf(save.error);
  const submitting = save.isPending;

  const assigned = useMemo(() => assignClientErrors(problem?.errors ?? []), [problem]);
  const errors = { ...local, ...assigned.bySlot };

  function submit(e: FormEvent) {
    e.preventDefault();
    save.reset();
    const missing = missingRequired(form, mode.kind === "edit" ? ["cin"] : []);
    setLocal(missing);
    if (Object.keys(missing).length) return;
    save.mutate();
  }

  const isEdit = mode.kind === "edit";
  return (
    <form className="card form-card" onSubmit={submit} noValidate aria-labelledby="client-form-title">
      <div className="card-header">
        <h2 id="client-form-title">{isEdit ? t("clients.clientForm.edit", { v1: fullName(mode.client) }) : t("clients.clientForm.newClient")}</h2>
        <p className="muted">
          {isEdit
            ? t("clients.clientForm.onlyTheChangedFieldsAreSent")
            : t("clients.clientForm.registersTheClientOnlyToSubscribe")}
        </p>
      </div>
      {problem ? <ProblemBanner problem={problem} extra={assigned.unmatched} /> : null}
      <ClientFields
        idPrefix={isEdit ? "client-edit" : "client-new"}
        value={form}
        onChange={setForm}
        errors={errors}
        cinLocked={isEdit}
        disabled={submitting}
      />
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={onCancel} disabled={submitting}>
          {t("clients.clientForm.cancel")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={submitting}>
          {isEdit ? (submitting ? t("clients.clientForm.saving") : t("clients.clientForm.saveChanges")) : submitting ? t("clients.clientForm.creating") : t("clients.clientForm.createClient")}
        </button>
      </div>
    </form>
  );
}
