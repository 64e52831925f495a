import { useEffect, useState, type ReactNode } from "react";
import { useSearchParams } from "react-router-dom";
import { t } from "../i18n";
import { Loading, ProblemBanner } from "./ui";
import type { CursorList } from "./useCursorList";

/**
 * A list's filters, kept in the URL of its tab (`/?tab=invoices&status=overdue`): a filtered
 * list can be linked, reloaded and gone back to. Setting a filter replaces the history entry
 * (typing does not stack up entries).
 */
export function useUrlFilters(tab: string) {
  const [params, setParams] = useSearchParams();
  const update = (changes: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    p.set("tab", tab);
    for (const [key, value] of Object.entries(changes)) {
      if (value) p.set(key, value);
      else p.delete(key);
    }
    setParams(p, { replace: true });
  };
  return {
    params,
    get: (key: string, fallback = "") => params.get(key) ?? fallback,
    set: (key: string, value: string) => update({ [key]: value }),
    update,
    clear: (keys: string[]) => update(Object.fromEntries(keys.map((k) => [k, null]))),
  };
}

/** A text filter: what is typed shows at once, the URL (and the request) follows when typing pauses. */
export function useTypedFilter(filters: ReturnType<typeof useUrlFilters>, key: string, ms = 300) {
  const value = filters.get(key);
  const [input, setInput] = useState(value);
  useEffect(() => setInput(value), [value]); // the URL changed from outside (a link, back)
  useEffect(() => {
    if (input.trim() === value) return;
    const timer = window.setTimeout(() => filters.set(key, input.trim()), ms);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [input]);
  return [input, setInput] as const;
}

/**
 * The body of every list screen: the problem if the list could not be read, a spinner for
 * the first page, the empty state, the table, and "load more" while pages remain.
 */
export function ListScreen<T>({
  list,
  label,
  loadingLabel,
  empty,
  head,
  row,
  tableClassName = "table table-clickable",
  loadMoreLabel = t("components.listScreen.loadMore"),
}: {
  list: CursorList<T>;
  /** The table's accessible name. */
  label: string;
  loadingLabel: string;
  /** What an empty list says (and offers). */
  empty: ReactNode;
  head: ReactNode;
  row: (item: T) => ReactNode;
  tableClassName?: string;
  loadMoreLabel?: string;
}) {
  const { items, loading, loadingMore, problem, nextCursor, loadMore } = list;
  return (
    <>
      <ProblemBanner problem={problem} />
      {loading ? (
        <Loading label={loadingLabel} />
      ) : items.length === 0 && !problem ? (
        <div className="empty">{empty}</div>
      ) : items.length > 0 ? (
        <div className="table-wrap">
          <table className={tableClassName} aria-label={label}>
            <thead>{head}</thead>
            <tbody>{items.map(row)}</tbody>
          </table>
        </div>
      ) : null}
      {!loading && nextCursor ? (
        <div className="load-more">
          <button type="button" className="btn btn-secondary" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? t("components.listScreen.loading") : loadMoreLabel}
          </button>
        </div>
      ) : null}
    </>
  );
}
