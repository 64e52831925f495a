import { useEffect, useState } from "react";
import { api } from "../api/client";
import { fullName, shortId } from "../components/format";

// Client display names for invoice lists: one GET /api/v1/clients/{id} per id,
// cached for the session (a name rarely changes; a failed lookup falls back to
// the short id and is retried on the next page load).
const cache = new Map<string, string>();
const inflight = new Map<string, Promise<string | null>>();

function fetchName(id: string): Promise<string | null> {
  const cached = cache.get(id);
  if (cached !== undefined) return Promise.resolve(cached);
  let p = inflight.get(id);
  if (!p) {
    p = api
      .GET("/api/v1/clients/{client_id}", { params: { path: { client_id: id } } })
      .then(({ data }) => {
        if (!data) return null;
        const name = fullName(data);
        cache.set(id, name);
        return name;
      })
      .catch(() => null)
      .finally(() => inflight.delete(id));
    inflight.set(id, p);
  }
  return p;
}

/** Map client id -> display name for the given ids (missing until resolved). */
export function useClientNames(ids: readonly string[]): Map<string, string> {
  const key = [...new Set(ids)].sort().join(",");
  const [names, setNames] = useState<Map<string, string>>(() => new Map(ids.flatMap((id) => (cache.has(id) ? [[id, cache.get(id)!]] : []))));
  useEffect(() => {
    if (!key) return;
    let alive = true;
    const list = key.split(",");
    Promise.all(list.map((id) => fetchName(id).then((n) => [id, n] as const))).then((pairs) => {
      if (!alive) return;
      setNames((prev) => {
        const next = new Map(prev);
        for (const [id, n] of pairs) if (n) next.set(id, n);
        return next;
      });
    });
    return () => {
      alive = false;
    };
  }, [key]);
  return names;
}

export function clientLabel(names: Map<string, string>, id: string): string {
  return names.get(id) ?? shortId(id);
}
