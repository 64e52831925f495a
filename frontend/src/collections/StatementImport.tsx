import { t } from "../i18n";
import { useRef, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import type { ProblemView } from "../api/problem";
import { invalidateMoney, keys, problemOf, unwrap } from "../api/query";
import type { components } from "../api/schema";
import { ClientSearch } from "../contracts/ClientSearch";
import { Loading, Notice, ProblemBanner } from "../components/ui";
import { formatCount, formatDate, formatMoney, fullName } from "../components/format";
import { clientLabel, useClientNames } from "../invoices/clientNames";

type StatementImport = components["schemas"]["StatementImportOut"];
type StatementLine = components["schemas"]["StatementLineOut"];
type Confirmed = components["schemas"]["StatementConfirmed"];
type LineState = StatementLine["state"];

const GROUPS: LineState[] = ["matched", "ambiguous", "unmatched", "already_posted"];
const POLL_MS = 700;

/** A chosen client for a line: its id and the name shown. */
type Choice = { clientId: string; name: string };

function groupTitle(state: LineState): string {
  switch (state) {
    case "matched":
      return t("collections.statement.groupMatched");
    case "ambiguous":
      return t("collections.statement.groupAmbiguous");
    case "unmatched":
      return t("collections.statement.groupUnmatched");
    default:
      return t("collections.statement.groupAlreadyPosted");
  }
}

/**
 * "Bank statement": upload a CSV or CAMT.053 statement, see its lines in four groups
 * (matched, ambiguous, unmatched, already posted), assign the ambiguous and unmatched ones
 * with the client search, confirm, and see what was posted. While the confirmation posts, the
 * import is read again to show how many lines are done.
 */
export function StatementImport({ onPosted }: { onPosted: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [noFile, setNoFile] = useState<ProblemView | null>(null);
  const [found, setFound] = useState<StatementImport | null>(null);
  const [choices, setChoices] = useState<Record<number, Choice>>({});
  const [picking, setPicking] = useState<number | null>(null);
  const [result, setResult] = useState<Confirmed | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const ids = found
    ? found.lines.flatMap((l) => [...(l.client_id ? [l.client_id] : []), ...l.candidates])
    : [];
  const names = useClientNames(ids);

  const reading = useMutation({
    mutationFn: (f: File) => {
      const form = new FormData();
      form.append("file", f, f.name);
      return unwrap(api.POST("/api/v1/payments/imports", { body: { file: f.name }, bodySerializer: () => form }));
    },
    onMutate: () => {
      setResult(null);
      setChoices({});
      setPicking(null);
    },
    onSuccess: setFound,
    onError: () => setFound(null),
  });

  const posting = useMutation({
    mutationFn: async ({ importId, assignments }: { importId: string; assignments: { line: number; client_id: string }[] }) => {
      const confirmed = await unwrap(api.POST("/api/v1/payments/imports/{import_id}/confirm", { params: { path: { import_id: importId } }, body: { assignments } }));
      // the import as it ends (each line's state): shown instead of the preview
      const after = await unwrap(api.GET("/api/v1/payments/imports/{import_id}", { params: { path: { import_id: importId } } })).catch(() => null);
      return { confirmed, after };
    },
    onSuccess: ({ confirmed, after }) => {
      setResult(confirmed);
      if (after) setFound(after);
      void invalidateMoney();
      onPosted();
    },
  });

  // while the confirmation runs: the import read again for its progress
  const importId = found?.id ?? "";
  const progressQuery = useQuery({
    queryKey: [...keys.payments, "import-progress", importId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/payments/imports/{import_id}", { params: { path: { import_id: importId } } })).then((d) => ({ done: d.lines_done, total: d.lines_total })),
    enabled: posting.isPending && importId !== "",
    refetchInterval: POLL_MS,
    staleTime: 0,
  });
  const progress = posting.isPending && found ? (progressQuery.data ?? { done: 0, total: found.lines_total }) : null;

  const busy: "upload" | "confirm" | null = reading.isPending ? "upload" : posting.isPending ? "confirm" : null;
  const problem = noFile ?? problemOf(reading.error) ?? problemOf(posting.error);

  function upload(e: FormEvent) {
    e.preventDefault();
    posting.reset();
    if (!file) {
      setNoFile({ status: 422, title: t("collections.statement.chooseFile"), detail: null, errors: [] });
      return;
    }
    setNoFile(null);
    reading.mutate(file);
  }

  function confirm() {
    if (!found) return;
    const assignments = Object.entries(choices).map(([line, c]) => ({ line: Number(line), client_id: c.clientId }));
    posting.mutate({ importId: found.id, assignments });
  }

  function reset() {
    setFound(null);
    setResult(null);
    setChoices({});
    setPicking(null);
    setFile(null);
    if (fileInput.current) fileInput.current.value = "";
  }

  const preview = found?.status === "preview" && !result;
  const toPost = found
    ? found.lines.filter((l) => l.state === "matched" || (choices[l.line] && l.state !== "already_posted")).length
    : 0;

  function clientCell(line: StatementLine) {
    const chosen = choices[line.line];
    if (chosen) return <strong>{chosen.name}</strong>;
    if (line.client_id) return clientLabel(names, line.client_id);
    if (line.state === "ambiguous")
      return (
        <span className="muted">
          {t("collections.statement.candidates")} {line.candidates.map((c) => clientLabel(names, c)).join(", ")}
        </span>
      );
    return <span className="muted">{t("collections.statement.noClient")}</span>;
  }

  return (
    <section className="card stack" aria-labelledby="statement-title">
      <h2 id="statement-title">{t("collections.statement.title")}</h2>
      <p className="muted small">{t("collections.statement.hint")}</p>
      <form className="row" onSubmit={upload}>
        <div className="field">
          <label htmlFor="statement-file">{t("collections.statement.file")}</label>
          <input
            id="statement-file"
            ref={fileInput}
            type="file"
            accept=".csv,.xml,text/csv,application/xml"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <button type="submit" className="primary" disabled={busy !== null}>
          {busy === "upload" ? t("collections.statement.reading") : t("collections.statement.upload")}
        </button>
      </form>
      <ProblemBanner problem={problem} />
      {busy === "upload" ? <Loading label={t("collections.statement.reading")} /> : null}

      {result ? (
        <Notice onDismiss={reset}>
          <span data-testid="statement-result">
            {t("collections.statement.posted", { count: result.posted, amount: formatMoney(result.posted_amount) })}
            {result.skipped ? ` ${t("collections.statement.skipped", { count: result.skipped })}` : null}
          </span>
        </Notice>
      ) : null}

      {found ? (
        <div className="stack">
          <ul className="row statement-counts" aria-label={t("collections.statement.summary")}>
            {GROUPS.map((g) => (
              <li key={g}>
                {groupTitle(g)}: <strong data-testid={`count-${g}`}>{formatCount(found.counts[g])}</strong>
              </li>
            ))}
            {found.debits_ignored ? (
              <li className="muted">{t("collections.statement.debitsIgnored", { count: found.debits_ignored })}</li>
            ) : null}
          </ul>
          {GROUPS.map((g) => {
            const lines = found.lines.filter((l) => l.state === g);
            if (lines.length === 0) return null;
            return (
              <div key={g} className="stack" data-group={g}>
                <h3>
                  {groupTitle(g)} ({formatCount(lines.length)})
                </h3>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("collections.statement.line")}</th>
                      <th scope="col">{t("collections.statement.date")}</th>
                      <th scope="col" className="num">
                        {t("collections.statement.amount")}
                      </th>
                      <th scope="col">{t("collections.statement.label")}</th>
                      <th scope="col">{t("collections.statement.bankReference")}</th>
                      <th scope="col">{t("collections.statement.client")}</th>
                      <th scope="col">{t("collections.statement.outcome")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {lines.map((l) => (
                      <tr key={l.line} data-line={l.line}>
                        <td className="mono">{l.line}</td>
                        <td>{formatDate(l.date)}</td>
                        <td className="num">{formatMoney(l.amount)}</td>
                        <td>{l.label}</td>
                        <td className="mono">{l.bank_reference}</td>
                        <td>{clientCell(l)}</td>
                        <td>
                          {l.outcome === "posted"
                            ? t("collections.statement.outcomePosted")
                            : l.outcome === "skipped"
                              ? t("collections.statement.outcomeSkipped")
                              : preview && (g === "ambiguous" || g === "unmatched") ? (
                                  <span className="row">
                                    <button type="button" onClick={() => setPicking(picking === l.line ? null : l.line)}>
                                      {t("collections.statement.assign")}
                                    </button>
                                    {choices[l.line] ? (
                                      <button
                                        type="button"
                                        onClick={() =>
                                          setChoices((c) => {
                                            const next = { ...c };
                                            delete next[l.line];
                                            return next;
                                          })
                                        }
                                      >
                                        {t("collections.statement.unassign")}
                                      </button>
                                    ) : null}
                                  </span>
                                ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          })}
          {picking !== null && preview ? (
            <div className="card stack" role="group" aria-label={t("collections.statement.assignLine", { line: picking })}>
              <strong>{t("collections.statement.assignLine", { line: picking })}</strong>
              <ClientSearch
                onSelect={(c) => {
                  setChoices((prev) => ({ ...prev, [picking]: { clientId: c.id, name: fullName(c) } }));
                  setPicking(null);
                }}
              />
              <button type="button" onClick={() => setPicking(null)}>
                {t("collections.statement.cancel")}
              </button>
            </div>
          ) : null}
          {preview ? (
            <div className="row">
              <button type="button" className="primary" onClick={confirm} disabled={busy !== null}>
                {t("collections.statement.confirm", { count: toPost })}
              </button>
              <button type="button" onClick={reset} disabled={busy !== null}>
                {t("collections.statement.discard")}
              </button>
            </div>
          ) : null}
          {busy === "confirm" && progress ? (
            <div className="stack">
              <progress max={progress.total} value={progress.done} aria-label={t("collections.statement.posting")} />
              <span className="muted small">
                {t("collections.statement.progress", { done: formatCount(progress.done), total: formatCount(progress.total) })}
              </span>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
