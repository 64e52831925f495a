// Aliases DERIVED from the generated OpenAPI types (src/api/schema.d.ts).
// Nothing here is hand-written: each alias points into `paths`, so that
// `npm run gen:api` + `tsc` flags any drift with the backend contract.
import type { paths } from "./schema";

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
