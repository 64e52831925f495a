// Self-service (public client space, /landing) API access.
//
// Deliberately separate from `client.ts`: the landing never sends the operator
// token and never redirects to /login. The self-service token (issued by
// POST /api/v1/self-service/sessions from a CIN) lives in sessionStorage under
// its own keys; it is sent only when the visitor has one, and a 401 on a call
// that needs it drops it and flags "expired" so the page goes back to the CIN step.
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";

const TOKEN_KEY = "mtf.selfservice.token";
const EXPIRES_KEY = "mtf.selfservice.expires_at";
const NAME_KEY = "mtf.selfservice.masked_name";

const SESSIONS_PATH = "/api/v1/self-service/sessions";

export interface SelfServiceState {
  token: string | null;
  maskedName: string | null;
  /** The last session ended on a 401 or on its expiry (cleared by the next sign-in). */
  expired: boolean;
}

type Listener = () => void;
const listeners = new Set<Listener>();
let expiredFlag = false;
let snapshot: SelfServiceState = { token: null, maskedName: null, expired: false };

function emit() {
  for (const l of listeners) l();
}

function removeStored() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(EXPIRES_KEY);
  sessionStorage.removeItem(NAME_KEY);
}

export function subscribeSelfService(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Stable snapshot for useSyncExternalStore (same object while nothing changed). */
export function getSelfServiceState(): SelfServiceState {
  let token = sessionStorage.getItem(TOKEN_KEY);
  let maskedName = sessionStorage.getItem(NAME_KEY);
  const expiresAt = Number(sessionStorage.getItem(EXPIRES_KEY) ?? "0");
  if (token && expiresAt && Date.now() >= expiresAt) {
    // Expired on our clock: forget it quietly, the CIN step says why.
    removeStored();
    token = null;
    maskedName = null;
    expiredFlag = true;
  }
  if (!token) maskedName = null;
  if (snapshot.token !== token || snapshot.maskedName !== maskedName || snapshot.expired !== expiredFlag) {
    snapshot = { token, maskedName, expired: expiredFlag };
  }
  return snapshot;
}

export function getSelfServiceToken(): string | null {
  return getSelfServiceState().token;
}

export function setSelfServiceSession(token: string, expiresInSeconds: number | null | undefined, maskedName: string) {
  sessionStorage.setItem(TOKEN_KEY, token);
  if (expiresInSeconds && expiresInSeconds > 0) {
    sessionStorage.setItem(EXPIRES_KEY, String(Date.now() + expiresInSeconds * 1000));
  } else {
    sessionStorage.removeItem(EXPIRES_KEY);
  }
  sessionStorage.setItem(NAME_KEY, maskedName);
  expiredFlag = false;
  emit();
}

/** Visitor signs out ("Not you?"): no "expired" message. */
export function clearSelfServiceSession() {
  removeStored();
  expiredFlag = false;
  emit();
}

/** Token refused by the backend (expired or forged). */
export function expireSelfServiceSession() {
  removeStored();
  expiredFlag = true;
  emit();
}

const tokenMiddleware: Middleware = {
  onRequest({ request, schemaPath }) {
    if (schemaPath === SESSIONS_PATH) return request; // a new lookup never carries an old token
    const token = getSelfServiceToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
  onResponse({ response, schemaPath }) {
    if (response.status === 401 && schemaPath !== SESSIONS_PATH) expireSelfServiceSession();
    return response;
  },
};

/** Self-service client: adds `Authorization: Bearer <self-service token>` when the visitor has one. */
export const selfServiceApi = createClient<paths>({ baseUrl: "" });
selfServiceApi.use(tokenMiddleware);

/**
 * Same API without any token, for the public calls that must stay anonymous
 * even when the visitor is signed in: onboarding a new client (POST orders with
 * `new_client`) is a no-token call by contract.
 */
export const anonymousSelfServiceApi = createClient<paths>({ baseUrl: "" });

/** Seconds from a Retry-After header (delta-seconds or HTTP date); null when absent/unreadable. */
export function retryAfterSeconds(response: Response | undefined): number | null {
  const raw = response?.headers.get("Retry-After");
  if (!raw) return null;
  const n = Number(raw.trim());
  if (Number.isFinite(n)) return Math.max(1, Math.ceil(n));
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(1, Math.ceil((at - Date.now()) / 1000));
}
