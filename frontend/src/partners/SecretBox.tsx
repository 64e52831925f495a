import { t } from "../i18n";
import { useEffect, useRef, useState, type ReactNode } from "react";

/** Writes to the clipboard; falls back to a hidden textarea on non-secure origins (plain http on a LAN address). */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the legacy path
  }
  try {
    const ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand("copy");
    document.body.removeChild(ta);
    return ok;
  } catch {
    return false;
  }
}

/**
 * A secret returned once by the API (API key, webhook signing secret): shown in a
 * highlighted box with a "Copy" button until the operator dismisses it.
 */
export function SecretBox(props: {
  id: string;
  title: string;
  label: string;
  value: string;
  children?: ReactNode;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const boxRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setCopied(null);
    boxRef.current?.focus();
  }, [props.value]);

  async function copy() {
    setCopied((await copyText(props.value)) ? "yes" : "no");
  }

  return (
    <div className="secret-box" role="region" aria-labelledby={`${props.id}-title`} tabIndex={-1} ref={boxRef} data-testid={props.id}>
      <div className="secret-box-head">
        <strong id={`${props.id}-title`}>{props.title}</strong>
        <p className="secret-box-warning">{t("partners.secretBox.copyThisKeyNowItWill")}</p>
      </div>
      <label className="field-label" htmlFor={`${props.id}-value`}>
        {props.label}
      </label>
      <div className="secret-box-row">
        <input
          id={`${props.id}-value`}
          className="secret-box-value mono"
          type="text"
          readOnly
          value={props.value}
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="btn btn-primary" onClick={copy}>
          {t("partners.secretBox.copy")}
        </button>
      </div>
      <div className="secret-box-status small" aria-live="polite">
        {copied === "yes" ? t("partners.secretBox.copiedToTheClipboard") : copied === "no" ? t("partners.secretBox.couldNotCopySelectTheText") : ""}
      </div>
      {props.children ? <div className="secret-box-extra">{props.children}</div> : null}
      <div className="secret-box-actions">
        <button type="button" className="btn btn-secondary" onClick={props.onDone}>
          {t("partners.secretBox.iHaveCopiedIt")}
        </button>
      </div>
    </div>
  );
}
