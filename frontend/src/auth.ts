// Session token store (sessionStorage) with a tiny subscription mechanism so
// React can react when the token is cleared (e.g. on a 401 from any call).

const TOKEN_KEY = "mtf.token";
const EXPIRES_KEY = "mtf.token.expires_at";
const USER_KEY = "mtf.user";

type Listener = () => void;
const listeners = new Set<Listener>();

function emit() {
  for (const l of listeners) l();
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getToken(): string | null {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return null;
  const expiresAt = Number(sessionStorage.getItem(EXPIRES_KEY) ?? "0");
  if (expiresAt && Date.now() >= expiresAt) {
    // Expired: forget it silently; the next render will redirect to /login.
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(EXPIRES_KEY);
    return null;
  }
  return token;
}

export function getUsername(): string | null {
  return sessionStorage.getItem(USER_KEY);
}

export function setSession(token: string, expiresInSeconds: number | undefined, username: string) {
  sessionStorage.setItem(TOKEN_KEY, token);
  if (expiresInSeconds && expiresInSeconds > 0) {
    sessionStorage.setItem(EXPIRES_KEY, String(Date.now() + expiresInSeconds * 1000));
  } else {
    sessionStorage.removeItem(EXPIRES_KEY);
  }
  sessionStorage.setItem(USER_KEY, username);
  emit();
}

export function clearSession() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(EXPIRES_KEY);
  sessionStorage.removeItem(USER_KEY);
  emit();
}
