import { t } from "../i18n";
import { useQuery } from "@tanstack/react-query";

/** One read model or feed follower that stopped on an event (from the gateway's /health/ready). */
type Stuck = { service: string; kind: string; name: string; position: number; event_id: number; event_type: string };
type Ready = { status: string; stuck?: Stuck[]; checks?: Record<string, string> };

const EVERY_MS = 30_000;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === "string" ? v : "");
const count = (v: unknown) => (typeof v === "number" ? v : 0);

/** The gateway's readiness document, read field by field (it is not part of the typed API). */
function readReady(body: unknown): Ready {
  if (!isRecord(body)) return { status: "unreachable" };
  const stuck: Stuck[] = (Array.isArray(body.stuck) ? body.stuck : []).filter(isRecord).map((s) => ({
    service: text(s.service),
    kind: text(s.kind),
    name: text(s.name),
    position: count(s.position),
    event_id: count(s.event_id),
    event_type: text(s.event_type),
  }));
  const checks: Record<string, string> = {};
  if (isRecord(body.checks)) for (const [k, v] of Object.entries(body.checks)) checks[k] = text(v);
  return { status: text(body.status) || "unreachable", stuck, checks };
}

async function check(): Promise<Ready> {
  try {
    const r = await fetch("/health/ready", { headers: { Accept: "application/json" } });
    return readReady(await r.json());
  } catch {
    return { status: "unreachable" };
  }
}

/**
 * Tells the operator when what they read may be behind: a read model stuck on an event keeps
 * answering from its last good state (the service is "degraded", not down), and an
 * unavailable service is named. Silent while everything is ok.
 */
export function HealthBanner() {
  const ready = useQuery({ queryKey: ["health-ready"], queryFn: check, refetchInterval: EVERY_MS, staleTime: 0 }).data;
  if (!ready || ready.status === "ok") return null;
  const stuck = ready.stuck ?? [];
  const down = Object.entries(ready.checks ?? {}).filter(([, v]) => v !== "ok" && !v.startsWith("degraded"));
  return (
    <div className="health-banner" role="alert" data-testid="health-banner">
      <strong>{ready.status === "degraded" ? t("components.healthBanner.someViewsAreBehind") : t("components.healthBanner.someServicesAreNotAnswering")}</strong>
      {stuck.map((s) => (
        <span key={`${s.service}:${s.kind}:${s.name}`}>
          {" "}
          {s.service} · {s.name} {t("components.healthBanner.stoppedOnEvent")} {s.event_id} ({s.event_type}{t("components.healthBanner.itShowsTheStateAsOf")}{" "}
          {s.position}{t("components.healthBanner.writesAreSafeAskTheOn")}
        </span>
      ))}
      {down.map(([name, v]) => (
        <span key={name}>
          {" "}
          {name}: {v}.
        </span>
      ))}
      {ready.status === "unreachable" ? <span> {t("components.healthBanner.theConsoleCannotReachTheServer")}</span> : null}
    </div>
  );
}
