import { t } from "../i18n";
import type { ClientCreate, ClientOut, ClientUpdate } from "../api/types";
import { Field, ariaFor } from "../components/ui";
import { assignFieldErrors } from "../components/format";

export interface ClientFormState {
  first_name: string;
  last_name: string;
  cin: string;
  phone: string;
  email: string;
  address: string;
  city: string;
  birth_date: string;
}

export type ClientSlot = keyof ClientFormState;

export const emptyClientForm: ClientFormState = {
  first_name: "",
  last_name: "",
  cin: "",
  phone: "",
  email: "",
  address: "",
  city: "",
  birth_date: "",
};

const LABELS = (): Record<ClientSlot, string> => ({
  first_name: t("clients.clientFields.firstName"),
  last_name: t("clients.clientFields.lastName"),
  cin: "CIN",
  phone: t("clients.clientFields.phone"),
  email: t("clients.clientFields.email"),
  address: t("clients.clientFields.address"),
  city: t("clients.clientFields.city"),
  birth_date: t("clients.clientFields.birthDate"),
});

const ORDER: ClientSlot[] = ["first_name", "last_name", "cin", "phone", "email", "address", "city", "birth_date"];
const REQUIRED: ClientSlot[] = ["first_name", "last_name", "cin", "phone"];

export function clientFormFrom(c: ClientOut): ClientFormState {
  return {
    first_name: c.first_name ?? "",
    last_name: c.last_name ?? "",
    cin: c.cin ?? "",
    phone: c.phone ?? "",
    email: c.email ?? "",
    address: c.address ?? "",
    city: c.city ?? "",
    birth_date: c.birth_date ?? "",
  };
}

const opt = (v: string) => (v.trim() === "" ? null : v.trim());

export function toClientCreate(f: ClientFormState): ClientCreate {
  return {
    first_name: f.first_name.trim(),
    last_name: f.last_name.trim(),
    cin: f.cin.trim().toUpperCase(),
    phone: f.phone.trim(),
    email: opt(f.email),
    address: opt(f.address),
    city: opt(f.city),
    birth_date: opt(f.birth_date),
  };
}

/** Only the fields that changed (PATCH semantics); cleared optional fields are sent as null. */
export function toClientUpdate(f: ClientFormState, base: ClientOut): ClientUpdate {
  const now = toClientCreate(f);
  const before = toClientCreate(clientFormFrom(base));
  const out: ClientUpdate = {};
  for (const k of ["first_name", "last_name", "phone", "email", "address", "city", "birth_date"] as const) {
    if (now[k] !== before[k]) (out as Record<string, unknown>)[k] = now[k];
  }
  return out;
}

/** Client-side check of the required fields only; everything else is the backend's call. */
export function missingRequired(f: ClientFormState, skip: ClientSlot[] = []): Partial<Record<ClientSlot, string[]>> {
  const out: Partial<Record<ClientSlot, string[]>> = {};
  for (const k of REQUIRED) if (!skip.includes(k) && f[k].trim() === "") out[k] = [t("clients.clientFields.required")];
  return out;
}

/** Map backend errors (optionally under a prefix such as "new_client") onto the client inputs. */
export function assignClientErrors(errors: { field: string; message: string }[], prefix = "") {
  const p = prefix ? `${prefix}.` : "";
  return assignFieldErrors<ClientSlot>(
    errors,
    ORDER.map((k) => [`${p}${k}`, k] as [string, ClientSlot]),
  );
}

export function hasClientErrors(errors: { field: string; message: string }[], prefix: string): boolean {
  return errors.some((e) => e.field === prefix || e.field.startsWith(prefix + "."));
}

interface Props {
  idPrefix: string;
  value: ClientFormState;
  onChange: (next: ClientFormState) => void;
  errors: Partial<Record<ClientSlot, string[]>>;
  /** CIN cannot be changed after creation (not part of ClientUpdate). */
  cinLocked?: boolean;
  disabled?: boolean;
}

export function ClientFields({ idPrefix, value, onChange, errors, cinLocked, disabled }: Props) {
  return (
    <div className="form-grid">
      {ORDER.map((k) => {
        const id = `${idPrefix}-${k.replace("_", "-")}`;
        const errs = errors[k];
        const hint =
          k === "cin" && cinLocked
            ? t("clients.clientFields.theCinCannotBeChanged")
            : k === "phone"
              ? "e.g. 0612345678"
              : k === "cin"
                ? t("clients.clientFields.nationalIdentityCardNumberEG")
                : REQUIRED.includes(k)
                  ? undefined
                  : t("clients.clientFields.optional");
        return (
          <Field key={k} id={id} label={LABELS()[k]} errors={errs} hint={hint}>
            <input
              id={id}
              type={k === "birth_date" ? "date" : k === "email" ? "email" : k === "phone" ? "tel" : "text"}
              value={value[k]}
              onChange={(e) => onChange({ ...value, [k]: e.target.value })}
              disabled={disabled || (k === "cin" && cinLocked)}
              autoComplete="off"
              required={REQUIRED.includes(k)}
              {...ariaFor(id, errs)}
            />
          </Field>
        );
      })}
    </div>
  );
}
