import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { keys, unwrap } from "../api/query";
import { fullName, shortId } from "../components/format";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The most clients one list request names (the API's limit for `?id=`). */
const BATCH = 100;

/** Display names of these clients, in one request per hundred (GET /api/v1/clients?id=..). */
async function fetchNames(ids: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH);
    const page = await unwrap(api.GET("/api/v1/clients", { params: { query: { id: chunk, limit: BATCH } } }));
    for (const c of page.items) names.set(c.id, fullName(c));
  }
  return names;
}

/**
 * Client id -> display name for the clients a list shows: one batch request for the whole
 * page (cached by TanStack Query; a page that adds rows asks again once), never one per row.
 * Names are missing until the answer comes (the short id shows meanwhile).
 */
export function useClientNames(ids: readonly string[]): Map<string, string> {
  const unique = [...new Set(ids.filter((id) => UUID.test(id)))].sort();
  const query = useQuery({
    queryKey: [...keys.clientNames, unique],
    queryFn: () => fetchNames(unique),
    enabled: unique.length > 0,
    staleTime: 5 * 60_000,
    // the previous page's names stay while a longer page's are asked
    placeholderData: keepPreviousData,
  });
  return query.data ?? EMPTY;
}

const EMPTY = new Map<string, string>();

export function clientLabel(names: Map<string, string>, id: string): string {
  return names.get(id) ?? shortId(id);
}
