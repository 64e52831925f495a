// The console's data layer: TanStack Query over the typed client (./client.ts).
// Every read is a query (cached by its key, shared between screens, refetched when a
// mutation invalidates it); every answer that is not 2xx becomes an ApiError holding the
// problem as the UI shows it (./problem.ts), so one component (<QueryState>) shows loading
// and problems the same way everywhere.
import { QueryClient, type QueryKey } from "@tanstack/react-query";
import { networkProblem, toProblem, type ProblemView } from "./problem";

/** A failed request: the API's problem (or the network's) as the UI shows it. */
export class ApiError extends Error {
  readonly problem: ProblemView;
  /** The answer's body as the API sent it (a 409's extra members, e.g. checkout's candidate lines). */
  readonly body: unknown;
  /** The answer itself (its headers: Retry-After), absent when the network failed. */
  readonly response: Response | null;
  constructor(problem: ProblemView, body: unknown = null, response: Response | null = null) {
    super(problem.detail ?? problem.title);
    this.problem = problem;
    this.body = body;
    this.response = response;
  }
}

/** What openapi-fetch answers. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a 2xx answer, or an ApiError (problem+json, text, or the network failing). */
export async function unwrap<T>(request: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await request;
  } catch (e) {
    throw new ApiError(networkProblem(e));
  }
  if (answer.data !== undefined && answer.response.ok) return answer.data;
  throw new ApiError(toProblem(answer.error, answer.response), answer.error, answer.response);
}

/** The data of a 2xx answer with the answer itself (its status: 200 "already there" or 201). */
export async function unwrapAnswer<T>(request: Promise<Answer<T>>): Promise<{ data: T; response: Response }> {
  let response: Response | null = null;
  const data = await unwrap(
    request.then((answer) => {
      response = answer.response;
      return answer;
    }),
  );
  return { data, response: response ?? new Response(null) };
}

/** The problem behind a query's or mutation's error (null when there is none). */
export function problemOf(error: unknown): ProblemView | null {
  if (!error) return null;
  if (error instanceof ApiError) return error.problem;
  return networkProblem(error);
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // an operator's screen shows what was just read; switching tabs back within half a
      // minute shows the cache, then a mutation invalidates what it changed
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // a problem answer is shown at once (a 4xx will not change by asking again)
      retry: (count, error) => count < 1 && error instanceof ApiError && error.problem.status === 0,
    },
    mutations: { retry: false },
  },
});

/** The query keys' roots: a mutation invalidates the roots it changed. */
export const keys = {
  clients: ["clients"] as const,
  clientNames: ["client-names"] as const,
  contracts: ["contracts"] as const,
  invoices: ["invoices"] as const,
  payments: ["payments"] as const,
  receivables: ["receivables"] as const,
  balances: ["balances"] as const,
  cases: ["cases"] as const,
  aging: ["aging"] as const,
  offers: ["offers"] as const,
  subscribers: ["subscribers"] as const,
  billRuns: ["bill-runs"] as const,
  dashboard: ["dashboard"] as const,
  apiKeys: ["api-keys"] as const,
  webhooks: ["webhooks"] as const,
  deliveries: ["webhook-deliveries"] as const,
};

/** Invalidate these roots (every query under each). */
export function invalidate(...roots: QueryKey[]): Promise<void> {
  return Promise.all(roots.map((queryKey) => queryClient.invalidateQueries({ queryKey }))).then(() => undefined);
}

/** After money moved (a payment posted or reversed, a run, a credit note): every view of it. */
export function invalidateMoney(): Promise<void> {
  return invalidate(keys.payments, keys.receivables, keys.balances, keys.cases, keys.aging, keys.invoices, keys.dashboard);
}
