import { useState } from "react";
import { t } from "../i18n";
import { networkProblem, problemMessage, toProblem } from "../api/problem";

/** What a download asks the API for: a typed `api.GET(..., { parseAs: "blob" })`. */
export type CsvRequest = () => Promise<{ data?: Blob; error?: unknown; response: Response }>;

function filenameOf(response: Response, fallback: string): string {
  const m = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "");
  return m ? m[1] : fallback;
}

/**
 * "Download CSV": the export of the list's current filters. The file is fetched with the
 * operator's token (a plain link would carry none), then handed to the browser as a file.
 */
export function DownloadButton({ request, fallbackName, testId }: { request: CsvRequest; fallbackName: string; testId?: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function download() {
    setBusy(true);
    setError(null);
    try {
      const { data, error: problem, response } = await request();
      if (!data) {
        setError(problemMessage(toProblem(problem, response)));
        return;
      }
      const url = URL.createObjectURL(data);
      const a = document.createElement("a");
      a.href = url;
      a.download = filenameOf(response, fallbackName);
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(problemMessage(networkProblem(e)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="download">
      <button type="button" className="btn btn-secondary" onClick={() => void download()} disabled={busy} data-testid={testId}>
        {busy ? t("components.download.preparing") : t("components.download.csv")}
      </button>
      {error ? (
        <span className="inline-error" role="alert">
          {t("components.download.failed")} {error}
        </span>
      ) : null}
    </span>
  );
}
