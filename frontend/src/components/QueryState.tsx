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
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean };
  label?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.error) return <ProblemBanner problem={problemOf(query.error)} />;
  if (query.isPending || query.data === undefined) return <Loading label={label} />;
  return <>{children(query.data)}</>;
}
