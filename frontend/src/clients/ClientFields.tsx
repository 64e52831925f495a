import { t } from "../i18n";
import type { ClientCreate, ClientOut, ClientUpdate } from "../api/types";
import { Field, ariaFor } from "../components/ui";
import { assignFieldErrors } from "../components/format";

export type ClientKind = "individual" | "business";

export interface ClientFormState {
  kind: ClientKind;
  company_name: string;
  ice: string;
  tax_id: string;
  trade_register: string;
  first_name: string;
  last_name: string;
  cin: string;
  phone: string;
  email: string;
  address: string;
  city: string;
  birth_date: string;
}

export type ClientSlot = Exclude<keyof ClientFormState, "kind">;
type CompanySlot = "company_name" | "ice" | "tax_id" | "trade_register";
type PersonSlot = Exclude<ClientSlot, CompanySlot>;

export const emptyClientForm: ClientFormState = {
  kind: "individual",
  company_name: "",
  ice: "",
  tax_id: "",
  trade_register: "",
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
  company_name: t("clients.clientFields.companyName"),
  ice: t("clients.clientFields.ice"),
  tax_id: t("clients.clientFields.taxId"),
  trade_register: t("clients.clientFields.tradeRegister"),
  first_name: t("clients.clientFields.firstName"),
  last_name: t("clients.clientFields.lastName"),
  cin: "CIN",
  phone: t("clients.clientFields.phone"),
  email: t("clients.clientFields.email"),
  address: t("clients.clientFields.address"),
  city: t("clients.clientFields.city"),
  birth_date: t("clients.clientFields.birthDate"),
});

const COMPANY: CompanySlot[] = ["company_name", "ice", "tax_id", "trade_register"];
const PERSON: PersonSlot[] = ["first_name", "last_name", "cin", "phone", "email", "address", "city", "birth_date"];
const ORDER: ClientSlot[] = [...COMPANY, ...PERSON];
const REQUIRED: Record<ClientKind, ClientSlot[]> = {
  individual: ["first_name", "last_name", "cin", "phone"],
  // a business: the company, and its contact person (the representative's CIN optional)
  business: ["company_name", "ice", "tax_id", "trade_register", "first_name", "last_name", "phone"],
};

export function clientFormFrom(c: ClientOut): ClientFormState {
  return {
    kind: c.kind === "business" ? "business" : "individual",
    company_name: c.company_name ?? "",
    ice: c.ice ?? "",
    tax_id: c.tax_id ?? "",
    trade_register: c.trade_register ?? "",
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
  const person = {
    first_name: f.first_name.trim(),
    last_name: f.last_name.trim(),
    phone: f.phone.trim(),
    email: opt(f.email),
    address: opt(f.address),
    city: opt(f.city),
    birth_date: opt(f.birth_date),
  };
  if (f.kind === "individual") return { ...person, cin: f.cin.trim().toUpperCase() };
  return {
    ...person,
    kind: "business",
    cin: opt(f.cin.toUpperCase()),
    company_name: f.company_name.trim(),
    // the ICE as printed on documents often has spaces: the API takes its 15 digits
    ice: f.ice.replace(/\s+/g, ""),
    tax_id: f.tax_id.replace(/\s+/g, ""),
    trade_register: f.trade_register.trim(),
  };
}

/** Only the fields that changed (PATCH semantics); cleared optional fields are sent as null. */
export function toClientUpdate(f: ClientFormState, base: ClientOut): ClientUpdate {
  const now = toClientCreate(f) as Record<string, unknown>;
  const before = toClientCreate(clientFormFrom(base)) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const editable = ["first_name", "last_name", "phone", "email", "address", "city", "birth_date"];
  if (f.kind === "business") editable.push("company_name", "tax_id", "trade_register");
  for (const k of editable) {
    if (now[k] !== before[k]) out[k] = now[k];
  }
  return out as ClientUpdate;
}

/** Client-side check of the required fields only; everything else is the backend's call. */
export function missingRequired(f: ClientFormState, skip: ClientSlot[] = []): Partial<Record<ClientSlot, string[]>> {
  const out: Partial<Record<ClientSlot, string[]>> = {};
  for (const k of REQUIRED[f.kind]) if (!skip.includes(k) && f[k].trim() === "") out[k] = [t("clients.clientFields.required")];
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
  /** CIN (and a business's ICE and kind) cannot be changed after creation. */
  cinLocked?: boolean;
  disabled?: boolean;
}

export function ClientFields({ idPrefix, value, onChange, errors, cinLocked, disabled }: Props) {
  const business = value.kind === "business";
  const required = REQUIRED[value.kind];
  const input = (k: ClientSlot) => {
    const id = `${idPrefix}-${k.replace("_", "-")}`;
    const errs = errors[k];
    const locked = cinLocked && (k === "cin" || k === "ice");
    const hint = locked
      ? k === "ice"
        ? t("clients.clientFields.theIceCannotBeChanged")
        : t("clients.clientFields.theCinCannotBeChanged")
      : k === "phone"
        ? "e.g. 0612345678"
        : k === "ice"
          ? t("clients.clientFields.iceHint")
          : k === "cin" && business
            ? t("clients.clientFields.representativeCin")
            : k === "cin"
              ? t("clients.clientFields.nationalIdentityCardNumberEG")
              : required.includes(k)
                ? undefined
                : t("clients.clientFields.optional");
    return (
      <Field key={k} id={id} label={LABELS()[k]} errors={errs} hint={hint}>
        <input
          id={id}
          type={k === "birth_date" ? "date" : k === "email" ? "email" : k === "phone" ? "tel" : "text"}
          inputMode={k === "ice" || k === "tax_id" ? "numeric" : undefined}
          value={value[k]}
          onChange={(e) => onChange({ ...value, [k]: e.target.value })}
          disabled={disabled || locked}
          autoComplete="off"
          required={required.includes(k)}
          {...ariaFor(id, errs)}
        />
      </Field>
    );
  };
  return (
    <div className="stack">
      <fieldset className="kind-choice" disabled={disabled || cinLocked}>
        <legend>{t("clients.clientFields.kind")}</legend>
        {(["individual", "business"] as const).map((kind) => (
          <label key={kind} className="radio">
            <input
              type="radio"
              name={`${idPrefix}-kind`}
              value={kind}
              checked={value.kind === kind}
              onChange={() => onChange({ ...value, kind })}
            />{" "}
            {kind === "business" ? t("clients.clientFields.business") : t("clients.clientFields.individual")}
          </label>
        ))}
      </fieldset>
      {business ? (
        <>
          <h3 className="form-section">{t("clients.clientFields.company")}</h3>
          <div className="form-grid">{COMPANY.map(input)}</div>
          <h3 className="form-section">{t("clients.clientFields.contactPerson")}</h3>
        </>
      ) : null}
      <div className="form-grid">{PERSON.map(input)}</div>
    </div>
  );
}
