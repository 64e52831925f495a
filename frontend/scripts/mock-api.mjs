// Tiny in-memory stand-in for the gateway, for UI work without the backend.
// Serves frontend/dist (SPA fallback) and a subset of /api/v1 with the same
// shapes as docs/openapi/openapi.json (offers, clients, contracts, provisioning,
// billing, payments and collections, and the landing page's self-service API in
// mock-self-service.mjs). Not used in production.
//   npm run build && npm run mock   ->  http://localhost:8010  (login: admin / admin)
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { createHash, randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { selfServiceApi } from "./mock-self-service.mjs";

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
seed("MOB-10GB", "Mobile 10 GB", "mobile", "59.00", 0, { data: { quota_gb: 10 }, calls: { hours: 5 } }, "published");
seed("MOB-50GB", "Mobile 50 GB", "mobile", "149.00", 12, { data: { quota_gb: 50 }, calls: { unlimited: true } }, "published");
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
  // Landing page: its own (self-service) sessions, never the operator token.
  if (path.startsWith("/api/v1/self-service/")) {
    return selfServiceApi(req, res, url, {
      send, readJson, offers, clients, subscribers, contracts, invoices, orders, idempotency, planCheckout, execute, sendPlanProblem, makePdf,
    });
  }
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
  m = /^\/api\/v1\/audit\/(offer|contract|client)\/([^/]+)\/events$/.exec(path);
  if (m && req.method === "GET") return send(res, 200, { aggregate_type: m[1], aggregate_id: m[2], items: events.get(m[2]) ?? [] });
  const handled = await customerApi(req, res, url);
  if (handled !== false) return;
  const billed = await billingApi(req, res, url);
  if (billed !== false) return;
  const collected = await collectionsApi(req, res, url);
  if (collected !== false) return;
  return problem(res, 404, "Not found", `No route ${req.method} ${path}`);
}

// ---------------------------------------------------------------------------
// Clients, lines (subscribers), contracts, provisioning orders.
const clients = new Map();
const subscribers = new Map();
const contracts = new Map();
const orders = new Map();
const idempotency = new Map();
let numberSeq = 12345670;

const today = () => new Date().toISOString().slice(0, 10);
const isDate = (v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));
const addMonths = (iso, n) => {
  const d = new Date(iso + "T00:00:00Z");
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
};
const publicClient = (c) => ({ ...c });
const nextNumber = (service) => (service === "mobile" ? "06" : "05") + String(numberSeq++).slice(-8);

function makeClient(b) {
  const t = now();
  const c = {
    id: randomUUID(), first_name: b.first_name, last_name: b.last_name, cin: b.cin.toUpperCase(), phone: b.phone,
    email: b.email ?? null, address: b.address ?? null, city: b.city ?? null, birth_date: b.birth_date ?? null,
    status: "active", status_reason: null, erased: false, created_at: t, updated_at: t,
  };
  clients.set(c.id, c);
  record(c.id, 1, "ClientRegistered", { cin: c.cin });
  return c;
}

function makeSubscriber(client_id, service) {
  const number = nextNumber(service);
  const s = {
    id: randomUUID(), client_id, service, number, landline_number: service === "internet" ? "05" + String(numberSeq++).slice(-8) : null,
    status: "active", contract_id: null, created_at: now(),
  };
  subscribers.set(s.id, s);
  return s;
}

function makeContract(sub, offer, start, extra = {}) {
  const t = now();
  const k = {
    id: randomUUID(), client_id: sub.client_id, subscriber_id: sub.id, offer_id: offer.id, offer_version: offer.version,
    offer_code: offer.code, offer_name: offer.name, service: offer.service, status: "active", start_date: start, end_date: null,
    commitment_end: offer.commitment_months ? addMonths(start, offer.commitment_months) : null, monthly_fee: offer.monthly_fee,
    status_reason: null, created_at: t, updated_at: t, ...extra,
  };
  contracts.set(k.id, k);
  sub.contract_id = k.id;
  sub.status = "active";
  record(k.id, 1, "ContractActivated", { offer_code: offer.code, effective_date: start, ...(extra.previous_contract_id ? { previous_contract_id: extra.previous_contract_id } : {}) });
  return k;
}

const offerByCode = (code) => [...offers.values()].find((o) => o.code === code);
function seedClient(data, lines) {
  const c = makeClient(data);
  for (const code of lines) {
    const o = offerByCode(code);
    makeContract(makeSubscriber(c.id, o.service), o, "2025-01-15");
  }
  return c;
}
seedClient({ first_name: "Amina", last_name: "Benali", cin: "AB123456", phone: "0612345678", email: "amina@example.ma", city: "Rabat", birth_date: "1990-04-12" }, ["MOB-10GB"]);
seedClient({ first_name: "Youssef", last_name: "El Idrissi", cin: "BE987654", phone: "0661122334", city: "Casablanca" }, ["MOB-20GB", "MOB-10GB", "FIB-100"]);
seedClient({ first_name: "Karim", last_name: "Tazi", cin: "CD555111", phone: "0700112233", city: "Fès" }, []);
{
  // A client with only terminated history: deletion anonymises.
  const c = seedClient({ first_name: "Salma", last_name: "Ouazzani", cin: "EE101010", phone: "0677889900", city: "Tanger" }, ["FIX-NAT"]);
  for (const k of contracts.values()) if (k.client_id === c.id) {
    k.status = "terminated"; k.end_date = "2025-06-30"; k.status_reason = "Moved abroad";
    subscribers.get(k.subscriber_id).status = "terminated";
    record(k.id, 2, "ContractTerminated", { reason: "Moved abroad", effective_date: "2025-06-30" });
  }
}

function validateClient(b, prefix, partial) {
  const f = (name) => (prefix ? `${prefix}.${name}` : name);
  const errors = [];
  const has = (k) => !partial || b[k] !== undefined;
  if (!b || typeof b !== "object") return [{ field: prefix || "body", message: "Client data is required." }];
  if (has("first_name") && !String(b.first_name ?? "").trim()) errors.push({ field: f("first_name"), message: "First name is required." });
  if (has("last_name") && !String(b.last_name ?? "").trim()) errors.push({ field: f("last_name"), message: "Last name is required." });
  if (!partial) {
    const cin = String(b.cin ?? "").toUpperCase();
    if (!/^[A-Z]{1,2}\d{5,6}$/.test(cin)) errors.push({ field: f("cin"), message: "CIN format: 1-2 letters followed by 5-6 digits (e.g. AB123456)." });
    else if ([...clients.values()].some((c) => c.cin === cin && !c.erased)) errors.push({ field: f("cin"), message: "already registered" });
  }
  if (has("phone") && !/^0[5-7]\d{8}$/.test(String(b.phone ?? ""))) errors.push({ field: f("phone"), message: "Phone must be 10 digits starting with 05, 06 or 07." });
  if (b.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(b.email)) errors.push({ field: f("email"), message: "Not a valid email address." });
  if (b.birth_date) {
    if (!isDate(b.birth_date)) errors.push({ field: f("birth_date"), message: "Use YYYY-MM-DD." });
    else if (b.birth_date > addMonths(today(), -18 * 12)) errors.push({ field: f("birth_date"), message: "The client must be at least 18 years old." });
  }
  return errors;
}

function page(res, all, url) {
  const limit = Number(url.searchParams.get("limit") ?? 50);
  const start = Number(url.searchParams.get("cursor") ?? 0);
  return send(res, 200, { items: all.slice(start, start + limit), next_cursor: start + limit < all.length ? String(start + limit) : null, total: all.length });
}

function sortBy(list, sort, fallback) {
  const key = (sort || fallback).replace(/^-/, "");
  const dir = (sort || fallback).startsWith("-") ? -1 : 1;
  return list.sort((a, b) => String(a[key] ?? "").localeCompare(String(b[key] ?? "")) * dir);
}

/** Resolve a CheckoutRequest: returns {plan} or {status, title, detail, errors?, extra?}. */
function planCheckout(b) {
  const errors = [];
  const modes = ["client_id", "cin", "new_client"].filter((k) => b[k] !== undefined && b[k] !== null);
  if (modes.length !== 1) return { status: 422, title: "Validation failed", detail: "Give exactly one of client_id, cin or new_client.", errors: [{ field: "client_id", message: "Give exactly one of client_id, cin or new_client." }] };
  let client = null;
  if (b.new_client) errors.push(...validateClient(b.new_client, "new_client", false));
  else if (b.client_id) {
    client = clients.get(b.client_id);
    if (!client) return { status: 404, title: "Not found", detail: "No such client." };
  } else {
    client = [...clients.values()].find((c) => c.cin === String(b.cin).toUpperCase() && !c.erased);
    if (!client) return { status: 422, title: "Validation failed", detail: "No client with this CIN.", errors: [{ field: "cin", message: "No client with this CIN." }] };
  }
  const offer = offers.get(b.offer_id);
  if (!b.offer_id) errors.push({ field: "offer_id", message: "Choose an offer." });
  else if (!offer) errors.push({ field: "offer_id", message: "Unknown offer." });
  else if (offer.status !== "published") errors.push({ field: "offer_id", message: `The offer ${offer.code} is not published.` });
  const eff = b.effective_date || today();
  if (b.effective_date && !isDate(b.effective_date)) errors.push({ field: "effective_date", message: "Use YYYY-MM-DD." });
  else if (eff < today()) errors.push({ field: "effective_date", message: "The effective date cannot be in the past." });
  if (errors.length) return { status: 422, title: "Validation failed", detail: "The order is not valid.", errors };
  if (client && client.status !== "active") return { status: 409, title: "Conflict", detail: `The client is ${client.status}; no new contract can be created.` };
  const name = client ? `${client.first_name} ${client.last_name}` : `${b.new_client.first_name} ${b.new_client.last_name}`;
  if (!client) return { plan: { outcome: "new_client", client: null, sub: null, current: null, offer, eff, message: `New client ${name} (CIN ${b.new_client.cin.toUpperCase()}) with a new ${offer.service} line on ${offer.code} from ${eff}` } };

  const lines = [...subscribers.values()].filter((s) => s.client_id === client.id && s.service === offer.service && s.contract_id && ["active", "suspended"].includes(contracts.get(s.contract_id)?.status));
  let sub = null;
  if (b.subscriber_id) {
    sub = subscribers.get(b.subscriber_id);
    if (!sub || sub.client_id !== client.id) return { status: 422, title: "Validation failed", detail: "This line does not belong to the client.", errors: [{ field: "subscriber_id", message: "Not a line of this client." }] };
    if (sub.service !== offer.service) return { status: 422, title: "Validation failed", detail: `Line ${sub.number} is a ${sub.service} line; ${offer.code} is a ${offer.service} offer.`, errors: [{ field: "subscriber_id", message: `This is a ${sub.service} line.` }] };
    if (!lines.includes(sub)) return { status: 409, title: "Conflict", detail: `Line ${sub.number} has no active contract to change.` };
  } else if (b.intent !== "new_line") {
    if (lines.length > 1) {
      return {
        status: 409, title: "Which line?", detail: `${name} has ${lines.length} ${offer.service} lines; choose the line to change or ask for a new line.`,
        extra: {
          candidates: lines.map((s) => s.id),
          candidate_lines: lines.map((s) => ({ subscriber_id: s.id, number: s.number, contract_id: s.contract_id, offer_code: contracts.get(s.contract_id).offer_code })),
        },
      };
    }
    if (lines.length === 1) sub = lines[0];
    else if (b.intent === "plan_change") return { status: 409, title: "Conflict", detail: `No ${offer.service} line to change.` };
  }
  if (!sub) return { plan: { outcome: "new_line", client, sub: null, current: null, offer, eff, message: `New ${offer.service} line for ${name} on ${offer.code} from ${eff}` } };
  const current = contracts.get(sub.contract_id);
  if (current.offer_id === offer.id) return { status: 409, title: "Conflict", detail: `Line ${sub.number} is already on ${offer.code}.` };
  return { plan: { outcome: "plan_change", client, sub, current, offer, eff, message: `Plan change on line ${sub.number} from ${current.offer_code} to ${offer.code} from ${eff}` } };
}

function previewOut(p) {
  return {
    outcome: p.outcome, client_id: p.client?.id ?? null, subscriber_id: p.sub?.id ?? null, number: p.sub?.number ?? null,
    current_contract_id: p.current?.id ?? null, current_offer_code: p.current?.offer_code ?? null, effective_date: p.eff, message: p.message,
  };
}

function execute(p, b) {
  const client = p.client ?? makeClient(b.new_client);
  let sub = p.sub;
  let previous = null;
  if (!sub) sub = makeSubscriber(client.id, p.offer.service);
  else {
    previous = p.current;
    previous.status = "superseded"; previous.end_date = p.eff; previous.updated_at = now(); previous.status_reason = `Plan change to ${p.offer.code}`;
    record(previous.id, 2, "ContractSuperseded", { reason: `Plan change to ${p.offer.code}`, effective_date: p.eff });
  }
  const k = makeContract(sub, p.offer, p.eff, previous ? { previous_contract_id: previous.id } : {});
  delete k.previous_contract_id;
  if (previous) events.get(previous.id).at(-1).payload.superseded_by = k.id;
  const o = {
    id: randomUUID(), status: "completed", outcome: p.outcome, client_id: client.id, subscriber_id: sub.id, contract_id: k.id,
    previous_contract_id: previous?.id ?? null, effective_date: p.eff, created_at: now(),
  };
  orders.set(o.id, o);
  return o;
}

function sendPlanProblem(res, r) {
  send(res, r.status, { type: "about:blank", title: r.title, status: r.status, detail: r.detail, ...(r.errors ? { errors: r.errors } : {}), ...(r.extra ?? {}) }, "application/problem+json");
}

/** Returns false when the path is not one of ours. */
async function customerApi(req, res, url) {
  const path = url.pathname;
  const sp = url.searchParams;
  if (path === "/api/v1/clients" && req.method === "GET") {
    const q = (sp.get("q") ?? "").toLowerCase().trim();
    const all = sortBy(
      [...clients.values()].filter((c) =>
        (!sp.get("status") || c.status === sp.get("status")) &&
        (!sp.get("cin") || c.cin === sp.get("cin").toUpperCase()) &&
        (!q || `${c.first_name ?? ""} ${c.last_name ?? ""}`.toLowerCase().includes(q) || `${c.last_name ?? ""} ${c.first_name ?? ""}`.toLowerCase().includes(q) || (c.cin ?? "").toLowerCase().includes(q) || (c.phone ?? "").includes(q))),
      sp.get("sort"), "last_name",
    ).map(publicClient);
    return page(res, all, url);
  }
  if (path === "/api/v1/clients" && req.method === "POST") {
    const b = await readJson(req);
    const errors = validateClient(b, "", false);
    if (errors.length) return problem(res, 422, "Validation failed", "The client is not valid.", errors);
    return send(res, 201, publicClient(makeClient(b)));
  }
  let m = /^\/api\/v1\/clients\/([^/]+)(\/status)?$/.exec(path);
  if (m) {
    const c = clients.get(m[1]);
    if (!c) return problem(res, 404, "Not found", "No such client.");
    const mine = [...contracts.values()].filter((k) => k.client_id === c.id);
    const live = mine.filter((k) => ["active", "suspended", "pending"].includes(k.status));
    if (!m[2] && req.method === "GET") {
      return send(res, 200, { ...publicClient(c), subscribers: [...subscribers.values()].filter((s) => s.client_id === c.id) });
    }
    if (!m[2] && req.method === "PATCH") {
      const b = await readJson(req);
      if (c.erased) return problem(res, 409, "Conflict", "This client was anonymised and cannot be edited.");
      const errors = validateClient({ ...b }, "", true);
      if (errors.length) return problem(res, 422, "Validation failed", "The changes are not valid.", errors);
      for (const k of ["first_name", "last_name", "phone", "email", "address", "city", "birth_date"]) if (b[k] !== undefined) c[k] = b[k];
      c.updated_at = now();
      record(c.id, 2, "ClientUpdated", b);
      return send(res, 200, publicClient(c));
    }
    if (!m[2] && req.method === "DELETE") {
      if (live.length) {
        const list = live.map((k) => `${k.offer_code} on line ${subscribers.get(k.subscriber_id).number} (${k.status})`).join(", ");
        return problem(res, 409, "Conflict", `the client has an active or suspended contract: ${list}`);
      }
      if (mine.length) {
        Object.assign(c, { first_name: null, last_name: null, cin: null, phone: null, email: null, address: null, city: null, birth_date: null, erased: true, status: "closed", updated_at: now() });
        return send(res, 200, { id: c.id, outcome: "anonymised" });
      }
      clients.delete(c.id);
      return send(res, 200, { id: c.id, outcome: "removed" });
    }
    if (m[2] && req.method === "POST") {
      const b = await readJson(req);
      const errors = [];
      if (!["active", "suspended", "closed"].includes(b?.status)) errors.push({ field: "status", message: "Choose active, suspended or closed." });
      if (!String(b?.reason ?? "").trim()) errors.push({ field: "reason", message: "A reason is required." });
      if (errors.length) return problem(res, 422, "Validation failed", "The status change is not valid.", errors);
      if (b.status === c.status) return problem(res, 409, "Conflict", `The client is already ${c.status}.`);
      if (c.status === "closed") return problem(res, 409, "Conflict", "A closed client cannot be reopened.");
      if (b.status === "closed" && live.length) return problem(res, 409, "Conflict", "The client still has active or suspended contracts; terminate them first.");
      c.status = b.status; c.status_reason = b.reason; c.updated_at = now();
      record(c.id, 2, "ClientStatusChanged", b);
      return send(res, 200, publicClient(c));
    }
  }
  if (path === "/api/v1/subscribers" && req.method === "GET") {
    const all = [...subscribers.values()].filter((s) =>
      (!sp.get("client_id") || s.client_id === sp.get("client_id")) && (!sp.get("status") || s.status === sp.get("status")) && (!sp.get("service") || s.service === sp.get("service")));
    return page(res, all, url);
  }
  m = /^\/api\/v1\/subscribers\/([^/]+)$/.exec(path);
  if (m && req.method === "GET") {
    const s = subscribers.get(m[1]);
    return s ? send(res, 200, s) : problem(res, 404, "Not found", "No such line.");
  }
  if (path === "/api/v1/contracts" && req.method === "GET") {
    const all = sortBy(
      [...contracts.values()].filter((k) =>
        ["client_id", "status", "service", "subscriber_id"].every((f) => !sp.get(f) || k[f] === sp.get(f))),
      sp.get("sort"), "-created_at",
    );
    return page(res, all, url);
  }
  m = /^\/api\/v1\/contracts\/([^/]+)(?:\/(suspend|resume|terminate))?$/.exec(path);
  if (m) {
    const k = contracts.get(m[1]);
    if (!k) return problem(res, 404, "Not found", "No such contract.");
    if (!m[2] && req.method === "GET") return send(res, 200, k);
    if (m[2] && req.method === "POST") {
      const b = (await readJson(req)) ?? {};
      const errors = [];
      if (!String(b.reason ?? "").trim()) errors.push({ field: "reason", message: "A reason is required." });
      if (b.effective_date && !isDate(b.effective_date)) errors.push({ field: "effective_date", message: "Use YYYY-MM-DD." });
      else if (b.effective_date && b.effective_date < k.start_date) errors.push({ field: "effective_date", message: `Must be on or after the start date ${k.start_date}.` });
      if (errors.length) return problem(res, 422, "Validation failed", "The request is not valid.", errors);
      const allowed = { suspend: ["active"], resume: ["suspended"], terminate: ["active", "suspended"] }[m[2]];
      if (!allowed.includes(k.status)) return problem(res, 409, "Conflict", `Cannot ${m[2]} a ${k.status} contract.`);
      const eff = b.effective_date || today();
      const sub = subscribers.get(k.subscriber_id);
      const next = { suspend: "suspended", resume: "active", terminate: "terminated" }[m[2]];
      k.status = next; k.status_reason = b.reason; k.updated_at = now();
      if (next === "terminated") { k.end_date = eff; sub.status = "terminated"; }
      else sub.status = next;
      const version = events.get(k.id)?.length ?? 0;
      record(k.id, version + 1, { suspend: "ContractSuspended", resume: "ContractResumed", terminate: "ContractTerminated" }[m[2]], { reason: b.reason, effective_date: eff });
      return send(res, 200, k);
    }
  }
  if (path === "/api/v1/provisioning/orders/preview" && req.method === "POST") {
    const b = await readJson(req);
    if (!b) return problem(res, 400, "Bad request", "Body is not JSON.");
    const r = planCheckout(b);
    return r.plan ? send(res, 200, previewOut(r.plan)) : sendPlanProblem(res, r);
  }
  if (path === "/api/v1/provisioning/orders" && req.method === "POST") {
    const key = req.headers["idempotency-key"];
    if (!key) return problem(res, 400, "Bad request", "Idempotency-Key header is required.");
    if (idempotency.has(key)) return send(res, 201, orders.get(idempotency.get(key)));
    const b = await readJson(req);
    if (!b) return problem(res, 400, "Bad request", "Body is not JSON.");
    const r = planCheckout(b);
    if (!r.plan) return sendPlanProblem(res, r);
    const o = execute(r.plan, b);
    idempotency.set(key, o.id);
    return send(res, 201, o);
  }
  m = /^\/api\/v1\/provisioning\/orders\/([^/]+)$/.exec(path);
  if (m && req.method === "GET") {
    const o = orders.get(m[1]);
    return o ? send(res, 200, o) : problem(res, 404, "Not found", "No such order.");
  }
  return false;
}

// ---------------------------------------------------------------------------
// Billing: bill runs (progress advances on a timer), invoices, PDFs, credit notes.
const billRuns = new Map();
const invoices = new Map();
const creditNotes = new Map();
const docSeq = new Map(); // "FAC-2026" -> last number
const VAT_RATE_PCT = 20;

const toCents = (s) => {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(s));
  return m ? (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"))) : NaN;
};
const fromCents = (c) => `${c < 0 ? "-" : ""}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, "0")}`;
const nextDocNumber = (prefix, date) => {
  const key = `${prefix}-${date.slice(0, 4)}`;
  const n = (docSeq.get(key) ?? 0) + 1;
  docSeq.set(key, n);
  return `${key}-${String(n).padStart(6, "0")}`;
};
const addDays = (iso, n) => {
  const d = new Date(iso + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const periodBounds = (period) => {
  const [y, m] = period.split("-").map(Number);
  const first = `${period}-01`;
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { first, last, days: Number(last.slice(8)) };
};
const daysBetween = (a, b) => Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / 86400000) + 1;

/** What a run for `period` bills: [{client, lines:[...]}] from the contracts active in the period. */
function planPeriod(period, asOf) {
  const { first, last, days } = periodBounds(period);
  const byClient = new Map();
  for (const k of contracts.values()) {
    if (k.status === "pending" || k.start_date > last || (k.end_date && k.end_date < first) || k.start_date > asOf) continue;
    const from = k.start_date > first ? k.start_date : first;
    const to = k.end_date && k.end_date < last ? k.end_date : last;
    const n = daysBetween(from, to);
    if (n <= 0) continue;
    const fee = toCents(k.monthly_fee);
    const amount = Math.round((fee * n) / days);
    const sub = subscribers.get(k.subscriber_id);
    const line = {
      contract_id: k.id, subscriber_id: k.subscriber_id, description: `${k.offer_name} (${k.offer_code}) · ${sub?.number ?? "line"}`,
      start_date: from, end_date: to, days: n, monthly_fee: k.monthly_fee, amount: fromCents(amount),
    };
    if (!byClient.has(k.client_id)) byClient.set(k.client_id, []);
    byClient.get(k.client_id).push(line);
  }
  return [...byClient.entries()].map(([client_id, lines]) => ({ client: clients.get(client_id), lines }));
}

function billingError(client) {
  if (!client) return "Client not found.";
  if (!client.erased && !client.city && !client.address) return "No billing address on file; invoice not issued.";
  return null;
}

function makePdf(inv) {
  const text = [`Facture ${inv.number}`, `Periode ${inv.period}`, `Emise le ${inv.issue_date}, echeance ${inv.due_date}`, `Total TTC ${inv.total} ${inv.currency}`];
  const stream = "BT /F1 14 Tf 60 780 Td 18 TL " + text.map((t) => `(${t.replace(/[()\\]/g, "")}) Tj T*`).join(" ") + " ET";
  const objs = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` + offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

function issueInvoice(run, client, lines) {
  const subtotal = lines.reduce((a, l) => a + toCents(l.amount), 0);
  const vat = Math.round((subtotal * VAT_RATE_PCT) / 100);
  const inv = {
    id: randomUUID(), number: nextDocNumber("FAC", run.issue_date), client_id: client.id, period: run.period,
    issue_date: run.issue_date, due_date: addDays(run.issue_date, 30), status: "issued", currency: "MAD",
    subtotal: fromCents(subtotal), vat: fromCents(vat), total: fromCents(subtotal + vat), credited: "0.00", paid: "0.00",
    amount_due: fromCents(subtotal + vat), pdf_sha256: "", bill_run_id: run.id, lines, credit_notes: [],
  };
  inv.pdf_sha256 = createHash("sha256").update(makePdf(inv)).digest("hex");
  invoices.set(inv.id, inv);
  return inv;
}

function newRun(period, asOf, dry) {
  const { last } = periodBounds(period);
  const plan = planPeriod(period, asOf ?? last);
  const run = {
    id: randomUUID(), period, as_of: asOf ?? last, issue_date: today(), dry_run: dry, status: "planning",
    progress: { contracts_total: plan.reduce((a, c) => a + c.lines.length, 0), contracts_done: 0, clients_total: plan.length, clients_done: 0, invoices_issued: 0, amount_billed: "0.00", errors: 0 },
    error_samples: [], created_at: now(), completed_at: null,
  };
  return { run, plan };
}

/** Process up to `budget` contracts of the plan (a whole client at a time). */
function advance(run, plan, budget) {
  const p = run.progress;
  while (budget > 0 && p.clients_done < plan.length) {
    const { client, lines } = plan[p.clients_done];
    const err = billingError(client);
    if (err) {
      p.errors += 1;
      if (run.error_samples.length < 5) run.error_samples.push({ client_id: client?.id ?? "unknown", message: err });
    } else {
      const amount = lines.reduce((a, l) => a + toCents(l.amount), 0);
      const total = amount + Math.round((amount * VAT_RATE_PCT) / 100);
      if (!run.dry_run) issueInvoice(run, client, lines);
      p.invoices_issued += 1;
      p.amount_billed = fromCents(toCents(p.amount_billed) + total);
    }
    p.contracts_done += lines.length;
    p.clients_done += 1;
    budget -= lines.length;
  }
  if (p.clients_done >= plan.length) {
    run.status = "completed";
    run.completed_at = now();
  }
}

function startRun(period, asOf) {
  const { run, plan } = newRun(period, asOf, false);
  billRuns.set(run.id, run);
  // planning for ~1 s, then ~2 contracts per 500 ms so the progress bar is visible.
  setTimeout(() => {
    run.status = "running";
    const t = setInterval(() => {
      advance(run, plan, 2);
      if (run.status !== "running") clearInterval(t);
    }, 500);
  }, 1000);
  return run;
}

// Seed: more clients (pagination, one without any address -> billing error), two past runs.
{
  const first = ["Nadia", "Omar", "Leila", "Hamza", "Sara", "Mehdi", "Imane", "Rachid", "Zineb", "Anas"];
  const last = ["Alaoui", "Berrada", "Chraibi", "Daoudi", "Fassi", "Guessous", "Hajji", "Kettani"];
  const offersCycle = ["MOB-10GB", "MOB-20GB", "FIB-100", "FIX-NAT", "MOB-50GB"];
  for (let i = 0; i < 28; i++) {
    const c = seedClient(
      { first_name: first[i % first.length], last_name: last[i % last.length], cin: `BK${String(200000 + i)}`, phone: `06${String(20000000 + i * 7919).slice(-8)}`, city: i === 5 ? undefined : ["Rabat", "Casablanca", "Marrakech", "Agadir"][i % 4] },
      [offersCycle[i % offersCycle.length]],
    );
    // Stagger start dates so some lines are prorated.
    for (const k of contracts.values()) if (k.client_id === c.id) k.start_date = i % 3 === 0 ? "2026-08-10" : "2025-03-01";
  }
  for (const [period, issue] of [["2026-08", "2026-09-01"], ["2026-09", "2026-10-01"]]) {
    const { run, plan } = newRun(period, null, false);
    run.issue_date = issue;
    run.created_at = `${issue}T02:00:00.000Z`;
    advance(run, plan, Infinity);
    run.completed_at = `${issue}T02:03:12.000Z`;
    billRuns.set(run.id, run);
  }
  let i = 0;
  for (const inv of invoices.values()) {
    const total = toCents(inv.total);
    if (inv.period === "2026-08") {
      if (i % 4 === 0) { inv.status = "overdue"; }
      else if (i % 4 === 1) { inv.paid = fromCents(Math.round(total / 2)); inv.status = "partially_paid"; }
      else { inv.paid = inv.total; inv.status = "paid"; }
    } else if (i % 5 === 0) { inv.paid = inv.total; inv.status = "paid"; }
    inv.amount_due = fromCents(total - toCents(inv.paid) - toCents(inv.credited));
    i++;
  }
}

function validatePeriodBody(b) {
  const errors = [];
  const period = b?.period;
  if (typeof period !== "string" || !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) errors.push({ field: "period", message: "Use a month as YYYY-MM." });
  else if (period >= today().slice(0, 7)) errors.push({ field: "period", message: `The month ${period} is not finished yet; only a past month can be billed.` });
  if (b?.as_of !== undefined && b?.as_of !== null && b?.as_of !== "") {
    if (!isDate(b.as_of)) errors.push({ field: "as_of", message: "Use YYYY-MM-DD." });
    else if (!errors.length && b.as_of < periodBounds(period).last) errors.push({ field: "as_of", message: `Must be on or after the end of the period (${periodBounds(period).last}).` });
    else if (b.as_of > today()) errors.push({ field: "as_of", message: "Cannot be in the future." });
  }
  return errors;
}

function sortInvoices(list, sort) {
  const s = sort || "-issue_date";
  const key = s.replace(/^-/, "");
  const dir = s.startsWith("-") ? -1 : 1;
  const val = (x) => (key === "total" ? toCents(x.total) : String(x[key] ?? ""));
  return list.sort((a, b) => {
    const va = val(a), vb = val(b);
    const c = typeof va === "number" ? va - vb : va.localeCompare(vb);
    return (c || a.number.localeCompare(b.number)) * dir;
  });
}

async function billingApi(req, res, url) {
  const path = url.pathname;
  const sp = url.searchParams;
  if (path === "/api/v1/bill-runs" && req.method === "POST") {
    const b = await readJson(req);
    if (!b) return problem(res, 400, "Bad request", "Body is not JSON.");
    const errors = validatePeriodBody(b);
    if (errors.length) return problem(res, 422, "Validation failed", errors[0].message, errors);
    const existing = [...billRuns.values()].find((r) => r.period === b.period && r.status !== "failed");
    if (existing) return send(res, 202, existing);
    if (b.dry_run) {
      const { run, plan } = newRun(b.period, b.as_of || null, true);
      advance(run, plan, Infinity);
      // Like the billing service: a dry run has no id, no timestamps (nothing is stored).
      return send(res, 202, { ...run, id: null, created_at: null, completed_at: null, issue_date: run.as_of });
    }
    return send(res, 202, startRun(b.period, b.as_of || null));
  }
  if (path === "/api/v1/bill-runs" && req.method === "GET") {
    const all = sortBy([...billRuns.values()].filter((r) => (!sp.get("period") || r.period === sp.get("period")) && (!sp.get("status") || r.status === sp.get("status"))), sp.get("sort"), "-period");
    return page(res, all, url);
  }
  let m = /^\/api\/v1\/bill-runs\/([^/]+)$/.exec(path);
  if (m && req.method === "GET") {
    const r = billRuns.get(m[1]);
    return r ? send(res, 200, r) : problem(res, 404, "Not found", "No such bill run.");
  }
  if (path === "/api/v1/invoices" && req.method === "GET") {
    const all = sortInvoices([...invoices.values()].filter((i) => ["client_id", "period", "status"].every((f) => !sp.get(f) || i[f] === sp.get(f))), sp.get("sort"));
    return page(res, all, url);
  }
  m = /^\/api\/v1\/invoices\/([^/]+)(?:\/(pdf|credit-notes))?$/.exec(path);
  if (m) {
    const inv = invoices.get(m[1]);
    if (!inv) return problem(res, 404, "Not found", "No such invoice.");
    if (!m[2] && req.method === "GET") return send(res, 200, inv);
    if (m[2] === "pdf" && req.method === "GET") {
      const pdf = makePdf(inv);
      res.writeHead(200, { "content-type": "application/pdf", "content-length": pdf.length, "content-disposition": `attachment; filename="${inv.number}.pdf"` });
      return res.end(pdf);
    }
    if (m[2] === "credit-notes" && req.method === "POST") {
      const b = await readJson(req);
      if (!b) return problem(res, 400, "Bad request", "Body is not JSON.");
      const remaining = toCents(inv.total) - toCents(inv.credited);
      const errors = [];
      let amount = remaining;
      if (b.amount !== undefined && b.amount !== null && String(b.amount).trim() !== "") {
        const raw = String(b.amount).trim();
        if (!/^-?\d+(\.\d+)?$/.test(raw)) errors.push({ field: "amount", message: "Enter an amount like 50.00." });
        else if (/\.\d{3,}$/.test(raw)) errors.push({ field: "amount", message: "At most 2 decimals." });
        else if (toCents(raw) <= 0) errors.push({ field: "amount", message: "The amount must be positive." });
        else if (toCents(raw) > remaining) errors.push({ field: "amount", message: `Above the remaining amount (${fromCents(remaining)} MAD).` });
        else amount = toCents(raw);
      } else if (remaining <= 0) errors.push({ field: "amount", message: "Nothing left to credit on this invoice." });
      if (!String(b.reason ?? "").trim()) errors.push({ field: "reason", message: "A reason is required." });
      if (errors.length) return problem(res, 422, "Validation failed", "The credit note is not valid.", errors);
      const cn = { id: randomUUID(), number: nextDocNumber("AV", today()), invoice_id: inv.id, amount: fromCents(amount), reason: String(b.reason).trim(), issue_date: today(), created_at: now() };
      creditNotes.set(cn.id, cn);
      inv.credit_notes.push(cn);
      inv.credited = fromCents(toCents(inv.credited) + amount);
      inv.amount_due = fromCents(Math.max(0, toCents(inv.total) - toCents(inv.credited) - toCents(inv.paid)));
      if (toCents(inv.credited) >= toCents(inv.total)) inv.status = "credited";
      return send(res, 201, cn);
    }
  }
  m = /^\/api\/v1\/credit-notes\/([^/]+)$/.exec(path);
  if (m && req.method === "GET") {
    const cn = creditNotes.get(m[1]);
    return cn ? send(res, 200, cn) : problem(res, 404, "Not found", "No such credit note.");
  }
  return false;
}

// ---------------------------------------------------------------------------
// Payments and collections: payments allocated to open invoices (oldest first
// unless invoices are chosen), balances, receivables, aging, collections runs
// (idempotent per as_of date) and dunning cases with a timeline.
const payments = new Map();
const paymentKeys = new Map(); // Idempotency-Key -> payment id
const collectionRuns = new Map(); // as_of -> run
const cases = new Map();
const PAYMENT_METHODS = ["cash", "card", "bank_transfer", "direct_debit"];
const STAGES = ["opened", "reminder", "second_reminder", "suspended", "termination_proposed"];
const STAGE_KIND = { reminder: "reminder_sent", second_reminder: "second_reminder_sent", suspended: "lines_suspended", termination_proposed: "termination_proposed" };

const dayDiff = (from, to) => Math.round((Date.parse(to + "T00:00:00Z") - Date.parse(from + "T00:00:00Z")) / 86400000);
const dpd = (inv, asOf = today()) => Math.max(0, dayDiff(inv.due_date, asOf));
const openInvoices = (clientId) =>
  [...invoices.values()].filter((i) => i.client_id === clientId && toCents(i.amount_due) > 0).sort((a, b) => a.due_date.localeCompare(b.due_date) || a.number.localeCompare(b.number));
const overdueOf = (clientId, asOf = today()) => openInvoices(clientId).filter((i) => dpd(i, asOf) > 0);
const stageFor = (days) => (days >= 90 ? "termination_proposed" : days >= 45 ? "suspended" : days >= 30 ? "second_reminder" : days >= 15 ? "reminder" : "opened");
const clientCredit = (clientId) => [...payments.values()].filter((p) => p.client_id === clientId && p.status === "posted").reduce((a, p) => a + toCents(p.credit), 0);

function refreshInvoiceStatus(inv) {
  const due = toCents(inv.total) - toCents(inv.credited) - toCents(inv.paid);
  inv.amount_due = fromCents(Math.max(0, due));
  if (toCents(inv.credited) >= toCents(inv.total)) inv.status = "credited";
  else if (due <= 0) inv.status = "paid";
  else if (dpd(inv) > 0) inv.status = "overdue";
  else inv.status = toCents(inv.paid) > 0 ? "partially_paid" : "issued";
}

function timeline(c, kind, detail, at = now(), actor = "admin") {
  c.timeline.push({ at, kind, detail, actor });
}

/** Live view of a case: open cases follow the client's overdue invoices. */
function caseOut(c, withTimeline) {
  const out = { ...c };
  if (c.status === "open") {
    const od = overdueOf(c.client_id);
    out.days_past_due = od.reduce((m, i) => Math.max(m, dpd(i)), 0);
    out.overdue_amount = fromCents(od.reduce((a, i) => a + toCents(i.amount_due), 0));
  }
  if (!withTimeline) delete out.timeline;
  else out.timeline = [...c.timeline];
  return out;
}

function suspendLines(c, at) {
  const ids = [];
  for (const k of contracts.values()) {
    if (k.client_id !== c.client_id || k.status !== "active") continue;
    k.status = "suspended"; k.status_reason = "Unpaid invoices (collections)"; k.updated_at = now();
    const sub = subscribers.get(k.subscriber_id);
    if (sub) sub.status = "suspended";
    record(k.id, (events.get(k.id)?.length ?? 0) + 1, "ContractSuspended", { reason: k.status_reason, effective_date: at.slice(0, 10) });
    ids.push(k.id);
  }
  c.suspended_contract_ids = [...new Set([...c.suspended_contract_ids, ...ids])];
  return ids.length;
}

function resumeLines(c, at) {
  let n = 0;
  for (const id of c.suspended_contract_ids) {
    const k = contracts.get(id);
    if (!k || k.status !== "suspended") continue;
    k.status = "active"; k.status_reason = "Paid (collections)"; k.updated_at = now();
    const sub = subscribers.get(k.subscriber_id);
    if (sub) sub.status = "active";
    record(k.id, (events.get(k.id)?.length ?? 0) + 1, "ContractResumed", { reason: k.status_reason, effective_date: at.slice(0, 10) });
    n++;
  }
  if (n) timeline(c, "lines_resumed", `${n} ${n === 1 ? "line" : "lines"} resumed.`, at, "system");
  c.suspended_contract_ids = [];
  return n;
}

function closeCase(c, detail, at = now(), actor = "system") {
  const resumed = resumeLines(c, at);
  c.status = "closed"; c.closed_at = at;
  const od = overdueOf(c.client_id);
  c.days_past_due = od.reduce((m, i) => Math.max(m, dpd(i)), 0);
  c.overdue_amount = fromCents(od.reduce((a, i) => a + toCents(i.amount_due), 0));
  timeline(c, "closed", detail, at, actor);
  return resumed;
}

/** Move a case to `stage` (forward only), with its side effects. Returns suspensions made. */
function moveTo(c, stage, at, actor = "system", why = "") {
  let suspensions = 0;
  for (let i = STAGES.indexOf(c.stage) + 1; i <= STAGES.indexOf(stage); i++) {
    const s = STAGES[i];
    c.stage = s;
    if (s === "suspended") {
      const n = suspendLines(c, at);
      suspensions += n;
      timeline(c, STAGE_KIND[s], `${n} ${n === 1 ? "line" : "lines"} suspended${why}.`, at, actor);
    } else if (s === "reminder") timeline(c, STAGE_KIND[s], `Reminder sent by SMS and email${why}.`, at, actor);
    else if (s === "second_reminder") timeline(c, STAGE_KIND[s], `Second reminder sent by registered letter${why}.`, at, actor);
    else if (s === "termination_proposed") timeline(c, STAGE_KIND[s], `Termination of the contracts proposed${why}.`, at, actor);
  }
  return suspensions;
}

function runCollections(asOf) {
  const at = `${asOf}T06:00:00.000Z`;
  const r = { id: randomUUID(), as_of: asOf, overdue_invoices: 0, cases_opened: 0, reminders: 0, suspensions: 0, resumptions: 0, terminations_proposed: 0, cases_closed: 0, created_at: now() };
  for (const inv of invoices.values()) refreshInvoiceStatus(inv);
  const byClient = new Map();
  for (const inv of invoices.values()) {
    if (toCents(inv.amount_due) > 0 && dpd(inv, asOf) > 0) {
      r.overdue_invoices++;
      if (!byClient.has(inv.client_id)) byClient.set(inv.client_id, []);
      byClient.get(inv.client_id).push(inv);
    }
  }
  for (const [clientId, list] of byClient) {
    const days = list.reduce((m, i) => Math.max(m, dpd(i, asOf)), 0);
    let c = [...cases.values()].find((x) => x.client_id === clientId && x.status === "open");
    if (!c) {
      c = { id: randomUUID(), client_id: clientId, status: "open", stage: "opened", days_past_due: days, overdue_amount: "0.00", promise_to_pay_until: null, suspended_contract_ids: [], opened_at: at, closed_at: null, timeline: [] };
      cases.set(c.id, c);
      timeline(c, "opened", `Case opened: ${list.length} overdue ${list.length === 1 ? "invoice" : "invoices"} (${list.map((i) => i.number).join(", ")}).`, at, "system");
      r.cases_opened++;
    }
    c.days_past_due = days;
    c.overdue_amount = fromCents(list.reduce((a, i) => a + toCents(i.amount_due), 0));
    if (c.promise_to_pay_until && c.promise_to_pay_until >= asOf) continue; // promise holds escalation
    const before = c.stage;
    r.suspensions += moveTo(c, stageFor(days), at);
    const passed = STAGES.slice(STAGES.indexOf(before) + 1, STAGES.indexOf(c.stage) + 1);
    r.reminders += passed.filter((s) => s === "reminder" || s === "second_reminder").length;
    r.terminations_proposed += passed.includes("termination_proposed") ? 1 : 0;
  }
  for (const c of cases.values()) {
    if (c.status === "open" && !byClient.has(c.client_id)) {
      r.resumptions += closeCase(c, "Nothing overdue any more: case closed by the collections run.", at);
      r.cases_closed++;
    }
  }
  collectionRuns.set(asOf, r);
  return r;
}

/** Allocation of `amount` cents: chosen invoices in the given order, else oldest due first. */
function allocate(clientId, cents, invoiceIds) {
  const list = invoiceIds?.length ? invoiceIds.map((id) => invoices.get(id)).filter((i) => toCents(i.amount_due) > 0) : openInvoices(clientId);
  const allocations = [];
  let left = cents;
  for (const inv of list) {
    if (left <= 0) break;
    const part = Math.min(left, toCents(inv.amount_due));
    allocations.push({ invoice_id: inv.id, invoice_number: inv.number, amount: fromCents(part) });
    left -= part;
  }
  return { allocations, credit: fromCents(left) };
}

function validatePayment(b) {
  const errors = [];
  const raw = String(b?.amount ?? "").trim();
  if (!/^-?\d+(\.\d+)?$/.test(raw)) errors.push({ field: "amount", message: "Enter an amount like 199.00." });
  else if (/\.\d{3,}$/.test(raw)) errors.push({ field: "amount", message: "At most 2 decimals." });
  else if (toCents(raw) <= 0) errors.push({ field: "amount", message: "The amount must be greater than zero." });
  const client = clients.get(String(b?.client_id ?? ""));
  if (!client) errors.push({ field: "client_id", message: "Unknown client." });
  if (!PAYMENT_METHODS.includes(b?.method)) errors.push({ field: "method", message: "Choose cash, card, bank_transfer or direct_debit." });
  if (!String(b?.reference ?? "").trim()) errors.push({ field: "reference", message: "A reference is required (receipt, transaction or transfer number)." });
  else if (String(b.reference).length > 64) errors.push({ field: "reference", message: "At most 64 characters." });
  if (!isDate(b?.received_on)) errors.push({ field: "received_on", message: "Use YYYY-MM-DD." });
  else if (b.received_on > today()) errors.push({ field: "received_on", message: "Cannot be in the future." });
  if (b?.invoice_ids !== undefined && b?.invoice_ids !== null) {
    if (!Array.isArray(b.invoice_ids)) errors.push({ field: "invoice_ids", message: "A list of invoice ids." });
    else for (const id of b.invoice_ids) {
      const inv = invoices.get(id);
      if (!inv) errors.push({ field: "invoice_ids", message: `Unknown invoice ${String(id).slice(0, 8)}.` });
      else if (client && inv.client_id !== client.id) errors.push({ field: "invoice_ids", message: `Invoice ${inv.number} belongs to another client.` });
    }
  }
  return errors;
}

function postPayment(b) {
  const cents = toCents(String(b.amount).trim());
  const { allocations, credit } = allocate(b.client_id, cents, b.invoice_ids);
  const p = {
    id: randomUUID(), client_id: b.client_id, amount: fromCents(cents), method: b.method, reference: String(b.reference).trim(), received_on: b.received_on,
    status: "posted", allocations, credit, created_at: now(), reversed_at: null, reversal_reason: null,
  };
  for (const a of allocations) {
    const inv = invoices.get(a.invoice_id);
    inv.paid = fromCents(toCents(inv.paid) + toCents(a.amount));
    refreshInvoiceStatus(inv);
  }
  payments.set(p.id, p);
  const c = [...cases.values()].find((x) => x.client_id === p.client_id && x.status === "open");
  if (c) {
    timeline(c, "payment", `Payment of ${p.amount} MAD (${p.method}, ${p.reference}) received on ${p.received_on}.`);
    if (overdueOf(c.client_id).length === 0) closeCase(c, "Overdue invoices paid: case closed.");
  }
  return p;
}

function reversePayment(p, reason) {
  for (const a of p.allocations) {
    const inv = invoices.get(a.invoice_id);
    inv.paid = fromCents(Math.max(0, toCents(inv.paid) - toCents(a.amount)));
    refreshInvoiceStatus(inv);
  }
  p.status = "reversed"; p.reversed_at = now(); p.reversal_reason = reason;
  const c = [...cases.values()].find((x) => x.client_id === p.client_id && x.status === "open");
  if (c) timeline(c, "payment", `Payment of ${p.amount} MAD reversed: ${reason}.`);
}

function aging() {
  const buckets = [["1-30", 1, 30], ["31-60", 31, 60], ["61-90", 61, 90], ["90+", 91, Infinity]].map(([bucket, lo, hi]) => ({ bucket, lo, hi, invoices: 0, cents: 0 }));
  for (const inv of invoices.values()) {
    const d = dpd(inv);
    if (toCents(inv.amount_due) <= 0 || d <= 0) continue;
    const b = buckets.find((x) => d >= x.lo && d <= x.hi);
    b.invoices++; b.cents += toCents(inv.amount_due);
  }
  return {
    as_of: today(),
    buckets: buckets.map((b) => ({ bucket: b.bucket, invoices: b.invoices, amount: fromCents(b.cents) })),
    total_overdue: fromCents(buckets.reduce((a, b) => a + b.cents, 0)),
  };
}

function receivable(inv) {
  return {
    invoice_id: inv.id, number: inv.number, client_id: inv.client_id, issue_date: inv.issue_date, due_date: inv.due_date, total: inv.total,
    credited: inv.credited, paid: inv.paid, amount_due: inv.amount_due, days_past_due: dpd(inv), status: inv.status,
  };
}

function sortList(list, sort, fallback, numeric = []) {
  const s = sort || fallback;
  const key = s.replace(/^-/, "");
  const dir = s.startsWith("-") ? -1 : 1;
  const val = (x) => (numeric.includes(key) ? (typeof x[key] === "number" ? x[key] : toCents(x[key])) : String(x[key] ?? ""));
  return list.sort((a, b) => {
    const va = val(a), vb = val(b);
    return (typeof va === "number" ? va - vb : va.localeCompare(vb)) * dir;
  });
}

// Seed: older periods (some still unpaid: 61-90 and 90+ buckets), a collections run 20 days ago, one payment.
{
  for (const [period, issue] of [["2026-06", "2026-07-01"], ["2026-07", "2026-08-01"]]) {
    const { run, plan } = newRun(period, null, false);
    run.issue_date = issue;
    run.created_at = `${issue}T02:00:00.000Z`;
    advance(run, plan, Infinity);
    run.completed_at = `${issue}T02:02:40.000Z`;
    billRuns.set(run.id, run);
  }
  let i = 0;
  for (const inv of invoices.values()) {
    if (inv.period === "2026-06" || inv.period === "2026-07") {
      if (i % 6 !== 0) inv.paid = inv.total;
      i++;
    }
    refreshInvoiceStatus(inv);
  }
  const weekAgo = addDays(today(), -20);
  const r = runCollections(weekAgo);
  r.created_at = `${weekAgo}T06:00:00.000Z`;
  const withCase = [...cases.values()][0];
  if (withCase) {
    timeline(withCase, "note", "Client called: will pay at the end of the month.", `${weekAgo}T10:15:00.000Z`, "admin");
    const inv = openInvoices(withCase.client_id)[0];
    if (inv) {
      const p = postPayment({ client_id: withCase.client_id, amount: fromCents(Math.min(5000, toCents(inv.amount_due))), method: "cash", reference: "REC-000123", received_on: addDays(today(), -3), invoice_ids: [inv.id] });
      p.created_at = `${addDays(today(), -3)}T09:30:00.000Z`;
    }
  }
}

/** Returns false when the path is not one of ours. */
async function collectionsApi(req, res, url) {
  const path = url.pathname;
  const sp = url.searchParams;
  if ((path === "/api/v1/payments" || path === "/api/v1/payments/preview") && req.method === "POST") {
    const preview = path.endsWith("/preview");
    const key = req.headers["idempotency-key"];
    if (!preview && !key) return problem(res, 400, "Bad request", "Idempotency-Key header is required.");
    if (!preview && paymentKeys.has(key)) return send(res, 201, payments.get(paymentKeys.get(key)));
    const b = await readJson(req);
    if (!b) return problem(res, 400, "Bad request", "Body is not JSON.");
    if (!preview && b.reference === "FAIL-503") return problem(res, 503, "Service unavailable", "The payments service is temporarily unavailable; retry.");
    const errors = validatePayment(b);
    if (errors.length) return problem(res, 422, "Validation failed", "The payment is not valid.", errors);
    if (preview) return send(res, 200, allocate(b.client_id, toCents(String(b.amount).trim()), b.invoice_ids));
    const p = postPayment(b);
    paymentKeys.set(key, p.id);
    return send(res, 201, p);
  }
  if (path === "/api/v1/payments" && req.method === "GET") {
    const all = sortList([...payments.values()].filter((p) => (!sp.get("client_id") || p.client_id === sp.get("client_id")) && (!sp.get("status") || p.status === sp.get("status"))), sp.get("sort"), "-created_at", ["amount"]);
    return page(res, all, url);
  }
  let m = /^\/api\/v1\/payments\/([^/]+)(\/reverse)?$/.exec(path);
  if (m) {
    const p = payments.get(m[1]);
    if (!p) return problem(res, 404, "Not found", "No such payment.");
    if (!m[2] && req.method === "GET") return send(res, 200, p);
    if (m[2] && req.method === "POST") {
      const b = (await readJson(req)) ?? {};
      if (!String(b.reason ?? "").trim()) return problem(res, 422, "Validation failed", "A reason is required.", [{ field: "reason", message: "A reason is required." }]);
      if (p.status === "reversed") return problem(res, 409, "Conflict", `This payment was already reversed on ${p.reversed_at.slice(0, 10)}.`);
      reversePayment(p, String(b.reason).trim());
      return send(res, 200, p);
    }
  }
  m = /^\/api\/v1\/clients\/([^/]+)\/balance$/.exec(path);
  if (m && req.method === "GET") {
    if (!clients.has(m[1])) return problem(res, 404, "Not found", "No such client.");
    const open = openInvoices(m[1]);
    return send(res, 200, {
      client_id: m[1], amount_due: fromCents(open.reduce((a, i) => a + toCents(i.amount_due), 0)), credit: fromCents(clientCredit(m[1])),
      overdue_amount: fromCents(open.filter((i) => dpd(i) > 0).reduce((a, i) => a + toCents(i.amount_due), 0)),
    });
  }
  if (path === "/api/v1/collections/receivables" && req.method === "GET") {
    const onlyOpen = sp.get("open") !== "false";
    const all = sortList(
      [...invoices.values()].filter((i) => (!sp.get("client_id") || i.client_id === sp.get("client_id")) && (!onlyOpen || toCents(i.amount_due) > 0)).map(receivable),
      sp.get("sort"), "due_date", ["total", "amount_due", "days_past_due"],
    );
    return page(res, all, url);
  }
  if (path === "/api/v1/collections/aging" && req.method === "GET") return send(res, 200, aging());
  if (path === "/api/v1/collections/runs" && req.method === "POST") {
    const b = await readJson(req);
    if (!b) return problem(res, 400, "Bad request", "Body is not JSON.");
    if (!isDate(b.as_of)) return problem(res, 422, "Validation failed", "Use YYYY-MM-DD.", [{ field: "as_of", message: "Use YYYY-MM-DD." }]);
    if (b.as_of > addDays(today(), 31)) return problem(res, 422, "Validation failed", "as_of is too far in the future.", [{ field: "as_of", message: "At most 31 days after today." }]);
    if (collectionRuns.has(b.as_of)) return send(res, 200, collectionRuns.get(b.as_of));
    return send(res, 201, runCollections(b.as_of));
  }
  if (path === "/api/v1/collections/cases" && req.method === "GET") {
    const min = sp.get("min_days");
    if (min !== null && min !== "" && !/^\d+$/.test(min)) return problem(res, 400, "Bad request", "min_days must be a whole number.", [{ field: "min_days", message: "A whole number." }]);
    const all = sortList(
      [...cases.values()].map((c) => caseOut(c, false)).filter((c) =>
        (!sp.get("status") || c.status === sp.get("status")) && (!sp.get("client_id") || c.client_id === sp.get("client_id")) && (!min || c.days_past_due >= Number(min))),
      sp.get("sort"), "-opened_at", ["days_past_due", "overdue_amount"],
    );
    return page(res, all, url);
  }
  m = /^\/api\/v1\/collections\/cases\/([^/]+)(\/actions)?$/.exec(path);
  if (m) {
    const c = cases.get(m[1]);
    if (!c) return problem(res, 404, "Not found", "No such case.");
    if (!m[2] && req.method === "GET") return send(res, 200, caseOut(c, true));
    if (m[2] && req.method === "POST") {
      const b = (await readJson(req)) ?? {};
      const note = String(b.note ?? "").trim();
      if (!["note", "promise_to_pay", "escalate", "close"].includes(b.action)) return problem(res, 422, "Validation failed", "Unknown action.", [{ field: "action", message: "Choose note, promise_to_pay, escalate or close." }]);
      if (c.status === "closed") return problem(res, 409, "Conflict", "The case is closed.");
      if (note.length > 500) return problem(res, 422, "Validation failed", "The note is too long.", [{ field: "note", message: "At most 500 characters." }]);
      if (b.action === "note") {
        if (!note) return problem(res, 422, "Validation failed", "A note is required.", [{ field: "note", message: "Write the note." }]);
        timeline(c, "note", note);
      } else if (b.action === "promise_to_pay") {
        if (!isDate(b.promise_date)) return problem(res, 422, "Validation failed", "A promise date is required.", [{ field: "promise_date", message: "Choose the promised payment date." }]);
        if (b.promise_date < today()) return problem(res, 422, "Validation failed", "The promise date is in the past.", [{ field: "promise_date", message: "Cannot be in the past." }]);
        c.promise_to_pay_until = b.promise_date;
        timeline(c, "promise_to_pay", `Promise to pay by ${b.promise_date}${note ? `: ${note}` : ""}.`);
      } else if (b.action === "escalate") {
        const i = STAGES.indexOf(c.stage);
        if (i === STAGES.length - 1) return problem(res, 409, "Conflict", "The case is already at its last stage (termination proposed).");
        timeline(c, "escalated", `Escalated from ${c.stage} to ${STAGES[i + 1]}${note ? `: ${note}` : ""}.`);
        c.promise_to_pay_until = null;
        moveTo(c, STAGES[i + 1], now(), "admin", " (manual escalation)");
      } else {
        closeCase(c, note ? `Closed by the operator: ${note}` : "Closed by the operator.", now(), "admin");
      }
      return send(res, 200, caseOut(c, true));
    }
  }
  return false;
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
