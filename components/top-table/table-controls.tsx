import "./table-controls.css";
import { type RefObject, useEffect, useId } from "react";
import { CurrencyPicker } from "./currency-picker";

interface TableControlsProps {
  limit: number;
  limits: readonly number[];
  onLimit: (limit: number) => void;
  currency: string;
  onCurrency: (code: string) => void;
  query: string;
  onQuery: (query: string) => void;
  searchRef: RefObject<HTMLInputElement | null>;
  shown: number;
  total: number;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** The limit and currency selectors and the search box; "/" anywhere on the page focuses the search. */
export function TableControls({
  limit,
  limits,
  onLimit,
  currency,
  onCurrency,
  query,
  onQuery,
  searchRef,
  shown,
  total,
}: TableControlsProps) {
  const id = useId();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [searchRef]);

  return (
    <div className="controls">
      <div className="control">
        <label htmlFor={`${id}-limit`}>Show</label>
        <select id={`${id}-limit`} value={limit} onChange={(event) => onLimit(Number(event.target.value))}>
          {limits.map((n) => (
            <option key={n} value={n}>
              Top {n}
            </option>
          ))}
        </select>
      </div>
      <CurrencyPicker id={`${id}-vs`} value={currency} onChange={onCurrency} />
      <search className="control control-search">
        <label htmlFor={`${id}-q`}>Search</label>
        <input
          ref={searchRef}
          id={`${id}-q`}
          type="search"
          value={query}
          onChange={(event) => onQuery(event.target.value)}
          placeholder="Name or symbol"
          aria-keyshortcuts="/"
          aria-describedby={`${id}-hint`}
          autoComplete="off"
          spellCheck={false}
        />
        <kbd id={`${id}-hint`} className="kbd-hint" title="Press / to search">
          <span className="sr-only">Press </span>/<span className="sr-only"> to focus the search</span>
        </kbd>
      </search>
      <p className="count" role="status">
        {shown === total ? `${total} coins` : `${shown} of ${total} coins`}
      </p>
    </div>
  );
}
