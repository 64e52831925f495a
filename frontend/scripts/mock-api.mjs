// Tiny in-memory stand-in for the gateway, for UI work without the backend.
// Serves frontend/dist (SPA fallback) and a subset of /api/v1 with the same
// shapes as docs/openapi/openapi.json. Not used in production.
//   npm run build && npm run mock   ->  http://localhost:8010  (login: admin / admin)
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";

const PORT = Number(process.env.PORT ?? 8010);
const DIST = fileURLToPath(new URL("../dist/", import.meta.url));
const TOKEN = "mock-token";

const offers = new Map();
const events = new Map();

function now() {
  return new Date().toISOString();
}

function record(id, version, event_type, payload) {
  if (!events.has(id)) events.set(id, []);
  events.get(id).push({ version, event_type, timestamp: now(), actor: "admin", payload });
}

function seed(code, name, service, fee, commitment, components, status) {
  const id = randomUUID();
  const t = now();
  const o = { id, code, name, service, monthly_fee: fee, commitment_months: commitment, components, status, version: 1, created_at: t, updated_at: t,
    versions: [{ version: 1, name, monthly_fee: fee, commitment_months: commitment, components, created_at: t, actor: "admin" }] };
  offers.set(id, o);
  record(id, 1, "OfferCreated", { code });
  if (status !== "draft") record(id, 1, "OfferPublished", {});
  if (status === "retired") record(id, 1, "OfferRetired", {});
}
seed("MOB-20GB", "Mobile 20 GB", "mobile", "99.00", 12, { data: { quota_gb: 20 }, calls: { hours: 10 } }, "published");
seed("MOB-UNL", "Mobile Unlimited", "mobile", "249.00", 24, { data: { unlimited: true }, calls: { unlimited: true } }, "draft");
seed("FIB-100", "Fiber 100", "internet", "349.00", 12, { fiber: { speed_mbps: 100 }, landline: {}, tv: {} }, "published");
seed("ADSL-20", "ADSL 20", "internet", "199.00", 0, { adsl: { speed_mbps: 20 }, landline: {} }, "retired");
seed("FIX-NAT", "Fixe National", "landline", "79.00", 0, { national: { unlimited: true }, international_hours: 5, phone_hours: 10 }, "published");
for (let i = 1; i <= 30; i++) seed(`MOB-${String(i).padStart(3, "0")}`, `Mobile promo ${i}`, "mobile", `${50 + i}.00`, 0, { data: { quota_gb: i } }, "draft");

const isInt = (v) => Number.isInteger(v) && v >= 0;

function validate(body, partial) {
  const errors = [];
  const req = (f) => !partial || body[f] !== undefined;
  if (!partial) {
    if (!body.code || !/^[A-Z0-9-]{2,32}$/.test(body.code)) errors.push({ field: "code", message: "Use 2-32 upper-case letters, digits or dashes." });
    else if ([...offers.values()].some((o) => o.code === body.code)) errors.push({ field: "code", message: "This code is already used." });
    if (!["mobile", "internet", "landline"].includes(body.service)) errors.push({ field: "service", message: "Choose mobile, internet or landline." });
  }
  if (req("name") && (!body.name || body.name.length < 2)) errors.push({ field: "name", message: "Name is required." });
  if (req("monthly_fee") && !/^\d+\.\d{2}$/.test(String(body.monthly_fee ?? ""))) errors.push({ field: "monthly_fee", message: "Enter an amount like 99.00." });
  if (req("commitment_months") && ![0, 12, 24].includes(body.commitment_months)) errors.push({ field: "commitment_months", message: "Must be 0, 12 or 24." });
  const c = body.components ?? {};
  const service = body.service;
  if (service === "mobile") {
    if (!c.data && !c.calls) errors.push({ field: "components", message: "A mobile offer needs data or calls." });
    if (c.data && !c.data.unlimited && !isInt(c.data.quota_gb)) errors.push({ field: "components.data.quota_gb", message: "Must be a whole number of GB." });
    if (c.calls && !c.calls.unlimited && !isInt(c.calls.hours)) errors.push({ field: "components.calls.hours", message: "Must be a whole number of hours." });
  } else if (service === "internet") {
    const acc = c.fiber ?? c.adsl;
    const key = c.fiber ? "fiber" : "adsl";
    if (!acc) errors.push({ field: "components.fiber", message: "Choose fiber or ADSL." });
    else if (!isInt(acc.speed_mbps) || acc.speed_mbps === 0) errors.push({ field: `components.${key}.speed_mbps`, message: "Speed must be a positive whole number." });
  } else if (service === "landline") {
    if (c.international_hours !== undefined && !isInt(c.international_hours)) errors.push({ field: "components.international_hours", message: "Must be a whole number >= 0." });
    if (c.phone_hours !== undefined && !isInt(c.phone_hours)) errors.push({ field: "components.phone_hours", message: "Must be a whole number >= 0." });
  }
  return errors;
}

function send(res, status, body, type = "application/json") {
  res.writeHead(status, { "content-type": type });
  res.end(body === undefined ? "" : JSON.stringify(body));
}
function problem(res, status, title, detail, errors) {
  send(res, status, { type: "about:blank", title, status, detail, ...(errors ? { errors } : {}) }, "application/problem+json");
}
const publicOffer = ({ versions, ...o }) => o;

async function readJson(req) {
  let raw = "";
  for await (const chunk of req) raw += chunk;
  try {
    return raw ? JSON.parse(raw) : {};
  } catch {
    return null;
  }
}

async function api(req, res, url) {
  const path = url.pathname;
  if (path === "/api/v1/auth/token" && req.method === "POST") {
    const b = await readJson(req);
    if (b?.username === "admin" && b?.password === "admin") return send(res, 200, { access_token: TOKEN, token_type: "bearer", expires_in: 3600 });
    return problem(res, 401, "Unauthorized", "Invalid username or password.");
  }
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return problem(res, 401, "Unauthorized", "Missing or invalid token.");

  if (path === "/api/v1/offers" && req.method === "GET") {
    const q = (url.searchParams.get("q") ?? "").toLowerCase();
    const svc = url.searchParams.get("service");
    const st = url.searchParams.get("status");
    const limit = Number(url.searchParams.get("limit") ?? 50);
    const start = Number(url.searchParams.get("cursor") ?? 0);
    const all = [...offers.values()]
      .filter((o) => (!svc || o.service === svc) && (!st || o.status === st) && (!q || o.code.toLowerCase().includes(q) || o.name.toLowerCase().includes(q)))
      .sort((a, b) => a.code.localeCompare(b.code));
    const page = all.slice(start, start + limit).map(publicOffer);
    return send(res, 200, { items: page, next_cursor: start + limit < all.length ? String(start + limit) : null, total: all.length });
  }
  if (path === "/api/v1/offers" && req.method === "POST") {
    const b = await readJson(req);
    if (!b) return problem(res, 400, "Bad request", "Body is not JSON.");
    const errors = validate(b, false);
    if (errors.length) return problem(res, 422, "Validation failed", "The offer is not valid.", errors);
    const id = randomUUID();
    const t = now();
    const o = { id, code: b.code, name: b.name, service: b.service, monthly_fee: b.monthly_fee, commitment_months: b.commitment_months, components: b.components,
      status: "draft", version: 1, created_at: t, updated_at: t,
      versions: [{ version: 1, name: b.name, monthly_fee: b.monthly_fee, commitment_months: b.commitment_months, components: b.components, created_at: t, actor: "admin" }] };
    offers.set(id, o);
    record(id, 1, "OfferCreated", b);
    return send(res, 201, publicOffer(o));
  }
  let m = /^\/api\/v1\/offers\/([^/]+)(?:\/(publish|retire|versions))?$/.exec(path);
  if (m) {
    const o = offers.get(m[1]);
    if (!o) return problem(res, 404, "Not found", "No such offer.");
    if (!m[2] && req.method === "GET") return send(res, 200, o);
    if (m[2] === "publish" && req.method === "POST") {
      if (o.status !== "draft") return problem(res, 409, "Conflict", `Only a draft can be published; this offer is ${o.status}.`);
      o.status = "published"; o.updated_at = now(); record(o.id, o.version, "OfferPublished", {});
      return send(res, 200, publicOffer(o));
    }
    if (m[2] === "retire" && req.method === "POST") {
      if (o.status !== "published") return problem(res, 409, "Conflict", `Only a published offer can be retired; this offer is ${o.status}.`);
      o.status = "retired"; o.updated_at = now(); record(o.id, o.version, "OfferRetired", {});
      return send(res, 200, publicOffer(o));
    }
    if (m[2] === "versions" && req.method === "POST") {
      const b = await readJson(req);
      if (o.status !== "published") return problem(res, 409, "Conflict", "Only a published offer gets new versions.");
      const errors = validate({ ...b, service: o.service }, true);
      if (errors.length) return problem(res, 422, "Validation failed", "The new version is not valid.", errors);
      const t = now();
      o.version += 1;
      Object.assign(o, { name: b.name ?? o.name, monthly_fee: b.monthly_fee ?? o.monthly_fee, commitment_months: b.commitment_months ?? o.commitment_months, components: b.components ?? o.components, updated_at: t });
      o.versions.push({ version: o.version, name: o.name, monthly_fee: o.monthly_fee, commitment_months: o.commitment_months, components: o.components, created_at: t, actor: "admin" });
      record(o.id, o.version, "OfferVersionCreated", b);
      return send(res, 201, publicOffer(o));
    }
  }
  m = /^\/api\/v1\/audit\/offer\/([^/]+)\/events$/.exec(path);
  if (m && req.method === "GET") return send(res, 200, { items: events.get(m[1]) ?? [] });
  return problem(res, 404, "Not found", `No route ${req.method} ${path}`);
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".json": "application/json" };

createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  try {
    if (url.pathname.startsWith("/api/")) return await api(req, res, url);
    let file = normalize(join(DIST, url.pathname));
    if (!file.startsWith(DIST) || !(await stat(file).then((s) => s.isFile(), () => false))) file = join(DIST, "index.html");
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(await readFile(file));
  } catch (e) {
    problem(res, 500, "Internal error", String(e));
  }
}).listen(PORT, "127.0.0.1", () => console.log(`mock gateway on http://127.0.0.1:${PORT}`));
