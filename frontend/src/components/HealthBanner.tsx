import { t } from "../i18n";
import { useEffect, useState } from "react";

/** One read model or feed follower that stopped on an event (from the gateway's /health/ready). */
type Stuck = { service: string; kind: string; name: string; position: number; event_id: number; event_type: string };
type Ready = { status: string; stuck?: Stuck[]; checks?: Record<string, string> };

const EVERY_MS = 30_000;

/**
 * Tells the operator when what they read may be behind: a read model stuck on an event keeps
 * answering from its last good state (the service is "degraded", not down), and an
 * unavailable service is named. Silent while everything is ok.
 */
export function HealthBanner() {
  const [ready, setReady] = useState<Ready | null>(null);
  useEffect(() => {
    let alive = true;
    async function check() {
      try {
        const r = await fetch("/health/ready", { headers: { Accept: "application/json" } });
        const body = (await r.json()) as Ready;
        if (alive) setReady(body);
      } catch {
        if (alive) setReady({ status: "unreachable" });
      }
    }
    void check();
    const timer = window.setInterval(() => void check(), EVERY_MS);
    return () => {
      alive = false;
      window.clearInterval(timer);
    };
  }, []);
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
