// Self-service (landing page) part of the mock gateway: same shapes and rules
// as /api/v1/self-service in docs/openapi/openapi.json (contracts service).
// Wired from mock-api.mjs, which hands over its in-memory state.
//   CIN sessions: neutral for unknown CINs (token + masked name, then empty lists),
//   5 lookups per CIN and 30 per address per minute (429 + Retry-After);
//   the CIN ZZ429 always answers 429 (Retry-After: 42) to try the message.
//   Orders: Idempotency-Key required; a sign-up whose first name is FAIL-503
//   is recorded but answered 503 once, so the retry with the same key gets it.
import { createHmac, randomUUID } from "node:crypto";

const SESSION_TTL = 1800;
const SECRET = "mock-self-service";
const CIN_FORMAT = /^[A-Z]{1,2}\d{1,6}$/;
const sessions = new Map(); // token -> {subject, exp}
const hits = new Map(); // key -> [timestamps]
const failedOnce = new Set(); // Idempotency-Keys already answered 503

function retryAfter(key, limit, windowMs) {
  const now = Date.now();
  const list = (hits.get(key) ?? []).filter((t) => now - t <= windowMs);
  hits.set(key, list);
  if (list.length >= limit) return Math.ceil((windowMs - (now - list[0])) / 1000) + 1;
  list.push(now);
  return 0;
}

const mask = (first, last) => `${(first || "?").slice(0, 1).toUpperCase()}. ${(last || "?").slice(0, 1).toUpperCase()}***`;
function neutralMask(cin) {
  const d = createHmac("sha256", SECRET).update(cin).digest();
  return `${String.fromCharCode(65 + (d[0] % 26))}. ${String.fromCharCode(65 + (d[1] % 26))}***`;
}

/** Returns false when the path is not a self-service one. */
export async function selfServiceApi(req, res, url, ctx) {
  const path = url.pathname;
  if (!path.startsWith("/api/v1/self-service/")) return false;
  const { send, readJson } = ctx;
  const problem = (r, status, title, detail, errors, extra) =>
    send(r, status, { type: "about:blank", title, status, detail, ...(errors ? { errors } : {}), ...(extra ?? {}) }, "application/problem+json");
  const invalid = (field, message) => problem(res, 422, "Validation failed", `${field}: ${message}`, [{ field, message }]);

  /** "none:..." for an unknown CIN, the client id otherwise; null (after a 401) when the token is bad. */
  const subject = () => {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? "");
    const s = m ? sessions.get(m[1]) : null;
    if (!s || s.exp < Date.now()) {
      problem(res, 401, "Unauthorized", "Your self-service session is missing, expired or invalid; sign in with your CIN again.");
      return null;
    }
    return s.subject;
  };
  const clientOf = (sub) => (sub.startsWith("none:") ? null : ctx.clients.get(sub) ?? null);

  if (path === "/api/v1/self-service/sessions" && req.method === "POST") {
    const b = (await readJson(req)) ?? {};
    const cin = String(b.cin ?? "").replace(/\s+/g, "").toUpperCase();
    if (cin === "ZZ429") {
      res.setHeader("Retry-After", "42");
      return problem(res, 429, "Too many requests", "too many lookups; try again in 42 seconds", undefined, { retry_after: 42 });
    }
    if (!CIN_FORMAT.test(cin)) return invalid("cin", "must be one or two letters then 1 to 6 digits, e.g. BE123456");
    const ip = req.socket.remoteAddress ?? "?";
    const wait = Math.max(retryAfter(`ip:${ip}`, 30, 60_000), retryAfter(`cin:${cin}`, 5, 60_000));
    if (wait) {
      res.setHeader("Retry-After", String(wait));
      return problem(res, 429, "Too many requests", `too many lookups; try again in ${wait} seconds`, undefined, { retry_after: wait });
    }
    const found = [...ctx.clients.values()].find((c) => c.cin === cin && !c.erased);
    const token = `ss-${randomUUID()}`;
    sessions.set(token, { subject: found ? found.id : `none:${cin}`, exp: Date.now() + SESSION_TTL * 1000 });
    return send(res, 201, { token, expires_in: SESSION_TTL, client: { masked_name: found ? mask(found.first_name, found.last_name) : neutralMask(cin) } });
  }

  if (path === "/api/v1/self-service/offers" && req.method === "GET") {
    const service = url.searchParams.get("service");
    if (service && !["mobile", "internet", "landline"].includes(service)) return invalid("service", "must be mobile, internet or landline");
    const items = [...ctx.offers.values()]
      .filter((o) => o.status === "published" && (!service || o.service === service))
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((o) => ({ id: o.id, code: o.code, name: o.name, service: o.service, monthly_fee: o.monthly_fee, commitment_months: o.commitment_months, components: o.components }));
    return send(res, 200, { items });
  }

  if (path === "/api/v1/self-service/contracts" && req.method === "GET") {
    const sub = subject();
    if (sub === null) return;
    const client = clientOf(sub);
    if (!client) return send(res, 200, { items: [] });
    const items = [...ctx.contracts.values()]
      .filter((k) => k.client_id === client.id && ["active", "suspended", "pending"].includes(k.status))
      .sort((a, b) => a.start_date.localeCompare(b.start_date))
      .map((k) => ({
        contract_id: k.id, subscriber_id: k.subscriber_id, number: ctx.subscribers.get(k.subscriber_id)?.number ?? null, service: k.service,
        offer_id: k.offer_id, offer_code: k.offer_code, offer_name: k.offer_name, monthly_fee: k.monthly_fee, status: k.status,
        start_date: k.start_date, end_date: k.end_date,
      }));
    return send(res, 200, { items });
  }

  if (path === "/api/v1/self-service/invoices" && req.method === "GET") {
    const sub = subject();
    if (sub === null) return;
    const client = clientOf(sub);
    if (!client) return send(res, 200, { items: [] });
    const items = [...ctx.invoices.values()]
      .filter((i) => i.client_id === client.id)
      .sort((a, b) => b.issue_date.localeCompare(a.issue_date) || b.number.localeCompare(a.number))
      .map((i) => ({ id: i.id, number: i.number, period: i.period, issue_date: i.issue_date, due_date: i.due_date, total: i.total, amount_due: i.amount_due, status: i.status }));
    return send(res, 200, { items });
  }

  let m = /^\/api\/v1\/self-service\/invoices\/([^/]+)\/pdf$/.exec(path);
  if (m && req.method === "GET") {
    const sub = subject();
    if (sub === null) return;
    const client = clientOf(sub);
    const inv = ctx.invoices.get(m[1]);
    if (!client || !inv || inv.client_id !== client.id) return problem(res, 404, "Not found", `no invoice ${m[1]} for this session`);
    const pdf = ctx.makePdf(inv);
    res.writeHead(200, { "content-type": "application/pdf", "content-length": pdf.length, "content-disposition": `attachment; filename="${inv.number}.pdf"` });
    return res.end(pdf);
  }

  if (path === "/api/v1/self-service/orders" && req.method === "POST") {
    let client = null;
    if (req.headers.authorization) {
      const sub = subject();
      if (sub === null) return;
      client = clientOf(sub);
      if (!client) return problem(res, 401, "Unauthorized", "no client is signed in with this session; sign up instead");
    }
    const b = await readJson(req);
    if (!b) return problem(res, 400, "Bad request", "Body is not JSON.");
    if (!client && !b.new_client) return invalid("new_client", "is required to sign up (or sign in with your CIN to change plan)");
    if (client && b.new_client) return invalid("new_client", "you are signed in: this order is for your existing account");
    if (!["auto", "new_line", "plan_change", undefined].includes(b.intent)) return invalid("intent", "must be auto, new_line or plan_change");
    const key = req.headers["idempotency-key"];
    if (!key) return problem(res, 400, "Idempotency-Key required", "send an Idempotency-Key header (a unique value per order, reused when retrying it)", [{ field: "Idempotency-Key", message: "is required" }]);
    if (ctx.idempotency.has(key)) return send(res, 201, ctx.orders.get(ctx.idempotency.get(key)));
    const body = {
      offer_id: b.offer_id, intent: b.intent ?? "auto", subscriber_id: b.subscriber_id ?? null, effective_date: b.effective_date ?? null,
      ...(client ? { client_id: client.id } : { new_client: b.new_client }),
    };
    const r = ctx.planCheckout(body);
    if (!r.plan) return ctx.sendPlanProblem(res, r);
    const o = ctx.execute(r.plan, body);
    ctx.idempotency.set(key, o.id);
    if (!client && b.new_client?.first_name === "FAIL-503" && !failedOnce.has(key)) {
      failedOnce.add(key);
      return problem(res, 503, "Service unavailable", "The customer service did not answer in time. The order is recorded: retry with the same Idempotency-Key to get its result.");
    }
    return send(res, 201, o);
  }

  return problem(res, 404, "Not found", `No route ${req.method} ${path}`);
}
