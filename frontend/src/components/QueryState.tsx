import type { ReactNode } from "react";
import { problemOf } from "../api/query";
import { Loading, ProblemBanner } from "./ui";

/**
 * The one way the console shows a read in progress or failed: a spinner while the first
 * answer is awaited, the problem (problem+json, as the API named it) when it failed, else
 * the children with the data.
 */
export function QueryState<T>({
  query,
  label,
  children,
  frame = (body) => body,
}: {
  /** A TanStack query (its `refetch` offers "Try again" on a problem). */
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch?: () => unknown };
  label?: string;
  children: (data: T) => ReactNode;
  /** What surrounds the spinner or the problem (a card with its "back" link). */
  frame?: (body: ReactNode) => ReactNode;
}) {
  // data already shown stays while a refetch fails (the problem shows the first time only)
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error) {
    const retry = query.refetch;
    return <>{frame(<ProblemBanner problem={problemOf(query.error)} onRetry={retry ? () => void retry() : undefined} />)}</>;
  }
  return <>{frame(<Loading label={label} />)}</>;
}
