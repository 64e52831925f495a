import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";
import { clearSession, getToken } from "../auth";

/** Paths that must not trigger the global "401 -> sign in again" behaviour. */
const AUTH_PATH = "/api/v1/auth/token";

const authMiddleware: Middleware = {
  onRequest({ request, schemaPath }) {
    const token = getToken();
    if (token && schemaPath !== AUTH_PATH) {
      request.headers.set("Authorization", `Bearer ${token}`);
    }
    return request;
  },
  onResponse({ response, schemaPath }) {
    if (response.status === 401 && schemaPath !== AUTH_PATH) {
      // Token missing, expired or revoked: drop it; <RequireAuth> redirects to /login.
      clearSession();
    }
    return response;
  },
};

/** Typed API client. Same origin as the gateway, so the base URL is empty. */
export const api = createClient<paths>({ baseUrl: "" });
api.use(authMiddleware);
