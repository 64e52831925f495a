// The reads several screens share, as queries keyed under the roots of ./query.ts (`keys`):
// a client's file, a contract, a line, an aggregate's audit events. A screen that changed one
// invalidates its root and every screen showing it reads it again.
import { useQuery, type QueryKey } from "@tanstack/react-query";
import { api } from "./client";
import { keys, unwrap } from "./query";

/** Contracts one client file shows at most (the contracts list pages past it). */
const CLIENT_CONTRACTS = 200;

export function useClient(clientId: string | null) {
  return useQuery({
    queryKey: [...keys.clients, "detail", clientId],
    queryFn: () => unwrap(api.GET("/api/v1/clients/{client_id}", { params: { path: { client_id: clientId ?? "" } } })),
    enabled: !!clientId,
  });
}

/** A client's contracts (newest first as the API sorts them). */
export function useClientContracts(clientId: string | null) {
  return useQuery({
    queryKey: [...keys.contracts, "of-client", clientId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/contracts", { params: { query: { client_id: clientId ?? "", limit: CLIENT_CONTRACTS } } })).then((page) => page.items),
    enabled: !!clientId,
  });
}

export function useContract(contractId: string) {
  return useQuery({
    queryKey: [...keys.contracts, "detail", contractId],
    queryFn: () => unwrap(api.GET("/api/v1/contracts/{contract_id}", { params: { path: { contract_id: contractId } } })),
  });
}

export function useSubscriber(subscriberId: string | null) {
  return useQuery({
    queryKey: [...keys.subscribers, "detail", subscriberId],
    queryFn: () => unwrap(api.GET("/api/v1/subscribers/{subscriber_id}", { params: { path: { subscriber_id: subscriberId ?? "" } } })),
    enabled: !!subscriberId,
  });
}

/** An aggregate's recorded events, newest first (same timestamp: the later recorded first). */
export function useAuditEvents(root: QueryKey, aggregateType: "contract" | "offer", aggregateId: string) {
  return useQuery({
    queryKey: [...root, "events", aggregateId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/audit/{aggregate_type}/{aggregate_id}/events", {
          params: { path: { aggregate_type: aggregateType, aggregate_id: aggregateId } },
        }),
      ).then((page) =>
        page.items
          .map((e, i) => ({ e, i }))
          .sort((a, b) => (a.e.timestamp === b.e.timestamp ? b.i - a.i : a.e.timestamp < b.e.timestamp ? 1 : -1))
          .map(({ e }) => e),
      ),
  });
}
