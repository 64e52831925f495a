import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { t } from "../i18n";
import { api } from "../api/client";
import { keys, problemOf, unwrap } from "../api/query";
import type { ClientOut } from "../api/types";
import { problemMessage } from "../api/problem";
import { useClientNames } from "../invoices/clientNames";
import { fullName } from "./format";
import { FieldErrors, StatusBadge } from "./ui";

const RESULTS = 10;
const DEBOUNCE_MS = 250;

/** What an operator types, once they stop typing for a moment. */
function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Search clients as the API finds them: whole name words, company name, CIN, ICE, phone or line number. */
function useClientSearch(term: string) {
  return useQuery({
    queryKey: [...keys.clients, "search", term],
    queryFn: () => unwrap(api.GET("/api/v1/clients", { params: { query: { q: term, limit: RESULTS } } })),
    enabled: term !== "",
    placeholderData: keepPreviousData,
  });
}

export interface ClientPickerProps {
  /** The input's id (its label points at it; errors are `${id}-error`). */
  id: string;
  label: string;
  /** The chosen client's id, "" for none. */
  value: string;
  /** A client chosen (with what the search answered), or none ("" when cleared). */
  onChange: (clientId: string, client: ClientOut | null) => void;
  errors?: string[];
  hint?: string;
  /** A filter in a list's filter bar (inline label) rather than a form field. */
  inline?: boolean;
  className?: string;
  autoFocus?: boolean;
}

/**
 * The one way to choose a client (issue 14: find, never type ids): a combobox (WAI-ARIA
 * combobox pattern with a listbox popup) searching by name, company name, CIN, ICE, phone or
 * line number. Arrow keys move through the results, Enter chooses, Escape closes the list
 * (and again restores the chosen client). An erased client cannot be chosen.
 */
export function ClientPicker({ id, label, value, onChange, errors, hint, inline, className, autoFocus }: ClientPickerProps) {
  const listId = useId();
  const [text, setText] = useState("");
  const [editing, setEditing] = useState(false);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [chosen, setChosen] = useState<ClientOut | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const term = useDebounced(editing ? text.trim() : "", DEBOUNCE_MS);
  const search = useClientSearch(term);
  const results = search.data?.items ?? [];
  const total = search.data?.total ?? 0;
  const settled = term === text.trim();

  // the chosen client's name: from the search that found it, else asked by id (a link, a reload)
  const names = useClientNames(value && chosen?.id !== value ? [value] : []);
  const chosenName = value ? (chosen?.id === value ? fullName(chosen) : (names.get(value) ?? "")) : "";

  useEffect(() => {
    if (!value) setChosen(null);
  }, [value]);
  useEffect(() => setActive(results.length ? 0 : -1), [search.data]); // eslint-disable-line react-hooks/exhaustive-deps

  const showList = open && editing && text.trim() !== "";
  const optionId = (i: number) => `${listId}-option-${i}`;

  function choose(c: ClientOut) {
    if (c.erased) return;
    setChosen(c);
    setEditing(false);
    setOpen(false);
    setText("");
    onChange(c.id, c);
  }

  function move(step: number) {
    if (!results.length) return;
    setOpen(true);
    setActive((cur) => {
      let next = cur;
      for (let i = 0; i < results.length; i++) {
        next = (next + step + results.length) % results.length;
        if (!results[next].erased) return next;
      }
      return cur;
    });
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    switch (e.key) {
      case "ArrowDown":
        e.preventDefault();
        if (!editing) {
          setEditing(true);
          setText(chosenName);
        }
        move(1);
        break;
      case "ArrowUp":
        e.preventDefault();
        move(-1);
        break;
      case "Enter":
        // Enter chooses; it never submits the form around the picker while the list is open
        if (showList) {
          e.preventDefault();
          if (active >= 0 && results[active] && settled) choose(results[active]);
        }
        break;
      case "Escape":
        if (showList) {
          e.preventDefault();
          setOpen(false);
        } else if (editing) {
          e.preventDefault();
          setEditing(false);
          setText("");
        }
        break;
    }
  }

  const invalid = !!errors?.length;
  const hintId = hint ? `${id}-hint` : undefined;
  const describedBy = [invalid ? `${id}-error` : null, !invalid ? hintId : null, `${id}-status`].filter(Boolean).join(" ");
  const status = !showList
    ? ""
    : search.isError
      ? problemMessage(problemOf(search.error)!)
      : !settled || search.isPending
        ? t("components.clientPicker.searching")
        : results.length === 0
          ? t("components.clientPicker.noMatch", { term: text.trim() })
          : total > results.length
            ? t("components.clientPicker.resultsMore", { count: results.length, total })
            : t("components.clientPicker.results", { count: results.length });

  return (
    <div
      className={`field client-picker${inline ? " field-inline field-grow" : ""}${invalid ? " field-invalid" : ""}${className ? " " + className : ""}`}
    >
      <label htmlFor={id}>{label}</label>
      <div className="client-picker-control">
        <input
          ref={inputRef}
          id={id}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={listId}
          aria-activedescendant={showList && active >= 0 && results[active] ? optionId(active) : undefined}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          placeholder={t("components.clientPicker.placeholder")}
          value={editing ? text : chosenName}
          autoComplete="off"
          spellCheck={false}
          autoFocus={autoFocus}
          onChange={(e) => {
            setEditing(true);
            setOpen(true);
            setText(e.target.value);
            if (e.target.value.trim() === "" && value) onChange("", null);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            setOpen(false);
            setEditing(false);
            setText("");
          }}
        />
        {value && !editing ? (
          <button
            type="button"
            className="client-picker-clear"
            aria-label={t("components.clientPicker.clear", { name: chosenName || value })}
            onClick={() => {
              onChange("", null);
              inputRef.current?.focus();
            }}
          >
            ×
          </button>
        ) : null}
        <ul id={listId} role="listbox" className="client-picker-list" aria-label={t("components.clientPicker.results2")} hidden={!showList || results.length === 0}>
          {results.map((c, i) => (
            <li
              key={c.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              aria-disabled={c.erased || undefined}
              className={`client-picker-option${i === active ? " client-picker-option-active" : ""}`}
              // mousedown, not click: the input keeps the focus (its blur would close the list first)
              onMouseDown={(e) => {
                e.preventDefault();
                choose(c);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span className="result-main">
                <strong>{fullName(c)}</strong>
                {c.kind === "business" && c.ice ? <span className="mono muted"> · {t("components.clientPicker.ice")} {c.ice}</span> : null}
                {c.cin ? <span className="mono muted"> · {c.cin}</span> : null}
                {c.phone ? <span className="mono muted"> · {c.phone}</span> : null}
              </span>
              <StatusBadge status={c.status} />
            </li>
          ))}
        </ul>
      </div>
      <div id={`${id}-status`} className="sr-only-polite muted small" role="status" aria-live="polite">
        {status}
      </div>
      {hint && !invalid ? (
        <div className="field-hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      <FieldErrors id={`${id}-error`} messages={errors} />
    </div>
  );
}
