import { t } from "../i18n";
import { useMemo, useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { api } from "../api/client";
import { invalidate, keys, problemOf, unwrap } from "../api/query";
import type { Offer, OfferCreate, OfferDetail, OfferVersionCreate, Service } from "../api/types";
import { SERVICES } from "../api/types";
import { Field, FieldErrors, ProblemBanner, ariaFor } from "../components/ui";
import { oneOf } from "../components/format";
import {
  SERVICE_LABEL,
  assignErrors,
  buildComponents,
  componentsToForm,
  emptyComponentsForm,
  normaliseFee,
  type ComponentsForm,
  type Slot,
} from "./components";

type Mode = { kind: "create" } | { kind: "version"; offer: OfferDetail };

interface Props {
  mode: Mode;
  onSaved: (offer: Offer) => void;
  onCancel: () => void;
}

const COMMITMENTS = [0, 12, 24] as const;

export function OfferForm({ mode, onSaved, onCancel }: Props) {
  const base = mode.kind === "version" ? mode.offer : null;
  const [code, setCode] = useState(base?.code ?? "");
  const [name, setName] = useState(base?.name ?? "");
  const [service, setService] = useState<Service | "">(base?.service ?? "");
  const [fee, setFee] = useState(base?.monthly_fee ?? "");
  const [commitment, setCommitment] = useState<string>(String(base?.commitment_months ?? 0));
  const [noService, setNoService] = useState(false);
  const [comp, setComp] = useState<ComponentsForm>(() =>
    base ? componentsToForm(base.service, base.components) : { ...emptyComponentsForm },
  );
  const save = useMutation({
    mutationFn: (): Promise<Offer> => {
      const commitmentMonths = COMMITMENTS.find((c) => c === Number(commitment)) ?? 0;
      if (mode.kind === "create") {
        const chosen = oneOf(SERVICES, service);
        if (!chosen) return Promise.reject(new Error(t("offers.offerForm.chooseAService"))); // submit() asks first
        const body: OfferCreate = {
          code: code.trim(),
          name: name.trim(),
          service: chosen,
          monthly_fee: normaliseFee(fee),
          commitment_months: commitmentMonths,
          components: buildComponents(chosen, comp),
        };
        return unwrap(api.POST("/api/v1/offers", { body }));
      }
      const body: OfferVersionCreate = {
        name: name.trim(),
        monthly_fee: normaliseFee(fee),
        commitment_months: commitmentMonths,
        components: buildComponents(mode.offer.service, comp),
      };
      return unwrap(api.POST("/api/v1/offers/{offer_id}/versions", { params: { path: { offer_id: mode.offer.id } }, body }));
    },
    onSuccess: (offer) => {
      void invalidate(keys.offers);
      onSaved(offer);
    },
  });
  const problem = problemOf(save.error);
  const submitting = save.isPending;

  const set = <K extends keyof ComponentsForm>(key: K, value: ComponentsForm[K]) =>
    setComp((c) => ({ ...c, [key]: value }));

  const visible = useMemo(() => {
    const v = new Set<Slot>(["code", "name", "service", "monthly_fee", "commitment_months", "components"]);
    const more: Record<Service, Slot[]> = {
      mobile: ["data_quota", "data", "call_hours", "calls"],
      internet: ["speed", "access", "landline", "tv"],
      landline: ["national", "international_hours", "phone_hours"],
    };
    if (service) more[service].forEach((s) => v.add(s));
    return v;
  }, [service]);

  const assigned = useMemo(
    () => assignErrors(service || undefined, problem?.errors ?? [], visible),
    [service, problem, visible],
  );
  const err = (slot: Slot) => (slot === "service" && noService ? [t("offers.offerForm.chooseAService")] : assigned.bySlot[slot]);

  function submit(e: FormEvent) {
    e.preventDefault();
    save.reset();
    // the service decides the components: chosen before anything is sent
    setNoService(mode.kind === "create" && !service);
    if (mode.kind === "create" && !service) return;
    save.mutate();
  }

  const isVersion = mode.kind === "version";
  const formTitle = isVersion ? t("offers.offerForm.newVersionOf", { code: mode.offer.code }) : t("offers.offerForm.newOffer");

  return (
    <form className="card form-card" onSubmit={submit} noValidate aria-labelledby="offer-form-title">
      <div className="card-header">
        <h2 id="offer-form-title">{formTitle}</h2>
        {isVersion ? (
          <p className="muted">
            {t("offers.offerForm.createsVersion")} {mode.offer.version + 1}{t("offers.offerForm.clientsKeepTheVersionTheySubscribed")}
          </p>
        ) : (
          <p className="muted">{t("offers.offerForm.newOffersStartAsDraftsPublish")}</p>
        )}
      </div>

      {problem ? <ProblemBanner problem={problem} extra={assigned.unmatched} /> : null}

      <div className="form-grid">
        <Field id="offer-code" label={t("offers.offerForm.code")} errors={err("code")} hint={isVersion ? t("offers.offerForm.fixedForAllVersions") : t("offers.offerForm.eGMob20gb")}>
          <input
            id="offer-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            disabled={isVersion}
            autoComplete="off"
            {...ariaFor("offer-code", err("code"))}
          />
        </Field>
        <Field id="offer-name" label={t("offers.offerForm.name")} errors={err("name")}>
          <input
            id="offer-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
            {...ariaFor("offer-name", err("name"))}
          />
        </Field>
        <Field id="offer-service" label={t("offers.offerForm.service")} errors={err("service")}>
          <select
            id="offer-service"
            value={service}
            onChange={(e) => setService(oneOf(SERVICES, e.target.value))}
            disabled={isVersion}
            {...ariaFor("offer-service", err("service"))}
          >
            <option value="">{t("offers.offerForm.chooseAService")}</option>
            {SERVICES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <Field id="offer-fee" label={t("offers.offerForm.monthlyFee")} errors={err("monthly_fee")} hint={t("offers.offerForm.madPerMonthEG99")}>
          <div className="input-affix">
            <input
              id="offer-fee"
              value={fee}
              onChange={(e) => setFee(e.target.value)}
              inputMode="decimal"
              autoComplete="off"
              placeholder="0.00"
              {...ariaFor("offer-fee", err("monthly_fee"))}
            />
            <span className="affix">{t("offers.offerForm.mad")}</span>
          </div>
        </Field>
        <Field id="offer-commitment" label={t("offers.offerForm.commitment")} errors={err("commitment_months")}>
          <select
            id="offer-commitment"
            value={commitment}
            onChange={(e) => setCommitment(e.target.value)}
            {...ariaFor("offer-commitment", err("commitment_months"))}
          >
            {COMMITMENTS.map((m) => (
              <option key={m} value={String(m)}>
                {m === 0 ? t("offers.offerForm.noCommitment") : t("offers.offerForm.months", { m })}
              </option>
            ))}
          </select>
        </Field>
      </div>

      <fieldset className={`components${err("components") ? " field-invalid" : ""}`}>
        <legend>{t("offers.offerForm.components")}{service ? ` — ${SERVICE_LABEL()[service]}` : ""}</legend>
        <FieldErrors id="offer-components-error" messages={err("components")} />
        {service === "" ? <p className="muted">{t("offers.offerForm.chooseAServiceToDescribeWhat")}</p> : null}
        {service === "mobile" ? <MobileFields comp={comp} set={set} err={err} /> : null}
        {service === "internet" ? <InternetFields comp={comp} set={set} err={err} /> : null}
        {service === "landline" ? <LandlineFields comp={comp} set={set} err={err} /> : null}
      </fieldset>

      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={onCancel} disabled={submitting}>
          {t("offers.offerForm.cancel")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={submitting}>
          {isVersion ? t("offers.offerForm.saveVersion") : t("offers.offerForm.createOffer")}
        </button>
      </div>
    </form>
  );
}

interface SubProps {
  comp: ComponentsForm;
  set: <K extends keyof ComponentsForm>(key: K, value: ComponentsForm[K]) => void;
  err: (slot: Slot) => string[] | undefined;
}

function Check(props: {
  id: string;
  label: string;
  checked: boolean;
  onChange?: (v: boolean) => void;
  disabled?: boolean;
  errors?: string[];
  hint?: string;
}) {
  return (
    <div className={`check${props.errors?.length ? " field-invalid" : ""}`}>
      <label htmlFor={props.id} className="check-label">
        <input
          type="checkbox"
          id={props.id}
          checked={props.checked}
          disabled={props.disabled}
          onChange={(e) => props.onChange?.(e.target.checked)}
          {...ariaFor(props.id, props.errors)}
        />
        <span>{props.label}</span>
      </label>
      {props.hint ? <div className="field-hint">{props.hint}</div> : null}
      <FieldErrors id={`${props.id}-error`} messages={props.errors} />
    </div>
  );
}

function IntInput(props: { id: string; value: string; onChange: (v: string) => void; disabled?: boolean; errors?: string[]; unit?: string }) {
  return (
    <div className="input-affix">
      <input
        id={props.id}
        type="number"
        min={0}
        step={1}
        inputMode="numeric"
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.value)}
        {...ariaFor(props.id, props.errors)}
      />
      {props.unit ? <span className="affix">{props.unit}</span> : null}
    </div>
  );
}

function MobileFields({ comp, set, err }: SubProps) {
  return (
    <div className="component-groups">
      <div className="component-group">
        <h3>{t("offers.offerForm.data")}</h3>
        <Field id="cmp-data-quota" label={t("offers.offerForm.dataQuotaGb")} errors={err("data_quota")} hint={t("offers.offerForm.leaveEmptyAndUncheckedIfData")}>
          <IntInput
            id="cmp-data-quota"
            value={comp.dataQuota}
            onChange={(v) => set("dataQuota", v)}
            disabled={comp.dataUnlimited}
            errors={err("data_quota")}
            unit={t("offers.offerForm.gb")}
          />
        </Field>
        <Check
          id="cmp-data-unlimited"
          label={t("offers.offerForm.unlimitedData")}
          checked={comp.dataUnlimited}
          onChange={(v) => set("dataUnlimited", v)}
          errors={err("data")}
        />
      </div>
      <div className="component-group">
        <h3>{t("offers.offerForm.calls")}</h3>
        <Field id="cmp-call-hours" label={t("offers.offerForm.callHours")} errors={err("call_hours")} hint={t("offers.offerForm.leaveEmptyAndUncheckedIfCalls")}>
          <IntInput
            id="cmp-call-hours"
            value={comp.callHours}
            onChange={(v) => set("callHours", v)}
            disabled={comp.callsUnlimited}
            errors={err("call_hours")}
            unit="h"
          />
        </Field>
        <Check
          id="cmp-calls-unlimited"
          label={t("offers.offerForm.unlimitedCalls")}
          checked={comp.callsUnlimited}
          onChange={(v) => set("callsUnlimited", v)}
          errors={err("calls")}
        />
      </div>
    </div>
  );
}

function InternetFields({ comp, set, err }: SubProps) {
  const accessErr = err("access");
  return (
    <div className="component-groups">
      <div className="component-group">
        <h3 id="cmp-access-label">{t("offers.offerForm.access")}</h3>
        <div
          className={`radio-row${accessErr?.length ? " field-invalid" : ""}`}
          role="radiogroup"
          aria-labelledby="cmp-access-label"
          aria-label={t("offers.offerForm.access")}
          {...ariaFor("cmp-access", accessErr)}
        >
          <label htmlFor="cmp-access-fiber" className="check-label">
            <input
              type="radio"
              id="cmp-access-fiber"
              name="cmp-access"
              value="fiber"
              checked={comp.access === "fiber"}
              onChange={() => set("access", "fiber")}
            />
            <span>{t("offers.offerForm.fiber")}</span>
          </label>
          <label htmlFor="cmp-access-adsl" className="check-label">
            <input
              type="radio"
              id="cmp-access-adsl"
              name="cmp-access"
              value="adsl"
              checked={comp.access === "adsl"}
              onChange={() => set("access", "adsl")}
            />
            <span>{t("offers.offerForm.adsl")}</span>
          </label>
        </div>
        <FieldErrors id="cmp-access-error" messages={accessErr} />
        <Field id="cmp-speed" label={t("offers.offerForm.speedMbps")} errors={err("speed")}>
          <IntInput id="cmp-speed" value={comp.speed} onChange={(v) => set("speed", v)} errors={err("speed")} unit={t("offers.offerForm.mbps")} />
        </Field>
      </div>
      <div className="component-group">
        <h3>{t("offers.offerForm.includedServices")}</h3>
        <Check id="cmp-landline" label={t("offers.offerForm.landline")} checked disabled errors={err("landline")} hint={t("offers.offerForm.alwaysIncludedWithInternetAccess")} />
        <Check id="cmp-tv" label={t("offers.offerForm.tv")} checked={comp.tv} onChange={(v) => set("tv", v)} errors={err("tv")} />
      </div>
    </div>
  );
}

function LandlineFields({ comp, set, err }: SubProps) {
  return (
    <div className="component-groups">
      <div className="component-group">
        <h3>{t("offers.offerForm.calls")}</h3>
        <Check
          id="cmp-national"
          label={t("offers.offerForm.nationalUnlimited")}
          checked={comp.nationalUnlimited}
          onChange={(v) => set("nationalUnlimited", v)}
          errors={err("national")}
        />
        <Field id="cmp-intl-hours" label={t("offers.offerForm.internationalHours")} errors={err("international_hours")} hint={t("offers.offerForm.optional")}>
          <IntInput
            id="cmp-intl-hours"
            value={comp.internationalHours}
            onChange={(v) => set("internationalHours", v)}
            errors={err("international_hours")}
            unit="h"
          />
        </Field>
        <Field id="cmp-phone-hours" label={t("offers.offerForm.phoneHours")} errors={err("phone_hours")} hint={t("offers.offerForm.optional")}>
          <IntInput
            id="cmp-phone-hours"
            value={comp.phoneHours}
            onChange={(v) => set("phoneHours", v)}
            errors={err("phone_hours")}
            unit="h"
          />
        </Field>
      </div>
    </div>
  );
}
