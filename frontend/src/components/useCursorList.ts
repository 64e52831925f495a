import { useInfiniteQuery, type QueryKey } from "@tanstack/react-query";
import { problemOf, unwrap } from "../api/query";
import type { ProblemView } from "../api/problem";

/** One page of a list as the API answers it (the list convention of api-v1.md). */
export interface Page<T> {
  items: T[];
  total: number;
  next_cursor?: string | null;
}

type Fetch<T> = (cursor: string | null) => Promise<{
  data?: Page<T>;
  error?: unknown;
  response: Response;
}>;

export interface CursorList<T> {
  items: T[];
  total: number | null;
  nextCursor: string | null;
  loading: boolean;
  loadingMore: boolean;
  problem: ProblemView | null;
  loadMore: () => void;
}

/**
 * A cursor-paginated list, as a TanStack infinite query: `key` names the list and its filters
 * (its first element is the root a mutation invalidates, api/query.ts `keys`), the first page
 * comes whenever the key changes (a late answer to an older filter never shows), "load more"
 * pages are appended without duplicates. While `enabled` is false (a filter the API would
 * refuse) the list is empty and nothing is asked.
 */
export function useCursorList<T extends { id: string }>(
  key: QueryKey,
  fetchPage: Fetch<T>,
  enabled = true,
): CursorList<T> {
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => unwrap(fetchPage(pageParam)),
    initialPageParam: null as string | null,
    getNextPageParam: (last: Page<T>) => last.next_cursor ?? null,
    enabled,
  });
  const pages = enabled ? (query.data?.pages ?? []) : [];
  const seen = new Set<string>();
  const items: T[] = [];
  for (const page of pages) {
    for (const item of page.items) {
      if (!seen.has(item.id)) {
        seen.add(item.id);
        items.push(item);
      }
    }
  }
  const last = pages.length ? pages[pages.length - 1] : null;
  return {
    items,
    total: last ? last.total : null,
    nextCursor: enabled && query.hasNextPage ? (last?.next_cursor ?? null) : null,
    loading: enabled && query.isPending,
    loadingMore: query.isFetchingNextPage,
    problem: enabled ? problemOf(query.error) : null,
    loadMore: () => void query.fetchNextPage(),
  };
}
