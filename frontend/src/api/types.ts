// Aliases DERIVED from the generated OpenAPI types (src/api/schema.d.ts).
// Nothing here is hand-written: each alias points into `paths`, so that
// `npm run gen:api` + `tsc` flags any drift with the backend contract.
import type { components, paths } from "./schema";

/** Every error the API answers (RFC 9457 application/problem+json). */
export type Problem = components["schemas"]["Problem"];

type JsonBody<R> = R extends { content: { "application/json": infer T } } ? T : never;

export type TokenRequest = JsonBody<NonNullable<paths["/api/v1/auth/token"]["post"]["requestBody"]>>;
export type TokenResponse = JsonBody<paths["/api/v1/auth/token"]["post"]["responses"][200]>;

export type OfferListQuery = NonNullable<paths["/api/v1/offers"]["get"]["parameters"]["query"]>;
export type OfferList = JsonBody<paths["/api/v1/offers"]["get"]["responses"][200]>;
export type Offer = OfferList["items"][number];
export type OfferDetail = JsonBody<paths["/api/v1/offers/{offer_id}"]["get"]["responses"][200]>;
export type OfferVersion = NonNullable<OfferDetail["versions"]>[number];
export type OfferCreate = JsonBody<NonNullable<paths["/api/v1/offers"]["post"]["requestBody"]>>;
export type OfferVersionCreate = JsonBody<
  NonNullable<paths["/api/v1/offers/{offer_id}/versions"]["post"]["requestBody"]>
>;
export type OfferComponents = Offer["components"];
export type Service = Offer["service"];
export type OfferStatus = Offer["status"];

export type AuditEventList = JsonBody<
  paths["/api/v1/audit/{aggregate_type}/{aggregate_id}/events"]["get"]["responses"][200]
>;
export type AuditEvent = AuditEventList["items"][number];

export const SERVICES: readonly Service[] = ["mobile", "internet", "landline"];
export const STATUSES: readonly OfferStatus[] = ["draft", "published", "retired"];

// ---------------------------------------------------------------------------
// Clients, lines, contracts, provisioning (customer + contracts services).
// Derived through `paths` (like the aliases above) rather than by component
// name, so a renamed schema (e.g. CheckoutRequest vs CheckoutRequestBody) does
// not break the build; the shapes still come only from the generated file.
type Ok<P, M extends string, S extends number = 200> = P extends Record<M, { responses: Record<S, infer R> }>
  ? JsonBody<R>
  : never;
type Body<P, M extends string> = P extends Record<M, { requestBody?: infer B }> ? JsonBody<NonNullable<B>> : never;

export type ClientListQuery = NonNullable<paths["/api/v1/clients"]["get"]["parameters"]["query"]>;
export type ClientPage = Ok<paths["/api/v1/clients"], "get">;
export type ClientOut = ClientPage["items"][number];
export type ClientCreate = Body<paths["/api/v1/clients"], "post">;
export type ClientDetail = Ok<paths["/api/v1/clients/{client_id}"], "get">;
export type ClientUpdate = Body<paths["/api/v1/clients/{client_id}"], "patch">;
export type ClientStatusChange = Body<paths["/api/v1/clients/{client_id}/status"], "post">;
export type ClientDeletion = Ok<paths["/api/v1/clients/{client_id}"], "delete">;
export type ClientStatus = ClientOut["status"];

export type SubscriberPage = Ok<paths["/api/v1/subscribers"], "get">;
export type SubscriberOut = SubscriberPage["items"][number];
export type SubscriberStatus = SubscriberOut["status"];

export type ContractListQuery = NonNullable<paths["/api/v1/contracts"]["get"]["parameters"]["query"]>;
export type ContractPage = Ok<paths["/api/v1/contracts"], "get">;
export type ContractOut = ContractPage["items"][number];
export type ContractStatus = ContractOut["status"];
export type ContractTransition = Body<paths["/api/v1/contracts/{contract_id}/suspend"], "post">;

// the schema itself: a union (the client named one way) that the path-derived helper would distribute
export type CheckoutRequest = components["schemas"]["CheckoutRequestBody"];
export type CheckoutPreview = Ok<paths["/api/v1/provisioning/orders/preview"], "post">;
export type CheckoutIntent = NonNullable<CheckoutRequest["intent"]>;
export type OrderOut = Ok<paths["/api/v1/provisioning/orders/{order_id}"], "get">;

export const CLIENT_STATUSES: readonly ClientStatus[] = ["active", "suspended", "closed"];
export const CONTRACT_STATUSES: readonly ContractStatus[] = ["pending", "active", "suspended", "terminated", "superseded", "cancelled"];

// ---------------------------------------------------------------------------
// Billing: bill runs, invoices, credit notes (billing service).
export type BillRunListQuery = NonNullable<paths["/api/v1/bill-runs"]["get"]["parameters"]["query"]>;
export type BillRunPage = Ok<paths["/api/v1/bill-runs"], "get">;
export type BillRunCreate = Body<paths["/api/v1/bill-runs"], "post">;
export type BillRunOut = Ok<paths["/api/v1/bill-runs"], "post", 202>;
export type BillRunStatus = BillRunOut["status"];
export type BillRunProgress = BillRunOut["progress"];
export type BillRunErrorSample = NonNullable<BillRunOut["error_samples"]>[number];

export type InvoiceListQuery = NonNullable<paths["/api/v1/invoices"]["get"]["parameters"]["query"]>;
export type InvoicePage = Ok<paths["/api/v1/invoices"], "get">;
export type InvoiceOut = Ok<paths["/api/v1/invoices/{invoice_id}"], "get">;
export type InvoiceLine = NonNullable<InvoiceOut["lines"]>[number];
export type InvoiceStatus = InvoiceOut["status"];
export type CreditNoteCreate = Body<paths["/api/v1/invoices/{invoice_id}/credit-notes"], "post">;
export type CreditNoteOut = Ok<paths["/api/v1/invoices/{invoice_id}/credit-notes"], "post", 201>;

export const INVOICE_STATUSES: readonly InvoiceStatus[] = ["issued", "partially_paid", "paid", "credited", "overdue"];
export const BILL_RUN_FINAL: readonly BillRunStatus[] = ["completed", "failed"];

// ---------------------------------------------------------------------------
// Payments and collections (collections service): payments with allocation,
// balances, receivables, aging, collections runs, dunning cases.
export type PaymentCreate = Body<paths["/api/v1/payments"], "post">;
// The published 201 of POST /api/v1/payments has an empty schema ({} -> unknown);
// the payment shape is the one of GET /api/v1/payments/{payment_id} (same PaymentOut).
export type PaymentOut = Ok<paths["/api/v1/payments/{payment_id}"], "get">;
export type PaymentListQuery = NonNullable<paths["/api/v1/payments"]["get"]["parameters"]["query"]>;
export type PaymentPage = Ok<paths["/api/v1/payments"], "get">;
export type PaymentMethod = PaymentCreate["method"];
export type PaymentStatus = PaymentOut["status"];
export type PaymentAllocation = PaymentOut["allocations"][number];
export type AllocationPreview = Ok<paths["/api/v1/payments/preview"], "post">;
export type PaymentReversal = Body<paths["/api/v1/payments/{payment_id}/reverse"], "post">;
export type Balance = Ok<paths["/api/v1/clients/{client_id}/balance"], "get">;

export type ReceivableListQuery = NonNullable<paths["/api/v1/collections/receivables"]["get"]["parameters"]["query"]>;
export type ReceivablePage = Ok<paths["/api/v1/collections/receivables"], "get">;
export type Receivable = ReceivablePage["items"][number];

export type CollectionsRunCreate = Body<paths["/api/v1/collections/runs"], "post">;
export type CollectionsRunOut = Ok<paths["/api/v1/collections/runs"], "post", 201>;
export type Aging = Ok<paths["/api/v1/collections/aging"], "get">;
export type AgingBucket = Aging["buckets"][number];

export type CaseListQuery = NonNullable<paths["/api/v1/collections/cases"]["get"]["parameters"]["query"]>;
export type CasePage = Ok<paths["/api/v1/collections/cases"], "get">;
export type CaseOut = CasePage["items"][number];
export type CaseStatus = CaseOut["status"];
export type CaseStage = CaseOut["stage"];
export type CaseDetail = Ok<paths["/api/v1/collections/cases/{case_id}"], "get">;
export type TimelineEntry = NonNullable<CaseDetail["timeline"]>[number];
export type CaseAction = Body<paths["/api/v1/collections/cases/{case_id}/actions"], "post">;
export type CaseActionKind = CaseAction["action"];

export const PAYMENT_METHODS: readonly PaymentMethod[] = ["cash", "card", "bank_transfer", "direct_debit"];
export const PAYMENT_STATUSES: readonly PaymentStatus[] = ["posted", "reversed"];
export const CASE_STATUSES: readonly CaseStatus[] = ["open", "closed"];
export const AGING_BUCKETS: readonly AgingBucket["bucket"][] = ["1-30", "31-60", "61-90", "90+"];

// ---------------------------------------------------------------------------
// Self-service (public client space on /landing). Same rule: every alias goes
// through `paths`, so a regenerated schema that drifts breaks the build here.
export type SelfServiceOfferQuery = NonNullable<paths["/api/v1/self-service/offers"]["get"]["parameters"]["query"]>;
export type SelfServiceOfferList = Ok<paths["/api/v1/self-service/offers"], "get">;
export type SelfServiceOffer = SelfServiceOfferList["items"][number];
export type SelfServiceSessionCreate = Body<paths["/api/v1/self-service/sessions"], "post">;
export type SelfServiceSession = Ok<paths["/api/v1/self-service/sessions"], "post", 201>;
export type SelfServiceContractList = Ok<paths["/api/v1/self-service/contracts"], "get">;
export type SelfServiceContract = SelfServiceContractList["items"][number];
export type SelfServiceInvoiceList = Ok<paths["/api/v1/self-service/invoices"], "get">;
export type SelfServiceInvoice = SelfServiceInvoiceList["items"][number];
export type SelfServiceOrderCreate = Body<paths["/api/v1/self-service/orders"], "post">;
export type SelfServiceNewClient = NonNullable<SelfServiceOrderCreate["new_client"]>;
// The published 201/202 of POST /api/v1/self-service/orders has an empty schema ({} -> unknown);
// the backend answers the provisioning order (same OrderOut as GET /api/v1/provisioning/orders/{order_id}).
export type SelfServiceOrder = Ok<paths["/api/v1/provisioning/orders/{order_id}"], "get">;

// ---------------------------------------------------------------------------
// Partner API (identity service): scoped API keys and signed webhooks.
export type ApiKeyList = Ok<paths["/api/v1/api-keys"], "get">;
export type ApiKeyOut = ApiKeyList["items"][number];
export type ApiKeyCreate = Body<paths["/api/v1/api-keys"], "post">;
export type ApiKeyCreated = Ok<paths["/api/v1/api-keys"], "post", 201>;
export type ApiKeyScope = ApiKeyCreate["scopes"][number];

export type WebhookSubscriptionPage = Ok<paths["/api/v1/webhooks/subscriptions"], "get">;
export type WebhookSubscription = WebhookSubscriptionPage["items"][number];
export type WebhookSubscriptionCreate = Body<paths["/api/v1/webhooks/subscriptions"], "post">;
export type WebhookSubscriptionCreated = Ok<paths["/api/v1/webhooks/subscriptions"], "post", 201>;
export type WebhookDeliveryQuery = NonNullable<paths["/api/v1/webhooks/deliveries"]["get"]["parameters"]["query"]>;
export type WebhookDeliveryPage = Ok<paths["/api/v1/webhooks/deliveries"], "get">;
export type WebhookDelivery = WebhookDeliveryPage["items"][number];
export type WebhookReplay = Body<paths["/api/v1/webhooks/subscriptions/{subscription_id}/replay"], "post">;
export type WebhookReplayOut = Ok<paths["/api/v1/webhooks/subscriptions/{subscription_id}/replay"], "post">;

export const API_KEY_SCOPES: readonly ApiKeyScope[] = ["read", "personal-data", "billing", "provisioning"];

export type AnalyticsSummary = JsonBody<paths["/api/v1/analytics/summary"]["get"]["responses"][200]>;
export type RevenueQuery = NonNullable<paths["/api/v1/analytics/revenue"]["get"]["parameters"]["query"]>;
export type RevenueMonth = JsonBody<paths["/api/v1/analytics/revenue"]["get"]["responses"][200]>["items"][number];
export type InvoiceExportQuery = NonNullable<paths["/api/v1/invoices/export"]["get"]["parameters"]["query"]>;
export type PaymentExportQuery = NonNullable<paths["/api/v1/payments/export"]["get"]["parameters"]["query"]>;
export type AgingExportQuery = NonNullable<paths["/api/v1/collections/aging/export"]["get"]["parameters"]["query"]>;
