// Normalises an error body (RFC 9457 problem+json, or FastAPI's default
// {detail: [...]} validation shape as a fallback) into what the UI shows.

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

function toFieldErrors(list: unknown): FieldErrorView[] {
  if (!Array.isArray(list)) return [];
  const out: FieldErrorView[] = [];
  for (const e of list) {
    if (!isRecord(e)) continue;
    const field = normaliseFieldPath(e.field ?? e.loc ?? e.path ?? e.key ?? "");
    const message = String(e.message ?? e.msg ?? "Invalid value");
    out.push({ field, message });
  }
  return out;
}

export function toProblem(error: unknown, response?: Response): ProblemView {
  const status =
    response?.status ??
    (isRecord(error) && typeof error.status === "number"
      ? error.status
      : isRecord(error) && typeof error.status_code === "number"
        ? error.status_code
        : 0);
  if (isRecord(error)) {
    // problem+json `errors`; Litestar's default validation body puts them in `extra`.
    const errors = [...toFieldErrors(error.errors), ...toFieldErrors(error.extra)];
    let detail: string | null = null;
    if (typeof error.detail === "string") detail = error.detail;
    else if (Array.isArray(error.detail)) errors.push(...toFieldErrors(error.detail));
    const title = typeof error.title === "string" ? error.title : statusTitle(status);
    return { status, title, detail, errors };
  }
  if (typeof error === "string" && error.trim() !== "") {
    return { status, title: statusTitle(status), detail: error.slice(0, 300), errors: [] };
  }
  return { status, title: statusTitle(status), detail: null, errors: [] };
}

/** Used when fetch itself throws (network down, gateway unreachable). */
export function networkProblem(e: unknown): ProblemView {
  return {
    status: 0,
    title: "Network error",
    detail: e instanceof Error ? `Could not reach the server (${e.message}).` : "Could not reach the server.",
    errors: [],
  };
}

function statusTitle(status: number): string {
  switch (status) {
    case 400: return "Bad request";
    case 401: return "Not signed in";
    case 403: return "Forbidden";
    case 404: return "Not found";
    case 409: return "Conflict";
    case 422: return "Invalid data";
    case 0: return "Error";
    default: return status >= 500 ? "Server error" : `Error ${status}`;
  }
}

/** One-line message for a problem (detail, else title). */
export function problemMessage(p: ProblemView): string {
  return p.detail ?? p.title;
}
