import { t } from "../i18n";
import { useEffect, useRef, useState } from "react";
import { api } from "../api/client";
import { networkProblem, toProblem, type ProblemView } from "../api/problem";
import type { ClientOut } from "../api/types";
import { Loading, ProblemBanner, StatusBadge } from "../components/ui";
import { fullName } from "../components/format";

/** "Existing client" entry point: search by CIN or name, pick one. */
export function ClientSearch({ onSelect }: { onSelect: (c: ClientOut) => void }) {
  const [q, setQ] = useState("");
  const [results, setResults] = useState<ClientOut[] | null>(null);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    const term = q.trim();
    if (term === "") {
      seq.current++;
      setResults(null);
      setProblem(null);
      setLoading(false);
      return;
    }
    const t = window.setTimeout(() => {
      const mine = ++seq.current;
      setLoading(true);
      setProblem(null);
      api
        .GET("/api/v1/clients", { params: { query: { q: term, limit: 10 } } })
        .then(({ data, error, response }) => {
          if (mine !== seq.current) return;
          if (data) {
            setResults(data.items);
            setTotal(data.total);
          } else {
            setResults(null);
            setProblem(toProblem(error, response));
          }
        })
        .catch((e) => mine === seq.current && setProblem(networkProblem(e)))
        .finally(() => mine === seq.current && setLoading(false));
    }, 250);
    return () => window.clearTimeout(t);
  }, [q]);

  return (
    <div className="client-search">
      <div className="field">
        <label htmlFor="checkout-client-search">{t("contracts.clientSearch.searchClient")}</label>
        <input
          id="checkout-client-search"
          type="search"
          placeholder={t("contracts.clientSearch.cinOrWholeNameWordS")}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          autoComplete="off"
        />
      </div>
      <ProblemBanner problem={problem} />
      {loading ? <Loading label={t("contracts.clientSearch.searching")} /> : null}
      {!loading && results !== null ? (
        results.length === 0 ? (
          <p className="muted">{t("contracts.clientSearch.noClientMatches")}{q.trim()}”.</p>
        ) : (
          <>
            <ul className="result-list" aria-label={t("contracts.clientSearch.clientSearchResults")}>
              {results.map((c) => (
                <li key={c.id}>
                  <button type="button" className="result-item" onClick={() => onSelect(c)} disabled={c.erased}>
                    <span className="result-main">
                      <strong>{fullName(c)}</strong>
                      <span className="mono muted"> · {c.cin}</span>
                      <span className="mono muted"> · {c.phone}</span>
                    </span>
                    <StatusBadge status={c.status} />
                  </button>
                </li>
              ))}
            </ul>
            {total > results.length ? (
              <p className="muted small">
                {t("contracts.clientSearch.showing")} {results.length} {t("contracts.clientSearch.of")} {total}{t("contracts.clientSearch.refineTheSearch")}
              </p>
            ) : null}
          </>
        )
      ) : null}
    </div>
  );
}
