import { useRef, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { t } from "../i18n";
import { ApiError, problemOf } from "../api/query";
import { toProblem } from "../api/problem";
import { ProblemBanner } from "./ui";
import { formatCount } from "./format";

/**
 * What a download asks the API for: a typed `api.GET(..., { parseAs: "stream", signal })`, so
 * the body is read as it arrives (progress) and the request can be cancelled.
 */
export type CsvRequest = (signal: AbortSignal) => Promise<{ data?: ReadableStream<Uint8Array> | null; error?: unknown; response: Response }>;

/** What has arrived so far: bytes, and the CSV's rows (lines after the header). */
interface Received {
  bytes: number;
  rows: number;
}

function filenameOf(response: Response, fallback: string): string {
  const m = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "");
  return m ? m[1] : fallback;
}

function formatBytes(n: number): string {
  if (n < 1024) return t("components.download.bytes", { n: formatCount(n) });
  if (n < 1024 * 1024) return t("components.download.kilobytes", { n: (n / 1024).toFixed(1) });
  return t("components.download.megabytes", { n: (n / (1024 * 1024)).toFixed(1) });
}

const NEWLINE = 10;

/** Reads the body to the end, telling `onChunk` the running totals; the parts make the file. */
async function readAll(body: ReadableStream<Uint8Array>, onChunk: (r: Received) => void, signal: AbortSignal): Promise<{ blob: Blob; received: Received }> {
  const reader = body.getReader();
  // cancelling ends the reading at once, whatever the stream does with the abort
  signal.addEventListener("abort", () => void reader.cancel().catch(() => undefined), { once: true });
  const parts: BlobPart[] = [];
  let received: Received = { bytes: 0, rows: 0 };
  let bytes = 0;
  let lines = 0;
  let last = NEWLINE;
  for (;;) {
    const { done, value } = await reader.read();
    if (signal.aborted) throw new DOMException(t("components.download.cancelled"), "AbortError");
    if (done) break;
    parts.push(value.slice()); // a copy owning its ArrayBuffer (what Blob takes)
    bytes += value.byteLength;
    for (let i = 0; i < value.length; i++) if (value[i] === NEWLINE) lines++;
    if (value.length) last = value[value.length - 1];
    // the header is the first line; a last line without its newline is a row too
    received = { bytes, rows: Math.max(0, lines + (last === NEWLINE ? 0 : 1) - 1) };
    onChunk(received);
  }
  return { blob: new Blob(parts, { type: "text/csv" }), received };
}

function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === "AbortError";
}

/**
 * "Download CSV": the export of the list's current filters, fetched with the operator's token
 * (a plain link would carry none) and read as it streams: the rows and bytes received so far
 * show while it downloads, "Cancel" stops it, a problem answer shows as a problem; then the
 * file is handed to the browser.
 */
export function DownloadButton({ request, fallbackName, testId }: { request: CsvRequest; fallbackName: string; testId?: string }) {
  const [received, setReceived] = useState<Received>({ bytes: 0, rows: 0 });
  /** What the button shows: the download under way, its end (rows received), or its cancelling. */
  const [phase, setPhase] = useState<"idle" | "downloading" | "done" | "cancelled">("idle");
  const abort = useRef<AbortController | null>(null);

  const download = useMutation({
    mutationFn: async () => {
      const controller = new AbortController();
      abort.current = controller;
      const { data, error, response } = await request(controller.signal);
      if (!response.ok || !data) throw new ApiError(toProblem(error, response), error, response);
      const { blob, received: total } = await readAll(data, setReceived, controller.signal);
      return { blob, total, name: filenameOf(response, fallbackName) };
    },
    onMutate: () => {
      setPhase("downloading");
      setReceived({ bytes: 0, rows: 0 });
    },
    onSuccess: ({ blob, total, name }) => {
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setReceived(total);
      setPhase("done");
    },
    onError: (e) => setPhase(isAbort(e) ? "cancelled" : "idle"),
    onSettled: () => {
      abort.current = null;
    },
  });

  const busy = phase === "downloading";
  const problem = download.error && !isAbort(download.error) ? problemOf(download.error) : null;
  const figures = { count: received.rows, rows: formatCount(received.rows), size: formatBytes(received.bytes) };
  function cancel() {
    abort.current?.abort();
    setPhase("cancelled");
  }
  return (
    <span className="download" data-testid={testId ? `${testId}-state` : undefined}>
      <button type="button" className="btn btn-secondary" onClick={() => download.mutate()} disabled={busy} data-testid={testId}>
        {busy ? t("components.download.downloading") : t("components.download.csv")}
      </button>
      {busy ? (
        <button type="button" className="btn btn-ghost" onClick={cancel} data-testid={testId ? `${testId}-cancel` : undefined}>
          {t("components.download.cancel")}
        </button>
      ) : null}
      {phase === "downloading" || phase === "done" || phase === "cancelled" ? (
        <span className="download-progress muted small" role="status" aria-live="polite">
          {phase === "downloading"
            ? t("components.download.received", figures)
            : phase === "done"
              ? t("components.download.done", figures)
              : t("components.download.cancelled")}
        </span>
      ) : null}
      {problem ? <ProblemBanner problem={problem} extra={problem.errors} onDismiss={() => download.reset()} /> : null}
    </span>
  );
}
