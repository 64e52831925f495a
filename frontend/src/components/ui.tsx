import { t } from "../i18n";
import type { ReactNode } from "react";
import type { ProblemView } from "../api/problem";
import { formatDateTimeLocal } from "./format";

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}

export function FieldErrors({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages || messages.length === 0) return null;
  return (
    <div className="field-error" id={id} role="alert">
      {messages.map((m, i) => (
        <div key={i}>{m}</div>
      ))}
    </div>
  );
}

/** Label + control + inline error. The control must use `id` and describe itself with `${id}-error`. */
export function Field(props: {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  children: ReactNode;
  className?: string;
  /** Shown beside the label (e.g. "optional"). */
  labelAside?: ReactNode;
}) {
  const invalid = !!props.errors?.length;
  const label = <label htmlFor={props.id}>{props.label}</label>;
  return (
    <div className={`field${invalid ? " field-invalid" : ""}${props.className ? " " + props.className : ""}`}>
      {props.labelAside ? (
        <div className="field-label-row">
          {label}
          {props.labelAside}
        </div>
      ) : (
        label
      )}
      {props.children}
      {props.hint && !invalid ? <div className="field-hint">{props.hint}</div> : null}
      <FieldErrors id={`${props.id}-error`} messages={props.errors} />
    </div>
  );
}

/** aria attributes for a control rendered inside <Field>. */
export function ariaFor(id: string, errors?: string[]) {
  const invalid = !!errors?.length;
  return invalid ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {};
}

export function ProblemBanner({
  problem,
  extra,
  onDismiss,
  onRetry,
  children,
}: {
  problem: ProblemView | null;
  extra?: { field: string; message: string }[];
  onDismiss?: () => void;
  /** "Try again" (a read that failed). */
  onRetry?: () => void;
  /** More to say under the problem (what to do about it). */
  children?: ReactNode;
}) {
  if (!problem) return null;
  return (
    <div className="alert alert-error" role="alert">
      <div className="alert-body">
        <strong className="alert-title">{problem.title}</strong>
        {problem.detail ? <div className="alert-detail">{problem.detail}</div> : null}
        {extra && extra.length > 0 ? (
          <ul className="alert-list">
            {extra.map((e, i) => (
              <li key={i}>
                {e.field ? <code>{e.field}</code> : null} {e.message}
              </li>
            ))}
          </ul>
        ) : null}
        {children}
      </div>
      {onRetry ? (
        <button type="button" className="btn btn-secondary btn-small" onClick={onRetry}>
          {t("common.ui.tryAgain")}
        </button>
      ) : null}
      {onDismiss ? (
        <button type="button" className="alert-close" aria-label={t("common.ui.dismiss")} onClick={onDismiss}>
          ×
        </button>
      ) : null}
    </div>
  );
}

export function Notice({ children, onDismiss }: { children: ReactNode; onDismiss?: () => void }) {
  return (
    <div className="alert alert-success" role="status">
      <div className="alert-body">{children}</div>
      {onDismiss ? (
        <button type="button" className="alert-close" aria-label={t("common.ui.dismiss")} onClick={onDismiss}>
          ×
        </button>
      ) : null}
    </div>
  );
}

export function Loading({ label = t("common.ui.loading") }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return formatDateTimeLocal(iso);
}

export function DateTime({ iso }: { iso: string | null | undefined }) {
  return <time dateTime={iso ?? undefined} title={iso ?? undefined}>{formatDateTime(iso)}</time>;
}
