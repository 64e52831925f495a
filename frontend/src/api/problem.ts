// Normalises an error body (RFC 9457 problem+json, the one Problem schema of the
// OpenAPI document) into what the UI shows.
import { t } from "../i18n";
import type { Problem } from "./types";

export interface FieldErrorView {
  field: string;
  message: string;
}

export interface ProblemView {
  status: number;
  title: string;
  detail: string | null;
  errors: FieldErrorView[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** "body.components.data.quota_gb" -> "components.data.quota_gb" */
export function normaliseFieldPath(raw: unknown): string {
  const parts = Array.isArray(raw) ? raw.map(String) : String(raw ?? "").split(".");
  const cleaned = parts.filter((p) => p !== "");
  if (cleaned[0] === "body") cleaned.shift();
  return cleaned.join(".");
}

function toFieldErrors(list: Problem["errors"]): FieldErrorView[] {
  return (list ?? []).map((e) => ({ field: normaliseFieldPath(e.field), message: e.message }));
}

export function isProblem(v: unknown): v is Problem {
  return isRecord(v) && typeof v.status === "number" && typeof v.title === "string";
}

/** The API's problem document (or a bare string, e.g. a proxy's text page) as the UI shows it. */
export function toProblem(error: Problem | string | undefined | unknown, response?: Response): ProblemView {
  if (isProblem(error)) {
    return {
      status: response?.status ?? error.status,
      title: error.title,
      detail: error.detail,
      errors: toFieldErrors(error.errors),
    };
  }
  const status = response?.status ?? 0;
  if (typeof error === "string" && error.trim() !== "") {
    return { status, title: statusTitle(status), detail: error.slice(0, 300), errors: [] };
  }
  return { status, title: statusTitle(status), detail: null, errors: [] };
}

/** Used when fetch itself throws (network down, gateway unreachable). */
export function networkProblem(e: unknown): ProblemView {
  return {
    status: 0,
    title: t("common.problem.networkError"),
    detail: e instanceof Error ? t("common.problem.couldNotReachTheServer", { message: e.message }) : t("common.problem.couldNotReachTheServer2"),
    errors: [],
  };
}

function statusTitle(status: number): string {
  switch (status) {
    case 400: return t("common.problem.badRequest");
    case 401: return t("common.problem.notSignedIn");
    case 403: return t("common.problem.forbidden");
    case 404: return t("common.problem.notFound");
    case 409: return t("common.problem.conflict");
    case 422: return t("common.problem.invalidData");
    case 0: return t("common.problem.error");
    default: return status >= 500 ? t("common.problem.serverError") : t("common.problem.error2", { status });
  }
}

/** One-line message for a problem (detail, else title). */
export function problemMessage(p: ProblemView): string {
  return p.detail ?? p.title;
}
