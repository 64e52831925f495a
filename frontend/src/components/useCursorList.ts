import { useEffect, useRef, useState, type DependencyList } from "react";
import { networkProblem, toProblem, type ProblemView } from "../api/problem";

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

/**
 * A cursor-paginated list: the first page whenever `deps` change (a late answer to an older
 * filter is ignored), then "load more" pages appended without duplicates. While `enabled` is
 * false (a filter the API would refuse) the list is empty and nothing is asked.
 */
export function useCursorList<T extends { id: string }>(
  fetchPage: Fetch<T>,
  deps: DependencyList,
  enabled = true,
) {
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const requestSeq = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  useEffect(() => {
    const seq = ++requestSeq.current;
    if (!enabled) {
      setItems([]);
      setTotal(null);
      setNextCursor(null);
      setProblem(null);
      setLoading(false);
      return;
    }
    setLoading(true);
    setProblem(null);
    fetchRef
      .current(null)
      .then(({ data, error, response }) => {
        if (seq !== requestSeq.current) return;
        if (data) {
          setItems(data.items);
          setTotal(data.total);
          setNextCursor(data.next_cursor ?? null);
        } else {
          setItems([]);
          setTotal(null);
          setNextCursor(null);
          setProblem(toProblem(error, response));
        }
      })
      .catch((e) => seq === requestSeq.current && setProblem(networkProblem(e)))
      .finally(() => seq === requestSeq.current && setLoading(false));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, enabled]);

  async function loadMore() {
    if (!nextCursor) return;
    const seq = requestSeq.current;
    setLoadingMore(true);
    try {
      const { data, error, response } = await fetchRef.current(nextCursor);
      if (seq !== requestSeq.current) return;
      if (data) {
        setItems((prev) => {
          const seen = new Set(prev.map((item) => item.id));
          return [...prev, ...data.items.filter((item) => !seen.has(item.id))];
        });
        setTotal(data.total);
        setNextCursor(data.next_cursor ?? null);
      } else setProblem(toProblem(error, response));
    } catch (e) {
      setProblem(networkProblem(e));
    } finally {
      setLoadingMore(false);
    }
  }

  return { items, setItems, total, nextCursor, loading, loadingMore, problem, loadMore };
}
